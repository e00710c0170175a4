"""The figures the seeds quote, recorded through the services and read back (seeds 001, 002 and 003)."""
from __future__ import annotations

from django.utils import timezone

from lvzhi.figures import Scope
from lvzhi.members.services import membership_create, person_create
from lvzhi.supervision.figures import Period, supervision_figures
from lvzhi.supervision.models import AttendanceKind
from lvzhi.supervision.services import attendance, groups, matters, supervisors
from lvzhi.supervision.tests.support import days_ago, unit
from lvzhi.testing import World

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"


def test_seed_figures(world: World) -> None:
    people = []
    for i in range(35):
        person = person_create(actor=None, check_actor=False, name=f"{SURNAMES[i]}委员")
        membership_create(actor=None, person=person, committee=world.city, check_actor=False)
        people.append(person)
    # Seed 001: groups sent to 10 law-enforcement departments and service windows.
    units = [unit(world, f"执法单位{i}") for i in range(10)]
    for g in range(5):
        group = groups.group_create(actor=world.carol, committee=world.city, name=f"第{g + 1}组",
                                    leader=people[g], members=[people[g + 5]], departments=units[2 * g:2 * g + 2],
                                    sent_on=days_ago(100))
        # Seed 003: special supervision with 12 opinions in all.
        matter = matters.matter_create(actor=world.carol, group=group, department=units[2 * g], title="专项监督")
        opinions = [f"意见{k}" for k in range(3 if g < 2 else 2)]
        matters.matter_issue_opinions(actor=world.carol, matter=matter, opinions=opinions, issued_on=days_ago(50))
    # Seed 002: 35 special supervisors, 22 batches, 68 person-times; 列席 26 times, 旁听 and 座谈 42 times.
    for person in people:
        supervisors.appointment_create(actor=world.carol, committee=world.city, person=person, body="州法院",
                                       appointed_on=days_ago(200))
    sizes = [4] * 2 + [3] * 20  # 8 + 60 = 68
    for b, size in enumerate(sizes):
        chosen = [people[(b * 3 + k) % 35] for k in range(size)]
        supervisors.duty_create(actor=world.carol, committee=world.city, body="州法院", title=f"第{b + 1}批",
                                date=days_ago(1 + b), participants=chosen)
    for i in range(26 + 42):
        kind = AttendanceKind.GOVERNMENT_MEETING if i < 26 else (
            AttendanceKind.COURT_HEARING if i < 60 else AttendanceKind.PROCURATORATE)
        attendance.attendance_create(actor=world.carol, committee=world.city, kind=kind, body="州政府",
                                     title=f"第{i + 1}次", date=days_ago(1 + i), attendees=[people[i % 35]])
    today = timezone.localdate()
    f = supervision_figures(Scope(world.city), Period.between(days_ago(365), today))
    assert (f.groups, f.departments, f.opinions) == (5, 10, 12)
    assert (f.supervisors, f.duty_batches, f.supervisor_times) == (35, 22, 68)
    assert (f.attended_government, f.attended_hearings) == (26, 42)
