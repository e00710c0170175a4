"""A proposal converted to 社情民意 at review arrives here with its history (services.intake)."""
from __future__ import annotations

from django.test import Client

from lvzhi.api.tests.helpers import api_client
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
    assert "提案审查中转来" in first.remarks and "更适合以社情民意报送" in first.remarks
    assert "反映具体问题" not in first.remarks  # the reviewer's own remark: see the test below
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED, source_id=report.pk).count() == 2


def test_the_reviewers_remarks_reach_staff_not_the_reports_authors(world: World) -> None:
    """The remark a reviewer writes at 转社情民意 is the office's: the authors read the report's history and its
    source proposal's, on the page and in the API, without it; proposal staff still read it there."""
    proposal = at_last_stage(world, joint_in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.CONVERT_OPINION, remarks="内部：数据存疑",
                  explanation="更适合以社情民意报送", proposer_consented=True)
    report = OpinionReport.objects.get(source_proposal=proposal)

    def seen(username: str) -> tuple[str, str]:
        client = Client()
        client.force_login(world.users[username])
        page = client.get(f"/opinions/{report.pk}/")
        api = api_client(username).get(f"/api/opinions/{report.pk}/")
        assert page.status_code == api.status_code == 200
        return page.content.decode(), api.content.decode()

    for author in ("alice", "bob"):
        page, api = seen(author)
        assert "更适合以社情民意报送" in page and "更适合以社情民意报送" in api
        assert "内部：数据存疑" not in page and "内部：数据存疑" not in api
    page, api = seen("carol")  # reads all proposals and all reports: the source proposal's review history
    assert "内部：数据存疑" in page and "内部：数据存疑" in api
