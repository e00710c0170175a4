"""Loaded by pytest (`-p lvzhi.test_env`) before pytest-django reads the settings: a throw-away SECRET_KEY.

The settings refuse to start without a key unless DEBUG; a test run is neither production nor DEBUG.
"""
from __future__ import annotations

import os
import secrets

os.environ.setdefault("SECRET_KEY", "lvzhi-test-" + secrets.token_urlsafe(32))
