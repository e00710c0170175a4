"""The 社情民意 workflow, declared once: each move's name, label, allowed source states, target and actor.

Services make a move through `WORKFLOW.apply(report, move, actor_role=...)`, which checks the state and the actor and
sets the target; `check_move` answers "may this move be made now?"; screens ask `allowed_moves` which buttons to show.
"""
from __future__ import annotations

from lvzhi.opinions.models import OpinionEvent, State
from lvzhi.workflows import Move, Workflow
from lvzhi.workflows import move as _m


class Role:
    AUTHOR = "author"  # whoever wrote the report (a member, or staff for a collective one)
    EDITOR = "editor"  # 研究室/信息委 staff holding opinion.edit in the committee


FOLLOW_UP = {State.EDITING, State.PUBLISHED}

WORKFLOW = Workflow("该信息", State, [
    _m("edit_draft", "修改", {State.DRAFT}, None, Role.AUTHOR),
    _m("submit", "报送", {State.DRAFT}, State.SUBMITTED, Role.AUTHOR),
    _m("withdraw", "撤回", {State.DRAFT, State.SUBMITTED}, State.WITHDRAWN, Role.AUTHOR),
    _m("accept", "采编", {State.SUBMITTED}, State.EDITING, Role.EDITOR),
    _m("revise", "编辑修改", {State.SUBMITTED, State.EDITING}, None, Role.EDITOR),
    _m("merge", "合并", {State.SUBMITTED, State.EDITING}, State.MERGED, Role.EDITOR),
    _m("not_use", "不予采用", {State.SUBMITTED, State.EDITING}, State.NOT_USED, Role.EDITOR),
    _m("add_to_issue", "编入刊期", {State.EDITING}, None, Role.EDITOR),
    _m("remove_from_issue", "移出刊期", {State.EDITING}, None, Role.EDITOR),
    _m("publish", "编发", {State.EDITING}, State.PUBLISHED, Role.EDITOR),  # by publishing its issue
    _m("send", "报送党政部门", FOLLOW_UP, None, Role.EDITOR),
    _m("adopt", "记录采用", FOLLOW_UP, None, Role.EDITOR),
    _m("instruct", "记录批示", FOLLOW_UP, None, Role.EDITOR),
    _m("feedback", "记录反馈", FOLLOW_UP, None, Role.EDITOR),
])
MOVES: dict[str, Move] = WORKFLOW.moves
# The report's history: its moves, and the other kinds of row it records.
EVENT_LABELS: dict[str, str] = {
    **WORKFLOW.labels(), "create": "起草", "merge_in": "并入其他信息", "from_proposal": "由提案转来",
}
check_move = WORKFLOW.check
allowed_moves = WORKFLOW.allowed

# Moves made on the report's own page (publishing happens through an issue).
PAGE_MOVES = ("accept", "revise", "merge", "not_use", "send", "adopt", "instruct", "feedback")
# States a report counts as received (报送) in: everything after submission except withdrawal.
RECEIVED_STATES = frozenset({State.SUBMITTED, State.EDITING, State.PUBLISHED, State.MERGED, State.NOT_USED})
OpinionEvent.labels = EVENT_LABELS
