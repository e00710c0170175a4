# lvzhi: `make demo` serves a demo committee tree as production does (gunicorn, DEBUG off, WhiteNoise); `make test` runs the whole suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres bench browser-deps lint run clean venv

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

# Debian's Chromium and a CJK font, for the browser tests and screenshots.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei"; then \
		echo "Installing chromium and fonts-wqy-zenhei ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	fi

# The settings refuse to start without a SECRET_KEY unless DEBUG: the demo makes its own once, in .secret_key.
.secret_key:
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: export SECRET_KEY_FILE ?= $(CURDIR)/.secret_key
demo: $(STAMP) .secret_key
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo_data
	@echo "Serving lvzhi at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=0 $(VENV)/bin/gunicorn lvzhi.wsgi --bind $(HOST):$(PORT) --workers 1 --threads 4 --access-logfile -

test: $(STAMP) browser-deps
	bash scripts/run_tests.sh

test-sqlite: $(STAMP) browser-deps
	DATABASE_URL= $(PY) -m pytest

test-postgres: $(STAMP) browser-deps
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench.run

# ruff; mypy with the Django and DRF plugins (they import the settings, which want a key outside DEBUG); the import layers.
lint: $(STAMP)
	$(VENV)/bin/ruff check lvzhi
	SECRET_KEY=type-checking-only $(VENV)/bin/mypy lvzhi
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) staticfiles lvzhi.sqlite3
