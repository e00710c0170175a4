"""The home page tells each role what it must do now; anonymous visitors are sent to sign in."""
from __future__ import annotations

import pytest
from django.test import Client

from lvzhi.accounts.models import User
from lvzhi.testing import World


def _home(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_sent_to_login(db: None, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("carol", "办公室待办", "审计管理员关注"),
        ("alice", "我的委员身份", "办公室待办"),
        ("uma", "承办工作", "委员名册"),
        ("leo", "所辖政协组织", "账号管理"),
        ("sysadmin", "系统管理员待办", "委员名册"),
        ("secadmin", "安全管理员待办", "委员名册"),
        ("auditor", "审计管理员关注", "委员名册"),
    ],
)
def test_home_per_role(world: World, client: Client, persona: str, expected: str, absent: str) -> None:
    page = _home(client, world.users[persona])
    assert expected in page
    assert absent not in page


def test_leader_sees_districts_and_outsider_does_not_see_city(world: World, client: Client) -> None:
    page = _home(client, world.leo)
    assert "长春市宽城区政协" in page and "长春市九台区政协" in page
    olga_page = _home(Client(), world.olga)
    assert "长春市宽城区政协" in olga_page and "长春市政协</a>" not in olga_page


def test_healthz(db: None, client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_are_chinese_and_load_assets_locally(world: World, client: Client) -> None:
    page = _home(client, world.carol)
    assert '<html lang="zh-Hans">' in page
    assert "/static/django_htmx/htmx-2.min.js" in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]
