"""POST /api/accounts/members/ and /api/accounts/staff/: the system administrator issues accounts for integrators."""
from __future__ import annotations

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def test_member_accounts_for_everyone_without_one(world: World) -> None:
    person = person_create(actor=None, check_actor=False, name="张三丰")
    membership_create(actor=None, person=person, committee=world.city, check_actor=False)
    response = api_client("sysadmin").post("/api/accounts/members/", {"committee": world.city.pk},
                                           content_type="application/json")
    assert response.status_code == 201 and "no-store" in response["Cache-Control"]
    body = response.json()
    assert [(r["name"], r["username"], r["where"]) for r in body["created"]] == [("张三丰", "zhangsanfeng", "长春市")]
    password = body["created"][0]["one_time_password"]
    user = User.objects.get(username="zhangsanfeng")
    assert user.check_password(password) and user.must_change_password and user.person == person
    # Again: nothing left; naming people who already have accounts skips them and says so.
    again = api_client("sysadmin").post("/api/accounts/members/",
                                        {"committee": world.city.pk, "person_ids": [person.pk, world.people["bob"].pk]},
                                        content_type="application/json")
    assert again.status_code == 200
    assert {r["name"]: r["note"] for r in again.json()["skipped"]} == {
        "张三丰": "已有账号，未重复开通", "薄波": "已有账号，未重复开通"}


def test_person_ids_outside_the_committee_are_refused(world: World) -> None:
    stranger = person_create(actor=None, check_actor=False, name="路人")
    response = api_client("sysadmin").post("/api/accounts/members/",
                                           {"committee": world.city.pk, "person_ids": [stranger.pk]},
                                           content_type="application/json")
    assert response.status_code == 400 and "不是长春市本届在任委员" in str(response.json()["errors"])


def test_staff_accounts_for_a_handling_unit(world: World) -> None:
    response = api_client("sysadmin").post("/api/accounts/staff/", {
        "committee": world.city.pk, "role": "unit_staff", "handling_unit": world.unit.pk, "names": ["周敏", "吴刚"],
    }, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert [r["username"] for r in body["created"]] == ["zhoumin", "wugang"]
    assert body["created"][0]["where"] == "长春市·长春市教育局"
    user = User.objects.get(username="zhoumin")
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.committee, grant.handling_unit) == (Role.UNIT_STAFF, world.city, world.unit)
    missing = api_client("sysadmin").post("/api/accounts/staff/", {
        "committee": world.city.pk, "role": "unit_staff", "names": ["周敏"]}, content_type="application/json")
    assert missing.status_code == 400 and "承办单位工作人员须选择承办单位" in str(missing.json()["errors"])


def test_only_the_system_administrator(world: World) -> None:
    for username in ("carol", "secadmin", "alice", "leo"):
        c = api_client(username)
        for url in ("/api/accounts/members/", "/api/accounts/staff/"):
            assert c.post(url, {"committee": world.city.pk}, content_type="application/json").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor_name="carol", detail="account.manage").exists()
