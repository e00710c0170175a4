"""A move made on a version of the proposal someone has changed since is refused, on the page and through the API,
with the drafting/review message and nothing lost: handling (交办 to 办结) and key proposals as well."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.api.tests.test_proposals_journey import ok, options, post, to_assigned, to_replied
from lvzhi.api.tests.test_proposals_refusals import messages, rejected
from lvzhi.members.services import person_create
from lvzhi.proposals.models import Assignment, AssignmentState, KeyProposal, Proposal, ProposalEvent, State
from lvzhi.proposals.services.common import STALE_MESSAGE
from lvzhi.proposals.services.handling import assignment_reply, contact_record
from lvzhi.proposals.tests.handling_support import assigned, reply_class, today
from lvzhi.testing import World


def _act(client: Client, proposal: Proposal, action: str, data: dict[str, Any]) -> Any:
    return client.post(f"/proposals/{proposal.pk}/do/{action}/", data)


def _moved_meanwhile(world: World, assignment: Assignment) -> None:
    """Someone else makes a move on the proposal after the reader loaded the page (a new version)."""
    contact_record(actor=world.uma, assignment=assignment, phase="during", date=today(), way="电话",
                   participants="吴敏", summary="电话沟通办理进度")


def test_the_page_sends_the_version_it_shows_and_a_stale_close_is_refused(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    assignment_reply(actor=world.uma, assignment=assignment, text="已纳入年度计划。", reply_class=reply_class(world))
    proposal.refresh_from_db()
    seen = proposal.version
    client.force_login(world.pete)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert f'name="version" value="{seen}"' in page
    _moved_meanwhile(world, assignment)
    events = ProposalEvent.objects.filter(proposal=proposal).count()
    response = _act(client, proposal, "close", {"remarks": "已答复，予以办结", "version": seen})
    body = response.content.decode()
    assert response.status_code == 200 and STALE_MESSAGE in body and "已答复，予以办结" in body
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED and ProposalEvent.objects.filter(proposal=proposal).count() == events
    # On the version now shown it goes through.
    assert _act(client, proposal, "close", {"remarks": "已答复，予以办结", "version": proposal.version}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED


def test_a_stale_reply_on_the_page_keeps_the_units_text(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    seen = proposal.version
    _moved_meanwhile(world, assignment)
    client.force_login(world.uma)
    response = _act(client, proposal, "reply", {"assignment": assignment.pk, "text": "拟于年内新建养老服务站十处。",
                                                "reply_class": reply_class(world).pk, "version": seen})
    body = response.content.decode()
    assert STALE_MESSAGE in body and "拟于年内新建养老服务站十处。" in body
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ASSIGNED and assignment.reply_text == ""


def _leader(world: World) -> Any:
    person = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    person.user = world.leo
    person.save(update_fields=["user"])
    return person


def test_a_stale_key_proposal_on_the_page_is_refused(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    leader = _leader(world)
    seen = proposal.version
    _moved_meanwhile(world, assignment)
    client.force_login(world.pete)
    response = _act(client, proposal, "propose_key", {"supervisors": [leader.pk], "version": seen})
    assert STALE_MESSAGE in response.content.decode()
    assert not KeyProposal.objects.filter(proposal=proposal).exists()


def test_the_api_refuses_stale_handling_closing_and_key_moves(world: World) -> None:
    body, assignment_id = to_assigned(world)
    pk = body["id"]
    uma, pete = api_client("uma"), api_client("pete")
    seen = ok(uma.get(f"/api/assignments/{assignment_id}/"))["proposal_version"]
    assert seen == body["version"]
    _moved_meanwhile(world, Assignment.objects.get(pk=assignment_id))
    reply = {"text": "已纳入年度计划。", "reply_class": options(uma, world)["reply_classes"][0]["id"]}
    refused = rejected(uma, f"/api/assignments/{assignment_id}/reply/", {**reply, "version": seen}, pk)
    assert STALE_MESSAGE in messages(refused)
    leader = _leader(world)
    refused = rejected(pete, f"/api/proposals/{pk}/key/", {"supervisors": [leader.pk], "version": seen}, pk)
    assert STALE_MESSAGE in messages(refused)
    assert not KeyProposal.objects.filter(proposal_id=pk).exists()
    current = Proposal.objects.get(pk=pk).version
    ok(post(uma, f"/api/assignments/{assignment_id}/reply/", {**reply, "version": current}))
    replied = ok(pete.get(f"/api/proposals/{pk}/"))
    refused = rejected(pete, f"/api/proposals/{pk}/close/", {"remarks": "办结", "version": current}, pk)
    assert STALE_MESSAGE in messages(refused)
    assert ok(post(pete, f"/api/proposals/{pk}/close/", {"version": replied["version"]}))["state"] == "closed"


def test_without_a_version_nothing_is_checked(world: World) -> None:
    """Scripts and system jobs that send no version still work (None = not checked)."""
    body, _ = to_replied(world)
    assert ok(post(api_client("pete"), f"/api/proposals/{body['id']}/close/", {}))["state"] == "closed"
