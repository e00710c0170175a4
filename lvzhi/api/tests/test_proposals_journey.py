"""The whole proposal year through the API: draft, co-sign, three reviews, filing, assignment, reply, evaluation."""
from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import Proposal, ProposalEvent
from lvzhi.testing import World

SITUATION = "我市六十岁以上老年人口已超过一百五十万，社区养老服务设施覆盖不足，日间照料中心运营困难。" * 3
ANALYSIS = "原因在于建设补贴与运营补贴衔接不够，专业护理人员短缺，社区、物业与医疗机构之间缺少协作机制。" * 3
SUGGESTIONS = "一是按服务人次给予运营补贴；二是建立护理员职业培训和岗位津贴制度；三是推动社区卫生服务中心与日间照料中心签约合作。" * 2


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def options(client: Client, world: World) -> dict[str, Any]:
    return ok(client.get("/api/proposals/options/", {"committee": world.city.pk}))


def draft_joint(world: World) -> dict[str, Any]:
    alice = api_client("alice")
    category = options(alice, world)["categories"][0]["id"]
    return ok(post(alice, "/api/proposals/", {
        "committee": world.city.pk, "kind": "joint", "title": "关于加强城市社区养老服务的建议",
        "situation": SITUATION, "analysis": ANALYSIS, "suggestions": SUGGESTIONS, "category": category,
        "cosigners": [world.people["bob"].pk],
    }), 201)


def to_review(world: World) -> dict[str, Any]:
    """A joint draft submitted and confirmed by its co-signer: waiting at the first review stage."""
    body = draft_joint(world)
    ok(post(api_client("alice"), f"/api/proposals/{body['id']}/submit/", {"version": body["version"]}))
    return ok(post(api_client("bob"), f"/api/proposals/{body['id']}/cosign/", {"accept": True}))


def to_filed(world: World) -> dict[str, Any]:
    body = to_review(world)
    pete = api_client("pete")
    opts = options(pete, world)
    url = f"/api/proposals/{body['id']}/review/"
    ok(post(pete, url, {"decision": "pass", "remarks": "符合一事一案"}))
    ok(post(pete, url, {"decision": "pass"}))
    return ok(post(pete, url, {"decision": "file", "category": opts["categories"][0]["id"],
                               "suggested_units": [world.unit.pk], "remarks": "建议由教育局办理"}))


def to_assigned(world: World) -> tuple[dict[str, Any], int]:
    body = to_filed(world)
    body = ok(post(api_client("pete"), f"/api/proposals/{body['id']}/assign/",
                   {"mode": "sole", "units": [world.unit.pk], "remarks": "请认真办理"}))
    return body, body["assignments"][0]["id"]


def to_replied(world: World) -> tuple[dict[str, Any], int]:
    body, assignment = to_assigned(world)
    uma = api_client("uma")
    reply_class = options(uma, world)["reply_classes"][0]["id"]
    body = ok(post(uma, f"/api/assignments/{assignment}/reply/", {
        "text": "经研究，我局已将社区养老服务纳入明年重点工作，按服务人次给予运营补贴。", "reply_class": reply_class,
    }))
    return body, assignment


def test_the_whole_journey(world: World) -> None:
    alice, bob, pete, uma = (api_client(n) for n in ("alice", "bob", "pete", "uma"))

    # Drafting: a joint proposal, edited with the version it was read at.
    body = draft_joint(world)
    pk = body["id"]
    assert body["state"] == "draft" and body["kind_display"] == "联名提案"
    assert [(s["name"], s["role"], s["status"]) for s in body["signers"]] == [
        ("艾丽", "first", "confirmed"), ("薄波", "cosigner", "invited")]
    body = ok(alice.patch(f"/api/proposals/{pk}/", {"title": "关于加强社区养老服务的建议", "version": body["version"]},
                          content_type="application/json"))
    assert body["title"] == "关于加强社区养老服务的建议" and body["version"] == 2

    # Submission waits for the co-signer, who sees the proposal and confirms.
    body = ok(post(alice, f"/api/proposals/{pk}/submit/", {"version": 2}))
    assert body["state"] == "cosigning"
    assert ok(bob.get(f"/api/proposals/{pk}/"))["state"] == "cosigning"
    body = ok(post(bob, f"/api/proposals/{pk}/cosign/", {"accept": True}))
    assert body["state"] == "in_review" and body["review_stage"] == "初审"

    # Review: 初审, 复审, then 终审 files it with a number.
    queue = ok(pete.get("/api/proposals/review-queue/", {"committee": world.city.pk}))
    assert [row["id"] for row in queue["results"]] == [pk]
    category = options(pete, world)["categories"][0]
    ok(post(pete, f"/api/proposals/{pk}/review/", {"decision": "pass", "remarks": "内容完整"}))
    body = ok(post(pete, f"/api/proposals/{pk}/review/", {"decision": "pass"}))
    assert body["review_stage"] == "终审"
    body = ok(post(pete, f"/api/proposals/{pk}/review/", {
        "decision": "file", "category": category["id"], "suggested_units": [world.unit.pk]}))
    assert body["state"] == "filed" and body["number"] and body["category"]["name"] == category["name"]
    assert [r["stage"] for r in body["reviews"]] == ["初审", "复审", "终审"]
    number = body["number"]

    # Assignment to the unit, which sees it in its inbox, meets the proposer and replies.
    body = ok(post(pete, f"/api/proposals/{pk}/assign/", {"mode": "sole", "units": [world.unit.pk]}))
    assert body["state"] == "assigned"
    inbox = ok(uma.get("/api/assignments/"))["results"]
    assert [(a["proposal_id"], a["unit"]["name"], a["role"]) for a in inbox] == [(pk, "长春市教育局", "sole")]
    assignment = inbox[0]["id"]
    body = ok(post(uma, f"/api/assignments/{assignment}/contact/", {
        "phase": "before", "date": in_days(0), "way": "当面座谈", "participants": "艾丽、吴敏",
        "summary": "听取提案人对补贴办法的意见"}))
    assert body["assignments"][0]["contacts"][0]["phase_display"] == "办前见面"
    reply_class = options(uma, world)["reply_classes"][0]
    body = ok(post(uma, f"/api/assignments/{assignment}/reply/", {
        "text": "经研究，已将社区养老服务纳入明年重点工作。", "reply_class": reply_class["id"]}))
    assert body["state"] == "replied"
    assert body["assignments"][0]["reply_class"]["code"] == "A"

    # Both proposers rate the reply; staff close it.
    ok(post(alice, f"/api/assignments/{assignment}/evaluate/", {"rating": "satisfied", "comment": "答复具体"}))
    body = ok(post(bob, f"/api/assignments/{assignment}/evaluate/", {"rating": "basic"}))
    assert sorted(e["rating_display"] for e in body["assignments"][0]["evaluations"]) == ["基本满意", "满意"]
    body = ok(post(pete, f"/api/proposals/{pk}/close/", {"remarks": "办结"}))
    assert body["state"] == "closed" and body["number"] == number

    # The history shows every move, and the figures count it.
    actions = [e["action"] for e in body["events"]]
    assert actions[:1] == ["create"] and "confirm_cosign" in actions and actions[-1] == "close"
    assert ProposalEvent.objects.filter(proposal_id=pk).count() == len(actions)
    assert AuditEvent.objects.filter(action="proposal.file", actor_name="pete").exists()
    figures = ok(pete.get("/api/proposals/figures/", {"committee": world.city.pk}))
    counts = {c["code"]: c["value"] for c in figures["counts"]}
    assert (counts["received"], counts["filed"], counts["closed"], counts["joint"]) == (1, 1, 1, 1)
    rates = {r["code"]: r["percent"] for r in figures["rates"]}
    assert rates["filing_rate"] == 100.0 and rates["satisfaction_rate"] == 100.0 and rates["contact_rate"] == 100.0
    assert Proposal.objects.get(pk=pk).state == "closed"


def test_unsatisfied_rating_leads_to_rehandling(world: World) -> None:
    body, assignment = to_replied(world)
    pk = body["id"]
    ok(post(api_client("alice"), f"/api/assignments/{assignment}/evaluate/",
            {"rating": "unsatisfied", "comment": "没有具体措施"}))
    body = ok(post(api_client("pete"), f"/api/proposals/{pk}/rehandle/", {
        "assignments": [assignment], "due_date": in_days(60), "remarks": "请提出具体措施"}))
    assert body["state"] == "rehandling"
    a = body["assignments"][0]
    assert a["round"] == 2 and a["state"] == "assigned" and a["due_date"] == in_days(60)


def test_staff_correct_the_class_and_record_the_result(world: World) -> None:
    body, assignment = to_replied(world)
    pete = api_client("pete")
    classes = {c["code"]: c["id"] for c in options(pete, world)["reply_classes"]}
    body = ok(post(pete, f"/api/assignments/{assignment}/class/",
                   {"reply_class": classes["B"], "remarks": "尚在落实中"}))
    assert body["assignments"][0]["reply_class"]["code"] == "B"
    ok(post(api_client("bob"), f"/api/assignments/{assignment}/evaluate/", {"rating": "satisfied"}))
    evaluation = Proposal.objects.get(pk=body["id"]).assignments.get().evaluations.get().pk
    body = ok(post(pete, f"/api/evaluations/{evaluation}/result/", {"solved": True, "note": "补贴已发放"}))
    assert body["assignments"][0]["evaluations"][0]["result_solved"] is True


def test_reassignment_and_extension_requests(world: World) -> None:
    from lvzhi.organisation import services as org

    other = org.config_item_create(actor=None, list_key="handling-units", name="长春市民政局", committee=world.city,
                                   check_actor=False)
    body, assignment = to_assigned(world)
    uma, pete = api_client("uma"), api_client("pete")
    later = (datetime.date.fromisoformat(body["assignments"][0]["due_date"]) + datetime.timedelta(days=30)).isoformat()
    ok(post(uma, f"/api/assignments/{assignment}/extension-request/",
            {"until": later, "reason": "需要会同财政部门测算"}))
    body = ok(post(pete, f"/api/assignments/{assignment}/extension-decision/", {"approve": True}))
    assert body["assignments"][0]["due_date"] == later
    ok(post(uma, f"/api/assignments/{assignment}/reassign-request/", {"reason": "养老服务属民政部门职责"}))
    body = ok(post(pete, f"/api/assignments/{assignment}/reassign-decision/",
                   {"approve": True, "new_units": [other.pk], "remarks": "同意调整"}))
    states = {a["unit"]["name"]: a["state"] for a in body["assignments"]}
    assert states == {"长春市教育局": "withdrawn", "长春市民政局": "assigned"}
