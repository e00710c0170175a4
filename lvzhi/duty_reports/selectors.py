"""Reading duty reports and 述职 sessions with the reader's permissions applied where they are fetched."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q, deny
from lvzhi.duty_reports.models import DutyReport, ReportingSession, ReportState
from lvzhi.members.models import Membership
from lvzhi.members.selectors import person_of

REFUSAL = "只有委员本人、本会委员履职管理工作人员和上级领导可以查看履职报告。"
SESSION_REFUSAL = "只有本会委员履职管理工作人员和领导可以查看述职会。"


def reports_for_user(user: Any) -> QuerySet[DutyReport]:
    """The member's own reports, and every report of the committees where the user holds duty.view."""
    person = person_of(user)
    q = committees_q(user, Cap.DUTY_VIEW, prefix="committee__")
    if person is not None:
        q |= Q(person=person)
    return DutyReport.objects.filter(q).select_related("committee", "person", "membership")


def is_own_report(user: Any, report: DutyReport) -> bool:
    return report.person.user_id is not None and report.person.user_id == getattr(user, "pk", None)


def get_report_for_user(user: Any, pk: int, *, read: bool = True) -> DutyReport:
    """The report, if `user` is its member or holds duty.view in its committee (a leader also above it); a
    refusal is audited. Another's report opened by staff is written to the audit trail as a read."""
    report = (DutyReport.objects.select_related("committee", "person", "membership__term", "membership__sector",
                                                "membership__party", "membership__committee")
              .filter(pk=pk).first())
    if report is None:
        raise Http404("未找到该履职报告。")
    if is_own_report(user, report):
        return report
    if not can(user, Cap.DUTY_VIEW, report.committee):
        deny(user, detail="duty_reports.report_read", committee=report.committee, obj=report, message=REFUSAL)
    if read:
        from lvzhi.audit.services import audit_read

        audit_read(actor=user, obj=report, action="duty_reports.report_read", what="履职报告")
    return report


def own_memberships(user: Any) -> QuerySet[Membership]:
    """The signed-in member's seats, current ones first: each may have a report a year."""
    person = person_of(user)
    if person is None:
        return Membership.objects.none()
    return (Membership.objects.filter(person=person).select_related("committee", "term")
            .order_by("-is_active", "committee__path"))


def get_own_membership(user: Any, pk: int) -> Membership:
    """One of the user's own seats; anyone else's is refused (a report is written by its member only)."""
    membership = Membership.objects.select_related("person", "committee", "term").filter(pk=pk).first()
    if membership is None:
        raise Http404("未找到该委员。")
    if membership.person.user_id is None or membership.person.user_id != getattr(user, "pk", None):
        deny(user, detail="duty_reports.report_draft", committee=membership.committee, obj=membership,
             message="履职报告只能由委员本人撰写。")
    return membership


@dataclass(frozen=True)
class ReportTally:
    """How far a committee's members are with the year's reports."""

    members: int
    drafts: int
    submitted: int  # waiting for staff: submitted or resubmitted
    returned: int
    acknowledged: int

    @property
    def not_yet(self) -> int:
        """Members who have not handed a report in (none, a draft, or one returned to them)."""
        return self.members - self.submitted - self.acknowledged


def report_tally(committee_id: int, year: int) -> ReportTally:
    members = Membership.objects.filter(committee_id=committee_id, is_active=True).count()
    rows = dict(DutyReport.objects.filter(committee_id=committee_id, year=year).values("state")
                .annotate(n=Count("id")).order_by().values_list("state", "n"))
    return ReportTally(members=members, drafts=rows.get(ReportState.DRAFT, 0),
                       submitted=rows.get(ReportState.SUBMITTED, 0) + rows.get(ReportState.RESUBMITTED, 0),
                       returned=rows.get(ReportState.RETURNED, 0), acknowledged=rows.get(ReportState.ACKNOWLEDGED, 0))


STATE_FILTERS = {
    "waiting": ("待确认", (ReportState.SUBMITTED, ReportState.RESUBMITTED)),
    "acknowledged": ("已确认", (ReportState.ACKNOWLEDGED,)),
    "returned": ("退回修改", (ReportState.RETURNED,)),
    "draft": ("草稿", (ReportState.DRAFT,)),
}


def filter_reports(qs: QuerySet[DutyReport], *, state: str = "") -> QuerySet[DutyReport]:
    if state in STATE_FILTERS:
        qs = qs.filter(state__in=STATE_FILTERS[state][1])
    return qs


def missing_members(committee_id: int, year: int) -> QuerySet[Membership]:
    """Serving members of the committee with no report at all for the year."""
    written = DutyReport.objects.filter(committee_id=committee_id, year=year).values("person_id")
    return (Membership.objects.filter(committee_id=committee_id, is_active=True).exclude(person_id__in=written)
            .select_related("person", "sector").order_by("role_rank", "stroke_key", "manual_order", "id"))


# ---------------------------------------------------------------- 述职 sessions


def sessions_for_user(user: Any) -> QuerySet[ReportingSession]:
    return ReportingSession.objects.filter(committees_q(user, Cap.DUTY_VIEW, prefix="committee__")).select_related(
        "committee", "activity_group", "special_committee")


def get_session_for_user(user: Any, pk: int) -> ReportingSession:
    session = (ReportingSession.objects.select_related("committee", "activity_group", "special_committee")
               .filter(pk=pk).first())
    if session is None:
        raise Http404("未找到该述职会。")
    if not can(user, Cap.DUTY_VIEW, session.committee):
        deny(user, detail=Cap.DUTY_VIEW, committee=session.committee, obj=session, message=SESSION_REFUSAL)
    return session
