"""The figures against hand counts: what counts (held, in the period, in the scope) and how person-times add up."""
from __future__ import annotations

import datetime

from lvzhi.figures import DatePeriod, Scope
from lvzhi.meetings.models import Attendance, SheetKind
from lvzhi.meetings.services import attendance, sheets
from lvzhi.study.figures import study_figures
from lvzhi.study.models import SessionKind
from lvzhi.study.services import reading, sessions
from lvzhi.study.tests.support import add_members
from lvzhi.testing import World

YEAR = 2024


def day(month: int, d: int = 10) -> datetime.date:
    return datetime.date(YEAR, month, d)


def build(world: World) -> None:
    carol, city = world.carol, world.city
    alice, bob = world.people["alice"], world.people["bob"]

    def create(kind: str, title: str, date: datetime.date, held: bool = True, **more: object) -> sessions.StudySession:
        return sessions.session_create(actor=carol, committee=city, kind=kind, title=title, date=date, held=held,
                                       **more)  # type: ignore[arg-type]

    # 专题学习: one with a roll kept here (2 members + 3 non-members = 5), one through a sign-in sheet (1 present).
    first = create(SessionKind.TOPIC, "专题学习一", day(3))
    sessions.session_set_roll(actor=carol, session=first, members=[alice, bob], non_member_count=3)
    sheet = sheets.sheet_create(actor=carol, committee=city, kind=SheetKind.TRAINING, title="专题学习二签到",
                                date=day(4))
    sheets.sheet_invite(actor=carol, sheet=sheet, scope="all")
    sheets.sheet_open(actor=carol, sheet=sheet)
    attendance.attendance_staff_sign_in(actor=carol, attendance=Attendance.objects.get(sheet=sheet, person=bob))
    second = create(SessionKind.TOPIC, "专题学习二", day(4))
    sessions.session_link_sheet(actor=carol, session=second, sheet=sheet)
    # Not counted: planned, cancelled, last year, another committee.
    planned = create(SessionKind.TOPIC, "计划中的学习", day(5), held=False)
    sessions.session_set_roll(actor=carol, session=planned, members=[alice])
    cancelled = create(SessionKind.TOPIC, "取消的学习", day(6))
    sessions.session_set_roll(actor=carol, session=cancelled, members=[alice])
    sessions.session_cancel(actor=carol, session=cancelled)
    create(SessionKind.TOPIC, "去年的学习", datetime.date(YEAR - 1, 12, 31))
    sessions.session_create(actor=world.olga, committee=world.district, kind=SessionKind.SEMINAR, title="区学习研讨会",
                            date=day(7), held=True, non_member_count=8)
    # 培训讲座: alice + 10 non-members = 11. 培训班: 3 days, alice and two named trainees = 3.
    lecture = create(SessionKind.TRAINING, "履职能力讲座", day(8), non_member_count=10)
    sessions.session_set_roll(actor=carol, session=lecture, members=[alice])
    klass = create(SessionKind.CLASS, "委员培训班", day(9, 1), end_date=day(9, 5), days=3)
    sessions.trainee_add(actor=carol, session=klass, person=alice)
    sessions.trainee_add(actor=carol, session=klass, name="张明", unit="市政协机关")
    sessions.trainee_add(actor=carol, session=klass, name="李华", unit="市政协机关")
    # Reading groups: two active by the year's end (alice in both: counted once), one founded later, one stopped.
    (carl,) = add_members(city, 1)
    one = reading.group_create(actor=carol, committee=city, name="读书群一", founded_on=day(1), leader=alice,
                               members=[bob])
    reading.group_create(actor=carol, committee=city, name="读书群二", founded_on=day(2), members=[alice, carl])
    reading.group_create(actor=carol, committee=city, name="明年的读书群", founded_on=datetime.date(YEAR + 1, 1, 5),
                         members=[carl])
    reading.group_create(actor=carol, committee=city, name="停止的读书群", founded_on=day(1), members=[carl],
                         is_active=False)
    reading.activity_create(actor=carol, group=one, date=day(6), title="读书分享会", participants=[alice, bob])
    reading.activity_create(actor=carol, group=one, date=day(11), title="线上共读", participants=[bob])


def test_the_year_against_hand_counts(world: World) -> None:
    build(world)
    f = study_figures(Scope(world.city), DatePeriod.for_year(YEAR))
    assert f.sessions_by_kind == {SessionKind.TOPIC: 2, SessionKind.TRAINING: 1, SessionKind.CLASS: 1}
    assert f.times_by_kind == {SessionKind.TOPIC: 6, SessionKind.TRAINING: 11, SessionKind.CLASS: 3}
    assert (f.sessions, f.person_times, f.member_times) == (4, 20, 5)
    assert (f.study_sessions, f.trainings, f.training_times) == (2, 2, 14)
    assert [(c.title, c.days, c.size) for c in f.classes] == [("委员培训班", 3, 3)]
    assert (f.class_count, f.class_trainees) == (1, 3)
    assert (f.reading_groups, f.reading_members) == (2, 3)
    assert (f.reading_activities, f.reading_times) == (2, 3)


def test_the_subtree_and_a_period_of_days(world: World) -> None:
    build(world)
    tree = study_figures(Scope(world.city, include_subtree=True), DatePeriod.for_year(YEAR))
    assert tree.sessions_by_kind[SessionKind.SEMINAR] == 1 and tree.person_times == 28
    spring = study_figures(Scope(world.city), DatePeriod.between(day(3, 1), day(4, 30)))
    assert (spring.sessions, spring.person_times, spring.trainings) == (2, 6, 0)
    assert spring.reading_activities == 0
