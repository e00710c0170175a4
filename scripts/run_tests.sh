#!/usr/bin/env bash
# mypy, then the whole suite on SQLite, then on PostgreSQL (a mypy error fails the run, the suites still run).
# Under CI=true the PostgreSQL run is mandatory.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
WORKERS="${TEST_WORKERS:-2}"
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test databases.
export CONN_MAX_AGE=0
status=0

echo "== mypy =="
SECRET_KEY=type-checking-only $PY -m mypy lvzhi || status=1

echo "== lvzhi tests on SQLite =="
DATABASE_URL= $PY -m pytest -n "$WORKERS" -q || status=1

pg_up() {
  $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PYEOF
}

if pg_up; then
  echo "== lvzhi tests on PostgreSQL =="
  DATABASE_URL="$PG_URL" $PY -m pytest -n "$WORKERS" -q || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: CI=true and PostgreSQL at $PG_URL is not reachable: the PostgreSQL run is mandatory." >&2
  status=1
else
  echo "SKIPPED: PostgreSQL run (not reachable at $PG_URL; mandatory under CI=true)." >&2
fi
exit $status
