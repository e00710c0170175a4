"""办前/办中/办后见面 records: by the assigned unit or proposal staff, never in the future."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.proposals.models import Contact, ContactPhase, Proposal, State
from lvzhi.proposals.services.handling import assignment_decide_reassign, assignment_request_reassign, contact_record
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, today


def record(actor, assignment, **overrides):
    data = {"phase": ContactPhase.BEFORE, "date": today(), "way": "当面座谈", "participants": "艾丽、吴敏",
            "summary": "听取提案人对社区养老的具体意见。"}
    data.update(overrides)
    return contact_record(actor=actor, assignment=assignment, **data)


def test_unit_and_staff_record_contacts(world):
    _, [a] = assigned(world)
    first = record(world.uma, a)
    second = record(world.pete, a, phase=ContactPhase.DURING, way="电话")
    assert list(Contact.objects.filter(assignment=a)) == [first, second]
    assert first.recorded_by == world.uma


def test_contact_checks(world):
    hank = make_unit_staff(world, "hank", make_unit(world))
    _, [a] = assigned(world)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(world.uma, a, date=today() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="请选择办前、办中或办后见面"):
        record(world.uma, a, phase="later")
    with pytest.raises(ValidationError, match="请填写内容摘要"):
        record(world.uma, a, summary="")
    for who in (hank, world.alice, world.olga):
        with pytest.raises(PermissionDenied):
            record(who, a)


def test_no_contacts_on_a_withdrawn_assignment(world):
    health = make_unit(world)
    _, [a] = assigned(world)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="非我局职责")
    assignment_decide_reassign(actor=world.pete, assignment=a, approve=True, new_units=[health])
    with pytest.raises(ValidationError, match="已调整撤回"):
        record(world.uma, a)


def test_no_contacts_before_assignment_or_after_withdrawal_of_the_proposal(world):
    proposal, [a] = assigned(world)
    Proposal.objects.filter(pk=proposal.pk).update(state=State.WITHDRAWN)  # a state no move leads to from here
    with pytest.raises(ValidationError, match="不能执行“记录见面沟通”"):
        record(world.uma, a)
