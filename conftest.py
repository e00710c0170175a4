"""Test set-up shared by every app: fast hashing, the audit guard lifted in the throw-away database, personas."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from lvzhi.testing import World, build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Tests (and pytest-django's flush between live-server tests) may empty the audit table."""
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO audit_unlock (reason) VALUES ('test database')")
    yield
    # A live-server thread whose browser went away mid-request can leave its connection open, and
    # PostgreSQL will not drop a database that has sessions: end them before pytest-django drops it.
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def world(db: Any) -> World:
    from django.core.cache import cache

    cache.clear()
    return build_world()
