"""The one door to a member's duty score (履职量化考核) for the reports and the year-end feedback.

Scoring lives in the duty app (`lvzhi.duty.scoring`); until it is wired in here, `score_of` answers None and
every caller leaves the score out ("尚未评分")."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lvzhi.committees.models import Committee
from lvzhi.members.models import Person

NOT_SCORED = "尚未评分"


@dataclass(frozen=True)
class ScoreSummary:
    total: Decimal
    grade: str  # e.g. 优秀, 称职, 不称职
    minimum_met: bool  # the minimum duties (such as "三个一") done
    missed: list[str] = field(default_factory=list)  # the minimum duties not done, in words


def score_of(*, committee: Committee, person: Person, year: int) -> ScoreSummary | None:
    """The member's current score for the committee and year; None while no score is available."""
    return None


def score_text(score: ScoreSummary | None) -> str:
    """"86.5分（优秀）", or 尚未评分."""
    if score is None:
        return NOT_SCORED
    return f"{score.total.normalize():f}分（{score.grade}）"
