"""A proposal converted to 社情民意 at review arrives here with its history (services.intake)."""
from __future__ import annotations

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.opinions.models import OpinionReport, State, SubmitterKind
from lvzhi.proposals.models import Decision
from lvzhi.proposals.models import State as ProposalState
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import TITLE, at_last_stage, joint_in_review
from lvzhi.testing import World


def test_convert_creates_the_report(world: World) -> None:
    proposal = at_last_stage(world, joint_in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.CONVERT_OPINION, remarks="反映具体问题",
                  explanation="更适合以社情民意报送", proposer_consented=True)
    assert proposal.state == ProposalState.CONVERTED_OPINION
    report = OpinionReport.objects.get(source_proposal=proposal)
    assert report.title == TITLE and report.state == State.SUBMITTED
    assert report.submitter_kind == SubmitterKind.JOINT
    assert report.body.startswith("情况：") and "建议：" in report.body
    assert [a.person.name for a in report.authors.all()] == ["艾丽", "薄波"]
    first = report.events.first()
    assert first is not None and first.action == "from_proposal"
    assert "提案审查中转来" in first.remarks and "反映具体问题" in first.remarks
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED, source_id=report.pk).count() == 2
