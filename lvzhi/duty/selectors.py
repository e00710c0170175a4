"""Reading the duty record."""
from __future__ import annotations

from django.db.models import Count, QuerySet

from lvzhi.duty.models import DutyRecord
from lvzhi.members.models import Person


def duty_records(person: Person, *, year: int | None = None, committee_id: int | None = None) -> QuerySet[DutyRecord]:
    qs = DutyRecord.objects.filter(person=person)
    if year is not None:
        qs = qs.filter(year=year)
    if committee_id is not None:
        qs = qs.filter(committee_id=committee_id)
    return qs.order_by("-date", "-id")


def duty_counts(person: Person, *, year: int | None = None, committee_id: int | None = None) -> dict[str, int]:
    """How many entries of each kind."""
    rows = duty_records(person, year=year, committee_id=committee_id).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows.order_by()}


def duty_years(person: Person) -> list[int]:
    """The years `person` has entries in, latest first."""
    # order_by() drops the model's ordering (date, id), which DISTINCT would otherwise take in, reading every row
    # of the person's record instead of the (person, year) index alone.
    rows = DutyRecord.objects.filter(person=person).order_by("-year").values_list("year", flat=True).distinct()
    return list(rows)
