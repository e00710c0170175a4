"""Yearly plans and supervision groups: create and approve the plan, send a group, change its make-up."""
from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.duty.models import DutyKind, DutyRole
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.members.models import Person
from lvzhi.supervision import workflow
from lvzhi.supervision.models import (
    GroupMember,
    GroupRole,
    Method,
    PlanState,
    SupervisionGroup,
    SupervisionPlan,
)
from lvzhi.supervision.services.common import (
    BODY_MAX,
    NAME_MAX,
    TITLE_MAX,
    audit,
    check_members,
    check_units,
    clean_text,
    lock,
    raise_errors,
    refresh_tally,
    save_changed,
)


@transaction.atomic
def plan_create(*, actor: Actor, committee: Committee, year: int, title: str, body: str = "") -> SupervisionPlan:
    """The committee's 民主监督 plan for `year` (one a year), as a draft."""
    require(actor, Cap.SUPERVISION_MANAGE, committee)
    errors: dict[str, str] = {}
    title = clean_text(title, "计划名称", max_length=TITLE_MAX, one_line=True, errors=errors, field="title")
    body = clean_text(body, "计划内容", max_length=BODY_MAX, required=False, errors=errors, field="body")
    if not 2000 <= year <= 2100:
        errors["year"] = "请填写正确的年度。"
    elif SupervisionPlan.objects.filter(committee=committee, year=year).exists():
        errors["year"] = f"{year}年度的民主监督计划已经建立。"
    raise_errors(errors)
    plan = SupervisionPlan.objects.create(committee=committee, year=year, title=title, body=body)
    audit(actor=actor, verb="plan_create", obj=plan, after={"year": year, "title": title})
    return plan


@transaction.atomic
def plan_approve(*, actor: Actor, plan: SupervisionPlan, expected_version: int | None = None) -> SupervisionPlan:
    require(actor, Cap.SUPERVISION_MANAGE, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.apply(plan, "approve", actor_role=workflow.Role.STAFF)
    plan.approved_at = timezone.now()
    save_changed(plan, ["state", "approved_at"])
    audit(actor=actor, verb="plan_approve", obj=plan, before={"state": PlanState.DRAFT},
          after={"state": plan.state})
    return plan


def _clean_group(
    committee: Committee, *, name: str, topic: str, leader: Person | None, members: Sequence[Person],
    departments: Sequence[HandlingUnit], methods: Sequence[str], plan: SupervisionPlan | None,
    sent_on: datetime.date | None,
) -> tuple[str, str, list[str]]:
    errors: dict[str, str] = {}
    name = clean_text(name, "监督组名称", max_length=NAME_MAX, one_line=True, errors=errors, field="name")
    topic = clean_text(topic, "监督主题", max_length=TITLE_MAX, required=False, one_line=True, errors=errors,
                       field="topic")
    if leader is None:
        errors["leader"] = "请确定监督组组长。"
    people = ([leader] if leader is not None else []) + list(members)
    if leader is not None and any(p.pk == leader.pk for p in members):
        errors["members"] = "组长不必再列为组员。"
    else:
        check_members(committee, people, "监督组成员", errors, "members")
    if not departments:
        errors["departments"] = "请选择至少一个被监督单位。"
    check_units(committee, departments, errors, "departments")
    unknown = [m for m in methods if m not in Method.values]
    if unknown:
        errors["methods"] = "监督方式不正确。"
    if plan is not None and plan.committee_id != committee.pk:
        errors["plan"] = "年度计划不属于本政协组织。"
    if sent_on is None:
        errors["sent_on"] = "请填写派出日期。"
    elif plan is not None and plan.year != sent_on.year:
        errors["sent_on"] = f"派出日期须在{plan.year}年度计划之内。"
    raise_errors(errors)
    return name, topic, [m for m in Method.values if m in methods]


def _sync_members(group: SupervisionGroup, leader: Person, members: Sequence[Person]) -> None:
    """The group's rows and each person's duty record (参加民主监督, as 组长 or 组员)."""
    wanted = {leader.pk: (leader, GroupRole.LEADER)} | {p.pk: (p, GroupRole.MEMBER) for p in members}
    gone = list(GroupMember.objects.filter(group=group).exclude(person_id__in=list(wanted)).select_related("person"))
    if gone:
        duty_record_clear(source=group, persons=[m.person for m in gone], kinds=[DutyKind.SUPERVISION])
        GroupMember.objects.filter(pk__in=[m.pk for m in gone]).delete()
    # The one-leader constraint: demote first, then set the new roles.
    GroupMember.objects.filter(group=group, role=GroupRole.LEADER).exclude(person=leader).update(
        role=GroupRole.MEMBER)
    for pk, (person, role) in wanted.items():
        GroupMember.objects.update_or_create(group=group, person_id=pk, defaults={"role": role})
        duty_record_set(person=person, committee_id=group.committee_id, kind=DutyKind.SUPERVISION, source=group,
                        date=group.sent_on, title=f"{group.name}（民主监督）", role=GroupRole(role).label,
                        role_code=DutyRole.LEADER if role == GroupRole.LEADER else DutyRole.PARTICIPANT)


@transaction.atomic
def group_create(
    *, actor: Actor, committee: Committee, name: str, leader: Person | None, members: Sequence[Person] = (),
    departments: Sequence[HandlingUnit] = (), methods: Sequence[str] = (), topic: str = "",
    plan: SupervisionPlan | None = None, sent_on: datetime.date | None = None,
) -> SupervisionGroup:
    """Send a supervision group (its leader, members and the departments it supervises)."""
    require(actor, Cap.SUPERVISION_MANAGE, committee)
    sent_on = sent_on or timezone.localdate()
    name, topic, methods = _clean_group(committee, name=name, topic=topic, leader=leader, members=members,
                                        departments=departments, methods=methods, plan=plan, sent_on=sent_on)
    assert leader is not None
    if SupervisionGroup.objects.filter(committee=committee, year=sent_on.year, name=name).exists():
        raise ValidationError({"name": f"{sent_on.year}年度已有名为“{name}”的监督组。"})
    try:
        with transaction.atomic():
            group = SupervisionGroup.objects.create(
                committee=committee, plan=plan, year=sent_on.year, name=name, topic=topic, sent_on=sent_on,
                methods=methods, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:  # a double submit racing this one
        raise ValidationError({"name": f"{sent_on.year}年度已有名为“{name}”的监督组。"}) from None
    group.departments.set(departments)
    _sync_members(group, leader, members)
    refresh_tally(committee.pk, group.year)
    audit(actor=actor, verb="group_create", obj=group, after={
        "name": name, "leader": leader.name, "members": [p.name for p in members],
        "departments": [u.name for u in departments], "methods": methods})
    return group


@transaction.atomic
def group_update(
    *, actor: Actor, group: SupervisionGroup, name: str, leader: Person | None, members: Sequence[Person] = (),
    departments: Sequence[HandlingUnit] = (), methods: Sequence[str] = (), topic: str = "",
    sent_on: datetime.date | None = None, expected_version: int | None = None,
) -> SupervisionGroup:
    """Change a group's name, leader, members, departments or methods; duty records follow."""
    require(actor, Cap.SUPERVISION_MANAGE, group.committee)
    lock(group, expected_version)
    sent_on = sent_on or group.sent_on
    name, topic, methods = _clean_group(group.committee, name=name, topic=topic, leader=leader, members=members,
                                        departments=departments, methods=methods, plan=group.plan,
                                        sent_on=sent_on)
    assert leader is not None
    if SupervisionGroup.objects.filter(committee=group.committee, year=sent_on.year, name=name).exclude(
            pk=group.pk).exists():
        raise ValidationError({"name": f"{sent_on.year}年度已有名为“{name}”的监督组。"})
    used = set(group.matters.values_list("department_id", flat=True))
    dropped = used - {u.pk for u in departments}
    if dropped:
        raise ValidationError({"departments": "已有监督事项的被监督单位不能移除。"})
    before = {"name": group.name, "members": sorted(group.members.values_list("name", flat=True)),
              "departments": sorted(group.departments.values_list("name", flat=True))}
    old_year = group.year
    group.name, group.topic, group.methods, group.sent_on, group.year = name, topic, methods, sent_on, sent_on.year
    save_changed(group, ["name", "topic", "methods", "sent_on", "year"])
    group.matters.update(year=group.year)
    group.departments.set(departments)
    _sync_members(group, leader, members)
    refresh_tally(group.committee_id, group.year, old_year)  # a group sent in another year moves its matters
    audit(actor=actor, verb="group_update", obj=group, before=before, after={
        "name": name, "leader": leader.name, "members": sorted(p.name for p in [leader, *members]),
        "departments": sorted(u.name for u in departments)})
    return group
