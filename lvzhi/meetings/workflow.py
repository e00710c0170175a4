"""The attendance workflows, declared once: the sheet's moves (SHEET, over its states) and the moves on one
person's line (LINE, over the attendance statuses, each allowed only while the sheet is in some states), with each
move's label, sources, target and who makes it.

Services make a move through its table (`SHEET.apply(sheet, ...)`, `LINE.apply(attendance, ...)`), which checks the
state (and, for a line, its sheet's state) and the actor and sets the target; `check` only answers, and screens ask
`allowed_moves` which buttons to show. A move not in these tables cannot happen.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from lvzhi import workflows
from lvzhi.duty.models import DutyEvent, DutyKind
from lvzhi.meetings.models import SheetEvent, SheetKind, SheetState, SpeechKind, Status
from lvzhi.workflows import move as _m


class Role:
    MEMBER = "member"  # the invited member, for themselves (meeting.attend)
    STAFF = "staff"  # 办公室 staff of the sheet's committee (meeting.manage)


_D, _O, _C = SheetState.DRAFT, SheetState.OPEN, SheetState.CLOSED
_I, _P, _E, _A = Status.INVITED, Status.PRESENT, Status.EXCUSED, Status.ABSENT

SHEET = workflows.Workflow("签到表", SheetState, [
    _m("edit", "修改", {_D, _O}, None, Role.STAFF),
    _m("invite", "邀请参会人员", {_D, _O}, None, Role.STAFF),
    _m("open", "开始签到", {_D}, _O, Role.STAFF),
    _m("new_code", "更换签到码", {_O}, None, Role.STAFF),
    _m("close", "结束签到", {_O}, _C, Role.STAFF),
], quoted=False)


@dataclass(frozen=True)
class LineMove(workflows.Move):
    """A move on one person's line: `sources`, `target` and `ends` are attendance statuses; `sheet_states`, the
    states the sheet must be in."""

    sheet_states: frozenset[str] = frozenset()


def _line(name: str, label: str, statuses: set[str], target: str | None, sheet_states: set[str], actor: str,
          ends: Iterable[str] = ()) -> LineMove:
    return LineMove(name, label, frozenset(statuses), target, (actor,), ends=frozenset(ends),
                    sheet_states=frozenset(sheet_states))


class LineWorkflow(workflows.Workflow):
    """The moves on a line: the line's status is the state; its sheet's state is checked first, with the sheet's
    own refusal ("签到表当前为“筹备中”，不能签到。")."""

    def check(self, move_name: str, state: str, *, actor_role: str | None = None,
              sheet_state: str | None = None) -> workflows.Move:
        found = self.moves.get(move_name)
        if isinstance(found, LineMove) and sheet_state is not None and sheet_state not in found.sheet_states:
            raise ValidationError(SHEET.refusal(found, sheet_state))
        return super().check(move_name, state, actor_role=actor_role)

    def apply(self, obj: Any, move_name: str, *, actor_role: str, target: str | None = None) -> workflows.Move:
        self.check(move_name, getattr(obj, self.state_field), actor_role=actor_role, sheet_state=obj.sheet.state)
        return super().apply(obj, move_name, actor_role=actor_role, target=target)


# Statuses a staff correction may set (back to "invited" is not a correction).
CORRECTABLE_TO = (_P, _E, _A)

LINE = LineWorkflow("该人员", Status, [
    _line("uninvite", "取消邀请", {_I}, None, {_D, _O}, Role.STAFF),  # the line is deleted
    _line("sign_in", "签到", {_I, _E}, _P, {_O}, Role.MEMBER),
    _line("staff_sign_in", "代为签到", {_I, _E}, _P, {_O}, Role.STAFF),
    _line("request_leave", "请假", {_I}, None, {_D, _O}, Role.MEMBER),
    _line("decide_leave", "审批请假", {_I}, None, {_D, _O}, Role.STAFF, ends={_I, _E}),  # approved → excused
    _line("correct", "更正出席情况", {_I, _P, _E, _A}, None, {_O, _C}, Role.STAFF, ends=CORRECTABLE_TO),
], quoted=False, state_field="status")

MOVES: dict[str, workflows.Move] = {**SHEET.moves, **LINE.moves}
# The sheet's history: its moves and its lines' moves, and the other kind of row it records.
EVENT_LABELS: dict[str, str] = {**SHEET.labels(), **LINE.labels(), "create": "创建签到表"}

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
# The occasion scoring sees (履职量化考核 tells the plenary and the standing committee from other meetings).
DUTY_EVENT_FOR_SHEET: dict[str, str] = {
    SheetKind.PLENARY: DutyEvent.PLENARY,
    SheetKind.STANDING: DutyEvent.STANDING,
    SheetKind.CHAIRS: DutyEvent.MEETING,
    SheetKind.TRAINING: DutyEvent.STUDY,
    SheetKind.OTHER: DutyEvent.MEETING,
}
# Sheets that count as held in the figures.
HELD_STATES = frozenset({SheetState.OPEN, SheetState.CLOSED})


def duty_kind(sheet_kind: str, status: str) -> str | None:
    if status == Status.PRESENT and sheet_kind == SheetKind.TRAINING:
        return DutyKind.TRAINING
    return DUTY_FOR_STATUS.get(status)  # type: ignore[call-overload]


def allowed_moves(sheet_state: str, status: str | None = None, actor: str | None = None) -> list[workflows.Move]:
    """Moves possible now: on the sheet when `status` is None, else on a line in that status."""
    if status is None:
        return SHEET.allowed(sheet_state, actor)
    return [m for m in LINE.allowed(status, actor) if isinstance(m, LineMove) and sheet_state in m.sheet_states]
SheetEvent.labels = EVENT_LABELS
