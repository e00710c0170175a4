"""The work waiting on a user in the lines after proposals (社情民意, 会议, 协商, 民主监督, 履职), for the home page.

Each entry counts rows in the user's own committees (where they hold the capability that does the work) and
points at the screen where it is done. Proposals have their own, richer list (`proposals.reminders.todo_for`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts.permissions import ROLE_CAPS, Cap, grants_of


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    overdue: bool = False


def _committee_ids(user: Any, cap: str) -> list[int]:
    """The committees where `user` holds `cap` themselves (work is not done for the committees below)."""
    return sorted({g.committee_id for g in grants_of(user)
                   if g.committee_id is not None and cap in ROLE_CAPS.get(g.role, frozenset())})


def _url(name: str, committee_id: int, query: str = "") -> str:
    return f"{reverse(name)}?committee={committee_id}" + (f"&{query}" if query else "")


def opinion_todo(user: Any) -> list[Todo]:
    from lvzhi.opinions.models import OpinionReport, State

    items = []
    for cid in _committee_ids(user, Cap.OPINION_EDIT):
        waiting = OpinionReport.objects.filter(committee_id=cid, state=State.SUBMITTED)
        n, urgent = waiting.count(), waiting.filter(urgent=True).count()
        if n:
            items.append(Todo(f"待采编的社情民意（其中紧急 {urgent} 条）" if urgent else "待采编的社情民意", n,
                              _url("opinions:list", cid, "state=submitted"), overdue=bool(urgent)))
    return items


def meeting_todo(user: Any) -> list[Todo]:
    from lvzhi.meetings.models import Attendance, LeaveState, SheetState, Status

    items = []
    for cid in _committee_ids(user, Cap.MEETING_MANAGE):
        n = Attendance.objects.filter(committee_id=cid, leave_state=LeaveState.REQUESTED).count()
        if n:
            items.append(Todo("待审批的请假", n, _url("meetings:leave_queue", cid)))
    person = getattr(user, "person", None)
    if person is not None:
        n = Attendance.objects.filter(person=person, status=Status.INVITED, sheet__state=SheetState.OPEN,
                                      date=timezone.localdate()).count()
        if n:
            items.append(Todo("今天的会议正在签到", n, reverse("meetings:mine")))
    return items


def consultation_todo(user: Any) -> list[Todo]:
    from lvzhi.consultations.models import Suggestion, SuggestionState

    items = []
    for cid in _committee_ids(user, Cap.CONSULTATION_MANAGE):
        n = Suggestion.objects.filter(committee_id=cid, state=SuggestionState.MADE).count()
        if n:
            items.append(Todo("尚未报送的协商意见建议", n, _url("consultations:suggestions", cid, "state=made")))
    return items


def supervision_todo(user: Any) -> list[Todo]:
    from lvzhi.supervision.models import MatterState, SupervisionMatter

    items = []
    today = timezone.localdate()
    for cid in _committee_ids(user, Cap.SUPERVISION_MANAGE):
        matters = SupervisionMatter.objects.filter(committee_id=cid)
        overdue = matters.filter(state=MatterState.OPINIONS_ISSUED, feedback_due__lt=today).count()
        if overdue:
            items.append(Todo("逾期未反馈的监督事项", overdue, _url("supervision:matters", cid, "overdue=on"),
                              overdue=True))
        to_verify = matters.filter(state=MatterState.FEEDBACK_RECEIVED).count()
        if to_verify:
            items.append(Todo("待核实确认效果的监督事项", to_verify,
                              _url("supervision:matters", cid, "state=feedback_received")))
    return items


def duty_todo(user: Any) -> list[Todo]:
    """履职: activities and duty reports waiting for staff; what was sent back to the member."""
    from lvzhi.duty_reports.models import DutyReport, ReportState
    from lvzhi.merits.models import ActivityState, ReportedActivity

    items = []
    for cid in _committee_ids(user, Cap.DUTY_MANAGE):
        n = ReportedActivity.objects.filter(committee_id=cid, state=ActivityState.SUBMITTED).count()
        if n:
            items.append(Todo("待审核的履职活动申报", n, _url("merits:activities", cid, "state=submitted")))
        year = timezone.localdate().year
        n = DutyReport.objects.filter(committee_id=cid, state__in=[ReportState.SUBMITTED, ReportState.RESUBMITTED],
                                      year__gte=year - 1).count()
        if n:
            items.append(Todo("待确认的履职报告", n, _url("duty_reports:list", cid, f"year={year}&state=waiting")))
    person = getattr(user, "person", None)
    if person is not None:
        n = ReportedActivity.objects.filter(person=person, state=ActivityState.RETURNED).count()
        if n:
            items.append(Todo("退回补充的履职活动申报", n, reverse("merits:mine")))
        n = DutyReport.objects.filter(person=person, state=ReportState.RETURNED).count()
        if n:
            items.append(Todo("退回修改的履职报告", n, reverse("duty_reports:mine")))
    return items


def line_todo(user: Any) -> list[Todo]:
    return [*opinion_todo(user), *meeting_todo(user), *consultation_todo(user), *supervision_todo(user),
            *duty_todo(user)]
