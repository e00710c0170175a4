"""三员分立: each administrator does only its own work, none touches business data, refusals are audited."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.accounts.permissions import Cap, can
from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Sector
from lvzhi.members.services import membership_update
from lvzhi.testing import PASSWORD, World

NEW = "Neu#2026pass"
MANAGE_PAGES = ["/manage/users/", "/manage/users/new/", "/manage/grants/", "/manage/grants/new/", "/manage/policy/"]


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_auditor_cannot_manage_accounts_or_edit_members(world: World, client: Client) -> None:
    c = _as(client, world.auditor)
    assert c.get("/manage/users/").status_code == 403
    response = c.post(f"/manage/users/{world.bob.pk}/", {"display_name": "改名", "phone": "", "email": ""})
    assert response.status_code == 403 and "您没有权限" in response.content.decode()
    assert c.post(f"/manage/users/{world.bob.pk}/active/", {"is_active": "0"}).status_code == 403
    assert c.post(f"/manage/users/{world.bob.pk}/password/", {"password": NEW, "password2": NEW}).status_code == 403
    world.bob.refresh_from_db()
    assert world.bob.display_name == "薄波" and world.bob.is_active and world.bob.check_password(PASSWORD)
    assert not can(world.auditor, Cap.MEMBER_EDIT, world.city)
    with pytest.raises(PermissionDenied):
        membership_update(actor=world.auditor, membership=world.memberships["alice"], manual_order=3)
    assert c.get(f"/committees/{world.city.pk}/").status_code == 403


def test_sysadmin_cannot_audit_grant_or_set_policy(world: World, client: Client) -> None:
    assert can(world.sysadmin, Cap.AUDIT_VIEW, None) is False
    c = _as(client, world.sysadmin)
    assert c.get("/manage/grants/").status_code == 403
    assert c.post("/manage/grants/new/", {"username": "bob", "role": Role.LEADER,
                                          "committee": world.city.pk}).status_code == 403
    assert c.post("/manage/policy/", {"max_failures": 10}).status_code == 403
    assert not RoleGrant.objects.filter(user=world.bob, role=Role.LEADER).exists()


def test_sysadmin_sees_no_members(world: World, client: Client) -> None:
    c = _as(client, world.sysadmin)
    page = c.get("/committees/tree/").content.decode()
    assert "长春市政协" in page and "在任委员" not in page and "艾丽" not in page
    assert c.get(f"/committees/{world.city.pk}/").status_code == 403
    assert not can(world.sysadmin, Cap.MEMBER_VIEW, world.city)


def test_security_admin_cannot_create_accounts_or_edit_config(world: World, client: Client) -> None:
    c = _as(client, world.secadmin)
    assert c.get("/manage/users/new/").status_code == 403
    response = c.post("/manage/users/new/", {"username": "dora", "display_name": "邓拉", "password": NEW,
                                              "password2": NEW})
    assert response.status_code == 403 and not User.objects.filter(username="dora").exists()
    assert c.get("/committees/config/").status_code == 403
    assert c.post("/committees/config/sectors/", {"name": "新界别"}, QUERY_STRING=f"committee={world.city.pk}"
                  ).status_code == 403
    sector = world.sectors["经济界"]
    assert c.post(f"/committees/config/sectors/{sector.pk}/edit/", {"name": "改名"}).status_code == 403
    assert c.post(f"/committees/config/sectors/{sector.pk}/active/", {"is_active": "0"}).status_code == 403
    assert Sector.objects.get(pk=sector.pk).name == "经济界" and Sector.objects.get(pk=sector.pk).is_active


def test_no_administrator_grants_itself_or_holds_a_business_role(world: World, client: Client) -> None:
    c = _as(client, world.secadmin)
    page = c.post("/manage/grants/new/", {"username": "secadmin", "role": Role.LEADER,
                                          "committee": world.city.pk}).content.decode()
    assert "不能给自己授权" in page
    page = c.post("/manage/grants/new/", {"username": "sysadmin", "role": Role.OFFICE_STAFF,
                                          "committee": world.city.pk}).content.decode()
    assert "三员分立：该账号是管理员账号，不能再授予业务角色。" in page
    page = c.post("/manage/grants/new/", {"username": "auditor", "role": Role.SECURITY_ADMIN}).content.decode()
    assert "三员分立：管理员账号不能兼任其他角色" in page
    page = c.post("/manage/grants/new/", {"username": "carol", "role": Role.AUDIT_ADMIN}).content.decode()
    assert "三员分立：管理员账号不能兼任其他角色" in page
    own = RoleGrant.objects.get(user=world.secadmin)
    page = c.post(f"/manage/grants/{own.pk}/revoke/", follow=True).content.decode()
    assert "不能撤销自己的角色" in page
    assert {g.role for g in RoleGrant.objects.filter(user__username__in=["sysadmin", "secadmin", "auditor"])} == {
        Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    assert RoleGrant.objects.filter(user=world.carol).count() == 1


@pytest.mark.parametrize("url", MANAGE_PAGES + ["/committees/config/", "/committees/config/parties/"])
def test_office_staff_gets_403_and_each_refusal_is_audited(world: World, client: Client, url: str) -> None:
    c = _as(client, world.carol)
    before = AuditEvent.objects.filter(outcome="denied", actor_name="carol").count()
    response = c.get(url)
    assert response.status_code == 403 and "您没有权限执行此操作" in response.content.decode()
    assert AuditEvent.objects.filter(outcome="denied", actor_name="carol", action="access.denied").count() == before + 1


def test_office_staff_posts_are_refused_and_audited(world: World, client: Client) -> None:
    c = _as(client, world.carol)
    grant = RoleGrant.objects.get(user=world.leo)
    posts = [
        (f"/manage/users/{world.bob.pk}/active/", {"is_active": "0"}),
        (f"/manage/users/{world.bob.pk}/unlock/", {}),
        (f"/manage/grants/{grant.pk}/revoke/", {}),
        ("/manage/policy/", {"max_failures": 10}),
    ]
    for url, data in posts:
        assert c.post(url, data).status_code == 403
    assert AuditEvent.objects.filter(outcome="denied", actor_name="carol").count() == len(posts)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_anonymous_is_sent_to_login(db: None, client: Client) -> None:
    response = client.get("/manage/users/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
