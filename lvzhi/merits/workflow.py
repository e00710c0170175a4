"""The moves of a reported activity, declared once: the member drafts, submits, edits and resubmits what staff send
back, or withdraws it before a decision; staff approve it (认定), send it back for more (退回补充), or revoke an
approval (撤销认定). What each kind of activity and commendation is in the duty record is declared here too.

Services make a move through `ACTIVITY.apply(activity, move, actor_role=...)`; screens ask `allowed_moves`.
"""
from __future__ import annotations

from lvzhi.duty.models import DutyEvent, DutyRole, Outcome
from lvzhi.merits.models import ActivityKind, ActivityState, ActivityStep, CommendationKind
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m


class Role:
    MEMBER = "member"  # the member who reports the activity
    STAFF = "staff"  # committee staff holding duty.manage


S = ActivityState
OPEN = {S.DRAFT, S.RETURNED}  # the member may still change it

ACTIVITY = Workflow("该履职活动", ActivityState, [
    _m("edit", "修改申报", OPEN, None, Role.MEMBER, hint="修改活动情况和佐证材料。"),
    _m("evidence", "增删佐证材料", OPEN, None, Role.MEMBER, hint="上传或删除佐证材料。"),
    _m("submit", "提交审核", OPEN, S.SUBMITTED, Role.MEMBER, hint="提交后由政协机关工作人员审核认定。"),
    _m("withdraw", "撤回申报", {S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, Role.MEMBER,
       hint="审核认定前可以撤回，撤回后不计入履职档案。"),
    _m("approve", "认定", {S.SUBMITTED}, S.APPROVED, Role.STAFF, hint="认定后计入委员履职档案。"),
    _m("return", "退回补充", {S.SUBMITTED}, S.RETURNED, Role.STAFF, hint="写明需要补充的内容，委员修改后可重新提交。"),
    _m("revoke", "撤销认定", {S.APPROVED}, S.RETURNED, Role.STAFF,
       hint="写明理由；撤销后从履职档案中移除，委员可补充后重新提交。"),
])

MOVES: dict[str, Move] = ACTIVITY.moves
# The activity's history: its moves, and the other kinds of row it records.
EVENT_LABELS: dict[str, str] = {**ACTIVITY.labels(), "create": "填写申报", "evidence_add": "上传佐证材料",
                                "evidence_remove": "删除佐证材料"}
allowed_moves = ACTIVITY.allowed
ActivityStep.labels = EVENT_LABELS

NEXT_STEP = {
    S.DRAFT: "委员填写完毕后提交审核",
    S.SUBMITTED: "等待政协机关工作人员审核认定",
    S.RETURNED: "委员按退回原因补充后重新提交",
    S.APPROVED: "已认定，计入履职档案",
    S.WITHDRAWN: "委员已撤回，不计入履职档案",
}

# What an approved activity is in the duty record (the scoring tables match on the event).
ACTIVITY_EVENT: dict[str, str] = {
    ActivityKind.RESEARCH: DutyEvent.RESEARCH,
    ActivityKind.INSPECTION: DutyEvent.INSPECTION,
    ActivityKind.STATION: DutyEvent.STATION,
    ActivityKind.MEETING: DutyEvent.REPORTED,
    ActivityKind.LECTURE: DutyEvent.REPORTED,
    ActivityKind.MEDIATION: DutyEvent.REPORTED,
    ActivityKind.CHARITY: DutyEvent.REPORTED,
    ActivityKind.OTHER: DutyEvent.REPORTED,
}

# What a commendation is in the duty record: its outcome. 其他 carries none, so a scoring rule for 表彰 without an
# outcome counts it; 优秀社情民意信息 has its own outcome so a table can score it apart from 优秀提案.
COMMENDATION_OUTCOMES: dict[str, tuple[str, ...]] = {
    CommendationKind.EXCELLENT_MEMBER: (Outcome.EXCELLENT_MEMBER,),
    CommendationKind.ADVANCED_PROPOSER: (Outcome.ADVANCED,),
    CommendationKind.EXCELLENT_PROPOSAL: (Outcome.EXCELLENT,),
    CommendationKind.EXCELLENT_OPINION: (Outcome.EXCELLENT_OPINION,),
    CommendationKind.OTHER: (),
}
# The member's part: 优秀提案 takes each proposer's role; 优秀社情民意信息 credits its authors.
COMMENDATION_ROLE: dict[str, str] = {
    CommendationKind.EXCELLENT_MEMBER: DutyRole.PARTICIPANT,
    CommendationKind.ADVANCED_PROPOSER: DutyRole.PARTICIPANT,
    CommendationKind.EXCELLENT_PROPOSAL: DutyRole.FIRST,
    CommendationKind.EXCELLENT_OPINION: DutyRole.AUTHOR,
    CommendationKind.OTHER: DutyRole.PARTICIPANT,
}
