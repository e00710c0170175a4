"""Re-assignment requests (申请调整) within the window, and the staff's decision."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.proposals.models import Assignment, AssignmentRole, AssignmentState, Proposal, ProposalEvent, State
from lvzhi.proposals.reminders import todo_for
from lvzhi.proposals.selectors import can_view
from lvzhi.proposals.services.handling import (
    assignment_decide_reassign,
    assignment_reply,
    assignment_request_reassign,
)
from lvzhi.proposals.tests.handling_support import (
    assigned,
    make_unit,
    make_unit_staff,
    reply_class,
    shift_assignment,
    today,
)


def _history(proposal: Proposal) -> list[str]:
    return list(ProposalEvent.objects.filter(proposal=proposal).order_by("id").values_list("action", flat=True))


def _todo(user: Any, kind: str) -> list[str]:
    return [item.label for item in todo_for(user) if item.kind == kind]


def _parts(proposal: Proposal) -> list[tuple[str, str, str]]:
    """The units' parts as the proposal page lists them: unit, role, state."""
    return list(Assignment.objects.filter(proposal=proposal).order_by("id")
                .values_list("unit__name", "role", "state"))


def test_unit_asks_and_staff_approve_with_a_new_unit(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [a] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="本提案涉及医疗机构，非我局职责")
    a.refresh_from_db()
    assert a.state == AssignmentState.REASSIGN_REQUESTED and a.reassign_reason.startswith("本提案")
    # The request waits on the staff's to-do list, and the unit sees it pending instead of a reply to write.
    assert _todo(world.pete, "decide_reassign") == [f"审批长春市教育局的调整申请：{proposal.title}"]
    assert _todo(world.uma, "handle") == [f"长春市教育局调整申请待审批：{proposal.title}"]
    shift_assignment(a, 3)
    [new] = assignment_decide_reassign(actor=world.pete, assignment=a, approve=True, new_units=[health],
                                       remarks="改由卫健委办理")
    a.refresh_from_db()
    assert a.state == AssignmentState.WITHDRAWN
    assert (new.unit, new.role, new.state) == (health, AssignmentRole.SOLE, AssignmentState.ASSIGNED)
    assert new.due_date == today() + datetime.timedelta(days=90)
    assert new.reassign_until == today() + datetime.timedelta(days=7)
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    assert _history(proposal) == ["assign", "request_reassign", "decide_reassign"]
    # The new unit now has the proposal to handle; the old one has nothing left to do and the staff's
    # request is gone from their list.
    assert _todo(hank, "handle") == [f"长春市卫生健康委员会办理答复：{proposal.title}"]
    assert _todo(world.uma, "handle") == []
    assert _todo(world.pete, "decide_reassign") == []
    assert can_view(hank, proposal)
    assert _parts(proposal) == [("长春市教育局", AssignmentRole.SOLE, AssignmentState.WITHDRAWN),
                                ("长春市卫生健康委员会", AssignmentRole.SOLE, AssignmentState.ASSIGNED)]
    # The withdrawn unit can no longer reply; the new one can, and that answers the proposal.
    with pytest.raises(ValidationError, match="不能答复"):
        assignment_reply(actor=world.uma, assignment=a, text="我局意见", reply_class=reply_class(world))
    assignment_reply(actor=hank, assignment=new, text="已按建议落实", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED


def test_refusal_sends_it_back_to_the_unit(world):
    proposal, [a] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    assert assignment_decide_reassign(actor=world.pete, assignment=a, approve=False, remarks="请按期办理") == []
    a.refresh_from_db()
    assert a.state == AssignmentState.ASSIGNED
    assert _parts(proposal) == [("长春市教育局", AssignmentRole.SOLE, AssignmentState.ASSIGNED)]
    assert _history(proposal) == ["assign", "request_reassign", "decide_reassign"]
    event = ProposalEvent.objects.filter(proposal=proposal).latest("id")
    assert (event.from_state, event.to_state, event.remarks) == (State.ASSIGNED, State.ASSIGNED, "请按期办理")
    # The unit is back to handling it, and may reply.
    assert _todo(world.uma, "handle") == [f"长春市教育局办理答复：{proposal.title}"]
    assert _todo(world.pete, "decide_reassign") == []
    assignment_reply(actor=world.uma, assignment=a, text="已按建议落实", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED


def test_request_after_the_window_is_refused(world):
    proposal, [a] = assigned(world)
    shift_assignment(a, 8)
    with pytest.raises(ValidationError, match=r"已超过申请调整期限（交办后 7 日内），请按期办理"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    a.refresh_from_db()
    assert (a.state, a.reassign_reason) == (AssignmentState.ASSIGNED, "")
    assert _history(proposal) == ["assign"]
    assert _todo(world.pete, "decide_reassign") == []


def test_last_day_of_the_window_is_allowed(world):
    proposal, [a] = assigned(world)
    shift_assignment(a, 7)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    a.refresh_from_db()
    assert (a.state, a.reassign_reason) == (AssignmentState.REASSIGN_REQUESTED, "不属我局职责")
    assert _history(proposal) == ["assign", "request_reassign"]
    assert _todo(world.pete, "decide_reassign") == [f"审批长春市教育局的调整申请：{proposal.title}"]


def test_reason_is_required_and_requests_are_not_repeated(world):
    proposal, [a] = assigned(world)
    with pytest.raises(ValidationError, match="请说明申请调整的理由"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="  ")
    a.refresh_from_db()
    assert a.state == AssignmentState.ASSIGNED
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    with pytest.raises(ValidationError, match="不能申请调整"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="再次申请")
    a.refresh_from_db()
    # The first reason stands, and the history shows one request.
    assert (a.state, a.reassign_reason) == (AssignmentState.REASSIGN_REQUESTED, "不属我局职责")
    assert _history(proposal) == ["assign", "request_reassign"]


def test_only_the_assigned_units_staff_may_ask(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [a] = assigned(world)
    for who in (hank, world.pete, world.alice, world.olga):
        with pytest.raises(PermissionDenied):
            assignment_request_reassign(actor=who, assignment=a, reason="不属我局职责")
    a.refresh_from_db()
    assert (a.state, a.reassign_reason) == (AssignmentState.ASSIGNED, "")
    assert _history(proposal) == ["assign"]


def test_decision_checks(world):
    health = make_unit(world)
    transport = make_unit(world, "长春市交通运输局")
    tina = make_unit_staff(world, "tina", transport)
    proposal, [lead, co] = assigned(world, mode="lead", co_units=[health])
    with pytest.raises(ValidationError, match="没有待审批的调整申请"):
        assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True, new_units=[transport])
    assignment_request_reassign(actor=world.uma, assignment=lead, reason="应由交通局主办")
    with pytest.raises(PermissionDenied):
        assignment_decide_reassign(actor=world.uma, assignment=lead, approve=True, new_units=[transport])
    with pytest.raises(ValidationError, match="须指定新的承办单位"):
        assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True)
    with pytest.raises(ValidationError, match="重复"):
        assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True, new_units=[health])
    with pytest.raises(ValidationError, match="只能调整为一个单位"):
        assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True, new_units=[transport,
                                                                                               make_unit(world, "x局")])
    # Every refused decision left the request waiting and the parts as they were.
    assert _parts(proposal) == [("长春市教育局", AssignmentRole.LEAD, AssignmentState.REASSIGN_REQUESTED),
                                ("长春市卫生健康委员会", AssignmentRole.CO, AssignmentState.ASSIGNED)]
    assert _history(proposal) == ["assign", "request_reassign"]
    [new] = assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True, new_units=[transport])
    assert new.role == AssignmentRole.LEAD
    # The transport bureau leads now, beside the same co-unit; the education bureau's part is withdrawn.
    assert _parts(proposal) == [("长春市教育局", AssignmentRole.LEAD, AssignmentState.WITHDRAWN),
                                ("长春市卫生健康委员会", AssignmentRole.CO, AssignmentState.ASSIGNED),
                                ("长春市交通运输局", AssignmentRole.LEAD, AssignmentState.ASSIGNED)]
    assert _history(proposal) == ["assign", "request_reassign", "decide_reassign"]
    assert _todo(tina, "handle") == [f"长春市交通运输局办理答复：{proposal.title}"]
