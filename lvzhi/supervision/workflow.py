"""The closed loop of a supervised matter, declared once: 摸清情况 → 提出意见 → 反馈办理情况 → 核实确认效果.

A matter is closed only by verification; 未达效果 sends it back to the department with a new deadline.
Services make a move through `MATTER.apply(matter, move, actor_role=...)` (or `PLAN.apply`), which checks the state
and the actor and sets the target; `check_move` only answers; screens ask `allowed_moves` for the buttons to show.
"""
from __future__ import annotations

from lvzhi.supervision.models import MatterState, MatterStep, PlanState
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m

DEFAULT_FEEDBACK_DAYS = 30


class Role:
    # 民主监督 staff holding supervision.manage: they record each step of the loop for the group (the department's
    # feedback too, as the committee received it).
    STAFF = "staff"


MATTER = Workflow("监督事项", MatterState, [
    _m("edit", "修改事项", {MatterState.FACT_FINDING, MatterState.OPINIONS_ISSUED}, None, Role.STAFF,
       hint="修改监督事项名称和实际情况。"),
    _m("issue_opinions", "提出监督意见", {MatterState.FACT_FINDING}, MatterState.OPINIONS_ISSUED, Role.STAFF,
       hint="摸清实际情况后，向被监督单位提出监督意见，并确定反馈期限。"),
    _m("record_feedback", "登记反馈", {MatterState.OPINIONS_ISSUED}, MatterState.FEEDBACK_RECEIVED, Role.STAFF,
       hint="登记被监督单位反馈的办理情况。"),
    _m("verify", "核实确认", {MatterState.FEEDBACK_RECEIVED}, MatterState.VERIFIED, Role.STAFF,
       hint="监督组核实确认整改效果，事项办结。"),
    _m("reject_effect", "未达效果", {MatterState.FEEDBACK_RECEIVED}, MatterState.OPINIONS_ISSUED, Role.STAFF,
       hint="核实未达预期效果，退回被监督单位继续办理并重新确定反馈期限。"),
])

PLAN = Workflow("年度计划", PlanState, [
    _m("approve", "审定计划", {PlanState.DRAFT}, PlanState.APPROVED, Role.STAFF, hint="年度计划经审定后执行。"),
])

CLOSED_STATES = frozenset({MatterState.VERIFIED})
# The step that comes next in each state, for the matter page (“下一步”).
NEXT_STEP = {
    MatterState.FACT_FINDING: "监督组摸清实际情况后提出监督意见",
    MatterState.OPINIONS_ISSUED: "等待被监督单位反馈办理情况",
    MatterState.FEEDBACK_RECEIVED: "监督组核实确认整改效果",
    MatterState.VERIFIED: "已核实确认，事项办结",
}


MOVES: dict[str, Move] = MATTER.moves
# The matter's history: its moves, and the other kind of row it records.
EVENT_LABELS: dict[str, str] = {**MATTER.labels(), "create": "登记事项"}
PLAN_MOVES: dict[str, Move] = PLAN.moves
check_move = MATTER.check
allowed_moves = MATTER.allowed
MatterStep.labels = EVENT_LABELS
