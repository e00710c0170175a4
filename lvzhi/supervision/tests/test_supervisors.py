"""Special supervisors: appointments, batches of duty, person-times in the duty record."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.supervision.services import supervisors
from lvzhi.supervision.tests.support import days_ago
from lvzhi.testing import World

COURT = "长春市中级人民法院"


def test_a_batch_writes_one_duty_row_per_participant(world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    for p in (alice, bob):
        supervisors.appointment_create(actor=world.carol, committee=world.city, person=p, body=COURT,
                                       appointed_on=days_ago(100))
    duty = supervisors.duty_create(actor=world.carol, committee=world.city, body=COURT, title="旁听执行案件",
                                   date=days_ago(3), participants=[alice, bob])
    rows = DutyRecord.objects.filter(kind=DutyKind.SPECIAL_SUPERVISOR)
    assert sorted(rows.values_list("person__name", flat=True)) == ["艾丽", "薄波"]
    with pytest.raises(ValidationError, match="已经登记"):
        supervisors.duty_create(actor=world.carol, committee=world.city, body=COURT, title="旁听执行案件",
                                date=days_ago(3), participants=[alice])
    supervisors.duty_delete(actor=world.carol, duty=duty)
    assert not rows.exists()


def test_only_appointed_supervisors_take_part(world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body=COURT,
                                   appointed_on=days_ago(100))
    with pytest.raises(ValidationError, match="薄波在.*不是长春市中级人民法院的特约监督员"):
        supervisors.duty_create(actor=world.carol, committee=world.city, body=COURT, title="监督",
                                date=days_ago(1), participants=[alice, bob])
    with pytest.raises(ValidationError, match="不必重复聘任"):
        supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body=COURT,
                                       appointed_on=days_ago(10))
    with pytest.raises(ValidationError, match="请填写活动内容"):
        supervisors.duty_create(actor=world.carol, committee=world.city, body=COURT, title="", date=days_ago(1),
                                participants=[alice])
    with pytest.raises(PermissionDenied):
        supervisors.appointment_create(actor=world.leo, committee=world.city, person=bob, body=COURT)


def test_an_ended_appointment_no_longer_counts(world: World) -> None:
    alice = world.people["alice"]
    a = supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body=COURT,
                                       title="营商环境监督员", appointed_on=days_ago(100))
    supervisors.appointment_end(actor=world.carol, appointment=a, ends_on=days_ago(20))
    with pytest.raises(ValidationError, match="已经期满"):
        supervisors.appointment_end(actor=world.carol, appointment=a, ends_on=days_ago(10))
    with pytest.raises(ValidationError, match="不是"):
        supervisors.duty_create(actor=world.carol, committee=world.city, body=COURT, title="监督",
                                date=days_ago(5), participants=[alice])
