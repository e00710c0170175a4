"""GET /api/proposals/: who sees which proposals, what the detail shows to whom, filters, similar, figures."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.api.tests.test_proposals_journey import (
    ANALYSIS,
    SITUATION,
    SUGGESTIONS,
    ok,
    post,
    to_assigned,
    to_filed,
    to_review,
)
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import person_create
from lvzhi.proposals.models import Proposal, ProposalKind, State
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.services.handling import proposal_assign
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World


def _ids(client: Client, **params: Any) -> set[int]:
    return {row["id"] for row in ok(client.get("/api/proposals/", params))["results"]}


def _denials(username: str) -> int:
    return AuditEvent.objects.filter(action="access.denied", actor_name=username, outcome="denied").count()


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    """Proposals of the city (alice's, bob's joint one with alice) and one of a district."""
    alice, bob = world.people["alice"], world.people["bob"]
    du = person_create(actor=None, check_actor=False, name="杜江", phone="13600001111")
    return {
        "alice": make_proposal(world, title="关于发展冰雪旅游的建议", proposers=[alice]),
        "bob": make_proposal(world, title="关于改善老旧小区供热的建议", proposers=[bob], state=State.IN_REVIEW),
        "joint": make_proposal(world, title="关于建设智慧社区的建议", proposers=[bob, alice], kind=ProposalKind.JOINT),
        "district": make_proposal(world, title="关于整治宽城区河道的建议", proposers=[du], committee=world.district),
    }


def test_each_reader_sees_their_proposals(world: World, records: dict[str, Any]) -> None:
    pk = {k: p.pk for k, p in records.items()}
    assert _ids(api_client("alice")) == {pk["alice"], pk["joint"]}
    assert _ids(api_client("bob")) == {pk["bob"], pk["joint"]}
    assert _ids(api_client("pete")) == {pk["alice"], pk["bob"], pk["joint"]}
    assert _ids(api_client("leo")) == set(pk.values())
    assert _ids(api_client("olga")) == {pk["district"]}
    assert _ids(api_client("uma")) == set()


def test_a_unit_sees_only_what_was_assigned_to_it(world: World, records: dict[str, Any]) -> None:
    proposal_assign(actor=world.pete, proposal=records["alice"], mode="sole", units=[world.unit])
    uma = api_client("uma")
    assert _ids(uma) == {records["alice"].pk}
    assert ok(uma.get(f"/api/proposals/{records['alice'].pk}/"))["title"] == "关于发展冰雪旅游的建议"
    before = _denials("uma")
    response = uma.get(f"/api/proposals/{records['joint'].pk}/")
    assert response.status_code == 403 and response.json()["detail"] == "您没有权限执行此操作。"
    assert "智慧社区" not in response.content.decode()
    assert _denials("uma") == before + 1
    assert [a["proposal_id"] for a in ok(uma.get("/api/assignments/"))["results"]] == [records["alice"].pk]


def test_an_outsider_cannot_read_a_city_proposal(world: World, records: dict[str, Any]) -> None:
    olga = api_client("olga")
    before = _denials("olga")
    response = olga.get(f"/api/proposals/{records['alice'].pk}/")
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    assert "冰雪" not in response.content.decode()
    assert _denials("olga") == before + 1
    assert records["alice"].pk not in _ids(olga, committee=world.city.pk)
    assert olga.get("/api/proposals/999999/").status_code == 404


@pytest.mark.parametrize("username", ["auditor", "sysadmin", "secadmin", "rita"])
def test_those_without_any_proposal_capability_are_refused_and_recorded(world: World, username: str) -> None:
    before = _denials(username)
    response = api_client(username).get("/api/proposals/")
    assert response.status_code == 403 and response.json()["detail"] == "您没有权限执行此操作。"
    assert _denials(username) == before + 1


def test_proposers_are_shown_by_name_only(world: World, records: dict[str, Any]) -> None:
    for username in ("pete", "alice", "leo"):
        response = api_client(username).get(f"/api/proposals/{records['joint'].pk}/")
        body = ok(response)
        assert body["proposers"] == ["薄波", "艾丽"]
        assert {frozenset(s) for s in body["signers"]} == {
            frozenset({"name", "role", "role_display", "status", "status_display", "is_me"})}
        text = response.content.decode()
        for private in ("13812345678", "13987654321", "220102198001011234", "220102197505051235"):
            assert private not in text


def test_review_records_are_for_staff_and_the_proposer_sees_the_outcome(world: World) -> None:
    body = to_review(world)
    pete = api_client("pete")
    ok(post(pete, f"/api/proposals/{body['id']}/review/", {"decision": "pass", "remarks": "内部意见：再核实数据"}))
    ok(post(pete, f"/api/proposals/{body['id']}/review/", {"decision": "return", "remarks": "请补充具体建议"}))
    staff = ok(pete.get(f"/api/proposals/{body['id']}/"))
    assert [r["decision"] for r in staff["reviews"]] == ["pass", "return"]
    assert staff["reviews"][0]["reviewer"] == "彭涛"
    alice = ok(api_client("alice").get(f"/api/proposals/{body['id']}/"))
    assert alice["reviews"] is None
    assert alice["state"] == "returned" and alice["decision_note"] == "请补充具体建议"
    assert "再核实数据" not in str(alice["events"])
    assert "请补充具体建议" in str(alice["events"])
    assert all(e["actor"] in (None, "艾丽") for e in alice["events"])


def test_filters(world: World, records: dict[str, Any]) -> None:
    pete = api_client("pete")
    pk = {k: p.pk for k, p in records.items()}
    assert _ids(pete, state="in_review") == {pk["bob"]}
    assert _ids(pete, kind="joint") == {pk["joint"]}
    assert _ids(pete, committee=world.city.pk, year=records["alice"].year) == {pk["alice"], pk["bob"], pk["joint"]}
    assert _ids(pete, year=1990) == set()
    assert _ids(api_client("leo"), committee=world.city.pk, include_subtree="true") == set(pk.values())
    proposal_assign(actor=world.pete, proposal=records["alice"], mode="sole", units=[world.unit])
    assert _ids(pete, unit=world.unit.pk) == {pk["alice"]}
    assert _ids(pete, is_key="false") == set(pk.values()) - {pk["district"]}
    assert _ids(pete, is_key="true") == set()
    for p in records.values():
        refresh_search(p)
    assert _ids(pete, q="冰雪旅游") == {pk["alice"]}
    assert _ids(pete, q="冰雪旅遊") == {pk["alice"]}  # Traditional finds Simplified
    response = pete.get("/api/proposals/", {"state": "nonsense"})
    assert response.status_code == 400 and "state" in response.json()["errors"]


def test_similar_proposals_for_members_not_for_units(world: World) -> None:
    body, _ = to_assigned(world)
    older = make_proposal(world, title="关于加强城市社区养老服务的建议", proposers=[world.people["bob"]])
    # Last year's near-duplicate: the same text.
    Proposal.objects.filter(pk=older.pk).update(situation=SITUATION, analysis=ANALYSIS, suggestions=SUGGESTIONS,
                                                year=older.year - 1)
    older.refresh_from_db()
    refresh_search(older)
    rows = ok(api_client("alice").get(f"/api/proposals/{body['id']}/similar/"))
    assert [r["id"] for r in rows] == [older.pk]
    assert rows[0]["readable"] is False and rows[0]["outcome"] == "已立案"
    rows = ok(post(api_client("alice"), "/api/proposals/similar-text/",
                   {"committee": world.city.pk, "title": "社区养老服务"}))
    assert older.pk in {r["id"] for r in rows}
    before = _denials("uma")
    assert api_client("uma").get(f"/api/proposals/{body['id']}/similar/").status_code == 403
    assert _denials("uma") == before + 1


def test_figures_need_view_all_for_the_whole_scope(world: World) -> None:
    to_filed(world)
    counts = {c["code"]: c["value"] for c in ok(api_client("leo").get(
        "/api/proposals/figures/", {"committee": str(world.city.pk), "include_subtree": "true"}))["counts"]}
    assert counts["received"] == 1 and counts["filed"] == 1
    before = _denials("olga")
    assert api_client("olga").get("/api/proposals/figures/", {"committee": world.city.pk}).status_code == 403
    assert _denials("olga") == before + 1
    response = api_client("pete").get("/api/proposals/figures/", {"committee": str(world.city.pk), "period": "session"})
    assert response.status_code == 400 and response.json()["errors"]["session"] == ["请选择一次全体会议。"]
    body = ok(api_client("pete").get("/api/proposals/figures/", {
        "committee": str(world.city.pk), "period": "range", "start": "2020-01-01"}))
    assert body["period"].startswith("2020年1月1日")


def test_options_list_what_the_forms_need(world: World) -> None:
    body = ok(api_client("alice").get("/api/proposals/options/", {"committee": world.city.pk}))
    assert [s["name"] for s in body["review_stages"]] == ["初审", "复审", "终审"]
    assert [c["code"] for c in body["reply_classes"]] == ["A", "B", "C", "D"]
    assert body["units"] == [{"id": world.unit.pk, "name": "长春市教育局"}]
    assert body["rejection_reasons"]
    assert api_client("olga").get("/api/proposals/options/", {"committee": world.city.pk}).status_code == 403
