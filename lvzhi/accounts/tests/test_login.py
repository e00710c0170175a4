"""Signing in: success, failures counted, lockout after the policy's number, audit of each attempt."""
from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from lvzhi.accounts.models import SecurityPolicy
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World


def _login(client: Client, username: str, password: str) -> str:
    return client.post("/accounts/login/", {"username": username, "password": password}).content.decode()


def test_login_success_is_audited(world: World, client: Client) -> None:
    response = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="login.success").get()
    assert event.actor_name == "carol" and event.ip == "127.0.0.1"


def test_wrong_password_shows_chinese_message_and_is_audited(world: World, client: Client) -> None:
    page = _login(client, "carol", "wrong")
    assert "账号或密码错误" in page
    assert AuditEvent.objects.filter(action="login.failure", actor_name="carol", outcome="failure").count() == 1


def test_lockout_after_five_failures_then_unlocks_after_fifteen_minutes(world: World, client: Client) -> None:
    for _ in range(4):
        _login(client, "carol", "wrong")
    page = _login(client, "carol", "wrong")
    assert "账号已锁定 15 分钟" in page
    # Even the right password is refused while locked.
    page = _login(client, "carol", PASSWORD)
    assert "账号已被锁定" in page
    world.carol.refresh_from_db()
    world.carol.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    world.carol.save(update_fields=["locked_until"])
    response = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302


def test_lockout_threshold_follows_policy(world: World, client: Client) -> None:
    SecurityPolicy.objects.update(max_failures=3, lockout_minutes=30)
    from lvzhi.accounts.policy import forget_policy

    forget_policy()
    _login(client, "bob", "x")
    _login(client, "bob", "x")
    assert "账号已锁定 30 分钟" in _login(client, "bob", "x")


def test_unknown_account_gives_the_same_message(world: World, client: Client) -> None:
    assert "账号或密码错误" in _login(client, "nobody", "x")
    assert AuditEvent.objects.filter(action="login.failure", actor_name="nobody").exists()


def test_idle_timeout_logs_out(world: World, client: Client) -> None:
    client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert client.get("/").status_code == 200
    session = client.session
    session["lvzhi_last_seen"] = session["lvzhi_last_seen"] - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEvent.objects.filter(action="logout.timeout", actor_name="carol").exists()
    assert client.get("/").status_code == 302


def test_activity_within_timeout_keeps_session(world: World, client: Client) -> None:
    client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    session = client.session
    session["lvzhi_last_seen"] = session["lvzhi_last_seen"] - 29 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_after_an_idle_timeout_login_returns_to_the_whole_address(world: World, client: Client) -> None:
    """A phone that scanned a sign-in code after its session lapsed comes back to the page with the code in it."""
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    session = client.session
    session["lvzhi_last_seen"] = session["lvzhi_last_seen"] - 31 * 60
    session.save()
    response = client.get("/meetings/sign-in/?code=123456&x=1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fmeetings%2Fsign-in%2F%3Fcode%3D123456%26x%3D1"
    response = client.post(response["Location"], {"username": "alice", "password": PASSWORD})
    assert response["Location"] == "/meetings/sign-in/?code=123456&x=1"


def test_one_client_failing_on_many_accounts_is_refused_and_audited(world: World, client: Client, settings) -> None:
    """Per-account lockout cannot stop one address trying a password on every account; the per-client limit does."""
    settings.LOGIN_CLIENT_MAX_FAILURES = 3
    for name in ("alice", "bob", "pete"):
        assert "账号或密码错误" in _login(client, name, "Password1")
    page = _login(client, "carol", PASSWORD)
    assert "该网络地址登录失败次数过多，请 10 分钟后再试" in page
    assert not client.session.get("_auth_user_id")
    event = AuditEvent.objects.get(action="login.throttled")
    assert event.outcome == "denied" and event.ip == "127.0.0.1" and event.actor_name == "carol"
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/accounts/login/", {"username": "carol", "password": PASSWORD}).status_code == 302
    # Nor are the accounts tried locked: the failures were counted against the address.
    world.bob.refresh_from_db()
    assert world.bob.locked_until is None


def test_the_client_limit_ends_after_its_window(world: World, client: Client, settings) -> None:
    from django.core.cache import cache

    settings.LOGIN_CLIENT_MAX_FAILURES = 2
    _login(client, "alice", "x")
    _login(client, "alice", "x")
    assert "登录失败次数过多" in _login(client, "alice", PASSWORD)
    cache.delete("lvzhi:login-client:127.0.0.1")  # what the window's end does
    assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
