"""Plans and groups: who may send a group, what it records in the duty record, and what is refused."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.members.services import person_create
from lvzhi.supervision.models import GroupMember, PlanState
from lvzhi.supervision.services import groups
from lvzhi.supervision.tests.support import days_ago, setup_group
from lvzhi.testing import World


def test_plan_is_one_a_year_and_approved_once(world: World) -> None:
    year = timezone.localdate().year
    plan = groups.plan_create(actor=world.carol, committee=world.city, year=year, title="年度民主监督计划")
    with pytest.raises(ValidationError, match="已经建立"):
        groups.plan_create(actor=world.carol, committee=world.city, year=year, title="又一份")
    groups.plan_approve(actor=world.carol, plan=plan, expected_version=plan.version)
    assert plan.state == PlanState.APPROVED
    with pytest.raises(ValidationError, match="已审定"):
        groups.plan_approve(actor=world.carol, plan=plan)
    assert AuditEvent.objects.filter(action="supervision.plan_approve", object_id=str(plan.pk)).count() == 1


def test_plan_needs_a_title_and_the_right(world: World) -> None:
    with pytest.raises(ValidationError, match="请填写计划名称"):
        groups.plan_create(actor=world.carol, committee=world.city, year=2026, title="  ")
    for name in ("alice", "leo", "olga", "pete"):
        with pytest.raises(PermissionDenied):
            groups.plan_create(actor=world.users[name], committee=world.city, year=2026, title="计划")


def test_sending_a_group_writes_each_members_duty_record(world: World) -> None:
    s = setup_group(world)
    rows = {r.person.name: r.role for r in DutyRecord.objects.filter(kind=DutyKind.SUPERVISION)}
    assert rows == {"艾丽": "组长", "薄波": "组员"}
    assert s.group.method_labels() == ["调研", "咨询问政"]
    assert AuditEvent.objects.filter(action="supervision.group_create").count() == 1


def test_changing_the_members_moves_the_duty_rows(world: World) -> None:
    s = setup_group(world)
    groups.group_update(actor=world.carol, group=s.group, name="第一民主监督组", leader=world.people["bob"],
                        members=[], departments=[s.tax, s.market], expected_version=s.group.version)
    assert list(DutyRecord.objects.filter(kind=DutyKind.SUPERVISION).values_list("person__name", "role")) == [
        ("薄波", "组长")]
    assert GroupMember.objects.filter(group=s.group).count() == 1
    with pytest.raises(ValidationError, match="已被他人修改"):
        groups.group_update(actor=world.carol, group=s.group, name="改名", leader=world.people["bob"],
                            departments=[s.tax], expected_version=1)


def test_group_refusals(world: World) -> None:
    s = setup_group(world)
    stranger = person_create(actor=None, check_actor=False, name="路人甲")
    base: dict[str, Any] = {"committee": world.city, "leader": world.people["alice"], "departments": [s.tax],
            "sent_on": days_ago(1)}
    with pytest.raises(ValidationError, match="不是长春市政协的在任委员"):
        groups.group_create(actor=world.carol, name="第二组", members=[stranger], **base)
    with pytest.raises(ValidationError, match="已有名为"):
        groups.group_create(actor=world.carol, name="第一民主监督组", **base)
    with pytest.raises(ValidationError, match="被监督单位"):
        groups.group_create(actor=world.carol, name="第三组", **{**base, "departments": []})
    with pytest.raises(ValidationError, match="请确定监督组组长"):
        groups.group_create(actor=world.carol, name="第四组", **{**base, "leader": None})
    with pytest.raises(PermissionDenied):
        groups.group_create(actor=world.olga, name="第五组", **base)
    # sam (专委会) may manage supervision too.
    assert groups.group_create(actor=world.sam, name="第六组", **base).pk
