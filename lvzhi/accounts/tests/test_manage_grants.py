"""The security administrator's grant screen: list and filter, grant, revoke, unlock."""
from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.accounts.permissions import Cap, can
from lvzhi.accounts.services import user_create
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World


def _secadmin(client: Client, world: World) -> Client:
    client.force_login(world.secadmin)
    return client


def _dora() -> User:
    return user_create(actor=None, username="dora", display_name="邓拉", password=PASSWORD, check_actor=False)


def test_list_filters_by_committee_and_role(world: World, client: Client) -> None:
    c = _secadmin(client, world)
    page = c.get("/manage/grants/", {"committee": world.district.pk}).content.decode()
    assert "olga" in page and "carol" not in page
    page = c.get("/manage/grants/", {"role": Role.UNIT_STAFF}).content.decode()
    assert "uma" in page and "长春市教育局" in page and "leo" not in page


def test_grant_a_role_with_subtree(world: World, client: Client) -> None:
    dora = _dora()
    c = _secadmin(client, world)
    assert "邓拉" in c.get("/manage/grants/new/", {"user": "dora"}).content.decode()
    response = c.post("/manage/grants/new/", {"username": "dora", "role": Role.OFFICE_STAFF,
                                               "committee": world.city.pk, "include_subtree": "on"}, follow=True)
    page = response.content.decode()
    assert "已为“dora”授予长春市·办公室工作人员" in page and "（含下级）" in page
    assert can(dora, Cap.MEMBER_VIEW, world.district) and not can(dora, Cap.MEMBER_EDIT, world.district)
    assert AuditEvent.objects.filter(action="role.grant", actor_name="secadmin").exists()
    page = c.post("/manage/grants/new/", {"username": "dora", "role": Role.OFFICE_STAFF,
                                          "committee": world.city.pk}).content.decode()
    assert "该账号已有此角色" in page


def test_grant_errors_in_chinese_and_input_kept(world: World, client: Client) -> None:
    _dora()
    c = _secadmin(client, world)
    page = c.post("/manage/grants/new/", {"username": "dora", "role": Role.UNIT_STAFF,
                                          "committee": world.city.pk}).content.decode()
    assert "承办单位工作人员须指定承办单位" in page and 'value="dora"' in page
    page = c.post("/manage/grants/new/", {"username": "dora", "role": Role.SPECIAL_COMMITTEE_STAFF,
                                          "committee": world.city.pk}).content.decode()
    assert "专委会工作人员须指定专门委员会" in page
    page = c.post("/manage/grants/new/", {"username": "dora", "role": Role.SPECIAL_COMMITTEE_STAFF,
                                          "committee": world.district.pk,
                                          "special_committee": world.special["经济委员会"].pk}).content.decode()
    assert "专门委员会不属于该政协组织" in page
    page = c.post("/manage/grants/new/", {"username": "dora", "role": Role.MEMBER}).content.decode()
    assert "业务角色须指定所属政协组织" in page
    page = c.post("/manage/grants/new/", {"username": "nobody", "role": Role.MEMBER,
                                          "committee": world.city.pk}).content.decode()
    assert "账号“nobody”不存在" in page
    assert not RoleGrant.objects.filter(user__username="dora").exists()


def test_unit_staff_grant(world: World, client: Client) -> None:
    dora = _dora()
    _secadmin(client, world).post("/manage/grants/new/", {
        "username": "dora", "role": Role.UNIT_STAFF, "committee": world.city.pk, "handling_unit": world.unit.pk,
    })
    assert RoleGrant.objects.get(user=dora).handling_unit == world.unit


def test_revoke_and_double_revoke(world: World, client: Client) -> None:
    c = _secadmin(client, world)
    grant = RoleGrant.objects.get(user=world.leo)
    page = c.post(f"/manage/grants/{grant.pk}/revoke/", follow=True).content.decode()
    assert "已撤销“leo”的长春市·领导" in page
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoke", actor_name="secadmin").exists()
    page = c.post(f"/manage/grants/{grant.pk}/revoke/", follow=True).content.decode()
    assert "该授权已撤销" in page


def test_locked_accounts_listed_and_unlocked(world: World, client: Client) -> None:
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "bob", "password": "wrong"})
    c = _secadmin(client, world)
    page = c.get("/manage/grants/").content.decode()
    assert "当前被锁定的账号" in page and f"/manage/users/{world.bob.pk}/unlock/" in page
    page = c.post(f"/manage/users/{world.bob.pk}/unlock/", follow=True).content.decode()
    assert "已解锁账号“bob”" in page
    assert AuditEvent.objects.filter(action="account.unlock", actor_name="secadmin").exists()
    assert Client().post("/accounts/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    page = c.post(f"/manage/users/{world.bob.pk}/unlock/", follow=True).content.decode()
    assert "未被锁定" in page


def test_only_the_security_admin_unlocks(world: World, client: Client) -> None:
    world.bob.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    world.bob.save(update_fields=["locked_until"])
    client.force_login(world.sysadmin)
    assert client.post(f"/manage/users/{world.bob.pk}/unlock/").status_code == 403
    world.bob.refresh_from_db()
    assert world.bob.locked_until is not None
