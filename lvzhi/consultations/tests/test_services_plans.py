"""The annual consultation plan: drafting, submitting, approval, linking items; refusals in Chinese."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.models import Form, PlanState
from lvzhi.consultations.services import plans
from lvzhi.consultations.testing import held_activity

APPROVED_ON = datetime.date(2026, 2, 20)


def _plan(world, **kw):
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=2026)
    plans.plan_item_add(actor=world.carol, plan=plan, topic="加快推进养老服务体系建设", form=Form.TOPIC,
                        planned_month=5, lead_body="社法委")
    plans.plan_item_add(actor=world.carol, plan=plan, topic="优化营商环境", form=Form.STANDING_TOPIC,
                        planned_month=9, special_committee=world.special["经济委员会"])
    return plan


def test_plan_is_drafted_submitted_and_approved(world):
    plan = _plan(world)
    assert plan.title == "长春市政协2026年度协商计划"
    assert [i.lead_body for i in plan.items.all()] == ["社法委", "经济委员会"]
    plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)
    plans.plan_approve(actor=world.carol, plan=plan, approved_by="中共长春市委", approved_on=APPROVED_ON,
                       expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.approved_by == "中共长春市委"
    assert [e.label for e in plan.events.all()] == ["登记", "增加议题", "增加议题", "报批", "登记批准"]
    assert AuditEvent.objects.filter(action="consultations.plan_approve", object_id=str(plan.pk)).exists()


def test_one_plan_a_year(world):
    _plan(world)
    with pytest.raises(ValidationError, match="已经存在"):
        plans.plan_create(actor=world.carol, committee=world.city, year=2026)


def test_items_editable_only_in_draft(world):
    plan = _plan(world)
    plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)
    with pytest.raises(ValidationError, match="当前为“报批”，不能修改计划"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="新议题", form=Form.TOPIC, planned_month=3)
    plans.plan_return(actor=world.carol, plan=plan, reason="请补充界别协商议题", expected_version=plan.version)
    plans.plan_item_add(actor=world.carol, plan=plan, topic="界别协商：民营经济", form=Form.SECTOR, planned_month=6)
    assert plan.items.count() == 3


def test_refusals(world):
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=2026)
    with pytest.raises(ValidationError, match="还没有协商议题"):
        plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)
    with pytest.raises(ValidationError, match="计划月份"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="议题", form=Form.TOPIC, planned_month=13)
    with pytest.raises(ValidationError, match="请填写协商议题"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="  ", form=Form.TOPIC, planned_month=3)
    with pytest.raises(ValidationError, match="不能超过 200 个字"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="长" * 201, form=Form.TOPIC, planned_month=3)
    plans.plan_item_add(actor=world.carol, plan=plan, topic="议题", form=Form.TOPIC, planned_month=3)
    with pytest.raises(ValidationError, match="已在计划中"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="议题", form=Form.TOPIC, planned_month=3)
    with pytest.raises(ValidationError, match="已被他人修改"):
        plans.plan_submit(actor=world.carol, plan=plan, expected_version=1)
    plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)
    with pytest.raises(ValidationError, match="当前为“报批”，不能报批"):  # a double submit
        plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)


@pytest.mark.parametrize("who", ["alice", "rita", "leo", "olga", "uma"])
def test_only_managing_staff_may_write(world, who):
    with pytest.raises(PermissionDenied):
        plans.plan_create(actor=world.users[who], committee=world.city, year=2026)


def test_link_items_of_approved_plan(world):
    plan = _plan(world)
    item = plan.items.first()
    activity = held_activity(world)
    with pytest.raises(ValidationError, match="当前为“起草”，不能关联活动"):
        plans.plan_item_link(actor=world.carol, item=item, activity=activity)
    plans.plan_submit(actor=world.carol, plan=plan, expected_version=plan.version)
    plans.plan_approve(actor=world.carol, plan=plan, approved_by="中共长春市委", approved_on=APPROVED_ON,
                       expected_version=plan.version)
    plans.plan_item_link(actor=world.sam, item=item, activity=activity)
    item.refresh_from_db()
    assert item.activity == activity
    other = plan.items.last()
    with pytest.raises(ValidationError, match="已关联到议题"):
        plans.plan_item_link(actor=world.carol, item=other, activity=activity)
    old = held_activity(world, title="去年的活动", date=datetime.date(2025, 10, 1))
    with pytest.raises(ValidationError, match="只能关联 2026 年度"):
        plans.plan_item_link(actor=world.carol, item=other, activity=old)
    plans.plan_item_link(actor=world.carol, item=item, activity=None)
    item.refresh_from_db()
    assert item.activity is None
