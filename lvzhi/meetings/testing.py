"""Test helpers for 会议与考勤: a third member (a 常委) and sheets built through the services."""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lvzhi.meetings.models import AttendanceSheet, SheetKind
from lvzhi.meetings.services import sheets
from lvzhi.members.models import MemberRole, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def add_standing_member(world: World, name: str = "常青") -> Person:
    person = person_create(actor=None, check_actor=False, name=name)
    membership_create(actor=None, person=person, committee=world.city, check_actor=False, role=MemberRole.STANDING)
    world.people[name] = person
    return person


def make_sheet(
    world: World, *, kind: str = SheetKind.OTHER, title: str = "委员读书活动", date: datetime.date | None = None,
    open_it: bool = False, scope: str = "all", **fields: Any,
) -> AttendanceSheet:
    """A sheet of the city, everyone invited, optionally opened (today by default), made by carol."""
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=kind, title=title,
                                date=date or timezone.localdate(), **fields)
    sheets.sheet_invite(actor=world.carol, sheet=sheet, scope=scope)
    if open_it:
        sheets.sheet_open(actor=world.carol, sheet=sheet)
    sheet.refresh_from_db()
    return sheet
