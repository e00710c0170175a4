"""Each persona's to-do list, and the staff's due-soon and overdue lists."""
from __future__ import annotations

import datetime

from django.utils import timezone

from lvzhi.proposals.models import CosignStatus, Proposer, ProposerRole, Rating, State
from lvzhi.proposals.reminders import due_soon, overdue, todo_for
from lvzhi.proposals.services.common import stages as review_stages
from lvzhi.proposals.services.handling import (
    assignment_reply,
    assignment_request_extension,
    assignment_request_reassign,
    evaluation_submit,
)
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import (
    assigned,
    make_unit,
    make_unit_staff,
    reply_class,
    shift_assignment,
    today,
)


def kinds(user) -> list[str]:
    return sorted(i.kind for i in todo_for(user))


def test_member_sees_invitations_returned_proposals_and_replies_to_rate(world):
    inviting = make_proposal(world, state=State.COSIGNING, title="关于校园周边交通安全的建议")
    Proposer.objects.create(proposal=inviting, person=world.people["bob"], role=ProposerRole.COSIGNER, order=1,
                            status=CosignStatus.INVITED, invited_at=timezone.now())
    make_proposal(world, state=State.RETURNED, proposers=[world.people["bob"]], title="关于职业教育的建议")
    proposal, [a] = assigned(world, proposers=[world.people["alice"], world.people["bob"]])
    assert kinds(world.bob) == ["cosign", "revise"]
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world))
    bob_items = {i.kind: i for i in todo_for(world.bob)}
    assert set(bob_items) == {"cosign", "revise", "evaluate"}
    assert bob_items["cosign"].due == today() + datetime.timedelta(days=3)
    assert bob_items["evaluate"].proposal_id == proposal.pk and "长春市教育局" in bob_items["evaluate"].label
    assert bob_items["evaluate"].due == today() + datetime.timedelta(days=30)
    assert kinds(world.alice) == ["evaluate"]
    evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
    assert kinds(world.alice) == []
    assert "evaluate" in kinds(world.bob)


def test_reviewer_sees_counts_per_stage(world):
    stages = review_stages(world.city)
    make_proposal(world, state=State.IN_REVIEW, review_stage=stages[0])
    make_proposal(world, state=State.IN_REVIEW, review_stage=stages[0])
    make_proposal(world, state=State.IN_REVIEW, review_stage=stages[1])
    review = sorted((i.label, i.count) for i in todo_for(world.pete) if i.kind == "review")
    assert review == [("长春市政协待初审的提案", 2), ("长春市政协待复审的提案", 1)]
    assert not [i for i in todo_for(world.alice) if i.kind == "review"]


def test_staff_see_what_waits_on_the_office(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    make_proposal(world)
    _, [a] = assigned(world)
    _, [b] = assigned(world, units=[health])
    _, [c] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="非我局职责")
    assignment_request_extension(actor=hank, assignment=b, until=today() + datetime.timedelta(days=100),
                                 reason="调研")
    assignment_reply(actor=world.uma, assignment=c, text="答复", reply_class=reply_class(world))
    items = {i.kind: i for i in todo_for(world.pete)}
    assert items["assign"].count == 1
    assert items["decide_reassign"].proposal_id == a.proposal_id
    assert items["decide_extension"].proposal_id == b.proposal_id
    assert items["close"].count == 1
    evaluation_submit(actor=world.alice, assignment=c, rating=Rating.UNSATISFIED, comment="不具体")
    items = {i.kind: i for i in todo_for(world.pete)}
    assert items["unsatisfied"].proposal_id == c.proposal_id and "close" not in items
    assert items["unsatisfied"].url == f"/proposals/{c.proposal_id}/"
    assert items["assign"].url == "/proposals/assign/"


def test_unit_sees_its_open_assignments_with_due_dates(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    _, [a] = assigned(world)
    _, [lead, co] = assigned(world, mode="lead", units=[health], co_units=[world.unit])
    items = todo_for(world.uma)
    assert [(i.proposal_id, i.due) for i in items] == [
        (co.proposal_id, today() + datetime.timedelta(days=30)), (a.proposal_id, today() + datetime.timedelta(days=90)),
    ]
    assert "提出会办意见" in items[0].label and not any(i.overdue or i.due_soon for i in items)
    shift_assignment(a, 85)
    [soon] = [i for i in todo_for(world.uma) if i.proposal_id == a.proposal_id]
    assert soon.due_soon and not soon.overdue
    shift_assignment(a, 6)
    [late] = [i for i in todo_for(world.uma) if i.proposal_id == a.proposal_id]
    assert late.overdue
    assert [i.proposal_id for i in todo_for(hank)] == [lead.proposal_id]
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world))
    assert [i.proposal_id for i in todo_for(world.uma)] == [co.proposal_id]


def test_due_soon_and_overdue_lists(world):
    _, [a] = assigned(world)
    _, [b] = assigned(world)
    _, [c] = assigned(world)
    shift_assignment(b, 85)
    shift_assignment(c, 91)
    assert list(due_soon(world.city)) == [b]
    assert list(overdue(world.city)) == [c]
    assert list(due_soon(world.city, days=90)) == [b, a]
    assert todo_for(world.pete)[-1].kind == "overdue" and todo_for(world.pete)[-1].count == 1
    assert not due_soon(world.district).exists()


def test_outsiders_have_nothing_to_do(world):
    assigned(world)
    assert todo_for(world.olga) == []
    assert todo_for(world.sysadmin) == []
