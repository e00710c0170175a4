"""The proposal workflow, declared once: each move's name, label, allowed source states, target and actor.

Services look moves up here (`check_move`) before changing anything; screens ask `allowed_moves` to decide
which buttons to show. A move not in this table cannot happen.
"""
from __future__ import annotations

from lvzhi.proposals.models import AssignmentRole, State
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m


class Actor:
    PROPOSER = "proposer"  # the drafter / first proposer
    COSIGNER = "cosigner"  # an invited co-signer
    REVIEWER = "reviewer"  # staff holding proposal.review in the committee
    STAFF = "staff"  # staff holding proposal.manage (assignment, deadlines, classes, closing)
    UNIT = "unit"  # handling-unit staff of an assigned unit
    CHAIRS = "chairs"  # confirming key proposals (recorded by staff for the chairs' meeting)


WORKFLOW = Workflow("提案", State, [
    _m("edit", "修改", {State.DRAFT, State.RETURNED}, None, Actor.PROPOSER),
    _m("submit", "提交", {State.DRAFT, State.RETURNED}, None, Actor.PROPOSER),  # → cosigning or in_review
    _m("confirm_cosign", "确认联名", {State.COSIGNING}, None, Actor.COSIGNER),
    _m("decline_cosign", "拒绝联名", {State.COSIGNING}, None, Actor.COSIGNER),
    _m("withdraw", "撤回", {State.DRAFT, State.COSIGNING, State.RETURNED, State.IN_REVIEW}, State.WITHDRAWN,
       Actor.PROPOSER),
    # Review: `pass` moves to the next stage; the final outcomes are taken at the last stage; `return`
    # at any stage sends the proposal back to the proposer for revision.
    _m("review_pass", "审查通过", {State.IN_REVIEW}, State.IN_REVIEW, Actor.REVIEWER),
    _m("review_return", "退回修改", {State.IN_REVIEW}, State.RETURNED, Actor.REVIEWER),
    _m("file", "立案", {State.IN_REVIEW}, State.FILED, Actor.REVIEWER),
    _m("not_file", "不予立案", {State.IN_REVIEW}, State.NOT_FILED, Actor.REVIEWER),
    _m("convert_suggestion", "转作意见建议", {State.IN_REVIEW}, State.CONVERTED_SUGGESTION, Actor.REVIEWER),
    _m("convert_opinion", "转社情民意", {State.IN_REVIEW}, State.CONVERTED_OPINION, Actor.REVIEWER),
    _m("merge", "并案", {State.IN_REVIEW}, State.MERGED, Actor.REVIEWER),
    _m("assign", "交办", {State.FILED}, State.ASSIGNED, Actor.STAFF),
    _m("decide_reassign", "调整承办单位", {State.ASSIGNED, State.REHANDLING}, None, Actor.STAFF),
    _m("decide_extension", "审批延期", {State.ASSIGNED, State.REHANDLING}, None, Actor.STAFF),
    _m("request_reassign", "申请调整", {State.ASSIGNED}, None, Actor.UNIT),
    _m("request_extension", "申请延期", {State.ASSIGNED, State.REHANDLING}, None, Actor.UNIT),
    _m("record_contact", "记录见面沟通", {State.ASSIGNED, State.REHANDLING, State.REPLIED, State.CLOSED}, None,
       Actor.UNIT),
    _m("send_view", "提出会办意见", {State.ASSIGNED, State.REHANDLING}, None, Actor.UNIT),
    _m("reply", "答复", {State.ASSIGNED, State.REHANDLING}, None, Actor.UNIT),  # → replied when all have
    _m("correct_class", "更正答复分类", {State.REPLIED, State.CLOSED}, None, Actor.STAFF),
    _m("evaluate", "评价", {State.REPLIED}, None, Actor.PROPOSER),
    _m("order_rehandling", "重新办理", {State.REPLIED}, State.REHANDLING, Actor.STAFF),
    _m("close", "办结", {State.REPLIED}, State.CLOSED, Actor.STAFF),
    _m("record_result", "记录结果满意回访", {State.REPLIED, State.CLOSED}, None, Actor.STAFF),
    _m("propose_key", "拟定重点提案", {State.FILED, State.ASSIGNED, State.REHANDLING}, None, Actor.STAFF),
    _m("confirm_key", "主席会议确定重点提案", {State.FILED, State.ASSIGNED, State.REHANDLING, State.REPLIED}, None,
       Actor.STAFF),
    _m("record_supervision", "记录督办", {State.FILED, State.ASSIGNED, State.REHANDLING, State.REPLIED, State.CLOSED},
       None, Actor.STAFF),
    # An earlier year's proposal entered from a spreadsheet, in the outcome it reached (services/history.py).
    _m("history_import", "导入往年提案", {State.DRAFT}, None, Actor.STAFF,
       ends={State.FILED, State.ASSIGNED, State.REPLIED, State.CLOSED, State.NOT_FILED, State.CONVERTED_SUGGESTION,
             State.CONVERTED_OPINION, State.MERGED}),
])
MOVES: dict[str, Move] = WORKFLOW.moves
check_move = WORKFLOW.check
allowed_moves = WORKFLOW.allowed

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
