"""What the supervision services share: text checks, the members a committee may send, audit rows."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear

from lvzhi import versioning
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.figures import DatePeriod as Period
from lvzhi.members.models import Person
from lvzhi.members.selectors import check_serving_members
from lvzhi.supervision.figures import counted
from lvzhi.supervision.models import (
    OutsideAttendance,
    SupervisionGroup,
    SupervisionOpinion,
    SupervisorDuty,
    YearTally,
)
from lvzhi.text.chinese import normalise, to_simplified

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"
TITLE_MAX = 200
NAME_MAX = 100
BODY_MAX = 10_000

# Full-width letters and digits become half-width; Chinese punctuation is kept as typed.
_HALF_WIDTH = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for c in range(r[0], r[1] + 1)}


def clean_text(value: str | None, label: str, *, max_length: int, required: bool = True, one_line: bool = False,
               errors: dict[str, str], field: str) -> str:
    """Trimmed text, full-width letters and digits half-width; records an error for empty or over-long text."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    text = unicodedata.normalize("NFC", text).strip()
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        errors[field] = f"请填写{label}。"
    elif len(text) > max_length:
        errors[field] = f"{label}不能超过 {max_length} 个字（当前 {len(text)} 字）。"
    return text


def search_key(*parts: str) -> str:
    """What the list search matches: Simplified characters, NFKC, lower case."""
    return to_simplified(normalise(" ".join(p for p in parts if p))).lower()


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def check_members(committee: Committee, persons: Iterable[Person], label: str, errors: dict[str, str],
                  field: str) -> list[Person]:
    """The persons, each once, who must be serving members (在任委员) of `committee`."""
    return check_serving_members(committee, persons, label, errors, field)


def check_units(committee: Committee, units: Sequence[HandlingUnit], errors: dict[str, str], field: str) -> None:
    if any(u.committee_id != committee.pk for u in units):
        errors[field] = "被监督单位须为本政协组织登记的单位。"
    elif len({u.pk for u in units}) != len(units):
        errors[field] = "被监督单位有重复。"


def lock(obj: models.Model, expected_version: int | None) -> None:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def audit(*, actor: Actor, verb: str, obj: models.Model, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: str = "") -> None:
    audit_record(actor=actor, action=f"supervision.{verb}", obj=obj, before=before, after=after,
                 detail=detail[:500])


def refresh_tally(committee_id: int, *years: int) -> None:
    """Count a committee's tally again for each of `years` (figures.counted for that year), in the caller's
    transaction. The row is locked before counting, so two transactions changing records of the same
    committee-year count one after the other and neither overwrites the other's change."""
    for year in sorted(set(years)):
        YearTally.objects.bulk_create([YearTally(committee_id=committee_id, year=year)], ignore_conflicts=True)
        row = YearTally.objects.select_for_update().get(committee_id=committee_id, year=year)
        for name, value in counted([committee_id], Period.for_year(year)).items():
            setattr(row, name, value)
        row.save()


def rebuild_tallies() -> int:
    """Every tally row again from the records (after a bulk load); returns the rows written."""
    YearTally.objects.all().delete()
    pairs: set[tuple[int, int]] = set()
    for model in (SupervisionGroup, SupervisorDuty, OutsideAttendance):
        pairs.update(model.objects.values_list("committee_id", "year").distinct().order_by())
    pairs.update(SupervisionOpinion.objects.annotate(year=ExtractYear("issued_on"))
                 .values_list("committee_id", "year").distinct().order_by())
    rows = [YearTally(committee_id=c, year=y, **counted([c], Period.for_year(y))) for c, y in sorted(pairs)]
    return len(YearTally.objects.bulk_create(rows, batch_size=1000))


def refresh_person_times() -> None:
    """Set every occasion's and duty batch's person-times from who took part, and every tally from them (for
    rows written in bulk, such as the benchmark's; the services keep both as they record each one)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    for model, field, link, through in (
        (OutsideAttendance, "attendee_count", "outsideattendance", OutsideAttendance.attendees.through),
        (SupervisorDuty, "participant_count", "supervisorduty", SupervisorDuty.participants.through),
    ):
        rows = (through.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
                .annotate(n=Count("id")).values("n")[:1])
        model.objects.update(**{field: Coalesce(Subquery(rows), 0)})
    rebuild_tallies()
