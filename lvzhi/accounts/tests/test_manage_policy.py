"""The security administrator's policy screen: bounds in Chinese, and the login follows the new policy."""
from __future__ import annotations

from django.test import Client

from lvzhi.accounts.models import SecurityPolicy
from lvzhi.accounts.services import POLICY_FIELDS
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World

DEFAULTS = {"min_length": 8, "min_classes": 3, "expiry_days": 90, "max_failures": 5, "lockout_minutes": 15,
            "idle_timeout_minutes": 30}


def test_policy_page_shows_current_values(world: World, client: Client) -> None:
    client.force_login(world.secadmin)
    page = client.get("/manage/policy/").content.decode()
    assert "连续登录失败锁定次数" in page and 'value="5"' in page
    assert set(POLICY_FIELDS) == set(DEFAULTS)


def test_max_failures_three_locks_login_after_three_failures(world: World, client: Client) -> None:
    client.force_login(world.secadmin)
    response = client.post("/manage/policy/", {**DEFAULTS, "max_failures": 3}, follow=True)
    assert "安全策略已保存" in response.content.decode()
    assert SecurityPolicy.current().max_failures == 3
    event = AuditEvent.objects.get(action="policy.update")
    assert event.before == {"max_failures": 5} and event.after == {"max_failures": 3}
    login = Client()
    login.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    login.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    page = login.post("/accounts/login/", {"username": "bob", "password": "wrong"}).content.decode()
    assert "连续 3 次密码错误，账号已锁定 15 分钟" in page
    assert "账号已被锁定" in login.post("/accounts/login/", {"username": "bob", "password": PASSWORD}).content.decode()


def test_out_of_bounds_gives_chinese_error_and_keeps_input(world: World, client: Client) -> None:
    client.force_login(world.secadmin)
    page = client.post("/manage/policy/", {**DEFAULTS, "max_failures": 20, "min_length": 12}).content.decode()
    assert "连续登录失败锁定次数须在 3 到 10 之间" in page and 'value="12"' in page
    assert SecurityPolicy.current().min_length == 8
    page = client.post("/manage/policy/", {**DEFAULTS, "min_length": "abc"}).content.decode()
    assert "输入整数" in page
