"""GET /api/members/: the roster rows a reader may see, private fields masked unless allowed."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def _rows(client: Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/members/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in rows}


def _district_member(world: World) -> None:
    person = person_create(actor=None, check_actor=False, name="杜江", phone="13600001111")
    membership_create(actor=None, person=person, committee=world.district, check_actor=False)


def test_office_staff_sees_private_fields(world: World) -> None:
    alice = _by_name(_rows(api_client("carol"), committee=world.city.pk))["艾丽"]
    assert alice["phone"] == "13812345678" and alice["id_number"] == "220102198001011234"
    assert alice["private_visible"] is True
    assert alice["committee"] == {"id": world.city.pk, "name": "长春市"}
    assert alice["sector"]["name"] == "经济界" and alice["party"]["name"] == "民盟"
    assert alice["role"] == "member" and alice["role_display"] == "委员" and alice["term"]["name"] == "第十五届"


def test_special_committee_staff_sees_them_masked(world: World) -> None:
    alice = _by_name(_rows(api_client("sam")))["艾丽"]
    assert alice["phone"] == "138****5678"
    assert alice["id_number"] == "2201**********1234"
    assert alice["birth_date"] is None and alice["private_visible"] is False


def test_a_member_sees_own_private_fields_and_others_masked(world: World) -> None:
    rows = _by_name(_rows(api_client("alice")))
    assert rows["艾丽"]["phone"] == "13812345678" and rows["艾丽"]["private_visible"] is True
    assert rows["薄波"]["phone"] == "139****4321" and rows["薄波"]["private_visible"] is False
    detail = api_client("alice").get(f"/api/members/{world.memberships['alice'].pk}/").json()
    assert detail["id_number"] == "220102198001011234"


def test_outsider_sees_nothing_of_the_city(world: World) -> None:
    _district_member(world)
    olga = api_client("olga")
    assert _rows(olga, committee=world.city.pk) == []
    rows = _rows(olga)
    assert [r["name"] for r in rows] == ["杜江"]
    assert "13812345678" not in olga.get("/api/members/").content.decode()
    before = AuditEvent.objects.filter(action="access.denied", actor_name="olga").count()
    response = olga.get(f"/api/members/{world.memberships['alice'].pk}/")
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有权限执行此操作。"
    assert "13812345678" not in response.content.decode()
    assert AuditEvent.objects.filter(action="access.denied", actor_name="olga").count() == before + 1


def test_leader_reads_the_subtree(world: World) -> None:
    _district_member(world)
    names = {r["name"] for r in _rows(api_client("leo"))}
    assert names == {"艾丽", "薄波", "杜江"}
    assert {r["name"] for r in _rows(api_client("carol"))} == {"艾丽", "薄波"}


@pytest.mark.parametrize("username", ["auditor", "sysadmin", "secadmin", "uma"])
def test_those_without_member_view_are_refused_and_recorded(world: World, username: str) -> None:
    before = AuditEvent.objects.filter(action="access.denied", actor_name=username).count()
    response = api_client(username).get("/api/members/")
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    event = AuditEvent.objects.filter(action="access.denied", actor_name=username).latest("id")
    assert event.detail == "member.view" and event.outcome == "denied"
    assert AuditEvent.objects.filter(action="access.denied", actor_name=username).count() == before + 1


def test_anonymous_is_refused(world: World) -> None:
    assert Client().get("/api/members/").status_code == 403


def test_filters_as_on_the_roster_screen(world: World) -> None:
    carol = api_client("carol")
    assert [r["name"] for r in _rows(carol, sector=world.sectors["教育界"].pk)] == ["薄波"]
    assert [r["name"] for r in _rows(carol, q="ai")] == ["艾丽"]
    assert [r["name"] for r in _rows(carol, q="薄")] == ["薄波"]
    assert [r["name"] for r in _rows(carol, party=world.parties["中共"].pk)] == []
    assert len(_rows(carol, status="all")) == 2 and _rows(carol, status="left") == []
    assert [r["name"] for r in _rows(carol, ordering="pinyin")] == ["艾丽", "薄波"]


def test_bad_filter_is_a_chinese_400(world: World) -> None:
    response = api_client("carol").get("/api/members/", {"committee": "abc", "ordering": "age"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "提交的数据有误。" and {"committee", "ordering"} <= set(body["errors"])


def test_unknown_member_is_404(world: World) -> None:
    carol = api_client("carol")
    assert carol.get("/api/members/999999/").status_code == 404
    assert carol.get("/api/members/abc/").status_code == 404


def test_query_count_does_not_grow_with_rows(world: World, django_assert_max_num_queries: Any) -> None:
    for i, name in enumerate(["王一", "王二", "王三", "王四", "王五"]):
        person = person_create(actor=None, check_actor=False, name=name, phone=f"1350000000{i}")
        membership_create(actor=None, person=person, committee=world.city, check_actor=False,
                          special_committees=[world.special["经济委员会"]], sector=world.sectors["中共"])
    carol = api_client("carol")
    # 10 for the page, 2-3 for the one audited read of the numbers in clear (the chain's head, the row, and on
    # PostgreSQL the advisory lock that keeps the chain in order).
    with django_assert_max_num_queries(13):
        assert len(_rows(carol)) == 7
