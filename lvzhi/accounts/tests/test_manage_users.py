"""The system administrator's account screens: list, search, create, edit, disable, reset password."""
from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World

NEW = "Neu#2026pass"


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_list_shows_accounts_with_roles_read_only(world: World, client: Client) -> None:
    page = _as(client, world.sysadmin).get("/manage/users/").content.decode()
    assert "蔡珂" in page and "长春市·办公室工作人员" in page and "审计管理员" in page
    assert "授予角色" not in page and "grants/new" not in page


def test_search_and_filters(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    page = c.get("/manage/users/", {"q": "蔡"}).content.decode()
    assert "carol" in page and "alice" not in page
    page = c.get("/manage/users/", {"role": "leader"}).content.decode()
    assert "leo" in page and "carol" not in page
    world.bob.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    world.bob.save(update_fields=["locked_until"])
    page = c.get("/manage/users/", {"status": "locked"}).content.decode()
    assert "bob" in page and "alice" not in page and "锁定" in page
    page = c.get("/manage/users/", {"status": "active"}).content.decode()
    assert "bob" not in page and "alice" in page


def test_htmx_filter_returns_the_results_partial(world: World, client: Client) -> None:
    response = _as(client, world.sysadmin).get("/manage/users/", {"q": "carol"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="results"' in page and "carol" in page and "<html" not in page


def test_pagination(world: World, client: Client) -> None:
    from lvzhi.accounts.services import user_create

    for i in range(35):
        user_create(actor=None, username=f"u{i:02d}", display_name=f"用户{i}", password=PASSWORD, check_actor=False)
    c = _as(client, world.sysadmin)
    page = c.get("/manage/users/").content.decode()
    assert "第 1 / 2 页" in page and "共 47 个账号" in page
    assert "第 2 / 2 页" in c.get("/manage/users/", {"page": 2}).content.decode()


def test_create_account_must_change_password_at_first_login(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    response = c.post("/manage/users/new/", {"username": "dora", "display_name": "邓拉", "phone": "13800000000",
                                              "email": "", "password": NEW, "password2": NEW}, follow=True)
    assert "已创建账号“dora”，首次登录时须修改密码" in response.content.decode()
    dora = User.objects.get(username="dora")
    assert dora.must_change_password and dora.display_name == "邓拉" and not dora.grants.exists()
    assert AuditEvent.objects.filter(action="account.create", object_id=str(dora.pk), actor_name="sysadmin").exists()
    other = Client()
    other.post("/accounts/login/", {"username": "dora", "password": NEW})
    assert other.get("/")["Location"] == "/accounts/password/"


def test_create_errors_keep_input_and_double_submit_is_clear(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    data = {"username": "dora", "display_name": "邓拉", "phone": "", "email": "", "password": NEW, "password2": NEW}
    assert c.post("/manage/users/new/", data).status_code == 302
    page = c.post("/manage/users/new/", data).content.decode()
    assert "账号“dora”已存在" in page and 'value="邓拉"' in page
    response = c.post("/manage/users/new/", {**data, "username": "eve", "password": "short", "password2": "short"})
    page = response.content.decode()
    assert "密码至少需要 8 位" in page and 'value="eve"' in page
    assert User.objects.filter(username="dora").count() == 1


def test_edit_disable_enable(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    url = f"/manage/users/{world.bob.pk}/"
    c.post(url, {"display_name": "薄波波", "phone": "13900000000", "email": "bob@example.cn"})
    world.bob.refresh_from_db()
    assert world.bob.display_name == "薄波波" and world.bob.email == "bob@example.cn"
    page = c.post(f"{url}active/", {"is_active": "0"}, follow=True).content.decode()
    assert "账号“bob”已停用" in page
    assert "账号已停用" in Client().post("/accounts/login/", {"username": "bob", "password": PASSWORD}).content.decode()
    page = c.post(f"{url}active/", {"is_active": "0"}, follow=True).content.decode()
    assert "已是停用状态" in page
    c.post(f"{url}active/", {"is_active": "1"})
    assert Client().post("/accounts/login/", {"username": "bob", "password": PASSWORD}).status_code == 302


def test_reset_password_is_only_a_request_until_the_security_administrator_approves(world: World, client: Client) -> None:
    """三员分立: the system administrator can no longer set a member's password and sign in as them."""
    c = _as(client, world.sysadmin)
    page = c.post(f"/manage/users/{world.bob.pk}/password/", {"password": NEW, "password2": NEW}).content.decode()
    assert "该字段是必填项" in page  # a reason is required; no password is taken
    response = c.post(f"/manage/users/{world.bob.pk}/password/", {"reason": "本人来电称遗忘密码"}, follow=True)
    assert "待安全管理员批准后方可签发一次性密码" in response.content.decode()
    world.bob.refresh_from_db()
    assert world.bob.check_password(PASSWORD) and not world.bob.must_change_password
    assert AuditEvent.objects.filter(action="account.password_reset_request", object_id=str(world.bob.pk)).exists()


def test_sysadmin_cannot_disable_or_reset_administrators(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    page = c.post(f"/manage/users/{world.auditor.pk}/active/", {"is_active": "0"}, follow=True).content.decode()
    assert "三员分立：不能停用管理员账号" in page
    page = c.post(f"/manage/users/{world.secadmin.pk}/password/", {"reason": "遗忘"}).content.decode()
    assert "三员分立：不能重置管理员账号的密码" in page
    page = c.post(f"/manage/users/{world.sysadmin.pk}/active/", {"is_active": "0"}, follow=True).content.decode()
    assert "不能停用自己的账号" in page
    world.auditor.refresh_from_db()
    assert world.auditor.is_active and world.auditor.check_password(PASSWORD)
