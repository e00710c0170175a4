"""The annual consultation plan (年度协商计划): drafted by the office, submitted, approved; items linked to
the activities that carried them out."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, SpecialCommittee
from lvzhi.consultations import workflow
from lvzhi.consultations.models import ConsultationActivity, ConsultationPlan, Form, PlanItem
from lvzhi.consultations.services.common import (
    clean_date,
    clean_line,
    lock,
    record_event,
    require_manage,
    save_changed,
)

MAX_ITEMS = 200
OFFICE = workflow.Role.OFFICE


def _clean_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationError("请填写正确的年度。") from None
    if not 2000 <= value <= 2100:
        raise ValidationError("年度应在 2000 至 2100 之间。")
    return value


@transaction.atomic
def plan_create(*, actor: Actor, committee: Committee, year: int, title: str = "") -> ConsultationPlan:
    """Start the committee's plan for `year`; one plan a year, so a second one is refused."""
    require_manage(actor, committee)
    year = _clean_year(year)
    title = clean_line(title or f"{committee.name}{year}年度协商计划", "计划标题")
    if ConsultationPlan.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(f"{committee.name}{year}年度的协商计划已经存在。")
    try:
        with transaction.atomic():
            plan = ConsultationPlan.objects.create(committee=committee, year=year, title=title,
                                                   created_by=actor)
    except IntegrityError:
        raise ValidationError(f"{committee.name}{year}年度的协商计划已经存在。") from None
    record_event(actor=actor, move="create", obj=plan, to_state=plan.state, after={"year": year, "title": title})
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: ConsultationPlan, title: str, expected_version: int | None) -> ConsultationPlan:
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    move = workflow.PLAN.apply(plan, "edit", actor_role=OFFICE)
    title = clean_line(title, "计划标题")
    before = {"title": plan.title}
    plan.title = title
    save_changed(plan, ["title"])
    record_event(actor=actor, move=move, obj=plan, before=before, after={"title": title})
    return plan


def _clean_item(committee: Committee, values: dict[str, Any]) -> dict[str, Any]:
    form = values.get("form") or ""
    if form not in Form.values:
        raise ValidationError("请选择协商形式。")
    special = values.get("special_committee")
    if special is not None and (not isinstance(special, SpecialCommittee) or special.committee_id != committee.pk):
        raise ValidationError("所选专委会不属于本政协组织。")
    try:
        month = int(values.get("planned_month") or 0)
    except (TypeError, ValueError):
        month = 0
    if not 1 <= month <= 12:
        raise ValidationError("计划月份应为 1 至 12。")
    lead = clean_line(values.get("lead_body") or "", "牵头单位", max_length=100, required=False)
    if not lead and special is not None:
        lead = special.name
    return {"topic": clean_line(values.get("topic"), "协商议题"), "form": form, "special_committee": special,
            "lead_body": lead, "planned_month": month}


@transaction.atomic
def plan_item_add(
    *, actor: Actor, plan: ConsultationPlan, topic: str, form: str, planned_month: int, lead_body: str = "",
    special_committee: SpecialCommittee | None = None, expected_version: int | None = None,
) -> PlanItem:
    """Add a topic to a plan still being drafted."""
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.apply(plan, "edit", actor_role=OFFICE)
    values = _clean_item(plan.committee, {"topic": topic, "form": form, "planned_month": planned_month,
                                          "lead_body": lead_body, "special_committee": special_committee})
    if plan.items.count() >= MAX_ITEMS:
        raise ValidationError(f"每份计划最多 {MAX_ITEMS} 个议题。")
    if plan.items.filter(topic=values["topic"], form=values["form"]).exists():
        raise ValidationError(f"议题“{values['topic']}”已在计划中。")
    last = plan.items.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    item = PlanItem.objects.create(plan=plan, sort_order=last + 10, **values)
    save_changed(plan, [])
    record_event(actor=actor, move="item_add", obj=plan, remarks=values["topic"],
                 after={"topic": item.topic, "form": item.form, "month": item.planned_month})
    return item


@transaction.atomic
def plan_item_update(
    *, actor: Actor, item: PlanItem, topic: str, form: str, planned_month: int, lead_body: str = "",
    special_committee: SpecialCommittee | None = None, expected_version: int | None = None,
) -> PlanItem:
    plan = item.plan
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.apply(plan, "edit", actor_role=OFFICE)
    values = _clean_item(plan.committee, {"topic": topic, "form": form, "planned_month": planned_month,
                                          "lead_body": lead_body, "special_committee": special_committee})
    before = {"topic": item.topic, "form": item.form, "month": item.planned_month, "lead": item.lead_body}
    for key, value in values.items():
        setattr(item, key, value)
    item.save(update_fields=list(values))
    save_changed(plan, [])
    record_event(actor=actor, move="item_update", obj=plan, remarks=item.topic, before=before,
                 after={"topic": item.topic, "form": item.form, "month": item.planned_month, "lead": item.lead_body})
    return item


@transaction.atomic
def plan_item_remove(*, actor: Actor, item: PlanItem, expected_version: int | None = None) -> None:
    plan = item.plan
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.apply(plan, "edit", actor_role=OFFICE)
    topic = item.topic
    item.delete()
    save_changed(plan, [])
    record_event(actor=actor, move="item_remove", obj=plan, remarks=topic, before={"topic": topic})


@transaction.atomic
def plan_submit(*, actor: Actor, plan: ConsultationPlan, expected_version: int | None) -> ConsultationPlan:
    """Submit the draft for approval (报批); a plan without topics cannot be submitted."""
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.check("submit", plan.state, actor_role=OFFICE)
    if not plan.items.exists():
        raise ValidationError("计划还没有协商议题，不能报批。")
    from_state = plan.state
    move = workflow.PLAN.apply(plan, "submit", actor_role=OFFICE)
    save_changed(plan, ["state"])
    record_event(actor=actor, move=move, obj=plan, from_state=from_state, to_state=plan.state)
    return plan


@transaction.atomic
def plan_return(*, actor: Actor, plan: ConsultationPlan, reason: str, expected_version: int | None) -> ConsultationPlan:
    """Send a submitted plan back for revision, with the reason given by those who approve it."""
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.check("return", plan.state, actor_role=OFFICE)
    reason = clean_line(reason, "退回原因", max_length=500)
    from_state = plan.state
    move = workflow.PLAN.apply(plan, "return", actor_role=OFFICE)
    save_changed(plan, ["state"])
    record_event(actor=actor, move=move, obj=plan, from_state=from_state, to_state=plan.state, remarks=reason)
    return plan


@transaction.atomic
def plan_approve(
    *, actor: Actor, plan: ConsultationPlan, approved_by: str, approved_on: datetime.date | None,
    expected_version: int | None,
) -> ConsultationPlan:
    """Record the party committee's approval (who approved, on which day)."""
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    workflow.PLAN.check("approve", plan.state, actor_role=OFFICE)
    plan.approved_by = clean_line(approved_by, "批准机关", max_length=100)
    plan.approved_on = clean_date(approved_on, "批准日期")
    from_state = plan.state
    move = workflow.PLAN.apply(plan, "approve", actor_role=OFFICE)
    save_changed(plan, ["state", "approved_by", "approved_on"])
    record_event(actor=actor, move=move, obj=plan, from_state=from_state, to_state=plan.state,
                 remarks=f"{plan.approved_by} {plan.approved_on:%Y-%m-%d} 批准",
                 after={"approved_by": plan.approved_by, "approved_on": plan.approved_on})
    return plan


@transaction.atomic
def plan_item_link(
    *, actor: Actor, item: PlanItem, activity: ConsultationActivity | None, expected_version: int | None = None,
) -> PlanItem:
    """Link an item of an approved plan to the activity that carried it out (or undo the link with None)."""
    plan = item.plan
    require_manage(actor, plan.committee)
    lock(plan, expected_version)
    move = workflow.PLAN.apply(plan, "link", actor_role=OFFICE)
    item.refresh_from_db()
    before = {"activity": str(item.activity) if item.activity_id else ""}
    if activity is not None:
        if activity.committee_id != plan.committee_id:
            raise ValidationError("只能关联本政协组织的协商活动。")
        if activity.year != plan.year:
            raise ValidationError(f"只能关联 {plan.year} 年度的协商活动。")
        other = PlanItem.objects.filter(activity=activity).exclude(pk=item.pk).first()
        if other is not None:
            raise ValidationError(f"该活动已关联到议题“{other.topic}”。")
    item.activity = activity
    item.save(update_fields=["activity"])
    save_changed(plan, [])
    record_event(actor=actor, move=move, obj=plan, remarks=f"{item.topic} → {activity or '取消关联'}",
                 before=before, after={"activity": str(activity) if activity else ""})
    return item
