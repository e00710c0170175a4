"""The attendance tables are what the services do: each declared move on a sheet (SHEET) or on one person's line
(LINE), made through its real service, leaves the record in one of the move's declared outcomes; the line table
checks the sheet's state and the actor; and the services that used to skip the version check refuse a stale one."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from lvzhi.meetings import workflow
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetState, Status
from lvzhi.meetings.services import attendance, sheets
from lvzhi.meetings.testing import make_sheet
from lvzhi.testing import World

Record = AttendanceSheet | Attendance


def _line(world: World, sheet: AttendanceSheet, who: str = "alice") -> Attendance:
    return Attendance.objects.get(sheet=sheet, person=world.people[who])


def _closed(world: World) -> AttendanceSheet:
    return sheets.sheet_close(actor=world.carol, sheet=make_sheet(world, open_it=True))


def _uninvited(world: World) -> Attendance:
    line = _line(world, make_sheet(world))
    sheets.attendance_uninvite(actor=world.carol, attendance=line)
    return line


def _signed_in(world: World) -> Attendance:
    sheet = make_sheet(world, open_it=True)
    line, _ = attendance.attendance_sign_in(actor=world.alice, attendance=_line(world, sheet), code=sheet.code)
    return line


def _asked_leave(world: World) -> Attendance:
    return attendance.leave_request(actor=world.alice, attendance=_line(world, make_sheet(world)), reason="外出学习")


# Each declared move → the real service path that makes it, returning the sheet or line it moved.
SERVICE_FOR_MOVE: dict[str, Callable[[World], Record]] = {
    "edit": lambda w: sheets.sheet_update(actor=w.carol, sheet=make_sheet(w), place="市政协二楼会议室"),
    "invite": make_sheet,
    "open": lambda w: make_sheet(w, open_it=True),
    "new_code": lambda w: sheets.sheet_new_code(actor=w.carol, sheet=make_sheet(w, open_it=True)),
    "close": _closed,
    "uninvite": _uninvited,
    "sign_in": _signed_in,
    "staff_sign_in": lambda w: attendance.attendance_staff_sign_in(
        actor=w.carol, attendance=_line(w, make_sheet(w, open_it=True)))[0],
    "request_leave": _asked_leave,
    "decide_leave": lambda w: attendance.leave_decide(actor=w.carol, attendance=_asked_leave(w), approve=True),
    "correct": lambda w: attendance.attendance_correct(actor=w.carol, attendance=_line(w, _closed(w)),
                                                       status=Status.PRESENT, reason="会前已签纸质签到表"),
}


def test_every_move_has_a_service() -> None:
    assert set(SERVICE_FOR_MOVE) == set(workflow.MOVES) == set(workflow.SHEET.moves) | set(workflow.LINE.moves)


@pytest.mark.parametrize("name", sorted(workflow.MOVES))
def test_the_service_leaves_a_declared_outcome(world: World, name: str) -> None:
    record = SERVICE_FOR_MOVE[name](world)
    if name == "uninvite":  # the move takes the line off the sheet
        assert not Attendance.objects.filter(pk=record.pk).exists()
        return
    record.refresh_from_db()
    state = record.state if isinstance(record, AttendanceSheet) else record.status
    assert state in workflow.MOVES[name].outcomes


def test_a_rejected_leave_stays_invited(world: World) -> None:
    line = attendance.leave_decide(actor=world.carol, attendance=_asked_leave(world), approve=False,
                                   remarks="本次会议须全员出席")
    assert line.status == Status.INVITED and line.status in workflow.LINE.moves["decide_leave"].outcomes


def test_the_line_table_checks_the_sheet_status_and_actor(world: World) -> None:
    sheet = make_sheet(world)
    line = _line(world, sheet)
    with pytest.raises(ValidationError, match="签到表当前为“筹备”，不能签到"):
        workflow.LINE.apply(line, "sign_in", actor_role=workflow.Role.MEMBER)
    sheets.sheet_open(actor=world.carol, sheet=sheet)
    line.refresh_from_db()  # the table reads the line's sheet as it is now
    with pytest.raises(ValidationError, match="您无权签到"):
        workflow.LINE.apply(line, "sign_in", actor_role=workflow.Role.STAFF)
    workflow.LINE.apply(line, "sign_in", actor_role=workflow.Role.MEMBER)
    assert line.status == Status.PRESENT
    with pytest.raises(ValidationError, match="该人员当前为“出席”，不能签到"):
        workflow.LINE.apply(line, "sign_in", actor_role=workflow.Role.MEMBER)
    assert [m.name for m in workflow.allowed_moves(SheetState.OPEN, Status.PRESENT, workflow.Role.STAFF)] == [
        "correct"]


def test_lines_and_codes_refuse_a_stale_version(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    seen = sheet.version
    sheets.sheet_new_code(actor=world.carol, sheet=sheet, expected_version=seen)
    with pytest.raises(ValidationError, match="内容已被他人修改"):
        sheets.sheet_new_code(actor=world.carol, sheet=sheet, expected_version=seen)

    line = _line(world, sheet)
    seen = line.version
    attendance.attendance_correct(actor=world.carol, attendance=line, status=Status.EXCUSED, reason="电话请假",
                                  expected_version=seen)
    with pytest.raises(ValidationError, match="内容已被他人修改"):
        attendance.attendance_staff_sign_in(actor=world.carol, attendance=line, expected_version=seen)
    with pytest.raises(ValidationError, match="内容已被他人修改"):
        sheets.attendance_uninvite(actor=world.carol, attendance=_line(world, sheet, "bob"), expected_version=0)
    line.refresh_from_db()
    assert line.status == Status.EXCUSED
