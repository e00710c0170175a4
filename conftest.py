"""Test set-up shared by every app: fast hashing, the audit guard lifted in the throw-away database, personas."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from lvzhi.testing import World, build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Tests (and pytest-django's flush between live-server tests) may empty the audit table."""
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO audit_unlock (reason) VALUES ('test database')")


@pytest.fixture
def world(db: Any) -> World:
    from django.core.cache import cache

    cache.clear()
    return build_world()
