"""Shared set-up for the study tests: a held session, a training class, a reading group, more members."""
from __future__ import annotations

import datetime

from django.utils import timezone

from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.members.models import Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.study.models import SessionKind, StudySession
from lvzhi.study.services import sessions
from lvzhi.testing import World


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def add_members(committee: Committee, count: int, prefix: str = "委员") -> list[Person]:
    """`count` more serving members of `committee` (names 委员甲一 ... made of Chinese numerals)."""
    digits = "零一二三四五六七八九"
    people = []
    for i in range(count):
        name = prefix + "".join(digits[int(d)] for d in f"{i:03d}")
        person = person_create(actor=None, check_actor=False, name=name)
        membership_create(actor=None, person=person, committee=committee, check_actor=False)
        people.append(person)
    return people


def held_session(world: World, title: str = "学习贯彻党的二十大精神专题学习", kind: str = SessionKind.TOPIC,
                 day: datetime.date | None = None) -> StudySession:
    return sessions.session_create(actor=world.carol, committee=world.city, kind=kind, title=title,
                                   date=day or days_ago(3), place="市政协三楼会议室", speaker="党校教授", held=True)


def training_records(person: Person) -> list[DutyRecord]:
    return list(DutyRecord.objects.filter(person=person, kind=DutyKind.TRAINING))
