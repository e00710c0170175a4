"""列席 and 旁听庭审: recorded once, in each attendee's duty record, removed with it."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.supervision.models import AttendanceKind
from lvzhi.supervision.services import attendance
from lvzhi.supervision.tests.support import days_ago
from lvzhi.testing import World


def test_attendance_lands_in_duty_records(world: World) -> None:
    row = attendance.attendance_create(
        actor=world.carol, committee=world.city, kind=AttendanceKind.GOVERNMENT_MEETING, body="长春市人民政府",
        title="第12次常务会议", date=days_ago(2), attendees=[world.people["alice"], world.people["bob"]])
    records = DutyRecord.objects.filter(kind=DutyKind.ATTEND_OUTSIDE)
    assert records.count() == 2
    first = records.first()
    assert first is not None and first.title == "列席政府常务会议：第12次常务会议"
    with pytest.raises(ValidationError, match="已经登记"):
        attendance.attendance_create(
            actor=world.carol, committee=world.city, kind=AttendanceKind.GOVERNMENT_MEETING, body="长春市人民政府",
            title="第12次常务会议", date=days_ago(2), attendees=[world.people["alice"]])
    attendance.attendance_delete(actor=world.carol, attendance=row)
    assert not records.exists()


def test_refusals(world: World) -> None:
    kw: dict[str, Any] = {"committee": world.city, "kind": AttendanceKind.COURT_HEARING, "body": "朝阳区人民法院",
          "title": "庭审", "date": days_ago(1), "attendees": [world.people["alice"]]}
    with pytest.raises(ValidationError, match="请选择参加的委员"):
        attendance.attendance_create(actor=world.carol, **{**kw, "attendees": []})
    with pytest.raises(ValidationError, match="只能登记已经参加"):
        attendance.attendance_create(actor=world.carol, **{**kw, "date": days_ago(-3)})
    with pytest.raises(ValidationError, match="请选择类别"):
        attendance.attendance_create(actor=world.carol, **{**kw, "kind": "party"})
    for name in ("alice", "olga", "leo"):
        with pytest.raises(PermissionDenied):
            attendance.attendance_create(actor=world.users[name], **kw)
