"""Every 学习培训 figure, defined once (docs/study.md says what each counts): the figures page, the list page, its
export and the API all read `study_figures`.

A figure is for a Scope (a committee, or it and every committee below) and a Period. Sessions count when held and
dated (their first day) in the period; person-times (人次) are the members present — the linked sign-in sheet's
present lines, else the roll kept here — plus named non-member trainees plus the non-members counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from lvzhi.figures import DatePeriod as Period
from lvzhi.figures import Scope
from lvzhi.study.models import (
    TRAINING_KINDS,
    ReadingActivity,
    ReadingGroup,
    ReadingMember,
    SessionKind,
    SessionState,
    StudySession,
)

__all__ = ["HEADLINE", "ClassRow", "Period", "Scope", "StudyFigures", "study_figures"]


@dataclass(frozen=True)
class ClassRow:
    pk: int
    title: str
    date: str
    days: int
    size: int  # 学员（名）: the class roll


@dataclass
class StudyFigures:
    scope: Scope
    period: Period
    sessions_by_kind: dict[str, int] = field(default_factory=dict)  # 场次 by kind
    times_by_kind: dict[str, int] = field(default_factory=dict)  # 人次 by kind
    sessions: int = 0  # 学习培训（场次）
    person_times: int = 0  # 参加（人次）
    study_sessions: int = 0  # 学习（场次）: every kind but trainings
    trainings: int = 0  # 培训（场次）: 培训讲座 and 培训班
    training_times: int = 0  # 培训（人次）
    member_times: int = 0  # 其中委员（人次）
    classes: list[ClassRow] = field(default_factory=list)
    class_count: int = 0  # 培训班（期）
    class_trainees: int = 0  # 培训班学员（人次）
    reading_groups: int = 0  # 读书群（个）
    reading_members: int = 0  # 读书群成员（名, distinct）
    reading_activities: int = 0  # 读书活动（场次）
    reading_times: int = 0  # 读书活动参加（人次）

    def kind_rows(self) -> list[tuple[str, str, int, int]]:
        return [(value, label, self.sessions_by_kind.get(value, 0), self.times_by_kind.get(value, 0))
                for value, label in SessionKind.choices]


# (code, label, unit): the headline figures in the order the page, the export and the API show them.
HEADLINE: list[tuple[str, str, str]] = [
    ("sessions", "学习培训活动", "场次"),
    ("person_times", "参加学习培训", "人次"),
    ("study_sessions", "学习活动", "场次"),
    ("trainings", "培训", "场次"),
    ("training_times", "培训", "人次"),
    ("member_times", "其中委员参加", "人次"),
    ("class_count", "培训班", "期"),
    ("class_trainees", "培训班学员", "人次"),
    ("reading_groups", "读书群", "个"),
    ("reading_members", "读书群成员", "名"),
    ("reading_activities", "读书活动", "场次"),
    ("reading_times", "参加读书活动", "人次"),
]


def held_sessions(ids: list[int], period: Period) -> Q:
    return Q(committee_id__in=ids, state=SessionState.HELD) & period.days("date")


def study_figures(scope: Scope, period: Period) -> StudyFigures:
    ids = scope.committee_ids()
    f = StudyFigures(scope=scope, period=period)
    members = F("member_count") + Coalesce(F("sheet__present_count"), 0)
    rows = (StudySession.objects.filter(held_sessions(ids, period)).values("kind")
            .annotate(n=Count("id"), members=Sum(members),
                      others=Sum(F("trainee_count") + F("non_member_count"))).order_by())
    for r in rows:
        f.sessions_by_kind[r["kind"]] = r["n"]
        f.times_by_kind[r["kind"]] = int(r["members"] or 0) + int(r["others"] or 0)
        f.member_times += int(r["members"] or 0)
    f.sessions = sum(f.sessions_by_kind.values())
    f.person_times = sum(f.times_by_kind.values())
    f.trainings = sum(f.sessions_by_kind.get(k, 0) for k in TRAINING_KINDS)
    f.training_times = sum(f.times_by_kind.get(k, 0) for k in TRAINING_KINDS)
    f.study_sessions = f.sessions - f.trainings
    classes = (StudySession.objects.filter(held_sessions(ids, period), kind=SessionKind.CLASS)
               .order_by("date", "id").values("pk", "title", "date", "days", "member_count", "trainee_count"))
    f.classes = [ClassRow(c["pk"], c["title"], f"{c['date']:%Y-%m-%d}", c["days"] or 1,
                          c["member_count"] + c["trainee_count"]) for c in classes]
    f.class_count = len(f.classes)
    f.class_trainees = sum(c.size for c in f.classes)

    # Reading groups active now and founded by the period's end; their members counted once each.
    groups = ReadingGroup.objects.filter(committee_id__in=ids, is_active=True)
    if period.end is not None:
        groups = groups.filter(founded_on__lte=period.end)
    f.reading_groups = groups.count()
    f.reading_members = (ReadingMember.objects.filter(group__in=groups).values("person_id").distinct().count())
    activities = ReadingActivity.objects.filter(Q(committee_id__in=ids) & period.days("date"))
    counted = activities.aggregate(n=Count("id"), times=Sum("participant_count"))
    f.reading_activities, f.reading_times = counted["n"], int(counted["times"] or 0)
    return f

