"""The closed loop of a matter: 摸清情况 → 提出意见 → 反馈 → 核实, its refusals and the overdue flag."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.supervision.models import MatterState, MatterStep
from lvzhi.supervision.services import matters
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group
from lvzhi.testing import World


def test_the_loop_closes_only_after_verification(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    assert m.state == MatterState.FACT_FINDING
    matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["公示收费清单", "", "设立投诉电话"],
                                  issued_on=days_ago(10), expected_version=m.version)
    assert m.state == MatterState.OPINIONS_ISSUED
    assert [o.text for o in m.opinions.all()] == ["公示收费清单", "设立投诉电话"]
    assert m.feedback_due == days_ago(10) + datetime.timedelta(days=30)
    assert not m.is_overdue
    matters.matter_record_feedback(actor=world.carol, matter=m, feedback="已在窗口公示", received_on=days_ago(5))
    matters.matter_reject_effect(actor=world.carol, matter=m, reason="仍有两处窗口未公示")
    assert m.state == MatterState.OPINIONS_ISSUED and m.feedback == ""
    matters.matter_record_feedback(actor=world.carol, matter=m, feedback="全部窗口已公示")
    matters.matter_verify(actor=world.carol, matter=m, verification="实地查看，已整改到位")
    assert m.state == MatterState.VERIFIED
    actions = list(MatterStep.objects.filter(matter=m).values_list("action", flat=True))
    assert actions == ["create", "issue_opinions", "record_feedback", "reject_effect", "record_feedback", "verify"]
    assert AuditEvent.objects.filter(action="supervision.matter_verify", object_id=str(m.pk)).count() == 1


def test_moves_out_of_order_are_refused_in_chinese(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    with pytest.raises(ValidationError, match="当前为“摸清情况”，不能执行“核实确认”"):
        matters.matter_verify(actor=world.carol, matter=m, verification="好")
    with pytest.raises(ValidationError, match="不能执行“登记反馈”"):
        matters.matter_record_feedback(actor=world.carol, matter=m, feedback="好")
    matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["意见一"])
    # A second click on the same button: the state has moved on, so it is refused, not doubled.
    with pytest.raises(ValidationError, match="不能执行“提出监督意见”"):
        matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["意见一"])
    assert m.opinions.count() == 1


def test_text_checks_and_stale_edits(world: World) -> None:
    s = setup_group(world)
    with pytest.raises(ValidationError, match="请填写监督事项"):
        matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title=" ")
    with pytest.raises(ValidationError, match="不能超过 200 个字"):
        matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title="长" * 201)
    other = __import__("lvzhi.supervision.tests.support", fromlist=["unit"]).unit(world, "长春市公安局")
    with pytest.raises(ValidationError, match="本监督组的被监督单位"):
        matters.matter_create(actor=world.carol, group=s.group, department=other, title="窗口服务")
    m = new_matter(world, s)
    with pytest.raises(ValidationError, match="同名"):
        new_matter(world, s)
    with pytest.raises(ValidationError, match="请填写至少一条监督意见"):
        matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["", "  "])
    stale = m.version
    matters.matter_update(actor=world.carol, matter=m, title="涉企收費清單公開", expected_version=stale)
    with pytest.raises(ValidationError, match="已被他人修改"):
        matters.matter_update(actor=world.carol, matter=m, title="又改", expected_version=stale)
    other_matter = new_matter(world, s, "另一事项")
    with pytest.raises(ValidationError, match="同名"):
        matters.matter_update(actor=world.carol, matter=other_matter, title="涉企收費清單公開")
    # Traditional characters typed in are found by a Simplified search.
    assert "涉企收费清单公开" in m.search_text


def test_overdue_when_feedback_deadline_passed(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["意见"], issued_on=days_ago(40))
    assert m.is_overdue and m.days_overdue == 10
    m2 = new_matter(world, s, "另一事项")
    matters.matter_issue_opinions(actor=world.carol, matter=m2, opinions=["意见"], issued_on=days_ago(40),
                                  feedback_due=days_ago(-5))
    assert not m2.is_overdue


def test_only_supervision_managers_move_matters(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    for name in ("alice", "leo", "pete", "uma", "olga"):
        with pytest.raises(PermissionDenied):
            matters.matter_issue_opinions(actor=world.users[name], matter=m, opinions=["意见"])
    assert m.state == MatterState.FACT_FINDING
