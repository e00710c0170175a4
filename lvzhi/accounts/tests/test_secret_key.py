"""The settings refuse to start without a SECRET_KEY unless DEBUG: no silent public default in production."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CODE = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG")}
    return subprocess.run([sys.executable, "-c", CODE], env={**base, "DJANGO_SETTINGS_MODULE": "lvzhi.settings", **env},
                          capture_output=True, text=True)


def test_no_key_and_no_debug_refuses_to_start() -> None:
    result = _start()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "未设置 SECRET_KEY" in result.stderr


def test_an_empty_key_counts_as_none() -> None:
    assert _start(SECRET_KEY="").returncode != 0


def test_debug_may_run_with_the_development_key() -> None:
    result = _start(DEBUG="1")
    assert result.returncode == 0 and "debug" in result.stdout


def test_the_key_comes_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert _start(SECRET_KEY="from-env-123").stdout.strip() == "from-env-123"
    key_file = tmp_path / "key"
    key_file.write_text("from-file-456\n", encoding="utf-8")
    assert _start(SECRET_KEY_FILE=str(key_file)).stdout.strip() == "from-file-456"
    missing = _start(SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert missing.returncode != 0 and "SECRET_KEY_FILE" in missing.stderr
