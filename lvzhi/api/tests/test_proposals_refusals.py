"""Every move the workflow or the rules do not allow: a 400 or 403 in Chinese, recorded if refused, nothing changed."""
from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import Client

from lvzhi.accounts.models import Role
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.api.tests.helpers import api_client
from lvzhi.api.tests.test_proposals_journey import (
    draft_joint,
    in_days,
    ok,
    options,
    post,
    to_assigned,
    to_filed,
    to_replied,
    to_review,
)
from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import HandlingUnit
from lvzhi.organisation import services as org
from lvzhi.proposals.models import Assignment, Evaluation, Proposal, ProposalEvent, Proposer, ReviewRecord
from lvzhi.testing import PASSWORD, World


def snapshot(pk: int) -> tuple[Any, ...]:
    p = Proposal.objects.get(pk=pk)
    return (p.state, p.version, p.review_stage_id, p.number, p.title, p.updated_at,
            ProposalEvent.objects.filter(proposal_id=pk).count(), ReviewRecord.objects.filter(proposal_id=pk).count(),
            list(Assignment.objects.filter(proposal_id=pk).values_list("state", "due_date", "reply_text")),
            Evaluation.objects.filter(assignment__proposal_id=pk).count(),
            list(Proposer.objects.filter(proposal_id=pk).values_list("person_id", "status")))


def denials(username: str) -> int:
    return AuditEvent.objects.filter(action="access.denied", actor_name=username, outcome="denied").count()


def refused(client: Client, username: str, url: str, data: dict[str, Any], pk: int) -> dict[str, Any]:
    """POST that must be refused (403), recorded once, and change nothing."""
    before, count = snapshot(pk), denials(username)
    response = post(client, url, data)
    assert response.status_code == 403, response.content.decode()
    assert denials(username) == count + 1
    assert snapshot(pk) == before
    return response.json()


def rejected(client: Client, url: str, data: dict[str, Any], pk: int) -> dict[str, Any]:
    """POST that the rules reject (400 with Chinese messages) and that changes nothing."""
    before = snapshot(pk)
    response = post(client, url, data)
    assert response.status_code == 400, response.content.decode()
    body = response.json()
    assert body["detail"] == "提交的数据有误。"
    assert snapshot(pk) == before
    return body


def messages(body: dict[str, Any]) -> str:
    return " ".join(m for ms in body["errors"].values() for m in ms)


def _unit_staff(world: World, username: str) -> Client:
    other = cast(HandlingUnit, org.config_item_create(actor=None, list_key="handling-units", name="长春市财政局",
                                                      committee=world.city, check_actor=False))
    user = user_create(actor=None, username=username, display_name="郑华", password=PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=Role.UNIT_STAFF, committee=world.city, handling_unit=other)
    return api_client(username)


def test_drafting_refusals(world: World) -> None:
    body = draft_joint(world)
    pk, url = body["id"], f"/api/proposals/{body['id']}/"
    # Only the drafter edits or submits; bob is invited but did not draft it.
    assert "起草人" in refused(api_client("bob"), "bob", f"{url}submit/", {}, pk)["detail"]
    before = snapshot(pk)
    response = api_client("bob").patch(url, {"title": "改", "version": 1}, content_type="application/json")
    assert response.status_code == 403 and snapshot(pk) == before
    # A stale version, a missing one, an empty title.
    alice = api_client("alice")
    for data, expected in (({"title": "新标题", "version": 7}, "已被他人修改"), ({"title": "新标题"}, "version"),
                           ({"title": "", "version": 1}, "")):
        response = alice.patch(url, data, content_type="application/json")
        assert response.status_code == 400 and snapshot(pk) == before
        assert expected in str(response.json())
    # Co-signing before submission, or by someone not invited.
    assert "不能执行" in messages(rejected(api_client("bob"), f"{url}cosign/", {"accept": True}, pk))
    ok(post(alice, f"{url}submit/", {}))
    assert "联名" in refused(alice, "alice", f"{url}cosign/", {"accept": True}, pk)["detail"]
    # A staff move by a member.
    refused(alice, "alice", f"{url}review/", {"decision": "pass"}, pk)
    refused(alice, "alice", f"{url}assign/", {"mode": "sole", "units": [world.unit.pk]}, pk)


def test_a_too_short_proposal_cannot_be_submitted(world: World) -> None:
    body = ok(post(api_client("alice"), "/api/proposals/", {
        "committee": world.city.pk, "kind": "individual", "title": "关于路灯的建议", "situation": "路灯坏了",
        "analysis": "没人修", "suggestions": "请修"}), 201)
    errors = rejected(api_client("alice"), f"/api/proposals/{body['id']}/submit/", {}, body["id"])["errors"]
    assert "过短" in errors["suggestions"][0]


def test_drafting_for_another_committee_is_refused(world: World) -> None:
    count, before = Proposal.objects.count(), denials("alice")
    response = post(api_client("alice"), "/api/proposals/", {
        "committee": world.district.pk, "kind": "individual", "title": "关于河道的建议"})
    assert response.status_code == 403 and response.json()["detail"] == "您没有权限执行此操作。"
    assert Proposal.objects.count() == count and denials("alice") == before + 1
    response = post(api_client("alice"), "/api/proposals/", {"committee": world.city.pk, "kind": "其他", "title": "x"})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    assert Proposal.objects.count() == count


def test_review_refusals(world: World) -> None:
    body = to_review(world)
    pk, url = body["id"], f"/api/proposals/{body['id']}/review/"
    pete = api_client("pete")
    assert "最后一道审查环节" in messages(rejected(pete, url, {"decision": "file"}, pk))
    assert "审查意见" in messages(rejected(pete, url, {"decision": "return"}, pk))
    assert "decision" in rejected(pete, url, {"decision": "maybe"}, pk)["errors"]
    assert "已被他人修改" in messages(rejected(pete, url, {"decision": "pass", "version": 1}, pk))
    refused(api_client("olga"), "olga", url, {"decision": "pass"}, pk)
    refused(api_client("leo"), "leo", url, {"decision": "pass"}, pk)
    ok(post(pete, url, {"decision": "pass"}))
    ok(post(pete, url, {"decision": "pass"}))
    errors = rejected(pete, url, {"decision": "not_file"}, pk)["errors"]
    assert errors["rejection_reason"] == ["不予立案须选择理由。"]
    assert "同意" in messages(rejected(pete, url, {"decision": "convert_suggestion", "explanation": "转"}, pk))


def test_handling_refusals(world: World) -> None:
    body = to_filed(world)
    pk = body["id"]
    pete = api_client("pete")
    assert "单办" in messages(rejected(pete, f"/api/proposals/{pk}/assign/", {"mode": "sole", "units": []}, pk))
    refused(api_client("uma"), "uma", f"/api/proposals/{pk}/assign/", {"mode": "sole", "units": [world.unit.pk]}, pk)
    assert "不能执行" in messages(rejected(pete, f"/api/proposals/{pk}/close/", {}, pk))
    body, assignment = to_assigned(world)
    url = f"/api/assignments/{assignment}/"
    reply_class = options(pete, world)["reply_classes"][0]["id"]
    # Another unit can neither read nor reply; a member cannot reply; a reply needs its text.
    zheng = _unit_staff(world, "zheng")
    refused(zheng, "zheng", f"{url}reply/", {"text": "答复", "reply_class": reply_class}, pk)
    assert zheng.get(f"/api/proposals/{pk}/").status_code == 403
    assert zheng.get("/api/assignments/").json()["results"] == []
    refused(api_client("alice"), "alice", f"{url}reply/", {"text": "答复", "reply_class": reply_class}, pk)
    uma = api_client("uma")
    assert "答复内容" in messages(rejected(uma, f"{url}reply/", {"text": " ", "reply_class": reply_class}, pk))
    assert "会办" in messages(rejected(uma, f"{url}view/", {"text": "意见"}, pk))
    # Evaluating before the reply; staff decisions by the unit.
    assert "不能执行“评价”" in messages(rejected(api_client("alice"), f"{url}evaluate/", {"rating": "satisfied"}, pk))
    refused(uma, "uma", f"{url}extension-decision/", {"approve": True}, pk)
    refused(uma, "uma", f"{url}class/", {"reply_class": reply_class, "remarks": "改"}, pk)


def test_evaluation_refusals(world: World) -> None:
    body, assignment = to_replied(world)
    pk, url = body["id"], f"/api/assignments/{assignment}/evaluate/"
    alice = api_client("alice")
    assert "意见" in messages(rejected(alice, url, {"rating": "unsatisfied"}, pk))
    assert "提案人" in refused(api_client("pete"), "pete", url, {"rating": "satisfied"}, pk)["detail"]
    refused(api_client("olga"), "olga", url, {"rating": "satisfied"}, pk)
    ok(post(alice, url, {"rating": "satisfied"}))
    assert "已评价" in messages(rejected(alice, url, {"rating": "basic"}, pk))
    assert "不满意" in messages(rejected(api_client("pete"), f"/api/proposals/{pk}/rehandle/", {
        "assignments": [assignment], "due_date": in_days(60), "remarks": "重办"}, pk))


def test_unknown_objects_and_methods(world: World) -> None:
    body = draft_joint(world)
    alice = api_client("alice")
    response = alice.get("/api/proposals/999999/")
    assert response.status_code == 404 and response.json()["detail"] == "未找到该提案。"
    assert post(alice, "/api/assignments/999999/evaluate/", {"rating": "satisfied"}).status_code == 404
    assert alice.get("/api/proposals/abc/").status_code == 404
    assert alice.delete(f"/api/proposals/{body['id']}/").status_code == 405
    assert alice.put(f"/api/proposals/{body['id']}/", {}, content_type="application/json").status_code == 405
    assert alice.get(f"/api/proposals/{body['id']}/submit/").status_code == 405
    assert Proposal.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("path", ["submit/", "withdraw/"])
def test_writes_need_the_csrf_token(world: World, path: str) -> None:
    body = draft_joint(world)
    before = snapshot(body["id"])
    response = post(api_client("alice", enforce_csrf_checks=True), f"/api/proposals/{body['id']}/{path}", {})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert snapshot(body["id"]) == before
