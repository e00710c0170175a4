"""The attendance workflow, declared once: each move's label, the sheet states and attendance statuses it may
start from, its target, and who makes it.

Services look moves up here (`check_move`) before changing anything; screens ask `allowed_moves` which buttons to
show. A move not in this table cannot happen.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from lvzhi import workflows
from lvzhi.duty.models import DutyKind
from lvzhi.meetings.models import SheetKind, SheetState, SpeechKind, Status


class Actor:
    MEMBER = "member"  # the invited member, for themselves (meeting.attend)
    STAFF = "staff"  # 办公室 staff of the sheet's committee (meeting.manage)


@dataclass(frozen=True)
class Move(workflows.Move):
    """`sources` are the sheet states it may start from; `statuses`, the attendance statuses of the person's line
    (None: a move on the sheet itself). `target` is the sheet state or status it leads to."""

    statuses: frozenset[str] | None = None


def _m(name: str, label: str, sheet_states: set[str], statuses: set[str] | None, target: str | None,
       actor: str) -> Move:
    return Move(name, label, frozenset(sheet_states), target, (actor,),
                statuses=frozenset(statuses) if statuses is not None else None)


_D, _O, _C = SheetState.DRAFT, SheetState.OPEN, SheetState.CLOSED
_I, _P, _E, _A = Status.INVITED, Status.PRESENT, Status.EXCUSED, Status.ABSENT

SHEET = workflows.Workflow("签到表", SheetState, [
    # The sheet.
    _m("edit", "修改", {_D, _O}, None, None, Actor.STAFF),
    _m("invite", "邀请参会人员", {_D, _O}, None, None, Actor.STAFF),
    _m("open", "开始签到", {_D}, None, _O, Actor.STAFF),
    _m("new_code", "更换签到码", {_O}, None, None, Actor.STAFF),
    _m("close", "结束签到", {_O}, None, _C, Actor.STAFF),
    # One person's line.
    _m("uninvite", "取消邀请", {_D, _O}, {_I}, None, Actor.STAFF),
    _m("sign_in", "签到", {_O}, {_I, _E}, _P, Actor.MEMBER),
    _m("staff_sign_in", "代为签到", {_O}, {_I, _E}, _P, Actor.STAFF),
    _m("request_leave", "请假", {_D, _O}, {_I}, None, Actor.MEMBER),
    _m("decide_leave", "审批请假", {_D, _O}, {_I}, None, Actor.STAFF),  # approved → excused
    _m("correct", "更正出席情况", {_O, _C}, {_I, _P, _E, _A}, None, Actor.STAFF),
], quoted=False)
MOVES: dict[str, Move] = SHEET.moves  # type: ignore[assignment]

# What each status writes in the member's duty record (none while only invited); a training counts as TRAINING.
DUTY_FOR_STATUS = {
    Status.PRESENT: DutyKind.ATTENDANCE_PRESENT,
    Status.EXCUSED: DutyKind.ATTENDANCE_EXCUSED,
    Status.ABSENT: DutyKind.ATTENDANCE_ABSENT,
}
ATTENDANCE_DUTY_KINDS = (DutyKind.ATTENDANCE_PRESENT, DutyKind.ATTENDANCE_EXCUSED, DutyKind.ATTENDANCE_ABSENT,
                         DutyKind.TRAINING)
DUTY_FOR_SPEECH = {
    SpeechKind.PLENARY: DutyKind.SPEECH_PLENARY,
    SpeechKind.WRITTEN: DutyKind.SPEECH_WRITTEN,
    SpeechKind.OTHER: DutyKind.SPEECH_OTHER,
}
# Statuses a staff correction may set (back to "invited" is not a correction).
CORRECTABLE_TO = (Status.PRESENT, Status.EXCUSED, Status.ABSENT)
# Sheets that count as held in the figures.
HELD_STATES = frozenset({SheetState.OPEN, SheetState.CLOSED})


def duty_kind(sheet_kind: str, status: str) -> str | None:
    if status == Status.PRESENT and sheet_kind == SheetKind.TRAINING:
        return DutyKind.TRAINING
    return DUTY_FOR_STATUS.get(status)  # type: ignore[call-overload]


def check_move(move_name: str, sheet_state: str, status: str | None = None) -> Move:
    """The move, if it may be made now; otherwise a ValidationError saying why, in Chinese."""
    move: Move = SHEET.check(move_name, sheet_state)  # type: ignore[assignment]
    if move.statuses is not None and status is not None and status not in move.statuses:
        label = Status(status).label if status in Status.values else status
        raise ValidationError(f"该人员当前为“{label}”，不能{move.label}。")
    return move


def allowed_moves(sheet_state: str, status: str | None = None, actor: str | None = None) -> list[Move]:
    """Moves possible now: on the sheet when `status` is None, else on a line in that status."""
    found = []
    for m in MOVES.values():
        if sheet_state not in m.sources or (actor is not None and actor not in m.actors):
            continue
        if (status is None) != (m.statuses is None):
            continue
        if status is not None and m.statuses is not None and status not in m.statuses:
            continue
        found.append(m)
    return found
