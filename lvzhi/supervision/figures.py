"""Every 民主监督 figure, each defined once (docs/supervision.md says what each one counts).

A figure is for a Scope (one committee, or it and every committee below) and a Period (a year or two dates);
the figures page, its Excel export and the API all read `supervision_figures`.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from lvzhi.figures import DatePeriod as Period
from lvzhi.figures import Scope
from lvzhi.supervision.models import (
    AttendanceKind,
    GroupMember,
    MatterState,
    OutsideAttendance,
    SupervisionGroup,
    SupervisionMatter,
    SupervisionOpinion,
    SupervisorAppointment,
    SupervisorDuty,
    YearTally,
)

__all__ = ["HEADLINE", "TALLIED", "Period", "Scope", "SupervisionFigures", "counted", "supervision_figures"]

MEETING_KINDS = (AttendanceKind.GOVERNMENT_MEETING, AttendanceKind.OTHER_MEETING)
HEARING_KINDS = (AttendanceKind.COURT_HEARING, AttendanceKind.PROCURATORATE)


@dataclass
class SupervisionFigures:
    scope: Scope
    period: Period
    groups: int = 0  # 派出监督组（个）
    departments: int = 0  # 被监督单位（家）
    members: int = 0  # 参加监督的委员（名）
    member_times: int = 0  # 参加监督组（人次）
    matters: int = 0  # 监督事项（项）
    matters_by_state: dict[str, int] = field(default_factory=dict)
    closed: int = 0  # 已核实办结
    open: int = 0  # 未办结
    overdue: int = 0  # 逾期未反馈
    proposal_matters: int = 0  # 其中监督提案办理
    suggestion_matters: int = 0  # 其中监督协商成果落实
    opinions: int = 0  # 提出监督意见（条）
    supervisors: int = 0  # 特约监督员（名）
    supervisors_active: int = 0  # 参与活动的特约监督员（名）
    duty_batches: int = 0  # 特约监督员活动（批次）
    supervisor_times: int = 0  # 特约监督员（人次）
    attended_meetings: int = 0  # 列席会议（次）
    attended_government: int = 0  # 其中列席政府常务会议（次）
    attended_hearings: int = 0  # 旁听庭审、检察院座谈（次）
    attendance_times: int = 0  # 列席旁听（人次）

    def state_rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.matters_by_state.get(value, 0)) for value, label in MatterState.choices]


# (code, label, unit): the figures in the order the page, the export and the API show them.
HEADLINE: list[tuple[str, str, str]] = [
    ("groups", "派出监督组", "个"),
    ("departments", "被监督单位", "家"),
    ("members", "参加监督的委员", "名"),
    ("member_times", "参加监督组", "人次"),
    ("matters", "监督事项", "项"),
    ("closed", "已核实办结", "项"),
    ("open", "未办结", "项"),
    ("overdue", "逾期未反馈", "项"),
    ("proposal_matters", "其中监督提案办理", "项"),
    ("suggestion_matters", "其中监督协商成果落实", "项"),
    ("opinions", "提出监督意见", "条"),
    ("supervisors", "特约监督员", "名"),
    ("supervisors_active", "参与活动的特约监督员", "名"),
    ("duty_batches", "特约监督员活动", "批次"),
    ("supervisor_times", "特约监督员履职", "人次"),
    ("attended_meetings", "列席会议", "次"),
    ("attended_government", "其中列席政府常务会议", "次"),
    ("attended_hearings", "旁听庭审、检察院座谈", "次"),
    ("attendance_times", "列席旁听", "人次"),
]


# The figures that add up over committees and years, as a year's tally keeps them (YearTally has one field each).
TALLIED: tuple[str, ...] = (
    "groups", "member_times", *(f"matters_{s}" for s in MatterState.values), "proposal_matters",
    "suggestion_matters", "opinions", "duty_batches", "supervisor_times",
    *(f"attended_{k}" for k in AttendanceKind.values), "attendance_times",
)


def _groups(ids: list[int], period: Period) -> QuerySet[SupervisionGroup]:
    return SupervisionGroup.objects.filter(period.days("sent_on"), committee_id__in=ids)


def counted(ids: list[int], period: Period) -> dict[str, int]:
    """The TALLIED figures of committees `ids` in `period`, counted from the records: groups sent in the period,
    their members (人次) and matters, opinions issued, duty batches and occasions held in it."""
    groups = _groups(ids, period)
    c = {"groups": groups.count(), "member_times": GroupMember.objects.filter(group__in=groups).count()}
    n = "group_id"  # a column of the covering index, so the count never reads the rows
    c.update(SupervisionMatter.objects.filter(group__in=groups).aggregate(
        **{f"matters_{s}": Count(n, filter=Q(state=s)) for s in MatterState.values},
        proposal_matters=Count(n, filter=Q(proposal__isnull=False)),
        suggestion_matters=Count(n, filter=Q(suggestion__isnull=False)),
    ))
    c["opinions"] = SupervisionOpinion.objects.filter(period.days("issued_on"), committee_id__in=ids).count()
    batches = SupervisorDuty.objects.filter(period.days("date"), committee_id__in=ids).aggregate(
        n=Count("committee_id"), times=Sum("participant_count"))
    c["duty_batches"], c["supervisor_times"] = batches["n"], int(batches["times"] or 0)
    # Occasions and their person-times by kind, from the count each occasion keeps (one row per occasion).
    rows = (OutsideAttendance.objects.filter(period.days("date"), committee_id__in=ids).values("kind")
            .annotate(n=Count("committee_id"), times=Sum("attendee_count")).order_by())
    kinds = {r["kind"]: r["n"] for r in rows}
    c.update({f"attended_{k}": kinds.get(k, 0) for k in AttendanceKind.values})
    c["attendance_times"] = sum(int(r["times"] or 0) for r in rows)
    return c


def supervision_figures(scope: Scope, period: Period, today: datetime.date | None = None) -> SupervisionFigures:
    today = today or timezone.localdate()
    ids = scope.committee_ids()
    f = SupervisionFigures(scope=scope, period=period)
    if period.whole_years() is not None:  # whole years: the tallies the services keep, one row per committee-year
        sums = YearTally.objects.filter(period.years("year"), committee_id__in=ids).aggregate(
            **{name: Sum(name) for name in TALLIED})
        c = {name: int(value or 0) for name, value in sums.items()}
    else:
        c = counted(ids, period)
    f.groups, f.member_times, f.opinions = c["groups"], c["member_times"], c["opinions"]
    f.matters_by_state = {s: c[f"matters_{s}"] for s in MatterState.values}
    f.matters = sum(f.matters_by_state.values())
    f.closed = f.matters_by_state[MatterState.VERIFIED]
    f.open = f.matters - f.closed
    f.proposal_matters, f.suggestion_matters = c["proposal_matters"], c["suggestion_matters"]
    f.duty_batches, f.supervisor_times = c["duty_batches"], c["supervisor_times"]
    f.attended_meetings = sum(c[f"attended_{k}"] for k in MEETING_KINDS)
    f.attended_government = c[f"attended_{AttendanceKind.GOVERNMENT_MEETING}"]
    f.attended_hearings = sum(c[f"attended_{k}"] for k in HEARING_KINDS)
    f.attendance_times = c["attendance_times"]

    # Distinct people and departments (which do not add up over committees), and what is overdue today.
    groups = _groups(ids, period)
    f.departments = (SupervisionGroup.departments.through.objects.filter(supervisiongroup__in=groups)
                     .values("handlingunit_id").distinct().count())
    f.members = GroupMember.objects.filter(group__in=groups).values("person_id").distinct().count()
    f.overdue = SupervisionMatter.objects.filter(group__in=groups, state=MatterState.OPINIONS_ISSUED,
                                                 feedback_due__lt=today).count()
    appointed = SupervisorAppointment.objects.filter(committee_id__in=ids)
    if period.end is not None:
        appointed = appointed.filter(appointed_on__lte=period.end)
    if period.start is not None:
        appointed = appointed.exclude(ends_on__lt=period.start)
    f.supervisors = appointed.values("person_id").distinct().count()
    duties = SupervisorDuty.objects.filter(period.days("date"), committee_id__in=ids)
    f.supervisors_active = (SupervisorDuty.participants.through.objects.filter(supervisorduty__in=duties)
                            .values("person_id").distinct().count())
    return f
