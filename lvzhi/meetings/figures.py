"""Every 会议与考勤 figure, each defined once (docs/meetings.md says what each means), for one committee or a
subtree (`Scope`) and a period (a year, or dates). The figures page, its Excel export and the API all call these.

A sheet counts when it was held (签到中 or 已结束) and its date lies in the period; a speech by its date.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from lvzhi.figures import DatePeriod as Period
from lvzhi.figures import Rate, Scope
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetKind, Speech, SpeechKind, Status
from lvzhi.meetings.workflow import HELD_STATES

__all__ = ["Period", "Rate", "Scope", "MeetingFigures", "meeting_figures"]


def held_sheets(scope: Scope, period: Period) -> QuerySet[AttendanceSheet]:
    """召开的会议和活动: sheets of the scope whose sign-in was opened, dated in the period."""
    return AttendanceSheet.objects.filter(Q(committee_id__in=scope.committee_ids(), state__in=sorted(HELD_STATES))
                                          & period.days("date"))


def held_lines(scope: Scope, period: Period) -> QuerySet[Attendance]:
    """The lines (one per invited person) of the held sheets."""
    return Attendance.objects.filter(sheet__in=held_sheets(scope, period).values("pk"))


def sheets_by_kind(scope: Scope, period: Period) -> dict[str, int]:
    """召开会议（活动）次数, by kind, every kind listed (0 when none)."""
    counts = dict(held_sheets(scope, period).values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {k: counts.get(k, 0) for k in SheetKind.values}


@dataclass(frozen=True)
class Totals:
    """Person-times over the held sheets: 邀请 (应到), 出席, 请假, 缺席, and 未签到 (still only invited)."""

    invited: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def pending(self) -> int:
        return self.invited - self.present - self.excused - self.absent

    @property
    def rate_of_invited(self) -> Rate:
        """出席率（按应到）= 出席 ÷ 邀请."""
        return Rate(self.present, self.invited)

    @property
    def rate_of_expected(self) -> Rate:
        """出席率（扣除请假）= 出席 ÷ (邀请 − 请假)."""
        return Rate(self.present, self.invited - self.excused)


def attendance_totals(scope: Scope, period: Period, kind: str | None = None) -> Totals:
    """邀请、出席、请假、缺席人次 over the held sheets (of one kind if given), from the sheets' kept counts."""
    qs = held_sheets(scope, period)
    if kind:
        qs = qs.filter(kind=kind)
    sums = qs.aggregate(invited=Sum("invited_count"), present=Sum("present_count"), excused=Sum("excused_count"),
                        absent=Sum("absent_count"))
    return Totals(**{k: int(v or 0) for k, v in sums.items()})


@dataclass(frozen=True)
class MemberRow:
    person_id: int
    name: str
    totals: Totals


def member_attendance(scope: Scope, period: Period, limit: int | None = None) -> list[MemberRow]:
    """Per member: invitations, present, excused, absent over the held sheets; fewest attended first."""
    rows = (held_lines(scope, period).values("person_id", "person__name", "person__stroke_key")
            .annotate(invited=Count("id"), present=Count("id", filter=Q(status=Status.PRESENT)),
                      excused=Count("id", filter=Q(status=Status.EXCUSED)),
                      absent=Count("id", filter=Q(status=Status.ABSENT)))
            .order_by("present", "person__stroke_key", "person_id"))
    if limit is not None:
        rows = rows[:limit]
    return [MemberRow(r["person_id"], r["person__name"],
                      Totals(r["invited"], r["present"], r["excused"], r["absent"])) for r in rows]


def plenary_only_members(scope: Scope, period: Period) -> list[tuple[int, str]]:
    """“年委员” candidates: members present at a held plenary in the period and at no other held sheet (by id, name).

    Someone invited to nothing else also counts: the flag is about being seen only at the annual plenary.
    """
    lines = held_lines(scope, period).filter(status=Status.PRESENT)
    seen_elsewhere = lines.exclude(sheet__kind=SheetKind.PLENARY).values("person_id")
    rows = (lines.filter(sheet__kind=SheetKind.PLENARY).exclude(person_id__in=seen_elsewhere)
            .values_list("person_id", "person__name").distinct().order_by("person__stroke_key", "person_id"))
    return list(rows)


def trainings(scope: Scope, period: Period) -> tuple[int, int]:
    """学习培训: (held training sheets, person-times present at them)."""
    totals = attendance_totals(scope, period, SheetKind.TRAINING)
    return sheets_by_kind(scope, period)[SheetKind.TRAINING], totals.present


def speeches(scope: Scope, period: Period) -> QuerySet[Speech]:
    return Speech.objects.filter(Q(committee_id__in=scope.committee_ids()) & period.days("date"))


def speeches_by_kind(scope: Scope, period: Period) -> dict[str, int]:
    """发言篇数 by kind (大会发言, 书面发言, 其他发言), every kind listed."""
    counts = dict(speeches(scope, period).values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {k: counts.get(k, 0) for k in SpeechKind.values}


def speeches_by_member(scope: Scope, period: Period, limit: int = 50) -> list[tuple[str, int]]:
    """Members' speeches: (name, count), most first."""
    rows = (speeches(scope, period).filter(speaker__isnull=False).values("speaker_id", "speaker__name")
            .annotate(n=Count("id")).order_by("-n", "speaker__name")[:limit])
    return [(r["speaker__name"], r["n"]) for r in rows]


def speeches_by_organisation(scope: Scope, period: Period, limit: int = 50) -> list[tuple[str, int]]:
    """Speeches in an organisation's name (party, sector, special committee): (name, count), most first."""
    rows = (speeches(scope, period).filter(speaker__isnull=True).values("organisation")
            .annotate(n=Count("id")).order_by("-n", "organisation")[:limit])
    return [(r["organisation"], r["n"]) for r in rows]


@dataclass
class MeetingFigures:
    scope: Scope
    period: Period
    by_kind: dict[str, int]
    totals: Totals
    totals_by_kind: dict[str, Totals]
    training_count: int
    training_person_times: int
    speeches_by_kind: dict[str, int]
    speeches_by_member: list[tuple[str, int]]
    speeches_by_organisation: list[tuple[str, int]]
    members: list[MemberRow] = field(default_factory=list)
    plenary_only: list[tuple[int, str]] = field(default_factory=list)
    per_member: bool = True  # False over a subtree: the per-member tables are not computed

    @property
    def held(self) -> int:
        return sum(self.by_kind.values())

    @property
    def speech_total(self) -> int:
        return sum(self.speeches_by_kind.values())


def meeting_figures(scope: Scope, period: Period, member_limit: int | None = 200) -> MeetingFigures:
    """All figures of the line for one scope and period.

    The held sheets are read once, by kind, for the counts and person-times. The per-member tables (attendance,
    speeches, the 年委员 prompt) are a committee's own: over a subtree they are left out rather than scanning every line of
    every committee below.
    """
    rows = (held_sheets(scope, period).values("kind")
            .annotate(n=Count("id"), invited=Sum("invited_count"), present=Sum("present_count"),
                      excused=Sum("excused_count"), absent=Sum("absent_count")).order_by())
    by_kind = {k: 0 for k in SheetKind.values}
    totals_by_kind = {k: Totals() for k in SheetKind.values}
    for r in rows:
        by_kind[r["kind"]] = r["n"]
        totals_by_kind[r["kind"]] = Totals(*(int(r[f] or 0) for f in ("invited", "present", "excused", "absent")))
    totals = Totals(*(sum(getattr(t, f) for t in totals_by_kind.values())
                      for f in ("invited", "present", "excused", "absent")))
    per_member = not scope.include_subtree
    return MeetingFigures(
        scope=scope, period=period, by_kind=by_kind, totals=totals, totals_by_kind=totals_by_kind,
        training_count=by_kind[SheetKind.TRAINING], training_person_times=totals_by_kind[SheetKind.TRAINING].present,
        speeches_by_kind=speeches_by_kind(scope, period),
        speeches_by_member=speeches_by_member(scope, period) if per_member else [],
        speeches_by_organisation=speeches_by_organisation(scope, period),
        members=member_attendance(scope, period, member_limit) if per_member else [],
        plenary_only=plenary_only_members(scope, period) if per_member else [],
        per_member=per_member,
    )
