"""The proposal workflow, declared once: each move's name, label, allowed source states, target and actors; and
the two smaller state machines inside it, an assignment's (交办) and a key proposal's (重点提案).

A service makes a move through its table (`WORKFLOW.apply(proposal, "close", actor_role=Role.STAFF)`), which
checks the state and the actor's role and sets the target; screens ask `allowed_moves` which buttons to show.
A move not in these tables cannot happen.
"""
from __future__ import annotations

from lvzhi.proposals.models import AssignmentRole, AssignmentState, KeyStatus, ProposalEvent, State
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m


class Role:
    """Who makes a move, as the service establishes it from the actor's permissions."""

    PROPOSER = "proposer"  # the drafter / first proposer (or a collective proposal's clerk)
    COSIGNER = "cosigner"  # an invited (or, once confirmed, a joint) co-signer
    REVIEWER = "reviewer"  # staff holding proposal.review in the committee
    STAFF = "staff"  # staff holding proposal.manage (assignment, deadlines, classes, closing, key proposals)
    UNIT = "unit"  # handling-unit staff of an assigned unit
    SUPERVISOR = "supervisor"  # a leader named to supervise a key proposal (政协领导督办)
    SYSTEM = "system"  # a scheduled job (e.g. co-signing invitations left unanswered past their window)



WORKFLOW = Workflow("提案", State, [
    _m("edit", "修改", {State.DRAFT, State.RETURNED}, None, Role.PROPOSER),
    _m("submit", "提交", {State.DRAFT, State.RETURNED}, None, Role.PROPOSER,
       ends={State.COSIGNING, State.IN_REVIEW}),  # a joint proposal waits for its co-signers first
    # Each answer to an invitation keeps the proposal co-signing until none is pending, then it enters review.
    _m("confirm_cosign", "确认联名", {State.COSIGNING}, None, Role.COSIGNER, ends={State.COSIGNING, State.IN_REVIEW}),
    _m("decline_cosign", "拒绝联名", {State.COSIGNING}, None, (Role.COSIGNER, Role.SYSTEM),
       ends={State.COSIGNING, State.IN_REVIEW}),
    _m("withdraw", "撤回", {State.DRAFT, State.COSIGNING, State.RETURNED, State.IN_REVIEW}, State.WITHDRAWN,
       Role.PROPOSER),
    # Review: `pass` moves to the next stage; the final outcomes are taken at the last stage; `return`
    # at any stage sends the proposal back to the proposer for revision.
    _m("review_pass", "审查通过", {State.IN_REVIEW}, State.IN_REVIEW, Role.REVIEWER),
    _m("review_return", "退回修改", {State.IN_REVIEW}, State.RETURNED, Role.REVIEWER),
    _m("file", "立案", {State.IN_REVIEW}, State.FILED, Role.REVIEWER),
    _m("not_file", "不予立案", {State.IN_REVIEW}, State.NOT_FILED, Role.REVIEWER),
    _m("convert_suggestion", "转作意见建议", {State.IN_REVIEW}, State.CONVERTED_SUGGESTION, Role.REVIEWER),
    _m("convert_opinion", "转社情民意", {State.IN_REVIEW}, State.CONVERTED_OPINION, Role.REVIEWER),
    _m("merge", "并案", {State.IN_REVIEW}, State.MERGED, Role.REVIEWER),
    _m("assign", "交办", {State.FILED}, State.ASSIGNED, Role.STAFF),
    _m("decide_reassign", "调整承办单位", {State.ASSIGNED, State.REHANDLING}, None, Role.STAFF),
    _m("decide_extension", "审批延期", {State.ASSIGNED, State.REHANDLING}, None, Role.STAFF),
    _m("request_reassign", "申请调整", {State.ASSIGNED}, None, Role.UNIT),
    _m("request_extension", "申请延期", {State.ASSIGNED, State.REHANDLING}, None, Role.UNIT),
    # The unit records its meetings with the proposer; the proposal office may record one for it.
    _m("record_contact", "记录见面沟通", {State.ASSIGNED, State.REHANDLING, State.REPLIED, State.CLOSED}, None,
       (Role.UNIT, Role.STAFF)),
    _m("send_view", "提出会办意见", {State.ASSIGNED, State.REHANDLING}, None, Role.UNIT),
    # The proposal is 已答复 once every answering unit has replied; until then it stays where it was.
    _m("reply", "答复", {State.ASSIGNED, State.REHANDLING}, None, Role.UNIT,
       ends={State.ASSIGNED, State.REHANDLING, State.REPLIED}),
    _m("correct_class", "更正答复分类", {State.REPLIED, State.CLOSED}, None, Role.STAFF),
    _m("evaluate", "评价", {State.REPLIED}, None, (Role.PROPOSER, Role.COSIGNER)),  # every confirmed signer rates
    _m("order_rehandling", "重新办理", {State.REPLIED}, State.REHANDLING, Role.STAFF),
    _m("close", "办结", {State.REPLIED}, State.CLOSED, Role.STAFF),
    _m("record_result", "记录结果满意回访", {State.REPLIED, State.CLOSED}, None, Role.STAFF),
    _m("propose_key", "拟定重点提案", {State.FILED, State.ASSIGNED, State.REHANDLING}, None, Role.STAFF),
    _m("confirm_key", "主席会议确定重点提案", {State.FILED, State.ASSIGNED, State.REHANDLING, State.REPLIED}, None,
       Role.STAFF),  # recorded by staff for the chairs' meeting
    # Each key proposal is supervised by named leaders (domain.md §2): they record their visits, as staff do.
    _m("record_supervision", "记录督办", {State.FILED, State.ASSIGNED, State.REHANDLING, State.REPLIED, State.CLOSED},
       None, (Role.STAFF, Role.SUPERVISOR)),
    # An earlier year's proposal entered from a spreadsheet, in the outcome it reached (services/history.py).
    _m("history_import", "导入往年提案", {State.DRAFT}, None, Role.STAFF,
       ends={State.FILED, State.ASSIGNED, State.REPLIED, State.CLOSED, State.NOT_FILED, State.CONVERTED_SUGGESTION,
             State.CONVERTED_OPINION, State.MERGED}),
])
MOVES: dict[str, Move] = WORKFLOW.moves
# The proposal's history: its moves, and the other kinds of row it records.
EVENT_LABELS: dict[str, str] = {
    **WORKFLOW.labels(), "create": "起草", "merge_in": "并入其他提案", "attachment_add": "上传附件",
    "attachment_remove": "删除附件", "history_import": "导入往年提案",
}
check_move = WORKFLOW.check
allowed_moves = WORKFLOW.allowed

# One unit's part in handling (交办): the same moves, as they change the assignment. Refusals read as verbs
# ("该交办当前为“已答复”，不能申请调整。").
ASSIGNMENT = Workflow("该交办", AssignmentState, [
    _m("request_reassign", "申请调整", {AssignmentState.ASSIGNED}, AssignmentState.REASSIGN_REQUESTED, Role.UNIT),
    # Approved: the unit's part is withdrawn (new units get assignments of their own); refused: it handles on.
    _m("decide_reassign", "审批调整申请", {AssignmentState.REASSIGN_REQUESTED}, None, Role.STAFF,
       ends={AssignmentState.WITHDRAWN, AssignmentState.ASSIGNED}),
    _m("request_extension", "申请延期", {AssignmentState.ASSIGNED, AssignmentState.VIEW_SENT}, None, Role.UNIT),
    _m("decide_extension", "审批延期",
       {AssignmentState.ASSIGNED, AssignmentState.REASSIGN_REQUESTED, AssignmentState.VIEW_SENT,
        AssignmentState.REPLIED}, None, Role.STAFF),
    _m("record_contact", "记录见面沟通",
       {AssignmentState.ASSIGNED, AssignmentState.REASSIGN_REQUESTED, AssignmentState.VIEW_SENT,
        AssignmentState.REPLIED}, None, (Role.UNIT, Role.STAFF)),
    _m("send_view", "提出会办意见", {AssignmentState.ASSIGNED}, AssignmentState.VIEW_SENT, Role.UNIT),
    _m("reply", "答复", {AssignmentState.ASSIGNED}, AssignmentState.REPLIED, Role.UNIT),
    _m("correct_class", "更正答复分类", {AssignmentState.REPLIED}, None, Role.STAFF),
    _m("evaluate", "评价", {AssignmentState.REPLIED}, None, (Role.PROPOSER, Role.COSIGNER)),
    _m("order_rehandling", "重新办理", {AssignmentState.REPLIED}, AssignmentState.ASSIGNED, Role.STAFF),
], quoted=False)

# A key proposal is proposed by staff (the row is created 拟定) and confirmed by the chairs' meeting; only a
# confirmed one is supervised.
KEY = Workflow("该重点提案", KeyStatus, [
    _m("confirm_key", "主席会议确定", {KeyStatus.PROPOSED}, KeyStatus.CONFIRMED, Role.STAFF),
    _m("record_supervision", "记录督办", {KeyStatus.CONFIRMED}, None, (Role.STAFF, Role.SUPERVISOR)),
], state_field="status")

# Outcomes of review, as counted by the figures (domain.md §2).
REVIEW_OUTCOMES = frozenset({
    State.FILED, State.NOT_FILED, State.CONVERTED_SUGGESTION, State.CONVERTED_OPINION, State.MERGED,
})
# Assignments that answer with a letter (a 会办 co-unit sends its view to the lead instead).
ANSWERING_ROLES = frozenset({AssignmentRole.SOLE, AssignmentRole.SEPARATE, AssignmentRole.LEAD})
# States in which a proposal has not reached the committee: it counts nowhere (figures, duty records).
NOT_RECEIVED_STATES = frozenset({State.DRAFT, State.COSIGNING, State.WITHDRAWN})
# States in which a proposal counts as filed (立案) for the figures: filed and everything after.
FILED_STATES = frozenset({State.FILED, State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED})
ProposalEvent.labels = EVENT_LABELS
