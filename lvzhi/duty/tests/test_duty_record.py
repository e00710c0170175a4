from __future__ import annotations

import datetime

import pytest

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.duty.selectors import duty_counts, duty_records, duty_years
from lvzhi.duty.services import duty_record_clear, duty_record_set


@pytest.mark.django_db
def test_set_is_idempotent_per_source_person_and_kind(world):
    alice = world.people["alice"]
    source = world.city_term  # any saved row can be a source
    day = datetime.date(2026, 3, 2)
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=source, date=day,
                    title="专题协商会")
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=source, date=day,
                    title="专题协商会（改）", role="发言人")
    rows = list(duty_records(alice, year=2026))
    assert [(r.title, r.role) for r in rows] == [("专题协商会（改）", "发言人")]
    assert duty_counts(alice, year=2026) == {DutyKind.CONSULTATION: 1}
    assert duty_counts(alice, year=2025) == {}


@pytest.mark.django_db
def test_clear_removes_only_what_was_asked(world):
    alice, bob = world.people["alice"], world.people["bob"]
    source = world.city_term
    day = datetime.date(2026, 5, 1)
    for person in (alice, bob):
        duty_record_set(person=person, committee_id=world.city.pk, kind=DutyKind.ATTENDANCE_PRESENT, source=source,
                        date=day, title="常委会")
    assert duty_record_clear(source=source, persons=[bob]) == 1
    assert list(DutyRecord.objects.values_list("person__name", flat=True)) == ["艾丽"]
    assert duty_record_clear(source=source, kinds=[DutyKind.ATTENDANCE_ABSENT]) == 0
    assert duty_record_clear(source=source) == 1


@pytest.mark.django_db
def test_years_are_listed_once_each_latest_first(world):
    alice = world.people["alice"]
    entries = [(DutyKind.CONSULTATION, datetime.date(2024, 6, 1)), (DutyKind.INSPECTION, datetime.date(2026, 1, 5)),
               (DutyKind.RESEARCH, datetime.date(2026, 9, 9)), (DutyKind.TRAINING, datetime.date(2025, 3, 3))]
    for kind, day in entries:
        duty_record_set(person=alice, committee_id=world.city.pk, kind=kind, source=world.city_term, date=day,
                        title="活动")
    assert duty_years(alice) == [2026, 2025, 2024]
    assert duty_years(world.people["bob"]) == []
