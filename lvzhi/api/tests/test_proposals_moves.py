"""The remaining moves through the API: declining to co-sign, withdrawal, merging, co-units, key proposals."""
from __future__ import annotations

from typing import cast

from django.utils import timezone

from lvzhi.api.tests.helpers import api_client
from lvzhi.api.tests.test_proposals_journey import draft_joint, ok, options, post, to_filed, to_review
from lvzhi.committees.models import HandlingUnit
from lvzhi.members.services import person_create
from lvzhi.organisation import services as org
from lvzhi.proposals.models import Proposal, State
from lvzhi.testing import World


def test_a_declining_cosigner_drops_off_and_no_longer_sees_it(world: World) -> None:
    body = draft_joint(world)
    ok(post(api_client("alice"), f"/api/proposals/{body['id']}/submit/", {}))
    bob = api_client("bob")
    response = post(bob, f"/api/proposals/{body['id']}/cosign/", {"accept": False})
    assert response.status_code == 204
    assert bob.get(f"/api/proposals/{body['id']}/").status_code == 403
    body = ok(api_client("alice").get(f"/api/proposals/{body['id']}/"))
    assert body["proposers"] == ["艾丽"] and body["kind"] == "individual" and body["state"] == "in_review"


def test_withdrawal_needs_a_reason_once_submitted(world: World) -> None:
    body = to_review(world)
    alice = api_client("alice")
    response = post(alice, f"/api/proposals/{body['id']}/withdraw/", {})
    assert response.status_code == 400 and response.json()["errors"]["reason"] == ["请说明撤回理由。"]
    body = ok(post(alice, f"/api/proposals/{body['id']}/withdraw/", {"reason": "问题已解决"}))
    assert body["state"] == "withdrawn"


def test_merging_credits_every_proposer(world: World) -> None:
    lead = to_filed(world)
    second = ok(post(api_client("bob"), "/api/proposals/", {
        "committee": world.city.pk, "kind": "individual", "title": "关于社区养老服务的建议",
        "situation": "老年人口增长" * 30, "analysis": "服务供给不足" * 30, "suggestions": "增加补贴" * 30}), 201)
    bob, pete = api_client("bob"), api_client("pete")
    ok(post(bob, f"/api/proposals/{second['id']}/submit/", {}))
    url = f"/api/proposals/{second['id']}/review/"
    ok(post(pete, url, {"decision": "pass"}))
    ok(post(pete, url, {"decision": "pass"}))
    candidates = ok(pete.get(f"/api/proposals/{second['id']}/similar/", {"merge": "true"}))
    assert lead["id"] in [c["id"] for c in candidates]
    body = ok(post(pete, url, {"decision": "merge", "merge_into": lead["id"]}))
    assert body["state"] == "merged" and body["merged_into"]["id"] == lead["id"]
    assert set(ok(pete.get(f"/api/proposals/{lead['id']}/"))["proposers"]) == {"艾丽", "薄波"}


def test_lead_and_co_units(world: World) -> None:
    from lvzhi.accounts.models import Role
    from lvzhi.accounts.services import grant_create_unchecked, user_create
    from lvzhi.testing import PASSWORD

    co = cast(HandlingUnit, org.config_item_create(actor=None, list_key="handling-units", name="长春市民政局",
                                                   committee=world.city, check_actor=False))
    user = user_create(actor=None, username="min", display_name="闵政", password=PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=Role.UNIT_STAFF, committee=world.city, handling_unit=co)
    body = to_filed(world)
    body = ok(post(api_client("pete"), f"/api/proposals/{body['id']}/assign/",
                   {"mode": "lead", "units": [world.unit.pk], "co_units": [co.pk]}))
    roles = {a["unit"]["name"]: (a["role"], a["id"]) for a in body["assignments"]}
    assert roles["长春市教育局"][0] == "lead" and roles["长春市民政局"][0] == "co"
    min_ = api_client("min")
    body = ok(post(min_, f"/api/assignments/{roles['长春市民政局'][1]}/view/", {"text": "同意主办单位意见"}))
    views = {a["unit"]["name"]: a["co_unit_view"] for a in body["assignments"]}
    assert views["长春市民政局"] == "同意主办单位意见"
    lead_view = ok(api_client("uma").get(f"/api/proposals/{body['id']}/"))["assignments"]
    assert {a["unit"]["name"]: a["co_unit_view"] for a in lead_view}["长春市民政局"] == "同意主办单位意见"
    proposer_view = ok(api_client("alice").get(f"/api/proposals/{body['id']}/"))["assignments"]
    assert all(a["co_unit_view"] is None for a in proposer_view)
    reply_class = options(min_, world)["reply_classes"][1]["id"]
    body = ok(post(api_client("uma"), f"/api/assignments/{roles['长春市教育局'][1]}/reply/",
                   {"text": "已会同民政局研究落实。", "reply_class": reply_class}))
    assert body["state"] == "replied"


def test_key_proposal_proposed_confirmed_and_supervised(world: World) -> None:
    leader = person_create(actor=None, check_actor=False, name="刘力")
    leader.user = world.leo
    leader.save(update_fields=["user"])
    meeting = org.meeting_create(actor=None, term=world.city_term, kind="chairs", number=3,
                                 date=timezone.localdate(), check_actor=False)
    body = to_filed(world)
    pk = body["id"]
    pete, leo = api_client("pete"), api_client("leo")
    response = post(pete, f"/api/proposals/{pk}/key-confirm/", {"meeting": meeting.pk})
    assert response.status_code == 400 and "尚未拟定" in str(response.json())
    ok(post(pete, f"/api/proposals/{pk}/key/", {"supervisors": [leader.pk], "leader_led": False}))
    assert [m["id"] for m in options(pete, world)["chairs_meetings"]] == [meeting.pk]
    body = ok(post(pete, f"/api/proposals/{pk}/key-confirm/", {"meeting": meeting.pk}))
    assert body["is_key"] is True and body["key"]["supervisors"] == ["刘力"]
    body = ok(post(leo, f"/api/proposals/{pk}/supervision/", {
        "kind": "visit", "date": timezone.localdate().isoformat(), "leaders": [leader.pk],
        "summary": "实地察看社区日间照料中心"}))
    assert body["key"]["supervisions"][0]["kind_display"] == "督办视察"
    assert Proposal.objects.get(pk=pk).is_key
    response = post(api_client("alice"), f"/api/proposals/{pk}/key/", {"supervisors": [leader.pk]})
    assert response.status_code == 403
    assert Proposal.objects.get(pk=pk).state == State.FILED
