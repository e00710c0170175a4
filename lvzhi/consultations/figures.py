"""Every 协商 figure, each defined once (docs/consultations.md says what each one means), for one committee or a
subtree (`Scope`) and a period; the figures page, its Excel export and the API all call `consultation_figures`."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from lvzhi.consultations.models import (
    HELD_STATES,
    TALLY_FIELDS,
    ActivityTally,
    ConsultationActivity,
    ConsultationPlan,
    Form,
    Participant,
    PlanItem,
    PlanState,
)
from lvzhi.figures import DatePeriod as Period
from lvzhi.figures import Rate, Scope

__all__ = ["Scope", "Period", "ConsultationFigures", "consultation_figures", "plan_progress", "HEADLINE", "HELD_STATES"]

TRIPS = (Form.RESEARCH, Form.INSPECTION)


def held_activities(scope: Scope, period: Period) -> QuerySet[ConsultationActivity]:
    """The activities every figure counts: in the scope's committees, held in the period."""
    return ConsultationActivity.objects.filter(period.days("date"), committee_id__in=scope.committee_ids(),
                                               state__in=HELD_STATES)


def sums_by_form(activities: QuerySet[ConsultationActivity], *keys: str) -> QuerySet[Any]:
    """The held ones of `activities` per `keys` and form: how many, and their counters summed. The figures of a
    period that is not whole years, and what an ActivityTally row keeps (services.common.refresh_tally)."""
    return (activities.filter(state__in=HELD_STATES).values(*keys, "form").order_by()
            .annotate(activities=Count("committee_id"), **{name: Sum(name) for name in TALLY_FIELDS}))


@dataclass
class ConsultationFigures:
    scope: Scope
    period: Period
    activities: int = 0  # 协商活动（场次）: every held activity, trips included
    consultations: int = 0  # of which consultations proper (every form but 调研 and 视察)
    grassroots: int = 0  # 基层协商
    trips: int = 0  # 调研、视察
    person_times: int = 0  # 参加人次: listed participants + unlisted headcount, summed over activities
    member_person_times: int = 0  # 委员参加人次
    member_participants: int | None = None  # 参加委员（人）: distinct members; a single committee only
    speeches: int = 0  # 发言（人次）
    suggestions_made: int = 0
    suggestions_sent: int = 0
    suggestions_adopted: int = 0
    suggestions_transformed: int = 0
    suggestions_fed_back: int = 0
    suggestions_instructed: int = 0  # suggestions with at least one leader's instruction
    problems_solved: int = 0
    plan_items: int = 0  # items of the approved plan(s) for the period's year(s)
    plan_items_done: int = 0  # linked to an activity that was held
    by_form: list[tuple[str, str, int]] = field(default_factory=list)  # (form, label, activities)

    @property
    def adoption_rate(self) -> Decimal | None:
        """采纳率: adopted ÷ sent, in per cent (one decimal); None when nothing was sent."""
        return Rate(self.suggestions_adopted, self.suggestions_sent).percent

    @property
    def plan_done_rate(self) -> Decimal | None:
        return Rate(self.plan_items_done, self.plan_items).percent


# The headline figures, in the order the screen, the Excel sheet and the API give them.
HEADLINE: list[tuple[str, str]] = [
    ("activities", "协商活动（场次）"), ("consultations", "其中协商议政"), ("grassroots", "基层协商"),
    ("trips", "调研视察"), ("person_times", "参加人次"), ("member_person_times", "委员参加人次"),
    ("member_participants", "参加委员（人）"), ("speeches", "发言（人次）"), ("suggestions_made", "提出意见建议（条）"),
    ("suggestions_sent", "报送（条）"), ("suggestions_adopted", "采纳（条）"), ("adoption_rate", "采纳率（%）"),
    ("suggestions_transformed", "转化为政策文件（条）"), ("suggestions_instructed", "获领导批示（条）"),
    ("suggestions_fed_back", "已反馈（条）"), ("problems_solved", "解决问题（个）"), ("plan_items", "年度计划议题"),
    ("plan_items_done", "计划已完成"), ("plan_done_rate", "计划完成率（%）"),
]


def consultation_figures(scope: Scope, period: Period) -> ConsultationFigures:
    """Every figure of a scope and period. The held activities are read once, by form, summing the counters each
    activity keeps of its participants and suggestions; only the distinct members are counted from the
    participants themselves, and only for a single committee (over a subtree they are left out)."""
    f = ConsultationFigures(scope=scope, period=period)
    activities = held_activities(scope, period)
    if period.whole_years() is not None:  # whole years: the tallies the services keep, a few rows per committee
        tallies = ActivityTally.objects.filter(period.years("year"), committee_id__in=scope.committee_ids())
        rows = list(tallies.values("form").order_by()
                    .annotate(**{name: Sum(name) for name in ("activities", *TALLY_FIELDS)}))
    else:
        rows = list(sums_by_form(activities))
    forms = {r["form"]: r["activities"] for r in rows}
    total = {name: sum(int(r[name] or 0) for r in rows) for name in TALLY_FIELDS}
    f.by_form = [(value, label, forms.get(value, 0)) for value, label in Form.choices]
    f.activities = sum(forms.values())
    f.trips = sum(forms.get(t, 0) for t in TRIPS)
    f.consultations = f.activities - f.trips
    f.grassroots = forms.get(Form.GRASSROOTS, 0)
    f.person_times = total["participant_count"] + total["other_headcount"]
    f.member_person_times = total["member_count"]
    f.speeches = total["speech_count"]
    if not scope.include_subtree:  # a distinct count does not add up over committees: one committee only
        f.member_participants = (Participant.objects.filter(activity__in=activities.values("pk"), person__isnull=False)
                                 .values("person_id").distinct().count())
    f.suggestions_made, f.suggestions_sent = total["suggestion_count"], total["sent_count"]
    f.suggestions_adopted, f.suggestions_transformed = total["adopted_count"], total["transformed_count"]
    f.suggestions_fed_back, f.suggestions_instructed = total["fed_back_count"], total["instructed_count"]
    f.problems_solved = total["problems_solved"]
    items = PlanItem.objects.filter(plan__committee_id__in=scope.committee_ids(), plan__state=PlanState.APPROVED)
    if period.start is not None:
        items = items.filter(plan__year__gte=period.start.year)
    if period.end is not None:
        items = items.filter(plan__year__lte=period.end.year)
    f.plan_items = items.count()
    # Each item's activity looked up by key: a scalar subquery (LIMIT 1), which PostgreSQL does not turn into a
    # join reading every activity of the tree.
    held = ConsultationActivity.objects.filter(pk=OuterRef("activity_id"), state__in=HELD_STATES).values("pk")[:1]
    f.plan_items_done = items.annotate(held=Subquery(held)).filter(held__isnull=False).count()
    return f


@dataclass
class ItemProgress:
    item: PlanItem
    status: str  # "done", "pending", "overdue"

    @property
    def label(self) -> str:
        return {"done": "已完成", "pending": "未开展", "overdue": "已逾期"}[self.status]


def item_status(item: PlanItem, year: int, today: datetime.date | None = None) -> str:
    """Done when linked to a held activity; overdue once its planned month has passed without one."""
    today = today or timezone.localdate()
    if item.activity is not None and item.activity.state in HELD_STATES:
        return "done"
    return "overdue" if (year, item.planned_month) < (today.year, today.month) else "pending"


def plan_progress(plan: ConsultationPlan, today: datetime.date | None = None) -> list[ItemProgress]:
    """Plan versus done: each item with its status."""
    items = plan.items.select_related("activity", "special_committee")
    return [ItemProgress(item, item_status(item, plan.year, today)) for item in items]
