"""The 协商 workflows, declared once: the plan, the activity and the suggestion's 协商—转化—监督—反馈 loop.

Services make a move through its table (`PLAN.apply(plan, move, actor_role=...)`, `ACTIVITY.apply`,
`SUGGESTION.apply`), which checks the state and the actor and sets the target; `<TABLE>.check` only answers, and
screens ask `<TABLE>.allowed` / `<TABLE>.can` which buttons to show. A move not in these tables cannot happen.
"""
from __future__ import annotations

from lvzhi.consultations.models import ActivityState, ConsultationEvent, PlanState, SuggestionState
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m


class Role:
    # 协商 staff holding consultation.manage: they draft the plan and register the party committee's approval of it,
    # record each activity and carry each suggestion through its loop.
    OFFICE = "office"


_O = Role.OFFICE

PLAN = Workflow("该计划", PlanState, [
    _m("edit", "修改计划", {PlanState.DRAFT}, None, _O),  # title and items: only while drafting
    _m("submit", "报批", {PlanState.DRAFT}, PlanState.SUBMITTED, _O),
    _m("return", "退回修改", {PlanState.SUBMITTED}, PlanState.DRAFT, _O),
    _m("approve", "登记批准", {PlanState.SUBMITTED}, PlanState.APPROVED, _O),
    # Linking an item to the activity that carried it out is how the approved plan is followed.
    _m("link", "关联活动", {PlanState.APPROVED}, None, _O),
], quoted=False)

ACTIVITY = Workflow("该活动", ActivityState, [
    _m("edit", "修改", {ActivityState.PLANNED, ActivityState.HELD}, None, _O),
    _m("participants", "登记参加人员", {ActivityState.PLANNED, ActivityState.HELD}, None, _O),
    _m("materials", "上传材料", {ActivityState.PLANNED, ActivityState.HELD}, None, _O),
    _m("suggest", "登记意见建议", {ActivityState.HELD}, None, _O),
    _m("hold", "确认已举行", {ActivityState.PLANNED}, ActivityState.HELD, _O),
    _m("unhold", "撤销举行", {ActivityState.HELD}, ActivityState.PLANNED, _O),
    _m("close", "办结", {ActivityState.HELD}, ActivityState.CLOSED, _O),
    _m("reopen", "重新打开", {ActivityState.CLOSED}, ActivityState.HELD, _O),
], quoted=False)

_DECIDED = {SuggestionState.ADOPTED, SuggestionState.NOT_ADOPTED, SuggestionState.TRANSFORMED}
SUGGESTION = Workflow("该意见建议", SuggestionState, [
    _m("edit", "修改", {SuggestionState.MADE}, None, _O),
    _m("send", "报送", {SuggestionState.MADE}, SuggestionState.SENT, _O),
    _m("adopt", "采纳", {SuggestionState.SENT}, SuggestionState.ADOPTED, _O),
    _m("reject", "未采纳", {SuggestionState.SENT}, SuggestionState.NOT_ADOPTED, _O),
    _m("transform", "转化", {SuggestionState.ADOPTED}, SuggestionState.TRANSFORMED, _O),
    _m("feed_back", "反馈参加人员", _DECIDED, SuggestionState.FED_BACK, _O),
    _m("instruct", "登记领导批示", {SuggestionState.SENT, *_DECIDED, SuggestionState.FED_BACK}, None, _O),
    _m("follow_up", "登记跟踪督办", {SuggestionState.SENT, *_DECIDED}, None, _O),
    _m("record_solved", "登记解决问题", {*_DECIDED, SuggestionState.FED_BACK}, None, _O),
], quoted=False)

# Suggestions whose loop is still open (shown on the tracking list by default).
OPEN_SUGGESTION_STATES = frozenset({SuggestionState.MADE, SuggestionState.SENT, SuggestionState.ADOPTED,
                                    SuggestionState.TRANSFORMED, SuggestionState.NOT_ADOPTED})

PLAN_MOVES: dict[str, Move] = PLAN.moves
ACTIVITY_MOVES: dict[str, Move] = ACTIVITY.moves
SUGGESTION_MOVES: dict[str, Move] = SUGGESTION.moves
# The histories of a plan and of an activity: their moves, their creation, and the other kinds of row each records.
PLAN_ROWS = {"item_add": "增加议题", "item_update": "修改议题", "item_remove": "删除议题"}
ACTIVITY_ROWS = {"participant_add": "增加参加人员", "participant_update": "修改参加人员", "participant_remove": "删除参加人员",
                 "material_add": "上传材料", "material_remove": "删除材料", "suggestion_add": "登记意见建议"}
PLAN_EVENT_LABELS: dict[str, str] = {**PLAN.labels(), "create": "登记", **PLAN_ROWS}
ACTIVITY_EVENT_LABELS: dict[str, str] = {**ACTIVITY.labels(), "create": "登记", **ACTIVITY_ROWS}
ConsultationEvent.plan_labels = PLAN_EVENT_LABELS
ConsultationEvent.labels = ACTIVITY_EVENT_LABELS
