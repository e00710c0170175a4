"""Proposals land in the proposers' duty records (履职档案) once they reach the committee."""
from __future__ import annotations

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.proposals.services.drafting import proposal_submit, proposal_withdraw
from lvzhi.proposals.tests.review_support import draft, in_review, joint_in_review


def _records(world, who):
    return sorted((r.kind, r.role, r.title) for r in DutyRecord.objects.filter(person=world.people[who]))


def test_a_draft_is_not_in_the_record(world):
    draft(world)
    assert _records(world, "alice") == []


def test_submitted_individual_proposal_credits_the_first_proposer(world):
    proposal = in_review(world)
    assert _records(world, "alice") == [(DutyKind.PROPOSAL_FIRST, "第一提案人", proposal.title)]


def test_joint_proposal_credits_the_cosigner_only_after_confirming(world):
    from lvzhi.proposals.models import ProposalKind

    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    assert _records(world, "bob") == []
    proposal = joint_in_review(world)
    assert _records(world, "bob") == [(DutyKind.PROPOSAL_COSIGN, "联名提案人", proposal.title)]


def test_withdrawing_removes_the_entry(world):
    proposal = in_review(world)
    proposal_withdraw(actor=world.alice, proposal=proposal, reason="需要重新调研")
    assert _records(world, "alice") == []
