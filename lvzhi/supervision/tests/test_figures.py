"""The figures against a hand-counted year: two city groups, one district group, supervisors and 列席."""
from __future__ import annotations

import dataclasses
import datetime
from typing import cast

from django.utils import timezone

from lvzhi.committees.models import HandlingUnit
from lvzhi.figures import Scope
from lvzhi.members.services import membership_create, person_create
from lvzhi.organisation import services as org
from lvzhi.supervision.figures import Period, supervision_figures
from lvzhi.supervision.models import AttendanceKind, MatterState
from lvzhi.supervision.services import attendance, groups, matters, supervisors
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group, unit
from lvzhi.testing import World


def _year(world: World) -> None:
    s = setup_group(world)  # group 1: alice (组长) + bob; 税务局, 市场监督管理局
    police = unit(world, "长春市公安局")
    groups.group_create(actor=world.carol, committee=world.city, name="第二民主监督组", leader=world.people["bob"],
                        members=[world.people["alice"]], departments=[s.tax, police], sent_on=days_ago(30))
    # Matters of group 1: one verified (2 opinions), one overdue (3 opinions), one still fact-finding.
    m1 = new_matter(world, s, "收费公示")
    matters.matter_issue_opinions(actor=world.carol, matter=m1, opinions=["一", "二"], issued_on=days_ago(20))
    matters.matter_record_feedback(actor=world.carol, matter=m1, feedback="已整改", received_on=days_ago(10))
    matters.matter_verify(actor=world.carol, matter=m1, verification="属实")
    m2 = new_matter(world, s, "窗口服务")
    matters.matter_issue_opinions(actor=world.carol, matter=m2, opinions=["一", "二", "三"], issued_on=days_ago(45))
    new_matter(world, s, "执法检查")
    # The district sends its own group with one matter and one opinion.
    zhou = person_create(actor=None, check_actor=False, name="周正")
    membership_create(actor=None, person=zhou, committee=world.district, check_actor=False)
    road = cast(HandlingUnit, org.config_item_create(actor=None, list_key="handling-units", name="宽城区交通局",
                                                     committee=world.district, check_actor=False))
    g3 = groups.group_create(actor=world.olga, committee=world.district, name="区监督组", leader=zhou,
                             departments=[road], sent_on=days_ago(20))
    m3 = matters.matter_create(actor=world.olga, group=g3, department=road, title="道路养护")
    matters.matter_issue_opinions(actor=world.olga, matter=m3, opinions=["加强养护"], issued_on=days_ago(5))
    # Special supervisors: alice and bob at the court, alice also at the 营商环境局; 3 batches, 5 person-times.
    alice, bob = world.people["alice"], world.people["bob"]
    for person, body in ((alice, "中级人民法院"), (bob, "中级人民法院"), (alice, "营商环境建设局")):
        supervisors.appointment_create(actor=world.carol, committee=world.city, person=person, body=body,
                                       appointed_on=days_ago(200))
    supervisors.duty_create(actor=world.carol, committee=world.city, body="中级人民法院", title="执行监督",
                            date=days_ago(9), participants=[alice, bob])
    supervisors.duty_create(actor=world.carol, committee=world.city, body="中级人民法院", title="案件评查",
                            date=days_ago(8), participants=[alice, bob])
    supervisors.duty_create(actor=world.carol, committee=world.city, body="营商环境建设局", title="暗访",
                            date=days_ago(7), participants=[alice])
    # 列席: 2 government meetings, 1 other meeting, 1 court hearing; 5 person-times.
    for i, kind, people in ((1, AttendanceKind.GOVERNMENT_MEETING, [alice]),
                            (2, AttendanceKind.GOVERNMENT_MEETING, [alice, bob]),
                            (3, AttendanceKind.OTHER_MEETING, [bob]),
                            (4, AttendanceKind.COURT_HEARING, [alice])):
        attendance.attendance_create(actor=world.carol, committee=world.city, kind=kind, body="市政府",
                                     title=f"第{i}次", date=days_ago(i), attendees=people)


def test_city_figures_hand_counted(world: World) -> None:
    _year(world)
    today = timezone.localdate()
    f = supervision_figures(Scope(world.city), Period.between(days_ago(90), today))
    assert (f.groups, f.departments, f.members, f.member_times) == (2, 3, 2, 4)
    assert f.matters == 3 and f.matters_by_state[MatterState.VERIFIED] == 1
    assert (f.closed, f.open, f.overdue, f.opinions) == (1, 2, 1, 5)
    assert (f.supervisors, f.supervisors_active, f.duty_batches, f.supervisor_times) == (2, 2, 3, 5)
    assert (f.attended_meetings, f.attended_government, f.attended_hearings, f.attendance_times) == (3, 2, 1, 5)


def test_subtree_and_period(world: World) -> None:
    _year(world)
    today = timezone.localdate()
    f = supervision_figures(Scope(world.city, include_subtree=True), Period.between(days_ago(90), today))
    assert (f.groups, f.departments, f.members, f.matters, f.opinions) == (3, 4, 3, 4, 6)
    # Only the last week: no group was sent, the district's one opinion and the latest batch and occasions.
    f = supervision_figures(Scope(world.city, include_subtree=True), Period.between(days_ago(7), today))
    assert (f.groups, f.opinions, f.duty_batches, f.attended_meetings, f.attended_hearings) == (0, 1, 1, 3, 1)
    assert Period.for_year(2026).label == "2026年度"


def test_person_times_kept_on_each_occasion_and_batch_match_who_took_part(world: World) -> None:
    from lvzhi.supervision.models import OutsideAttendance
    from lvzhi.supervision.services.common import refresh_person_times

    row = attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.COURT_HEARING,
                                       body="市中级人民法院", title="公开审理案件", date=days_ago(3),
                                       attendees=[world.people["alice"], world.people["bob"]])
    assert row.attendee_count == 2
    OutsideAttendance.objects.update(attendee_count=0)  # as rows written in bulk would be
    refresh_person_times()
    row.refresh_from_db()
    assert row.attendee_count == 2
    f = supervision_figures(Scope(world.city), Period.between(days_ago(30), days_ago(0)))
    assert (f.attended_hearings, f.attendance_times) == (1, 2)


def _tallies() -> set[tuple]:
    from lvzhi.supervision.figures import TALLIED
    from lvzhi.supervision.models import YearTally

    return {row for row in YearTally.objects.values_list("committee_id", "year", *TALLIED) if any(row[2:])}


def _headline(f) -> dict:
    return {k: v for k, v in dataclasses.asdict(f).items() if k not in ("scope", "period")}


def test_kept_tallies_match_the_records(world: World) -> None:
    """Whole years are read from the tallies the services keep; after a group moves to last year, a batch and an
    occasion are deleted and a matter goes back to its department, they agree with a recount and with the records
    read one by one (a period of all but Dec 31)."""
    from lvzhi.supervision.models import OutsideAttendance, SupervisionGroup, SupervisionMatter, SupervisorDuty
    from lvzhi.supervision.services.common import rebuild_tallies

    def kept_as_recounted() -> None:
        kept = _tallies()
        rebuild_tallies()
        assert _tallies() == kept

    _year(world)
    kept_as_recounted()
    c = world.carol
    this_year = timezone.localdate().year
    supervisors.duty_delete(actor=c, duty=SupervisorDuty.objects.get(title="暗访"))
    kept_as_recounted()
    attendance.attendance_delete(actor=c, attendance=OutsideAttendance.objects.get(title="第3次"))
    kept_as_recounted()
    m2 = SupervisionMatter.objects.get(title="窗口服务")
    matters.matter_record_feedback(actor=c, matter=m2, feedback="已整改", received_on=days_ago(3))
    matters.matter_reject_effect(actor=c, matter=m2, reason="整改不到位")
    kept_as_recounted()
    second = SupervisionGroup.objects.get(name="第二民主监督组")
    groups.group_update(actor=c, group=second, name=second.name, leader=world.people["bob"],
                        members=[world.people["alice"]], departments=list(second.departments.all()),
                        sent_on=datetime.date(this_year - 1, 12, 1))
    kept_as_recounted()
    for year in (this_year - 1, this_year):
        for scope in (Scope(world.city), Scope(world.city, include_subtree=True)):
            whole = supervision_figures(scope, Period.for_year(year))
            one_by_one = supervision_figures(scope, Period.between(datetime.date(year, 1, 1),
                                                                  datetime.date(year, 12, 30)))
            assert _headline(whole) == _headline(one_by_one)
    last = supervision_figures(Scope(world.city), Period.for_year(this_year - 1))
    assert (last.groups, last.member_times, last.departments, last.matters) == (1, 2, 2, 0)
