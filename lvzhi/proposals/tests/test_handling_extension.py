"""Extension requests (申请延期) up to the longest period the settings allow, and the staff's decision."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.services.handling import assignment_decide_extension, assignment_request_extension
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, today


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def test_approved_extension_moves_the_deadline(world):
    _, [a] = assigned(world)
    assignment_request_extension(actor=world.uma, assignment=a, until=days(150), reason="需开展专项调研")
    a.refresh_from_db()
    assert a.extension_requested_until == days(150) and a.due_date == days(90)
    assignment_decide_extension(actor=world.pete, assignment=a, approve=True, remarks="同意")
    a.refresh_from_db()
    assert a.due_date == days(150) and a.extension_requested_until is None
    event = AuditEvent.objects.filter(action="proposal.decide_extension").latest("id")
    assert event.before["due_date"] == str(days(90)) and event.after["due_date"] == str(days(150))


def test_refused_extension_keeps_the_deadline(world):
    _, [a] = assigned(world)
    assignment_request_extension(actor=world.uma, assignment=a, until=days(120), reason="需开展专项调研")
    assignment_decide_extension(actor=world.pete, assignment=a, approve=False, remarks="请按期答复")
    a.refresh_from_db()
    assert a.due_date == days(90) and a.extension_requested_until is None


def test_extension_bounds(world):
    _, [a] = assigned(world)
    with pytest.raises(ValidationError, match="最长为交办后 180 日"):
        assignment_request_extension(actor=world.uma, assignment=a, until=days(181), reason="调研")
    with pytest.raises(ValidationError, match="应晚于现答复期限"):
        assignment_request_extension(actor=world.uma, assignment=a, until=days(90), reason="调研")
    with pytest.raises(ValidationError, match="请说明申请延期的理由"):
        assignment_request_extension(actor=world.uma, assignment=a, until=days(100), reason="")
    assignment_request_extension(actor=world.uma, assignment=a, until=days(180), reason="调研")
    with pytest.raises(ValidationError, match="已有待审批的延期申请"):
        assignment_request_extension(actor=world.uma, assignment=a, until=days(170), reason="调研")


def test_permissions(world):
    hank = make_unit_staff(world, "hank", make_unit(world))
    _, [a] = assigned(world)
    with pytest.raises(PermissionDenied):
        assignment_request_extension(actor=hank, assignment=a, until=days(100), reason="调研")
    assignment_request_extension(actor=world.uma, assignment=a, until=days(100), reason="调研")
    with pytest.raises(PermissionDenied):
        assignment_decide_extension(actor=world.uma, assignment=a, approve=True)
    with pytest.raises(ValidationError, match="没有待审批的延期申请"):
        assignment_decide_extension(actor=world.pete, assignment=a, approve=True)
        assignment_decide_extension(actor=world.pete, assignment=a, approve=True)
