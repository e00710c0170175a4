"""The workflow tables are the one place a move happens: for every move of the proposal (WORKFLOW), of an
assignment (ASSIGNMENT) and of a key proposal (KEY), the real service that makes it leaves the record in one of
the states the table declares for it, and a role the table does not declare is refused.

SERVICE_OF lists, move by move, the service that makes it; a move declared in a table without a service here
fails `test_every_declared_move_has_its_service`, and the scenario below drives that very service.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lvzhi.committees.models import MeetingKind
from lvzhi.members.services import person_create
from lvzhi.organisation import services as org
from lvzhi.proposals.history_import import parse_history
from lvzhi.proposals.models import (
    Assignment,
    Decision,
    KeyProposal,
    Proposal,
    ProposalEvent,
    ProposalKind,
    Rating,
    RejectionReason,
    State,
    SupervisionKind,
)
from lvzhi.proposals.services import drafting, handling, history, key, review
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, reply_class, today
from lvzhi.proposals.tests.review_support import at_last_stage, category, draft, filed, in_review
from lvzhi.proposals.tests.test_history_import import GOOD as HISTORY_ROWS
from lvzhi.proposals.tests.test_history_import import _xlsx as history_xlsx
from lvzhi.proposals.workflow import ASSIGNMENT, KEY, WORKFLOW, Role
from lvzhi.testing import World
from lvzhi.workflows import Workflow

TABLES: dict[str, Workflow] = {"proposal": WORKFLOW, "assignment": ASSIGNMENT, "key": KEY}

# move -> the one service that makes it (the same name in every table it appears in).
SERVICE_OF: dict[str, Callable[..., Any]] = {
    "edit": drafting.proposal_update_draft,
    "submit": drafting.proposal_submit,
    "confirm_cosign": drafting.cosign_respond,
    "decline_cosign": drafting.cosign_respond,
    "withdraw": drafting.proposal_withdraw,
    "review_pass": review.review_decide,
    "review_return": review.review_decide,
    "file": review.review_decide,
    "not_file": review.review_decide,
    "convert_suggestion": review.review_decide,
    "convert_opinion": review.review_decide,
    "merge": review.review_decide,
    "assign": handling.proposal_assign,
    "request_reassign": handling.assignment_request_reassign,
    "decide_reassign": handling.assignment_decide_reassign,
    "request_extension": handling.assignment_request_extension,
    "decide_extension": handling.assignment_decide_extension,
    "record_contact": handling.contact_record,
    "send_view": handling.co_unit_send_view,
    "reply": handling.assignment_reply,
    "correct_class": handling.reply_correct_class,
    "evaluate": handling.evaluation_submit,
    "order_rehandling": handling.proposal_order_rehandling,
    "close": handling.proposal_close,
    "record_result": handling.evaluation_record_result,
    "propose_key": key.key_propose,
    "confirm_key": key.key_confirm,
    "record_supervision": key.key_record_supervision,
    "history_import": history.proposal_import_historical,
}

Records = dict[str, Any]  # "proposal" / "assignment" / "key" -> the record the move was made on


# ---------------------------------------------------------------- scenarios: one record brought to a source state,
# then the move made by the service SERVICE_OF names (passed in as `make`)


def _review_with(decision: str, extra: Callable[[World], dict[str, Any]]) -> Callable[..., Records]:
    def scenario(w: World, make: Callable[..., Any]) -> Records:
        p = in_review(w) if decision in (Decision.PASS, Decision.RETURN) else at_last_stage(w, in_review(w))
        make(actor=w.pete, proposal=p, decision=decision, remarks="请补充数据", **extra(w))
        return {"proposal": p}
    return scenario


def _edit(w: World, make: Callable[..., Any]) -> Records:
    p = draft(w)
    make(actor=w.alice, proposal=p, title="关于加快发展社区居家养老服务的建议")
    return {"proposal": p}


def _submit(w: World, make: Callable[..., Any]) -> Records:
    p = draft(w, kind=ProposalKind.JOINT, cosigners=("bob",))
    make(actor=w.alice, proposal=p)
    return {"proposal": p}


def _cosign(accept: bool) -> Callable[..., Records]:
    def scenario(w: World, make: Callable[..., Any]) -> Records:
        p = draft(w, kind=ProposalKind.JOINT, cosigners=("bob",))
        drafting.proposal_submit(actor=w.alice, proposal=p)
        make(actor=w.bob, proposal=p, accept=accept)
        return {"proposal": p}
    return scenario


def _withdraw(w: World, make: Callable[..., Any]) -> Records:
    p = in_review(w)
    make(actor=w.alice, proposal=p, reason="情况已发生变化")
    return {"proposal": p}


def _merge_into(w: World) -> dict[str, Any]:
    return {"merge_into": filed(w, title="关于完善社区养老服务设施的建议"), "explanation": "同一事项，并案办理"}


def _converted(w: World) -> dict[str, Any]:
    return {"explanation": "更适合作为意见建议转送", "proposer_consented": True}


def _not_filed(w: World) -> dict[str, Any]:
    reason, _ = RejectionReason.objects.get_or_create(name="缺乏具体建议")
    return {"rejection_reason": reason, "explanation": "建议不够具体"}


def _assign(w: World, make: Callable[..., Any]) -> Records:
    p = filed(w)
    (a,) = make(actor=w.pete, proposal=p, mode="sole", units=[w.unit])
    return {"proposal": p, "assignment": a}


def _request_reassign(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    make(actor=w.uma, assignment=a, reason="不属于本单位职责")
    return {"proposal": p, "assignment": a}


def _decide_reassign(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    handling.assignment_request_reassign(actor=w.uma, assignment=a, reason="不属于本单位职责")
    make(actor=w.pete, assignment=a, approve=True, new_units=[make_unit(w, "长春市民政局")], remarks="同意")
    return {"proposal": p, "assignment": a}


def _request_extension(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    make(actor=w.uma, assignment=a, until=a.due_date + datetime.timedelta(days=10), reason="需要实地调研")
    return {"proposal": p, "assignment": a}


def _decide_extension(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    handling.assignment_request_extension(actor=w.uma, assignment=a, until=a.due_date + datetime.timedelta(days=10),
                                          reason="需要实地调研")
    make(actor=w.pete, assignment=a, approve=True, remarks="同意")
    return {"proposal": p, "assignment": a}


def _record_contact(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    make(actor=w.uma, assignment=a, phase="before", date=today(), way="当面座谈", participants="艾丽、吴敏",
         summary="了解提案人的具体诉求")
    return {"proposal": p, "assignment": a}


def _send_view(w: World, make: Callable[..., Any]) -> Records:
    co_unit = make_unit(w, "长春市财政局")
    cora = make_unit_staff(w, "cora", co_unit)
    p, (_lead, co) = assigned(w, mode="lead", units=[w.unit], co_units=[co_unit])
    make(actor=cora, assignment=co, text="建议由财政安排专项资金")
    return {"proposal": p, "assignment": co}


def _replied(w: World) -> tuple[Proposal, Assignment]:
    p, (a,) = assigned(w)
    handling.assignment_reply(actor=w.uma, assignment=a, text="已纳入年度计划。", reply_class=reply_class(w))
    return p, a


def _reply(w: World, make: Callable[..., Any]) -> Records:
    p, (a,) = assigned(w)
    make(actor=w.uma, assignment=a, text="已纳入年度计划。", reply_class=reply_class(w))
    return {"proposal": p, "assignment": a}


def _correct_class(w: World, make: Callable[..., Any]) -> Records:
    p, a = _replied(w)
    make(actor=w.pete, assignment=a, reply_class=reply_class(w, "B"), remarks="尚在解决中")
    return {"proposal": p, "assignment": a}


def _evaluate(w: World, make: Callable[..., Any]) -> Records:
    p, a = _replied(w)
    make(actor=w.alice, assignment=a, rating=Rating.UNSATISFIED, comment="没有具体措施")
    return {"proposal": p, "assignment": a}


def _order_rehandling(w: World, make: Callable[..., Any]) -> Records:
    p, a = _replied(w)
    handling.evaluation_submit(actor=w.alice, assignment=a, rating=Rating.UNSATISFIED, comment="没有具体措施")
    make(actor=w.pete, proposal=p, assignments=[a], due_date=today() + datetime.timedelta(days=30),
         remarks="请提出具体措施")
    return {"proposal": p, "assignment": a}


def _close(w: World, make: Callable[..., Any]) -> Records:
    p, a = _replied(w)
    make(actor=w.pete, proposal=p, remarks="答复完毕")
    return {"proposal": p}


def _record_result(w: World, make: Callable[..., Any]) -> Records:
    p, a = _replied(w)
    evaluation = handling.evaluation_submit(actor=w.alice, assignment=a, rating=Rating.SATISFIED)
    make(actor=w.pete, evaluation=evaluation, solved=True, note="问题已解决")
    return {"proposal": p}


def _leader(w: World) -> Any:
    person = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    person.user = w.leo
    person.save(update_fields=["user"])
    return person


def _chairs_meeting(w: World) -> Any:
    return org.meeting_create(actor=None, term=w.city_term, kind=MeetingKind.CHAIRS, number=1,
                              date=today() - datetime.timedelta(days=1), check_actor=False)


def _propose_key(w: World, make: Callable[..., Any]) -> Records:
    p, _ = assigned(w)
    row = make(actor=w.pete, proposal=p, supervisors=[_leader(w)])
    return {"proposal": p, "key": row}


def _confirm_key(w: World, make: Callable[..., Any]) -> Records:
    p, _ = assigned(w)
    row = key.key_propose(actor=w.pete, proposal=p, supervisors=[_leader(w)])
    make(actor=w.pete, key=row, meeting=_chairs_meeting(w))
    return {"proposal": p, "key": row}


def _record_supervision(w: World, make: Callable[..., Any]) -> Records:
    p, _ = assigned(w)
    leader = _leader(w)
    row = key.key_propose(actor=w.pete, proposal=p, supervisors=[leader])
    key.key_confirm(actor=w.pete, key=row, meeting=_chairs_meeting(w))
    # The supervising leader records it (a role the table declares next to staff).
    make(actor=w.leo, key=row, kind=SupervisionKind.VISIT, date=today(), leaders=[leader], summary="实地察看")
    return {"proposal": p, "key": row}


def _history_import(w: World, make: Callable[..., Any]) -> Records:
    # An earlier year's closed proposal, read from a spreadsheet as the screen, the API and the command read it.
    parsed = parse_history(history_xlsx(HISTORY_ROWS[:1]), filename="历年.xlsx")
    make(actor=w.pete, committee=w.city, rows=parsed.rows, filename="历年.xlsx")
    return {"proposal": Proposal.objects.get(number=HISTORY_ROWS[0][3])}


SCENARIO_OF: dict[str, Callable[[World, Callable[..., Any]], Records]] = {
    "edit": _edit,
    "submit": _submit,
    "confirm_cosign": _cosign(True),
    "decline_cosign": _cosign(False),
    "withdraw": _withdraw,
    "review_pass": _review_with(Decision.PASS, lambda w: {}),
    "review_return": _review_with(Decision.RETURN, lambda w: {}),
    "file": _review_with(Decision.FILE, lambda w: {"category": category(w)}),
    "not_file": _review_with(Decision.NOT_FILE, _not_filed),
    "convert_suggestion": _review_with(Decision.CONVERT_SUGGESTION, _converted),
    "convert_opinion": _review_with(Decision.CONVERT_OPINION, _converted),
    "merge": _review_with(Decision.MERGE, _merge_into),
    "assign": _assign,
    "request_reassign": _request_reassign,
    "decide_reassign": _decide_reassign,
    "request_extension": _request_extension,
    "decide_extension": _decide_extension,
    "record_contact": _record_contact,
    "send_view": _send_view,
    "reply": _reply,
    "correct_class": _correct_class,
    "evaluate": _evaluate,
    "order_rehandling": _order_rehandling,
    "close": _close,
    "record_result": _record_result,
    "propose_key": _propose_key,
    "confirm_key": _confirm_key,
    "record_supervision": _record_supervision,
    "history_import": _history_import,
}

DECLARED = [(table, name) for table, flow in TABLES.items() for name in flow.moves]


def test_every_declared_move_has_its_service() -> None:
    declared = {name for _, name in DECLARED}
    assert declared - set(SERVICE_OF) == set(), "a move without a service listed in SERVICE_OF"
    assert set(SERVICE_OF) - declared == set(), "a service listed for a move no table declares"
    assert set(SCENARIO_OF) == set(SERVICE_OF)


@pytest.mark.parametrize(("table", "name"), DECLARED, ids=[f"{t}:{n}" for t, n in DECLARED])
def test_the_service_leaves_the_record_within_the_moves_outcomes(world: World, table: str, name: str) -> None:
    records = SCENARIO_OF[name](world, SERVICE_OF[name])
    flow = TABLES[table]
    record = records[table]
    record.refresh_from_db()
    assert getattr(record, flow.state_field) in flow.moves[name].outcomes
    # The move is what the proposal's history records, under the move's own name.
    proposal = records["proposal"]
    history = ProposalEvent.objects.filter(proposal=proposal).order_by("at", "id")
    assert history.values_list("action", flat=True).last() == name


def test_the_services_reach_the_states_the_table_lets_them_choose(world: World) -> None:
    """Where the service picks the target (`ends`), both the usual roads are taken by the real services."""
    joint = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    drafting.proposal_submit(actor=world.alice, proposal=joint)
    assert joint.state == State.COSIGNING
    alone = draft(world)
    drafting.proposal_submit(actor=world.alice, proposal=alone)
    assert alone.state == State.IN_REVIEW
    # Two units answering separately: the first reply leaves the proposal assigned, the second makes it replied.
    second = make_unit(world, "长春市民政局")
    mira = make_unit_staff(world, "mira", second)
    proposal, (first_part, second_part) = assigned(world, mode="separate", units=[world.unit, second])
    handling.assignment_reply(actor=world.uma, assignment=first_part, text="已办理。", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    handling.assignment_reply(actor=mira, assignment=second_part, text="已办理。", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED
    # A refused re-assignment request leaves the unit handling it.
    _, (part,) = assigned(world, title="关于改善农村饮水安全的建议")
    handling.assignment_request_reassign(actor=world.uma, assignment=part, reason="不属于本单位职责")
    handling.assignment_decide_reassign(actor=world.pete, assignment=part, approve=False, remarks="请继续办理")
    part.refresh_from_db()
    assert part.state == "assigned"


ROLES = [v for k, v in vars(Role).items() if k.isupper()]


@pytest.mark.parametrize(("table", "name"), DECLARED, ids=[f"{t}:{n}" for t, n in DECLARED])
def test_a_role_the_table_does_not_declare_is_refused(table: str, name: str) -> None:
    flow = TABLES[table]
    move = flow.moves[name]
    source = sorted(move.sources)[0]
    for role in ROLES:
        record = SimpleNamespace(**{flow.state_field: source})
        if role in move.actors:
            flow.apply(record, name, actor_role=role, target=sorted(move.ends)[0] if move.ends else None)
            continue
        with pytest.raises(ValidationError, match="您无权"):
            flow.apply(record, name, actor_role=role)
        assert getattr(record, flow.state_field) == source


def test_a_supervising_leader_may_record_supervision_but_makes_no_staff_move(world: World) -> None:
    """The service establishes the leader's role from the key proposal's supervisors; the table lets that role
    record supervision (domain.md §2: 政协领导督办) and nothing staff do."""
    records = _record_supervision(world, key.key_record_supervision)
    row: KeyProposal = records["key"]
    assert row.supervisions.get().recorded_by == world.leo
    assert Role.SUPERVISOR in WORKFLOW.moves["record_supervision"].actors
    staff_moves = [m for m in WORKFLOW.moves.values() if Role.STAFF in m.actors and m.name != "record_supervision"]
    assert staff_moves and all(Role.SUPERVISOR not in m.actors for m in staff_moves)


def test_the_screens_action_names_are_the_move_names() -> None:
    """/proposals/<pk>/do/<move>/: every screen action is named after the move it makes, but `review`, the one
    form whose decision picks among the seven review moves."""
    from lvzhi.proposals.views_detail import ACTIONS

    assert set(ACTIONS) - {"review"} <= set(WORKFLOW.moves)
    assert {"confirm_cosign", "decline_cosign", "order_rehandling", "record_result", "propose_key"} <= set(ACTIONS)
