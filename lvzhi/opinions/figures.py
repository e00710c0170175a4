"""Every 社情民意 figure, each defined once; docs/opinions.md says what each one counts.

A figure counts the events of its own kind whose date falls in the period: a report is received on the day it
was submitted, edited on the day the editors took it on, published on the day its issue was printed, adopted
and instructed on the dates recorded. The screen, the Excel export and the API all read `opinion_figures`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from lvzhi.figures import DatePeriod as Period
from lvzhi.figures import Scope
from lvzhi.opinions.models import (
    Adoption,
    AdoptionLevel,
    Instruction,
    IssueState,
    JournalIssue,
    OpinionReport,
    Sending,
    State,
    SubmitterKind,
)
from lvzhi.opinions.workflow import RECEIVED_STATES

__all__ = ["Period", "Scope", "OpinionFigures", "opinion_figures", "HEADLINE"]


# (code, label) of the headline figures, in the order the screen and the export show them.
HEADLINE: list[tuple[str, str]] = [
    ("received", "收到信息"),
    ("urgent", "其中紧急信息"),
    ("edited", "采编"),
    ("published", "编发"),
    ("issues", "刊期"),
    ("sent", "报送党政部门"),
    ("adopted", "被采用（次）"),
    ("instructed", "领导批示（次）"),
    ("not_used", "不予采用"),
    ("merged", "合并"),
]


@dataclass
class OpinionFigures:
    scope: Scope
    period: Period
    values: dict[str, int]
    adopted_by_level: dict[str, int] = field(default_factory=dict)
    instructed_by_level: dict[str, int] = field(default_factory=dict)
    by_submitter_kind: dict[str, int] = field(default_factory=dict)

    def headline(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.values[code]) for code, label in HEADLINE]

    @staticmethod
    def level_labels() -> list[tuple[str, str]]:
        return list(AdoptionLevel.choices)

    @staticmethod
    def kind_labels() -> list[tuple[str, str]]:
        return list(SubmitterKind.choices)

    def rows(self) -> list[tuple[str, int]]:
        """Every figure as (label, value), for the Excel export."""
        out = [(label, value) for _, label, value in self.headline()]
        out += [(f"{label}采用", self.adopted_by_level[code]) for code, label in AdoptionLevel.choices]
        out += [(f"{label}领导批示", self.instructed_by_level[code]) for code, label in AdoptionLevel.choices]
        out += [(f"收到信息：{label}", self.by_submitter_kind[code]) for code, label in SubmitterKind.choices]
        return out


def received_q(ids: list[int], period: Period) -> Q:
    """收到 (received): submitted in the period, not withdrawn."""
    return Q(committee_id__in=ids, state__in=sorted(RECEIVED_STATES)) & period.moments("submitted_at")


def _by(qs: object, key: str, choices: list[tuple[str, str]]) -> dict[str, int]:
    counts = {code: 0 for code, _ in choices}
    for row in qs.values(key).annotate(n=Count("pk")).order_by():  # type: ignore[attr-defined]
        counts[row[key]] = row["n"]
    return counts


def opinion_figures(scope: Scope, period: Period) -> OpinionFigures:
    ids = scope.committee_ids()
    reports = OpinionReport.objects.filter(committee_id__in=ids)
    received = OpinionReport.objects.filter(received_q(ids, period))
    totals = received.aggregate(
        received=Count("pk"), urgent=Count("pk", filter=Q(urgent=True)),
        not_used=Count("pk", filter=Q(state=State.NOT_USED)), merged=Count("pk", filter=Q(state=State.MERGED)),
    )
    adoptions = Adoption.objects.filter(period.days("date"), committee_id__in=ids)
    instructions = Instruction.objects.filter(period.days("date"), committee_id__in=ids)
    values = {
        **totals,
        "edited": reports.filter(period.moments("accepted_at")).count(),
        "published": reports.filter(period.moments("published_at")).count(),  # published stays published
        "issues": JournalIssue.objects.filter(period.days("date"), committee_id__in=ids,
                                              state=IssueState.PUBLISHED).count(),
        "sent": Sending.objects.filter(period.days("date"), committee_id__in=ids)
        .values("report_id").distinct().count(),
        "adopted": adoptions.count(),
        "instructed": instructions.count(),
    }
    return OpinionFigures(
        scope=scope, period=period, values=values,
        adopted_by_level=_by(adoptions, "level", list(AdoptionLevel.choices)),
        instructed_by_level=_by(instructions, "level", list(AdoptionLevel.choices)),
        by_submitter_kind=_by(received, "submitter_kind", list(SubmitterKind.choices)),
    )
