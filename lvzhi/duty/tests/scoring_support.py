"""Helpers for the scoring tests: duty records written through the real writer, and a third member."""
from __future__ import annotations

import datetime
from itertools import count
from typing import Any

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.duty.services import duty_record_set
from lvzhi.members.models import Membership, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World

DAY = datetime.date(2026, 5, 10)
YEAR = DAY.year
_sources = count(1)


def record(world: World, person: Person, kind: str, *, event: str | None = None, role_code: str | None = None,
           outcomes: tuple[str, ...] | None = None, level: str = "", date: datetime.date = DAY,
           committee: Any = None, title: str = "") -> DutyRecord:
    """One duty record from a source of its own (a throw-away row), through duty_record_set."""
    source = Person.objects.create(name=f"来源{next(_sources)}")
    return duty_record_set(person=person, committee_id=(committee or world.city).pk, kind=kind, source=source,
                           date=date, title=title or f"{DutyKind(kind).label}事项", event=event, role_code=role_code,
                           outcomes=outcomes, level=level)


def add_member(world: World, name: str, committee: Any = None) -> Membership:
    person = person_create(actor=None, check_actor=False, name=name)
    membership = membership_create(actor=None, person=person, committee=committee or world.city, check_actor=False)
    world.people[name] = person
    world.memberships[name] = membership
    return membership
