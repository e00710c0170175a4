"""Test helpers for 会议与考勤: a third member (a 常委), a member of another committee, sheets built through the
services, and reading the modules of an inline SVG QR code back."""
from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import Role
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.meetings.models import AttendanceSheet, SheetKind
from lvzhi.meetings.services import sheets
from lvzhi.members.models import MemberRole, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import PASSWORD, World


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


def add_member_elsewhere(world: World, username: str = "dora", name: str = "杜娜") -> Person:
    """A member with an account in the other district: invited nowhere in the city."""
    user = user_create(actor=None, username=username, display_name=name, password=PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=Role.MEMBER, committee=world.other_district)
    person = person_create(actor=None, check_actor=False, name=name)
    person.user = user
    person.save(update_fields=["user"])
    membership_create(actor=None, person=person, committee=world.other_district, check_actor=False)
    world.users[username] = user
    world.people[username] = person
    return person


_PATH = re.compile(r'<path class="qrline"[^>]* d="([^"]+)"')
_TOKEN = re.compile(r"[MmHh]|-?\d+(?:\.\d+)?")


def svg_dark_modules(svg: str, border: int = 4) -> set[tuple[int, int]]:
    """The dark modules (row, column) drawn by segno's SVG path ("M4 4.5h7m1 0h1…": runs of dark modules,
    each a horizontal line through the middle of its row), so a test can compare a page's QR code with the
    matrix of the code it expects."""
    match = _PATH.search(svg)
    if match is None:
        return set()
    tokens = _TOKEN.findall(match.group(1))
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in "Mm":
            dx, dy = float(tokens[i + 1]), float(tokens[i + 2])
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
            i += 3
        elif command in "Hh":
            to = float(tokens[i + 1]) if command == "H" else x + float(tokens[i + 1])
            row = int(y - 0.5) - border
            dark.update((row, col - border) for col in range(int(x), int(to)))
            x = to
            i += 2
        else:
            raise ValueError(f"unexpected SVG path token {command!r}")
    return dark


def matrix_dark_modules(matrix: Any) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(matrix) for c, value in enumerate(row) if value}
