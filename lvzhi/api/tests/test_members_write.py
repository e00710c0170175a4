"""POST and PATCH /api/members/: through the services, Chinese 400s, refusals recorded, nothing half-done."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.members.models import Membership, Person
from lvzhi.testing import World


def _post(client: Client, data: dict[str, Any]) -> Any:
    return client.post("/api/members/", data, content_type="application/json")


def _patch(client: Client, pk: int, data: dict[str, Any]) -> Any:
    from lvzhi.members.services import member_version

    version = member_version(Membership.objects.select_related("person").get(pk=pk))
    return client.patch(f"/api/members/{pk}/", {"version": version, **data}, content_type="application/json")


def _counts() -> tuple[int, int]:
    return Person.objects.count(), Membership.objects.count()


def _denials(username: str) -> int:
    return AuditEvent.objects.filter(action="access.denied", actor_name=username, outcome="denied").count()


def test_office_staff_adds_a_member(world: World) -> None:
    response = _post(api_client("carol"), {
        "committee": world.city.pk, "name": "王建国", "gender": "male", "phone": "13500002222",
        "sector": world.sectors["教育界"].pk, "party": world.parties["民革"].pk, "role": "standing",
        "special_committees": [world.special["经济委员会"].pk],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "王建国" and body["phone"] == "13500002222" and body["role_display"] == "常委"
    assert [s["name"] for s in body["special_committees"]] == ["经济委员会"]
    membership = Membership.objects.get(pk=body["id"])
    assert membership.committee == world.city and membership.term == world.city_term
    assert AuditEvent.objects.filter(action="membership.create", actor_name="carol").exists()
    assert AuditEvent.objects.filter(action="person.create", actor_name="carol", object_repr="王建国").exists()


def test_traditional_name_is_a_chinese_400_and_nothing_is_created(world: World) -> None:
    counts = _counts()
    response = _post(api_client("carol"), {"committee": world.city.pk, "name": "張偉"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "提交的数据有误。"
    assert "繁体" in body["errors"]["name"][0] and "張" in body["errors"]["name"][0]
    assert _counts() == counts


def test_a_failing_membership_rolls_back_the_person(world: World) -> None:
    # The sector belongs to no committee the member joins: the service refuses after the person exists.
    from lvzhi.organisation import services as org

    foreign = org.config_item_create(actor=None, list_key="sectors", name="农业界", committee=world.district,
                                     check_actor=False)
    counts = _counts()
    response = _post(api_client("carol"), {"committee": world.city.pk, "name": "李明", "sector": foreign.pk})
    assert response.status_code == 400 and "不属于" in response.json()["errors"]["sector"][0]
    assert _counts() == counts
    assert not Person.objects.filter(name="李明").exists()


def test_serializer_errors_share_the_shape(world: World) -> None:
    response = _post(api_client("carol"), {"committee": world.city.pk, "name": "李明", "birth_date": "昨天"})
    assert response.status_code == 400
    assert response.json()["detail"] == "提交的数据有误。" and "birth_date" in response.json()["errors"]


@pytest.mark.parametrize("username", ["olga", "sam", "alice", "auditor"])
def test_adding_to_the_city_without_member_edit_there_is_refused_and_recorded(world: World, username: str) -> None:
    counts, before = _counts(), _denials(username)
    response = _post(api_client(username), {"committee": world.city.pk, "name": "李明"})
    assert response.status_code == 403 and response.json()["detail"] == "您没有权限执行此操作。"
    assert _counts() == counts
    assert _denials(username) == before + 1


def test_office_staff_edits_person_and_membership_fields(world: World) -> None:
    pk = world.memberships["alice"].pk
    response = _patch(api_client("carol"), pk, {"phone": "13700001111", "role": "vice_chair",
                                                "workplace": "长春市第一中学校长"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phone"] == "13700001111" and body["role"] == "vice_chair" and body["workplace"] == "长春市第一中学校长"
    event = AuditEvent.objects.filter(action="person.update", actor_name="carol").get()
    # Phone numbers are masked (with a keyed reference) in the audit row.
    assert event.before is not None and event.after is not None
    assert event.before["phone"].startswith("138****5678（#") and event.before["workplace"] == ""
    assert event.after["phone"].startswith("137****1111（#") and event.after["workplace"] == "长春市第一中学校长"
    assert AuditEvent.objects.filter(action="membership.update", actor_name="carol").exists()


def test_patch_with_a_bad_id_number_changes_nothing(world: World) -> None:
    pk = world.memberships["alice"].pk
    response = _patch(api_client("carol"), pk, {"id_number": "220102198001011235", "role": "standing"})
    assert response.status_code == 400 and "校验位" in response.json()["errors"]["id_number"][0]
    membership = Membership.objects.select_related("person").get(pk=pk)
    assert membership.person.id_number == "220102198001011234" and membership.role == "member"


def test_patch_by_an_outsider_is_refused_recorded_and_changes_nothing(world: World) -> None:
    pk = world.memberships["alice"].pk
    before = _denials("olga")
    response = _patch(api_client("olga"), pk, {"phone": "13000000000", "role": "chair"})
    assert response.status_code == 403
    assert _denials("olga") == before + 1
    membership = Membership.objects.select_related("person").get(pk=pk)
    assert membership.person.phone == "13812345678" and membership.role == "member"


def test_patch_by_a_reader_without_edit_is_refused(world: World) -> None:
    pk = world.memberships["bob"].pk
    for username in ("sam", "alice", "leo"):
        before = _denials(username)
        assert _patch(api_client(username), pk, {"phone": "13000000000"}).status_code == 403
        assert _denials(username) == before + 1
    assert Person.objects.get(pk=world.people["bob"].pk).phone == "13987654321"


def test_put_and_delete_are_not_offered(world: World) -> None:
    carol = api_client("carol")
    pk = world.memberships["alice"].pk
    assert carol.delete(f"/api/members/{pk}/").status_code == 405
    assert carol.put(f"/api/members/{pk}/", {}, content_type="application/json").status_code == 405
    assert Membership.objects.filter(pk=pk).exists()


def test_writes_need_the_csrf_token(world: World) -> None:
    client = api_client("carol", enforce_csrf_checks=True)
    counts = _counts()
    response = _post(client, {"committee": world.city.pk, "name": "李明"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert _counts() == counts
