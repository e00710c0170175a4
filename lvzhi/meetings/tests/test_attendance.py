"""Signing in (by code, by staff), leave requests and decisions, corrections — and the duty record in step."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.meetings.models import Attendance, LeaveState, SheetKind, SignInMethod, Status
from lvzhi.meetings.services import attendance as svc
from lvzhi.meetings.services import sheets
from lvzhi.meetings.testing import make_sheet
from lvzhi.testing import World


def _line(sheet, world: World, who: str = "alice") -> Attendance:
    return Attendance.objects.select_related("sheet", "person").get(sheet=sheet, person=world.people[who])


def _duty(world: World, who: str = "alice") -> list[str]:
    return list(DutyRecord.objects.filter(person=world.people[who]).values_list("kind", flat=True))


def test_member_signs_in_with_the_code_once(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    line, already = svc.attendance_sign_in(actor=world.alice, attendance=_line(sheet, world), code=sheet.code)
    assert not already and line.status == Status.PRESENT and line.sign_in_method == SignInMethod.CODE
    assert _duty(world) == [DutyKind.ATTENDANCE_PRESENT]
    line, already = svc.attendance_sign_in(actor=world.alice, attendance=_line(sheet, world), code=sheet.code)
    assert already and DutyRecord.objects.filter(person=world.people["alice"]).count() == 1
    sheet.refresh_from_db()
    assert sheet.present_count == 1


def test_wrong_and_expired_codes_are_told_plainly(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    wrong = "000000" if sheet.code != "000000" else "111111"
    with pytest.raises(ValidationError) as error:
        svc.attendance_sign_in(actor=world.alice, attendance=_line(sheet, world), code=wrong)
    assert error.value.message_dict["code"] == ["签到码不正确或已失效，请核对会场公布的签到码。"]
    yesterday = make_sheet(world, title="昨天的会", date=timezone.localdate() - datetime.timedelta(days=1),
                           open_it=True)
    with pytest.raises(ValidationError) as error:
        svc.attendance_sign_in(actor=world.alice, attendance=_line(yesterday, world), code=yesterday.code)
    assert error.value.message_dict["code"] == ["签到码已失效：只能在会议当天签到。"]
    assert _line(sheet, world).status == Status.INVITED


def test_finding_the_line_by_code_alone(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    assert svc.own_line_for_code(actor=world.alice, code=sheet.code).sheet_id == sheet.pk
    wrong = "000000" if sheet.code != "000000" else "111111"
    with pytest.raises(ValidationError):
        svc.own_line_for_code(actor=world.alice, code=wrong)
    assert AuditEvent.objects.filter(action="meetings.sign_in", outcome="failure", actor=world.alice).count() == 1
    with pytest.raises(ValidationError) as error:
        svc.own_line_for_code(actor=world.alice, code="12ab")
    assert error.value.message_dict["code"] == ["请输入会场公布的 6 位数字签到码。"]
    with pytest.raises(PermissionDenied):
        svc.own_line_for_code(actor=world.carol, code=sheet.code)


def test_too_many_wrong_codes_pause_sign_in(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    wrong = "000000" if sheet.code != "000000" else "111111"
    for _ in range(svc.CODE_ATTEMPTS):
        with pytest.raises(ValidationError):
            svc.own_line_for_code(actor=world.alice, code=wrong)
    with pytest.raises(ValidationError, match="输错次数过多"):
        svc.own_line_for_code(actor=world.alice, code=sheet.code)


def test_nobody_signs_in_for_someone_else_by_code(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    with pytest.raises(PermissionDenied):
        svc.attendance_sign_in(actor=world.bob, attendance=_line(sheet, world), code=sheet.code)


def test_sign_in_before_open_or_after_close(world: World) -> None:
    sheet = make_sheet(world)
    with pytest.raises(ValidationError, match="签到尚未开始"):
        svc.attendance_sign_in(actor=world.alice, attendance=_line(sheet, world), code="123456")
    sheets.sheet_open(actor=world.carol, sheet=sheet)
    sheets.sheet_close(actor=world.carol, sheet=sheet)
    with pytest.raises(ValidationError, match="签到已结束"):
        svc.attendance_sign_in(actor=world.alice, attendance=_line(sheet, world), code="123456")


def test_staff_sign_in_and_training_counts_as_training(world: World) -> None:
    sheet = make_sheet(world, kind=SheetKind.TRAINING, title="学习培训", open_it=True)
    line, already = svc.attendance_staff_sign_in(actor=world.carol, attendance=_line(sheet, world))
    assert not already and line.sign_in_method == SignInMethod.STAFF and line.signed_in_by == world.carol
    assert _duty(world) == [DutyKind.TRAINING]
    with pytest.raises(PermissionDenied):
        svc.attendance_staff_sign_in(actor=world.sam, attendance=_line(sheet, world, "bob"))
    with pytest.raises(PermissionDenied):
        svc.attendance_staff_sign_in(actor=world.olga, attendance=_line(sheet, world, "bob"))


def test_leave_request_and_approval(world: World) -> None:
    sheet = make_sheet(world)
    line = svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="因公出差")
    assert line.leave_state == LeaveState.REQUESTED and line.status == Status.INVITED
    svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="因公出差")  # twice: same
    with pytest.raises(ValidationError, match="正在等待审批"):
        svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="另一理由")
    line = svc.leave_decide(actor=world.carol, attendance=_line(sheet, world), approve=True)
    assert line.status == Status.EXCUSED and _duty(world) == [DutyKind.ATTENDANCE_EXCUSED]
    with pytest.raises(ValidationError, match="您的请假已获批准"):
        svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="因公出差")


def test_rejection_needs_remarks_and_leaves_the_invitation(world: World) -> None:
    sheet = make_sheet(world)
    svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="家中有事")
    with pytest.raises(ValidationError) as error:
        svc.leave_decide(actor=world.carol, attendance=_line(sheet, world), approve=False)
    assert error.value.message_dict["remarks"] == ["不批准请假须填写审批意见。"]
    line = svc.leave_decide(actor=world.carol, attendance=_line(sheet, world), approve=False, remarks="本次会议须出席")
    assert line.leave_state == LeaveState.REJECTED and line.status == Status.INVITED and _duty(world) == []


def test_leave_needs_a_reason_and_a_future_meeting(world: World) -> None:
    sheet = make_sheet(world)
    with pytest.raises(ValidationError, match="请填写请假事由"):
        svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason=" ")
    with pytest.raises(ValidationError, match="请假事由不能超过 500 个字"):
        svc.leave_request(actor=world.alice, attendance=_line(sheet, world), reason="事" * 501)
    past = make_sheet(world, title="上周的会", date=timezone.localdate() - datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="会议日期已过"):
        svc.leave_request(actor=world.alice, attendance=_line(past, world), reason="出差")
    with pytest.raises(PermissionDenied):
        svc.leave_request(actor=world.bob, attendance=_line(sheet, world), reason="代人请假")
    with pytest.raises(ValidationError, match="没有待审批的请假申请"):
        svc.leave_decide(actor=world.carol, attendance=_line(sheet, world, "bob"), approve=True)


def test_correction_needs_a_reason_and_moves_the_duty_row(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    sheets.sheet_close(actor=world.carol, sheet=sheet)
    line = _line(sheet, world)
    assert _duty(world) == [DutyKind.ATTENDANCE_ABSENT]
    with pytest.raises(ValidationError, match="请填写更正理由"):
        svc.attendance_correct(actor=world.carol, attendance=line, status=Status.PRESENT, reason="")
    with pytest.raises(ValidationError) as error:
        svc.attendance_correct(actor=world.carol, attendance=line, status=Status.ABSENT, reason="核对")
    assert error.value.message_dict["status"] == ["出席情况没有变化。"]
    line = svc.attendance_correct(actor=world.carol, attendance=line, status=Status.PRESENT, reason="纸质签到表补录",
                                  expected_version=line.version)
    assert line.status == Status.PRESENT and _duty(world) == [DutyKind.ATTENDANCE_PRESENT]
    with pytest.raises(ValidationError, match="已被他人修改"):
        svc.attendance_correct(actor=world.carol, attendance=line, status=Status.EXCUSED, reason="x",
                               expected_version=line.version - 1)
    sheet.refresh_from_db()
    assert (sheet.present_count, sheet.absent_count) == (1, 1)
