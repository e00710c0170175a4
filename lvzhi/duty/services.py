"""Writing the duty record. Called by each line's services inside their own transaction (and audit event).

Every write here also stamps the member's stored score for that committee and year (MemberScore.stamp), in the
same transaction, so a score read afterwards is computed again (lvzhi.duty.scoring.current_scores)."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q

from lvzhi.duty.models import DEFAULT_FACETS, DutyRecord, MemberScore, join_outcomes
from lvzhi.members.models import Person

# The fields a score reads: a change of any of them changes the member's score there (or moves the record to
# another committee or year, whose score changes too).
SCORED_FIELDS = ("committee_id", "year", "event", "role_code", "outcomes", "level")
ScoreKey = tuple[int, int, int]  # person, committee, year


def _source(obj: models.Model) -> tuple[str, int]:
    return obj._meta.label_lower, int(obj.pk)


def _key(record: DutyRecord) -> ScoreKey:
    return record.person_id, record.committee_id, record.year


def scores_touch(keys: Iterable[ScoreKey]) -> None:
    """Mark these members' scores out of date: a row for each (made if missing, so a computation running
    meanwhile has one to be overtaken on), its stamp moved on. Two statements whatever the number."""
    wanted = sorted(set(keys))
    if not wanted:
        return
    MemberScore.objects.bulk_create(
        [MemberScore(person_id=p, committee_id=c, year=y) for p, c, y in wanted], ignore_conflicts=True)
    match = Q(pk__in=[])
    for p, c, y in wanted:
        match |= Q(person_id=p, committee_id=c, year=y)
    MemberScore.objects.filter(match).update(stamp=F("stamp") + 1)


def _set(
    *, person: Person, committee_id: int, kind: str, source: models.Model, date: datetime.date, title: str,
    role: str, event: str | None, role_code: str | None, outcomes: tuple[str, ...] | None, level: str,
) -> tuple[DutyRecord, set[ScoreKey]]:
    """The row written, and the scores it changes."""
    source_type, source_id = _source(source)
    default_event, default_role, default_outcomes = DEFAULT_FACETS[kind]
    values = {"committee_id": committee_id, "date": date, "year": date.year, "title": title[:200],
              "role": role[:40], "event": event or default_event, "role_code": role_code or default_role,
              "outcomes": join_outcomes(default_outcomes if outcomes is None else outcomes), "level": level}
    lookup = {"source_type": source_type, "source_id": source_id, "person": person, "kind": kind}
    record = DutyRecord.objects.select_for_update().filter(**lookup).first()
    if record is None:
        try:
            with transaction.atomic():
                record = DutyRecord.objects.create(**lookup, **values)
            return record, {_key(record)}
        except IntegrityError:  # written meanwhile by a concurrent request: update that one
            record = DutyRecord.objects.select_for_update().get(**lookup)
    before = _key(record)
    scored = any(getattr(record, f) != values[f] for f in SCORED_FIELDS)
    changed = [f for f, v in values.items() if getattr(record, f) != v]
    for f in changed:
        setattr(record, f, values[f])
    if changed:
        record.save(update_fields=[f.removesuffix("_id") for f in changed])
    return record, ({before, _key(record)} if scored else set())


def duty_record_set(
    *, person: Person, committee_id: int, kind: str, source: models.Model, date: datetime.date, title: str,
    role: str = "", event: str | None = None, role_code: str | None = None, outcomes: tuple[str, ...] | None = None,
    level: str = "",
) -> DutyRecord:
    """Make sure `person`'s record has this entry for `source` (one row per source, person and kind).

    `event`, `role_code` and `outcomes` default to the kind's (DEFAULT_FACETS); a writer that knows more (the
    proposal filed, the meeting a plenary, the adoption's level) passes it."""
    with transaction.atomic():
        record, keys = _set(person=person, committee_id=committee_id, kind=kind, source=source, date=date,
                            title=title, role=role, event=event, role_code=role_code, outcomes=outcomes, level=level)
        scores_touch(keys)
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
    keys: set[ScoreKey] = set()
    with transaction.atomic():
        stale = [r for r in DutyRecord.objects.filter(source_type=source_type, source_id=source_id)
                 .only("person_id", "kind", "committee_id", "year") if (r.person_id, r.kind) not in wanted]
        if stale:
            DutyRecord.objects.filter(pk__in=[r.pk for r in stale]).delete()
            keys.update(_key(r) for r in stale)
        for e in wanted.values():
            _, touched = _set(person=e.person, committee_id=committee_id, kind=e.kind, source=source, date=date,
                              title=title, role=e.role, event=e.event, role_code=e.role_code, outcomes=e.outcomes,
                              level=e.level)
            keys |= touched
        scores_touch(keys)


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
    with transaction.atomic():
        rows = list(qs.order_by().values_list("pk", "person_id", "committee_id", "year"))
        if not rows:
            return 0
        DutyRecord.objects.filter(pk__in=[r[0] for r in rows]).delete()
        scores_touch((p, c, y) for _, p, c, y in rows)
    return len(rows)
