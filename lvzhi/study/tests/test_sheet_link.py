"""Attendance through an existing sign-in sheet: the sheet's present lines count, and the duty records are the
sheet's (one per member), never written a second time here."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetKind
from lvzhi.meetings.services import attendance, sheets
from lvzhi.study.models import SessionKind
from lvzhi.study.services import sessions
from lvzhi.study.tests.support import days_ago, held_session, training_records
from lvzhi.testing import World


def training_sheet(world: World, kind: str = SheetKind.TRAINING, title: str = "专题学习签到") -> AttendanceSheet:
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=kind, title=title, date=days_ago(3))
    sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all")
    sheets.sheet_open(actor=world.carol, sheet=sheet)
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    attendance.attendance_staff_sign_in(actor=world.carol, attendance=line)
    sheet.refresh_from_db()
    return sheet


def test_a_linked_sheet_gives_the_attendees_without_a_second_duty_record(world: World) -> None:
    alice = world.people["alice"]
    sheet = training_sheet(world)
    assert len(training_records(alice)) == 1  # the sheet's line wrote it
    session = held_session(world)
    sessions.session_link_sheet(actor=world.carol, session=session, sheet=sheet, expected_version=session.version)
    session.refresh_from_db()
    assert session.members_present == 1 and session.person_times == 1
    assert len(training_records(alice)) == 1
    assert DutyRecord.objects.get(person=alice, kind=DutyKind.TRAINING).source_type == "meetings.attendance"
    with pytest.raises(ValidationError, match="以签到表为准"):
        sessions.session_set_roll(actor=world.carol, session=session, members=[alice])
    sessions.session_set_roll(actor=world.carol, session=session, members=[], non_member_count=30)
    session.refresh_from_db()
    assert session.person_times == 31
    # A second session may not take the same sheet.
    other = held_session(world, title="另一场专题学习")
    with pytest.raises(ValidationError, match="已关联其他学习培训活动"):
        sessions.session_link_sheet(actor=world.carol, session=other, sheet=sheet)


def test_which_sheets_may_be_linked(world: World) -> None:
    other_kind = training_sheet(world, kind=SheetKind.OTHER, title="读书活动签到")
    session = held_session(world)
    with pytest.raises(ValidationError, match="只能关联“学习培训”类型的签到表"):
        sessions.session_link_sheet(actor=world.carol, session=session, sheet=other_kind)
    sheet = training_sheet(world)
    sessions.session_set_roll(actor=world.carol, session=session, members=[world.people["bob"]])
    with pytest.raises(ValidationError, match="请先清空名单"):
        sessions.session_link_sheet(actor=world.carol, session=session, sheet=sheet)
    klass = sessions.session_create(actor=world.carol, committee=world.city, kind=SessionKind.CLASS,
                                    title="委员培训班", date=days_ago(3), end_date=days_ago(1))
    with pytest.raises(ValidationError, match="培训班以学员名单为准"):
        sessions.session_link_sheet(actor=world.carol, session=klass, sheet=sheet)
    later = held_session(world, title="改日学习", day=days_ago(20))
    with pytest.raises(ValidationError, match="日期与本场活动的日期不一致"):
        sessions.session_link_sheet(actor=world.carol, session=later, sheet=sheet)
