"""The cache is shared between server workers when CACHE_DIR names a folder."""
from __future__ import annotations

import os
import subprocess
import sys


def _caches(env_value: str) -> str:
    env = {**os.environ, "CACHE_DIR": env_value, "DJANGO_SETTINGS_MODULE": "lvzhi.settings"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default'])"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_each_process_keeps_its_own_cache_by_default():
    assert "LocMemCache" in _caches("")


def test_a_cache_dir_is_shared_through_files(tmp_path):
    out = _caches(str(tmp_path))
    assert "FileBasedCache" in out and str(tmp_path) in out
