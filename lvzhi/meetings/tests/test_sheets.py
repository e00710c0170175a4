"""Sheets: creating, inviting from the roster, opening with a code, closing (everyone still invited is absent)."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.accounts.permissions import record_denial
from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.meetings.models import Attendance, SheetKind, SheetState, Status
from lvzhi.meetings.services import sheets
from lvzhi.meetings.testing import add_standing_member, make_sheet
from lvzhi.organisation import services as org
from lvzhi.testing import World


def test_staff_create_a_sheet_and_it_is_audited(world: World) -> None:
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.TRAINING,
                                title="  委員履職能力培訓班 ", date=datetime.date(2026, 3, 5), place="市政协会议室")
    assert sheet.state == SheetState.DRAFT and sheet.title == "委員履職能力培訓班" and sheet.year == 2026
    assert "委员履职能力培训班" in sheet.search_text
    assert AuditEvent.objects.filter(action="meetings.create", object_id=str(sheet.pk)).exists()


@pytest.mark.parametrize("who", ["alice", "pete", "leo", "olga", "sam"])
def test_only_office_staff_of_the_committee_create_sheets(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied) as refused:
        sheets.sheet_create(actor=world.users[who], committee=world.city, kind=SheetKind.OTHER, title="活动",
                            date=datetime.date(2026, 3, 5))
    record_denial(refused.value)  # what the request's error handler does after the rollback
    assert AuditEvent.objects.filter(action="access.denied", actor=world.users[who]).exists()


def test_empty_or_long_title_and_a_double_submit_are_refused(world: World) -> None:
    day = datetime.date(2026, 3, 5)
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="  ", date=day)
    assert error.value.message_dict["title"] == ["请填写会议名称。"]
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="长" * 201, date=day)
    assert error.value.message_dict["title"] == ["会议名称不能超过 200 个字。"]
    sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="视察活动", date=day)
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="视察活动", date=day)
    assert "请勿重复创建" in error.value.message_dict["title"][0]


def test_a_plenary_has_at_most_one_sheet_named_after_it(world: World) -> None:
    session = org.session_create(actor=None, term=world.city_term, number=2, start_date=datetime.date(2026, 1, 8),
                                 end_date=datetime.date(2026, 1, 11), check_actor=False)
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.PLENARY, session=session)
    assert sheet.title == "十五届二次会议" and sheet.date == datetime.date(2026, 1, 8)
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.PLENARY, session=session)
    assert error.value.message_dict["session"] == ["该全体会议已有签到表。"]
    with pytest.raises(ValidationError) as error:
        sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.STANDING, session=session,
                            title="x", date=datetime.date(2026, 2, 1))
    assert error.value.message_dict["session"] == ["只有全体会议的签到表才能关联全体会议。"]


def test_invite_by_scope_and_twice_adds_nobody_twice(world: World) -> None:
    standing = add_standing_member(world)
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.STANDING, title="常委会",
                                date=datetime.date(2026, 4, 1))
    assert sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="standing") == 1
    assert list(Attendance.objects.filter(sheet=sheet).values_list("person", flat=True)) == [standing.pk]
    assert sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all") == 2
    assert sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all") == 0
    sheet.refresh_from_db()
    assert sheet.invited_count == 3 and sheet.pending_count == 3


def test_inviting_someone_off_the_roster_is_refused(world: World) -> None:
    from lvzhi.members.services import person_create

    stranger = person_create(actor=None, check_actor=False, name="路人甲")
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="调研",
                                date=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="people", people=[stranger])
    assert error.value.message_dict["people"] == ["路人甲不是本届在任委员，不能邀请。"]


def test_open_needs_invitations_and_gives_a_six_digit_code(world: World) -> None:
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="调研",
                                date=timezone.localdate())
    with pytest.raises(ValidationError, match="还没有邀请参会人员"):
        sheets.sheet_open(actor=world.carol, sheet=sheet)
    sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all")
    sheets.sheet_open(actor=world.carol, sheet=sheet)
    assert sheet.state == SheetState.OPEN and len(sheet.code) == 6 and sheet.code.isdigit()
    old = sheet.code
    sheets.sheet_open(actor=world.carol, sheet=sheet)  # a double click changes nothing
    assert sheet.code == old
    sheets.sheet_new_code(actor=world.carol, sheet=sheet)
    assert sheet.code != old


def test_stale_edit_is_refused(world: World) -> None:
    sheet = make_sheet(world)
    version = sheet.version
    sheets.sheet_update(actor=world.carol, sheet=sheet, expected_version=version, place="一楼会议室",
                        start_time=datetime.time(9, 0), end_time=datetime.time(11, 30))
    assert AuditEvent.objects.filter(action="meetings.edit", after__start_time="09:00").exists()
    with pytest.raises(ValidationError, match="已被他人修改"):
        sheets.sheet_update(actor=world.carol, sheet=sheet, expected_version=version, place="二楼会议室")


def test_close_marks_the_missing_absent_in_the_duty_record(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    sheets.sheet_close(actor=world.carol, sheet=sheet)
    assert sheet.state == SheetState.CLOSED and sheet.code == ""
    assert set(Attendance.objects.filter(sheet=sheet).values_list("status", flat=True)) == {Status.ABSENT}
    assert DutyRecord.objects.filter(person=world.people["alice"], kind=DutyKind.ATTENDANCE_ABSENT).count() == 1
    assert sheet.absent_count == 2
    sheets.sheet_close(actor=world.carol, sheet=sheet)  # twice: nothing more
    with pytest.raises(ValidationError, match="签到表当前为“已结束”，不能邀请参会人员"):
        sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all")


def test_close_waits_for_pending_leave_requests(world: World) -> None:
    from lvzhi.meetings.services import attendance

    sheet = make_sheet(world, open_it=True)
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    attendance.leave_request(actor=world.alice, attendance=line, reason="出差")
    with pytest.raises(ValidationError, match="还有 1 条请假申请未审批"):
        sheets.sheet_close(actor=world.carol, sheet=sheet)


def test_uninvite_takes_a_line_off(world: World) -> None:
    sheet = make_sheet(world)
    line = Attendance.objects.get(sheet=sheet, person=world.people["bob"])
    sheets.attendance_uninvite(actor=world.carol, attendance=line)
    sheet.refresh_from_db()
    assert sheet.invited_count == 1
