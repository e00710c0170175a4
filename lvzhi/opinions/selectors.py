"""Reading 社情民意 with the reader's permissions applied where the rows are fetched."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.members.selectors import person_of
from lvzhi.opinions.models import (
    Adoption,
    Instruction,
    IssueItem,
    JournalIssue,
    OpinionAuthor,
    OpinionEvent,
    OpinionReport,
    OpinionRevision,
    Publication,
    Sending,
    State,
)
from lvzhi.proposals.selectors import TimelineEntry as ProposalTimelineEntry
from lvzhi.proposals.selectors import proposal_timeline_for_user
from lvzhi.text.chinese import to_simplified

REFUSAL = "您没有权限访问社情民意。"


def _person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def visibility_q(user: Any) -> Q:
    """Reports `user` may read: every submitted one of the committees where they hold opinion.view_all (a
    leader's subtree included); the ones they wrote; the ones crediting them as an author."""
    q = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return q
    committees = Committee.objects.filter(committees_q(user, Cap.OPINION_VIEW_ALL)).values("pk")
    q |= Q(committee_id__in=committees) & ~Q(state=State.DRAFT)
    q |= Q(created_by=user)
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(pk__in=OpinionAuthor.objects.filter(person_id=person_id).values("report_id"))
    return q


def reports_for_user(user: Any) -> QuerySet[OpinionReport]:
    return OpinionReport.objects.filter(visibility_q(user))


def own_q(user: Any) -> Q:
    q = Q(created_by=user)
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(pk__in=OpinionAuthor.objects.filter(person_id=person_id).values("report_id"))
    return q


OUTCOMES = [("adopted", "已被采用"), ("instructed", "获领导批示"), ("sent", "已报送上级")]


def search_reports(user: Any, *, committee: Committee | None, mine: bool = False, q: str = "",
                   year: int | None = None, state: str = "", kind: str = "", urgent: bool | None = None,
                   outcome: str = "") -> QuerySet[OpinionReport]:
    """The list: a committee's reports (for staff and leaders) or one's own, narrowed by the filters.

    Text search is a substring of the Simplified, lower-cased search column, within one committee.
    """
    qs = reports_for_user(user)
    if mine:
        qs = qs.filter(own_q(user))
    elif committee is not None:
        require(user, Cap.OPINION_VIEW_ALL, committee)
        qs = OpinionReport.objects.filter(committee=committee).filter(~Q(state=State.DRAFT) | Q(created_by=user))
    if committee is not None and mine:
        qs = qs.filter(committee=committee)
    text = to_simplified((q or "").strip()).lower()
    for word in text.split()[:5]:
        qs = qs.filter(search_text__contains=word)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(submitter_kind=kind)
    if urgent is not None:
        qs = qs.filter(urgent=urgent)
    # What became of a report: one lookup per listed row on the (report, ...) key of the follow-up table.
    follow_up = {"adopted": Adoption, "instructed": Instruction, "sent": Sending}.get(outcome)
    if follow_up is not None:
        qs = qs.filter(Exists(follow_up._default_manager.filter(report_id=OuterRef("pk"))))
    return qs


def can_view(user: Any, report: OpinionReport) -> bool:
    return OpinionReport.objects.filter(visibility_q(user), pk=report.pk).exists()


def get_report_for_user(user: Any, pk: int) -> OpinionReport:
    report = OpinionReport.objects.select_related("committee", "merged_into", "source_proposal").filter(pk=pk).first()
    if report is None:
        raise Http404("未找到该信息。")
    if not can_view(user, report):
        require(user, Cap.OPINION_VIEW_ALL, report.committee)
        if report.state == State.DRAFT:
            raise Http404("未找到该信息。")
    return report


def issues_for_user(user: Any, committee: Committee) -> QuerySet[JournalIssue]:
    require(user, Cap.OPINION_VIEW_ALL, committee)
    return JournalIssue.objects.filter(committee=committee).select_related("publication")


def search_issues(user: Any, committee: Committee, *, q: str = "", year: int | None = None, state: str = "",
                  publication: int | None = None) -> QuerySet[JournalIssue]:
    """A committee's issues narrowed by the filters. Each word of the search must be in the publication's name,
    be the issue's number, or be in a report the issue carries (the reports' Simplified search column)."""
    qs = issues_for_user(user, committee)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if publication:
        qs = qs.filter(publication_id=publication)
    names = list(Publication.objects.filter(committee=committee).values_list("pk", "name"))
    for word in to_simplified((q or "").strip()).lower().split()[:5]:
        carrying = IssueItem.objects.filter(
            report__in=OpinionReport.objects.filter(committee=committee, search_text__contains=word)
        ).values("issue_id")
        # A committee has a few publications: their names are compared here, in both scripts.
        match = Q(pk__in=carrying) | Q(publication_id__in=[pk for pk, name in names
                                                            if word in to_simplified(name).lower()])
        digits = word.removeprefix("第").removesuffix("期")
        if digits.isdigit():
            match |= Q(number=int(digits))
        qs = qs.filter(match)
    return qs


def get_issue_for_user(user: Any, pk: int) -> JournalIssue:
    issue = JournalIssue.objects.select_related("publication", "committee").filter(pk=pk).first()
    if issue is None:
        raise Http404("未找到该刊期。")
    require(user, Cap.OPINION_VIEW_ALL, issue.committee)
    return issue


# ---------------------------------------------------------------- the report's history, as the reader may see it


def reads_office_side(user: Any, report: OpinionReport) -> bool:
    """Staff and leaders who read all of the committee's reports see who handled it; an author sees their own
    moves (the rule of a proposal's history)."""
    return can(user, Cap.OPINION_VIEW_ALL, report.committee)


def _name_for(user: Any, actor: Any, office: bool) -> str | None:
    if actor is None:
        return None
    return str(actor) if office or actor.pk == getattr(user, "pk", None) else None


@dataclass(frozen=True)
class OpinionTimelineEntry:
    at: datetime.datetime
    action: str
    label: str
    from_state: str
    to_state: str
    actor: str | None  # the name, when the reader may know who did it
    remarks: str


@dataclass(frozen=True)
class OpinionRevisionEntry:
    at: datetime.datetime
    editor: str | None  # the editor's name, for those who read the office's side
    note: str
    title_before: str
    body_before: str
    title_after: str
    body_after: str


def opinion_timeline_for_user(user: Any, report: OpinionReport) -> list[OpinionTimelineEntry]:
    """The report's 处理记录 for this reader; the page and the API both render this list."""
    office = reads_office_side(user, report)
    return [
        OpinionTimelineEntry(at=e.at, action=e.action, label=e.label,
                             from_state=e.from_state, to_state=e.to_state, actor=_name_for(user, e.actor, office),
                             remarks=e.remarks)
        for e in OpinionEvent.objects.filter(report=report).select_related("actor").order_by("at", "id")
    ]


def opinion_revisions_for_user(user: Any, report: OpinionReport) -> list[OpinionRevisionEntry]:
    office = reads_office_side(user, report)
    return [
        OpinionRevisionEntry(at=v.at, editor=_name_for(user, v.editor, office), note=v.note,
                             title_before=v.title_before, body_before=v.body_before, title_after=v.title_after,
                             body_after=v.body_after)
        for v in OpinionRevision.objects.filter(report=report).select_related("editor").order_by("at", "id")
    ]


def source_proposal_history_for_user(user: Any, report: OpinionReport) -> list[ProposalTimelineEntry]:
    """The review history of the proposal the report came from, by the proposal's own rule for this reader:
    the report's readers do not read more of the proposal than its page would show them."""
    if report.source_proposal is None:
        return []
    return proposal_timeline_for_user(user, report.source_proposal)
