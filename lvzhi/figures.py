"""What every line's figures share: the scope (a committee, or it and every committee below), a period of dates,
and a rate. Each line's own figures (提案, 社情民意, 会议, 协商, 民主监督) are defined in `<line>/figures.py`."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from lvzhi.committees.models import Committee

PERCENT_STEP = Decimal("0.1")


@dataclass(frozen=True)
class Scope:
    """One committee, or the committee and every committee below it (Committee.path prefix)."""

    committee: Committee
    include_subtree: bool = False

    def committee_ids(self) -> list[int]:
        if not self.include_subtree:
            return [self.committee.pk]
        return list(Committee.objects.filter(path__startswith=self.committee.path).values_list("pk", flat=True))

    @property
    def label(self) -> str:
        return f"{self.committee.name}{'（含下级）' if self.include_subtree else ''}"


@dataclass(frozen=True)
class Rate:
    """A share: numerator over denominator, as a percentage rounded to 0.1 (None when nothing to divide)."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(PERCENT_STEP, ROUND_HALF_UP)

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of a local (Asia/Shanghai) day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class DatePeriod:
    """The days from `start` to `end`, both inclusive; a missing bound is open. `for_year` is one calendar year.

    (Proposals have their own `Period`: a proposal is dated by its plenary or its 年度, not only by a day.)
    """

    start: datetime.date | None = None
    end: datetime.date | None = None
    year: int | None = None

    @classmethod
    def for_year(cls, year: int) -> DatePeriod:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)

    @classmethod
    def between(cls, start: datetime.date | None, end: datetime.date | None) -> DatePeriod:
        return cls(start, end)

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"{self.year}年度"
        since = f"{self.start:%Y年%-m月%-d日}" if self.start else ""
        until = f"至{self.end:%Y年%-m月%-d日}" if self.end else "以来"
        return f"{since}{until}" if self.start or self.end else "全部"

    def whole_years(self) -> tuple[int | None, int | None] | None:
        """(first year, last year) when the period is made of whole calendar years (an open bound is None), so
        figures may read per-year tallies; None when it starts or ends within a year."""
        if self.start is not None and (self.start.month, self.start.day) != (1, 1):
            return None
        if self.end is not None and (self.end.month, self.end.day) != (12, 31):
            return None
        return (self.start.year if self.start else None, self.end.year if self.end else None)

    def years(self, field: str) -> Q:
        """A year field within a period of whole years (see `whole_years`)."""
        first, last = self.whole_years() or (None, None)
        q = Q()
        if first is not None:
            q &= Q(**{f"{field}__gte": first})
        if last is not None:
            q &= Q(**{f"{field}__lte": last})
        return q

    def days(self, field: str) -> Q:
        """A date field within the period."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lte": self.end})
        return q

    def moments(self, field: str) -> Q:
        """A date-time field within the period's local days."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": day_start(self.start)})
        if self.end is not None:
            q &= Q(**{f"{field}__lt": day_start(self.end + datetime.timedelta(days=1))})
        return q
