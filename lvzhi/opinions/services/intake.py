"""Reports that arrive from elsewhere: a proposal converted to 社情民意 during proposal review."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from lvzhi.actors import Actor
from lvzhi.opinions.models import OpinionAuthor, OpinionReport, State, SubmitterKind
from lvzhi.opinions.services import common

# 提案 collective kinds → 社情民意 submitter kinds.
_COLLECTIVE = {
    "party": SubmitterKind.PARTY, "organisation": SubmitterKind.ORGANISATION, "sector": SubmitterKind.SECTOR,
    "group": SubmitterKind.ACTIVITY_GROUP, "special_committee": SubmitterKind.SPECIAL_COMMITTEE,
}


def _body(proposal: Any) -> str:
    parts = [("情况", proposal.situation), ("分析", proposal.analysis), ("建议", proposal.suggestions)]
    return "\n".join(f"{label}：{common.clean_text(text)}" for label, text in parts if (text or "").strip())


def report_from_proposal(*, actor: Actor, proposal: Any) -> OpinionReport:
    """The 社情民意 a proposal becomes at review (转社情民意); call in the review's transaction.

    The report is received at once, credited to the proposal's confirmed proposers, and its first history row
    says where it came from with the note addressed to the proposers (decision_note). The reviewer's own remarks
    stay in the proposal's history, where only staff read them: the report's authors read this row.
    The length limit is not applied: the editors condense it.
    """
    from lvzhi.proposals.models import CosignStatus, ProposalKind

    if OpinionReport.objects.filter(source_proposal=proposal).exists():
        raise ValidationError("该提案已转为社情民意信息。")
    if proposal.kind == ProposalKind.COLLECTIVE:
        kind = _COLLECTIVE.get(proposal.collective_kind, SubmitterKind.ORGANISATION)
    else:
        kind = SubmitterKind.JOINT if proposal.kind == ProposalKind.JOINT else SubmitterKind.MEMBER
    now = timezone.now()
    body = _body(proposal) or proposal.title
    report = OpinionReport.objects.create(
        committee_id=proposal.committee_id, year=timezone.localdate(now).year, title=proposal.title[:200],
        body=body, original_title=proposal.title[:200], original_body=body, submitter_kind=kind,
        collective_name=proposal.collective_name if kind not in (SubmitterKind.MEMBER, SubmitterKind.JOINT) else "",
        state=State.SUBMITTED, source_proposal=proposal, created_by=proposal.created_by, submitted_at=now,
    )
    proposers = proposal.proposers.filter(status=CosignStatus.CONFIRMED).order_by("order", "id")
    for i, row in enumerate(proposers, start=1):
        OpinionAuthor.objects.create(report=report, person_id=row.person_id, order=i)
    common.refresh_search(report)
    common.credit_submitted(report)
    label = proposal.number or f"提案《{proposal.title}》"
    note = common.clean_text(proposal.decision_note or "")
    common.record_move(report=report, actor=actor, move="from_proposal", from_state="", to_state=State.SUBMITTED,
                       remarks=f"由{label}在提案审查中转来" + (f"。审查意见：{note}" if note else ""),
                       after={"source_proposal": proposal.pk})
    return report
