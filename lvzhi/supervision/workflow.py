"""The closed loop of a supervised matter, declared once: 摸清情况 → 提出意见 → 反馈办理情况 → 核实确认效果.

A matter is closed only by verification; 未达效果 sends it back to the department with a new deadline.
Services look the move up here (`check_move`); screens ask `allowed_moves` for the buttons to show.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from lvzhi.supervision.models import MatterState, PlanState

DEFAULT_FEEDBACK_DAYS = 30


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    hint: str  # what the move means, shown beside the button


def _m(name: str, label: str, sources: set[str], target: str | None, hint: str) -> Move:
    return Move(name, label, frozenset(sources), target, hint)


MOVES: dict[str, Move] = {m.name: m for m in [
    _m("edit", "修改事项", {MatterState.FACT_FINDING, MatterState.OPINIONS_ISSUED}, None,
       "修改监督事项名称和实际情况。"),
    _m("issue_opinions", "提出监督意见", {MatterState.FACT_FINDING}, MatterState.OPINIONS_ISSUED,
       "摸清实际情况后，向被监督单位提出监督意见，并确定反馈期限。"),
    _m("record_feedback", "登记反馈", {MatterState.OPINIONS_ISSUED}, MatterState.FEEDBACK_RECEIVED,
       "登记被监督单位反馈的办理情况。"),
    _m("verify", "核实确认", {MatterState.FEEDBACK_RECEIVED}, MatterState.VERIFIED,
       "监督组核实确认整改效果，事项办结。"),
    _m("reject_effect", "未达效果", {MatterState.FEEDBACK_RECEIVED}, MatterState.OPINIONS_ISSUED,
       "核实未达预期效果，退回被监督单位继续办理并重新确定反馈期限。"),
]}

PLAN_MOVES: dict[str, Move] = {m.name: m for m in [
    _m("approve", "审定计划", {PlanState.DRAFT}, PlanState.APPROVED, "年度计划经审定后执行。"),
]}

CLOSED_STATES = frozenset({MatterState.VERIFIED})
# The step that comes next in each state, for the matter page (“下一步”).
NEXT_STEP = {
    MatterState.FACT_FINDING: "监督组摸清实际情况后提出监督意见",
    MatterState.OPINIONS_ISSUED: "等待被监督单位反馈办理情况",
    MatterState.FEEDBACK_RECEIVED: "监督组核实确认整改效果",
    MatterState.VERIFIED: "已核实确认，事项办结",
}


def check_move(move_name: str, state: str, moves: dict[str, Move] | None = None, noun: str = "监督事项") -> Move:
    """The move, if it may be made from `state`; otherwise a ValidationError saying why, in Chinese."""
    table = MOVES if moves is None else moves
    move = table.get(move_name)
    if move is None:
        raise ValidationError("未知的操作。")
    if state not in move.sources:
        labels = dict(MatterState.choices) | dict(PlanState.choices)
        raise ValidationError(f"{noun}当前为“{labels.get(state, state)}”，不能执行“{move.label}”。")
    return move


def allowed_moves(state: str) -> list[Move]:
    return [m for m in MOVES.values() if state in m.sources]
