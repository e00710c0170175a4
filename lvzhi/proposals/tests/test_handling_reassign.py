"""Re-assignment requests (申请调整) within the window, and the staff's decision."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.proposals.models import AssignmentRole, AssignmentState, ProposalEvent, State
from lvzhi.proposals.services.handling import assignment_decide_reassign, assignment_request_reassign
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, shift_assignment, today


def test_unit_asks_and_staff_approve_with_a_new_unit(world):
    health = make_unit(world)
    proposal, [a] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="本提案涉及医疗机构，非我局职责")
    a.refresh_from_db()
    assert a.state == AssignmentState.REASSIGN_REQUESTED and a.reassign_reason.startswith("本提案")
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
    assert list(ProposalEvent.objects.filter(proposal=proposal).values_list("action", flat=True)) == [
        "assign", "request_reassign", "decide_reassign"]


def test_refusal_sends_it_back_to_the_unit(world):
    _, [a] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    assert assignment_decide_reassign(actor=world.pete, assignment=a, approve=False, remarks="请按期办理") == []
    a.refresh_from_db()
    assert a.state == AssignmentState.ASSIGNED


def test_request_after_the_window_is_refused(world):
    _, [a] = assigned(world)
    shift_assignment(a, 8)
    with pytest.raises(ValidationError, match=r"已超过申请调整期限（交办后 7 日内），请按期办理"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")


def test_last_day_of_the_window_is_allowed(world):
    _, [a] = assigned(world)
    shift_assignment(a, 7)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")


def test_reason_is_required_and_requests_are_not_repeated(world):
    _, [a] = assigned(world)
    with pytest.raises(ValidationError, match="请说明申请调整的理由"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="  ")
    assignment_request_reassign(actor=world.uma, assignment=a, reason="不属我局职责")
    with pytest.raises(ValidationError, match="不能申请调整"):
        assignment_request_reassign(actor=world.uma, assignment=a, reason="再次申请")


def test_only_the_assigned_units_staff_may_ask(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    _, [a] = assigned(world)
    for who in (hank, world.pete, world.alice, world.olga):
        with pytest.raises(PermissionDenied):
            assignment_request_reassign(actor=who, assignment=a, reason="不属我局职责")


def test_decision_checks(world):
    health = make_unit(world)
    transport = make_unit(world, "长春市交通运输局")
    _, [lead, co] = assigned(world, mode="lead", co_units=[health])
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
    [new] = assignment_decide_reassign(actor=world.pete, assignment=lead, approve=True, new_units=[transport])
    assert new.role == AssignmentRole.LEAD
