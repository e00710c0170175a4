"""Writing the duty record. Called by each line's services inside their own transaction (and audit event)."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from lvzhi.duty.models import DutyRecord
from lvzhi.members.models import Person


def _source(obj: models.Model) -> tuple[str, int]:
    return obj._meta.label_lower, int(obj.pk)


def duty_record_set(
    *, person: Person, committee_id: int, kind: str, source: models.Model, date: datetime.date, title: str,
    role: str = "",
) -> DutyRecord:
    """Make sure `person`'s record has this entry for `source` (one row per source, person and kind)."""
    source_type, source_id = _source(source)
    record, _ = DutyRecord.objects.update_or_create(
        source_type=source_type, source_id=source_id, person=person, kind=kind,
        defaults={"committee_id": committee_id, "date": date, "year": date.year, "title": title[:200],
                  "role": role[:40]},
    )
    return record


@dataclass(frozen=True)
class DutyEntry:
    person: Person
    kind: str
    role: str = ""


def duty_records_replace(
    *, source: models.Model, committee_id: int, date: datetime.date, title: str, entries: Iterable[DutyEntry],
) -> None:
    """Make `source`'s entries exactly `entries`: remove the others, add or update these."""
    source_type, source_id = _source(source)
    wanted = {(e.person.pk, e.kind): e for e in entries}
    stale = [r.pk for r in DutyRecord.objects.filter(source_type=source_type, source_id=source_id).only("person_id", "kind")
             if (r.person_id, r.kind) not in wanted]
    if stale:
        DutyRecord.objects.filter(pk__in=stale).delete()
    for e in wanted.values():
        duty_record_set(person=e.person, committee_id=committee_id, kind=e.kind, source=source, date=date, title=title,
                        role=e.role)


def duty_record_clear(
    *, source: models.Model, persons: Iterable[Person] | None = None, kinds: Iterable[str] | None = None,
) -> int:
    """Remove the entries `source` wrote (for some persons or kinds only, if given); returns how many."""
    source_type, source_id = _source(source)
    qs = DutyRecord.objects.filter(source_type=source_type, source_id=source_id)
    if persons is not None:
        qs = qs.filter(person__in=list(persons))
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    count, _ = qs.delete()
    return count
