"""The one door to members' duty scores (履职量化考核) for the reports and the year-end feedback: the duty app's
stored scores, brought up to date before they are read (lvzhi.duty.scoring.current_scores)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lvzhi.committees.models import Committee
from lvzhi.duty.scoring import current_scores
from lvzhi.members.models import Person

NOT_SCORED = "尚未评分"


@dataclass(frozen=True)
class ScoreSummary:
    total: Decimal
    grade: str  # e.g. 优秀, 称职, 不称职
    minimum_met: bool  # the minimum duties (such as "三个一") done
    missed: list[str] = field(default_factory=list)  # the minimum duties not done, in words


def scores_of(*, committee: Committee, person_ids: Sequence[int], year: int) -> dict[int, ScoreSummary]:
    """Person id -> current score, for those the committee scores in that year (none without a rule table)."""
    rows = current_scores(committee_id=committee.pk, year=year, person_ids=list(person_ids), breakdown=False)
    return {pk: ScoreSummary(total=row.total, grade=row.grade, minimum_met=row.minimum_met,
                             missed=list(row.minimum_missed or []))
            for pk, row in rows.items()}


def score_of(*, committee: Committee, person: Person, year: int) -> ScoreSummary | None:
    """The member's current score for the committee and year; None while the year has no rule table."""
    return scores_of(committee=committee, person_ids=[person.pk], year=year).get(person.pk)


def score_text(score: ScoreSummary | None) -> str:
    """"86.5分（优秀）", or 尚未评分."""
    if score is None:
        return NOT_SCORED
    return f"{score.total.normalize():f}分（{score.grade}）"
