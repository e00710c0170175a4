"""Writing the duty record. Called by each line's services inside their own transaction (and audit event)."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from lvzhi.duty.models import DEFAULT_FACETS, DutyRecord, join_outcomes
from lvzhi.members.models import Person


def _source(obj: models.Model) -> tuple[str, int]:
    return obj._meta.label_lower, int(obj.pk)


def duty_record_set(
    *, person: Person, committee_id: int, kind: str, source: models.Model, date: datetime.date, title: str,
    role: str = "", event: str | None = None, role_code: str | None = None, outcomes: tuple[str, ...] | None = None,
    level: str = "",
) -> DutyRecord:
    """Make sure `person`'s record has this entry for `source` (one row per source, person and kind).

    `event`, `role_code` and `outcomes` default to the kind's (DEFAULT_FACETS); a writer that knows more (the
    proposal filed, the meeting a plenary, the adoption's level) passes it."""
    source_type, source_id = _source(source)
    default_event, default_role, default_outcomes = DEFAULT_FACETS[kind]
    record, _ = DutyRecord.objects.update_or_create(
        source_type=source_type, source_id=source_id, person=person, kind=kind,
        defaults={"committee_id": committee_id, "date": date, "year": date.year, "title": title[:200],
                  "role": role[:40], "event": event or default_event, "role_code": role_code or default_role,
                  "outcomes": join_outcomes(default_outcomes if outcomes is None else outcomes), "level": level},
    )
    return record


@dataclass(frozen=True)
class DutyEntry:
    person: Person
    kind: str
    role: str = ""
    event: str | None = None
    role_code: str | None = None
    outcomes: tuple[str, ...] | None = None
    level: str = ""


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
                        role=e.role, event=e.event, role_code=e.role_code, outcomes=e.outcomes, level=e.level)


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
