"""Every 社情民意 figure, each defined once; docs/opinions.md says what each one counts.

A figure counts the events of its own kind whose date falls in the period: a report is received on the day it
was submitted, edited on the day the editors took it on, published on the day its issue was printed, adopted
and instructed on the dates recorded. The screen, the Excel export and the API all read `opinion_figures`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

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


def received_q(period: Period) -> Q:
    """收到 (received): submitted in the period, not withdrawn."""
    return Q(state__in=sorted(RECEIVED_STATES)) & period.moments("submitted_at")


def _counts_by(qs: QuerySet[Any], key: str, choices: list[tuple[str, str]]) -> tuple[int, dict[str, int]]:
    """The rows of `qs`, in all and by `key`, in one pass."""
    row = qs.aggregate(total=Count("pk"), **{f"by_{code}": Count("pk", filter=Q(**{key: code})) for code, _ in choices})
    return row["total"], {code: row[f"by_{code}"] for code, _ in choices}


def opinion_figures(scope: Scope, period: Period) -> OpinionFigures:
    """Every figure of a scope and period, in a few narrow queries that the covering indexes answer alone:
    the reports received (with urgent, not used, merged and by kind), edited, published; the adoptions and
    the instructions (by level); the sendings and the issues."""
    ids = scope.committee_ids()
    kinds = list(SubmitterKind.choices)
    reports = OpinionReport.objects.filter(committee_id__in=ids)
    # Counting a column of the covering index (not the id) lets the database answer from the index alone.
    n = "committee_id"
    received = reports.filter(received_q(period)).aggregate(
        received=Count(n), urgent=Count(n, filter=Q(urgent=True)), not_used=Count(n, filter=Q(state=State.NOT_USED)),
        merged=Count(n, filter=Q(state=State.MERGED)),
        **{f"kind_{code}": Count(n, filter=Q(submitter_kind=code)) for code, _ in kinds},
    )
    levels = list(AdoptionLevel.choices)
    adopted, adopted_by_level = _counts_by(
        Adoption.objects.filter(period.days("date"), committee_id__in=ids), "level", levels)
    instructed, instructed_by_level = _counts_by(
        Instruction.objects.filter(period.days("date"), committee_id__in=ids), "level", levels)
    values = {
        **{code: received[code] for code in ("received", "urgent", "not_used", "merged")},
        "edited": reports.filter(period.moments("accepted_at")).count(),
        "published": reports.filter(period.moments("published_at")).count(),  # published stays published
        "issues": JournalIssue.objects.filter(period.days("date"), committee_id__in=ids,
                                              state=IssueState.PUBLISHED).count(),
        "sent": Sending.objects.filter(period.days("date"), committee_id__in=ids)
        .values("report_id").distinct().count(),
        "adopted": adopted,
        "instructed": instructed,
    }
    return OpinionFigures(
        scope=scope, period=period, values=values, adopted_by_level=adopted_by_level,
        instructed_by_level=instructed_by_level,
        by_submitter_kind={code: received[f"kind_{code}"] for code, _ in kinds},
    )
