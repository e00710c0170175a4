"""Figures against a hand-counted year: two meetings, one training, a draft that does not count, speeches."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lvzhi.meetings import figures
from lvzhi.meetings.figures import Period, Scope
from lvzhi.meetings.models import Attendance, SheetKind, SpeechKind, Status
from lvzhi.meetings.services import attendance as att
from lvzhi.meetings.services import sheets
from lvzhi.meetings.services.speeches import speech_create
from lvzhi.meetings.testing import add_standing_member, make_sheet
from lvzhi.testing import World


@pytest.fixture
def year(world: World) -> int:
    """Hand count (alice, bob, 常青 on every held sheet):

    常委会议 (held): alice present, bob excused, 常青 absent.
    学习培训 (held): alice present, bob present, 常青 absent.
    其他活动 in 筹备 (not held): not counted.
    A district sheet (held): counted only with the subtree — olga's committee has no members here, so 0 lines.
    Speeches: 2 大会发言 (alice, 民盟长春市委), 1 书面发言 (alice).
    """
    add_standing_member(world)
    today = timezone.localdate()
    meeting = make_sheet(world, kind=SheetKind.STANDING, title="常委会议", date=today, open_it=True)
    line = lambda s, who: Attendance.objects.get(sheet=s, person=world.people[who])  # noqa: E731
    att.attendance_staff_sign_in(actor=world.carol, attendance=line(meeting, "alice"))
    att.leave_request(actor=world.bob, attendance=line(meeting, "bob"), reason="出差")
    att.leave_decide(actor=world.carol, attendance=line(meeting, "bob"), approve=True)
    sheets.sheet_close(actor=world.carol, sheet=meeting)
    training = make_sheet(world, kind=SheetKind.TRAINING, title="培训", date=today, open_it=True)
    att.attendance_staff_sign_in(actor=world.carol, attendance=line(training, "alice"))
    att.attendance_staff_sign_in(actor=world.carol, attendance=line(training, "bob"))
    sheets.sheet_close(actor=world.carol, sheet=training)
    make_sheet(world, kind=SheetKind.OTHER, title="筹备中的活动", date=today)
    district = sheets.sheet_create(actor=world.olga, committee=world.district, kind=SheetKind.OTHER, title="区活动",
                                   date=today)
    del district
    for kind, title, who, org in ((SpeechKind.PLENARY, "发言一", "alice", ""), (SpeechKind.PLENARY, "发言二", None,
                                   "民盟长春市委"), (SpeechKind.WRITTEN, "书面一", "alice", "")):
        speech_create(actor=world.carol, committee=world.city, kind=kind, title=title, date=today,
                      speaker=world.people[who] if who else None, organisation=org)
    speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.PLENARY, title="去年",
                  date=datetime.date(today.year - 1, 6, 1), organisation="民革")
    return today.year


def test_meetings_and_attendance(world: World, year: int) -> None:
    f = figures.meeting_figures(Scope(world.city), Period.for_year(year))
    assert f.held == 2 and f.by_kind[SheetKind.STANDING] == 1 and f.by_kind[SheetKind.OTHER] == 0
    assert (f.totals.invited, f.totals.present, f.totals.excused, f.totals.absent) == (6, 3, 1, 2)
    assert f.totals.rate_of_invited.percent == Decimal("50.0")
    assert f.totals.rate_of_expected.percent == Decimal("60.0")
    assert (f.training_count, f.training_person_times) == (1, 2)
    assert f.totals_by_kind[SheetKind.STANDING] == figures.Totals(3, 1, 1, 1)


def test_per_member_counts(world: World, year: int) -> None:
    rows = {r.name: r.totals for r in figures.member_attendance(Scope(world.city), Period.for_year(year))}
    assert rows["艾丽"] == figures.Totals(2, 2, 0, 0)
    assert rows["薄波"] == figures.Totals(2, 1, 1, 0)
    assert rows["常青"] == figures.Totals(2, 0, 0, 2)


def test_speeches(world: World, year: int) -> None:
    scope, period = Scope(world.city), Period.for_year(year)
    assert figures.speeches_by_kind(scope, period) == {"plenary": 2, "written": 1, "other": 0}
    assert figures.speeches_by_member(scope, period) == [("艾丽", 2)]
    assert figures.speeches_by_organisation(scope, period) == [("民盟长春市委", 1)]
    everything = Period.between(None, None)
    assert figures.speeches_by_kind(scope, everything)["plenary"] == 3


def test_a_period_of_dates_and_the_subtree(world: World, year: int) -> None:
    today = timezone.localdate()
    before = Period.between(today - datetime.timedelta(days=30), today - datetime.timedelta(days=1))
    assert figures.meeting_figures(Scope(world.city), before).held == 0
    subtree = figures.meeting_figures(Scope(world.city, include_subtree=True), Period.for_year(year))
    assert subtree.held == 2  # the district's sheet is still in 筹备
    assert Attendance.objects.filter(status=Status.INVITED).count() == 3  # the draft sheet's lines


def test_members_seen_only_at_the_plenary(world: World) -> None:
    add_standing_member(world)
    today = timezone.localdate()
    plenary = make_sheet(world, kind=SheetKind.PLENARY, title="全体会议", date=today, open_it=True)
    other = make_sheet(world, kind=SheetKind.OTHER, title="视察", date=today, open_it=True)
    line = lambda s, who: Attendance.objects.get(sheet=s, person=world.people[who])  # noqa: E731
    for who in ("alice", "bob", "常青"):
        att.attendance_staff_sign_in(actor=world.carol, attendance=line(plenary, who))
    att.attendance_staff_sign_in(actor=world.carol, attendance=line(other, "alice"))
    names = [n for _, n in figures.plenary_only_members(Scope(world.city), Period.for_year(today.year))]
    assert sorted(names) == sorted(["薄波", "常青"])


def test_subtree_figures_add_up_and_leave_out_per_member_tables(world, client):
    year = timezone.localdate().year
    sheet = make_sheet(world, open_it=True)
    line = sheet.attendances.get(person=world.people["alice"])
    att.attendance_staff_sign_in(actor=world.carol, attendance=line)
    own = figures.meeting_figures(Scope(world.city), Period.for_year(year))
    tree = figures.meeting_figures(Scope(world.city, include_subtree=True), Period.for_year(year))
    assert (tree.held, tree.totals) == (own.held, own.totals)
    assert own.per_member and [m.name for m in own.members if m.totals.present] == ["艾丽"]
    assert not tree.per_member and tree.members == [] and tree.plenary_only == []
    client.force_login(world.leo)
    page = client.get(f"/meetings/figures/?committee={world.city.pk}&year={year}&subtree=1").content.decode()
    assert "含下级政协统计时不逐人列出" in page
