"""Sending, adoption, 批示 and feedback (services.followup)."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.opinions.models import AdoptionLevel, TargetKind
from lvzhi.opinions.services.followup import opinion_adopt, opinion_feedback, opinion_instruct, opinion_send
from lvzhi.opinions.tests.support import accepted, submitted
from lvzhi.testing import World


def test_send_is_recorded_once(world: World) -> None:
    report = accepted(world)
    one = opinion_send(actor=world.rita, report=report, target_kind=TargetKind.PARTY_COMMITTEE, target_name="中共长春市委")
    two = opinion_send(actor=world.rita, report=report, target_kind=TargetKind.PARTY_COMMITTEE, target_name="中共长春市委")
    assert one.pk == two.pk and report.sendings.count() == 1
    with pytest.raises(ValidationError) as err:
        opinion_send(actor=world.rita, report=report, target_kind="x", target_name="")
    assert "请选择报送对象类别" in str(err.value) and "请填写报送对象" in str(err.value)


def test_follow_up_needs_an_accepted_report(world: World) -> None:
    report = submitted(world)
    with pytest.raises(ValidationError) as err:
        opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.CITY, adopted_by="市委办公厅")
    assert "当前为“已报送”，不能执行“记录采用”" in str(err.value)
    with pytest.raises(PermissionDenied):
        opinion_adopt(actor=world.leo, report=report, level=AdoptionLevel.CITY, adopted_by="市委办公厅")


def test_adoption_and_instruction_credit_the_authors(world: World) -> None:
    report = accepted(world, kind="joint", co=("bob",))
    opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政协",
                  date=datetime.date(2026, 5, 6))
    with pytest.raises(ValidationError) as err:
        opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政协")
    assert "已记录过吉林省政协的采用" in str(err.value)
    opinion_instruct(actor=world.rita, report=report, level=AdoptionLevel.CITY, leader="王市长",
                     text="请市交通局会同教育局研究落实。")
    for _ in range(2):
        opinion_feedback(actor=world.rita, report=report, department="长春市交通局", text="已在12所学校周边设置临时停车区。")
    assert report.feedback.count() == 1
    alice = world.people["alice"]
    assert DutyRecord.objects.filter(person=alice, kind=DutyKind.OPINION_ADOPTED).count() == 1
    assert DutyRecord.objects.filter(person=world.people["bob"], kind=DutyKind.OPINION_INSTRUCTED).count() == 1
    assert [e.action for e in report.events.all()][-3:] == ["adopt", "instruct", "feedback"]
    with pytest.raises(ValidationError) as err:
        opinion_instruct(actor=world.rita, report=report, level=AdoptionLevel.CITY, leader="李书记", text="",
                         date=datetime.date(2100, 1, 1))
    assert "请填写批示内容" in str(err.value) and "不能晚于今天" in str(err.value)
