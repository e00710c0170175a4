"""重新办理 after an unsatisfied rating (round 2), 办结, and the later 结果满意 follow-up."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.proposals.models import AssignmentState, Evaluation, ProposalEvent, Rating, State
from lvzhi.proposals.services.handling import (
    assignment_reply,
    evaluation_record_result,
    evaluation_submit,
    proposal_close,
    proposal_order_rehandling,
)
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, reply_class, today


def later(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def test_rehandling_cycle_round_two(world):
    proposal, [a] = assigned(world)
    assignment_reply(actor=world.uma, assignment=a, text="第一次答复", reply_class=reply_class(world, "C"))
    evaluation_submit(actor=world.alice, assignment=a, rating=Rating.UNSATISFIED, comment="未回应具体建议")
    proposal.refresh_from_db()
    proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[a], due_date=later(30),
                              remarks="请针对建议逐条答复")
    a.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.state == State.REHANDLING
    assert (a.round, a.state, a.due_date, a.replied_at) == (2, AssignmentState.ASSIGNED, later(30), None)
    with pytest.raises(ValidationError, match="不能执行“评价”"):
        evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
    assignment_reply(actor=world.uma, assignment=a, text="第二次答复，逐条回应", reply_class=reply_class(world, "B"))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED
    second = evaluation_submit(actor=world.alice, assignment=a, rating=Rating.BASIC)
    assert second.round == 2
    assert Evaluation.objects.filter(assignment=a).count() == 2
    proposal_close(actor=world.pete, proposal=proposal, remarks="办结")
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED and proposal.closed_at is not None
    actions = list(ProposalEvent.objects.filter(proposal=proposal).values_list("action", flat=True))
    assert actions == ["assign", "reply", "evaluate", "order_rehandling", "reply", "evaluate", "close"]


def test_rehandling_needs_an_unsatisfied_rating(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [mine, theirs] = assigned(world, mode="separate", units=[world.unit, health])
    assignment_reply(actor=world.uma, assignment=mine, text="答复", reply_class=reply_class(world))
    with pytest.raises(ValidationError, match="不能执行“重新办理”"):
        proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[mine], due_date=later(30),
                                  remarks="重办")
    assignment_reply(actor=hank, assignment=theirs, text="答复", reply_class=reply_class(world))
    evaluation_submit(actor=world.alice, assignment=mine, rating=Rating.SATISFIED)
    evaluation_submit(actor=world.alice, assignment=theirs, rating=Rating.UNSATISFIED, comment="不具体")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="没有“不满意”评价"):
        proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[mine], due_date=later(30),
                                  remarks="重办")
    with pytest.raises(PermissionDenied):
        proposal_order_rehandling(actor=world.uma, proposal=proposal, assignments=[theirs], due_date=later(30),
                                  remarks="重办")
    with pytest.raises(ValidationError, match="应晚于今天"):
        proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[theirs], due_date=today(),
                                  remarks="重办")
    with pytest.raises(ValidationError, match="请说明重新办理的要求"):
        proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[theirs], due_date=later(30),
                                  remarks="")
    _, [elsewhere] = assigned(world)
    with pytest.raises(ValidationError, match="不属于该提案"):
        proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[elsewhere], due_date=later(30),
                                  remarks="重办")
    proposal_order_rehandling(actor=world.pete, proposal=proposal, assignments=[theirs], due_date=later(30),
                              remarks="重办")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.round, mine.state) == (1, AssignmentState.REPLIED)
    assert (theirs.round, theirs.state) == (2, AssignmentState.ASSIGNED)


def test_close_only_a_replied_proposal(world):
    proposal, [a] = assigned(world)
    with pytest.raises(ValidationError, match="不能执行“办结”"):
        proposal_close(actor=world.pete, proposal=proposal)
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world))
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        proposal_close(actor=world.uma, proposal=proposal)
    proposal_close(actor=world.pete, proposal=proposal)
    with pytest.raises(ValidationError, match="提案当前为“已办结”"):
        proposal_close(actor=world.pete, proposal=proposal)


def test_result_follow_up(world):
    proposal, [a] = assigned(world)
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world, "A"))
    ev = evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
    with pytest.raises(PermissionDenied):
        evaluation_record_result(actor=world.uma, evaluation=ev, solved=True, note="已解决")
    with pytest.raises(ValidationError, match="请填写跟踪回访情况"):
        evaluation_record_result(actor=world.pete, evaluation=ev, solved=True, note="")
    proposal.refresh_from_db()
    proposal_close(actor=world.pete, proposal=proposal)
    evaluation_record_result(actor=world.pete, evaluation=ev, solved=True, note="回访：三个社区已建成养老服务站")
    ev.refresh_from_db()
    assert ev.result_solved is True and ev.result_at is not None and ev.result_note.startswith("回访")
