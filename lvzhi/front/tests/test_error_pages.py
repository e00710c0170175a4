"""With DEBUG off (as the demo and production run) errors show the product's Chinese pages, never Django's
technical pages; and `make demo` serves that way, static files included."""
from __future__ import annotations

import os
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

from lvzhi.testing import World

ROOT = Path(settings.BASE_DIR)


def _boom(request: Any) -> Any:
    raise RuntimeError("测试用的错误")


urlpatterns = [path("boom/", _boom)]
handler500 = "lvzhi.front.views.server_error"
handler400 = "lvzhi.front.views.bad_request"


def test_a_wrong_id_gives_the_chinese_not_found_page(world: World, client: Client) -> None:
    assert settings.DEBUG is False
    client.force_login(world.alice)
    for url in ("/proposals/987654/", "/meetings/987654/", "/no-such-page/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        assert "页面不存在" in page and "返回首页" in page
        assert "URLconf" not in page and "Page not found" not in page


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_gives_a_chinese_page_without_the_database(db: Any) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in page and "测试用的错误" not in page and "Traceback" not in page
    assert "/static/lvzhi/app.css" in page


def test_a_bad_host_and_a_stale_form_are_told_in_chinese(world: World) -> None:
    page = Client().get("/accounts/login/", HTTP_HOST="evil.example").content.decode()
    assert "请求有误" in page and "Bad Request" not in page
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "alice", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in page and "CSRF" not in page


# --- make demo ----------------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=90) as response:  # noqa: S310 (our own server on 127.0.0.1)
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def test_make_demo_serves_like_production(transactional_db: Any) -> None:
    port = _free_port()
    # Under `make test` this runs inside make: without its MAKEFLAGS/MAKELEVEL the dry run prints commands only.
    clean_env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    dry = subprocess.run(["make", "--no-print-directory", "-n", "demo", "HOST=127.0.0.1", f"PORT={port}"], cwd=ROOT,
                         capture_output=True, text=True, check=True, env=clean_env).stdout.strip().splitlines()
    serve = dry[-1]
    assert "DEBUG=1" not in serve and "runserver" not in serve
    env = {**os.environ, "DATABASE_URL": _database_url(), "SECRET_KEY": "demo-test-key-" + "x" * 40,
           "DEBUG": "1", "CONN_MAX_AGE": "0"}  # the command itself must turn DEBUG off
    server = subprocess.Popen(["sh", "-c", serve], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, f"the demo server stopped: {shlex.quote(serve)}"
                assert time.monotonic() < deadline, "the demo server did not start"
                time.sleep(0.5)
        status, _, page = _get(f"{base}/no-such-page/")
        assert status == 404 and "页面不存在" in page and "URLconf" not in page
        status, kind, css = _get(f"{base}/static/lvzhi/app.css")
        assert status == 200 and kind.startswith("text/css") and ".required" in css
        status, _, _ = _get(f"{base}/static/django_htmx/htmx-2.min.js")
        assert status == 200
        status, _, page = _get(f"{base}/accounts/login/")
        assert status == 200 and 'name="username"' in page
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
