"""Test set-up shared by every app: fast hashing, a flushable audit guard in the throw-away database, personas."""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from lvzhi.testing import World, build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_sign_in_failures_from_other_tests() -> Iterator[None]:
    """Every test signs in from 127.0.0.1: failures counted per client address must not carry over."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's flush between live-server tests must empty the audit tables: in this throw-away database
    only, the guard's DELETE and TRUNCATE triggers are left out (by DDL; production has no switch for it).
    UPDATE stays refused."""
    from lvzhi.audit import guard

    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            guard.install(cursor, connection.vendor, allow_flush=True)
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
def world(db: Any, request: Any) -> Iterator[World]:
    from django.core.cache import cache

    cache.clear()
    yield build_world()
    if not request.node.get_closest_marker("audit_tampered"):
        # Whatever the test did through the services, the audit chain still verifies.
        from lvzhi.audit import chain

        result = chain.verify()
        assert result.ok, f"审计链断开：{result.first_break.describe() if result.first_break else ''}"


CHROMIUM = "/usr/bin/chromium"
# As the machine's notes advise: no background traffic from Chromium on a closed network.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def chromium(live_server: Any, settings: Any, tmp_path: Any) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, against the live server; uploads go to a temporary folder."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (make browser-deps).")
    settings.MEDIA_ROOT = tmp_path / "media"
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Any:
    """A desktop-sized page in Simplified Chinese."""
    return chromium.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN", accept_downloads=True)
