"""After editing: sending to the party committee, government or upper CPPCC, adoption, 批示 and feedback."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lvzhi.actors import Actor
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import duty_record_set
from lvzhi.opinions import workflow
from lvzhi.opinions.models import (
    Adoption,
    AdoptionLevel,
    Feedback,
    Instruction,
    OpinionReport,
    Sending,
    TargetKind,
)
from lvzhi.opinions.services import common


def _date(value: datetime.date | None, errors: dict[str, str], label: str) -> datetime.date:
    day = value or common.today()
    if day > common.today():
        errors["date"] = f"{label}不能晚于今天。"
    return day


def _credit(report: OpinionReport, kind: str, source: Any, day: datetime.date, role: str, level: str) -> None:
    for author in report.authors.select_related("person"):
        duty_record_set(person=author.person, committee_id=report.committee_id, kind=kind, source=source, date=day,
                        title=report.title, role=role, level=level)


@transaction.atomic
def opinion_send(
    *, actor: Actor, report: OpinionReport, target_kind: str, target_name: str, date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Sending:
    """报送: the report went to a target; the same target on the same day is recorded once."""
    common.require_editor(actor, report)
    common.lock(report, None)
    move = workflow.WORKFLOW.apply(report, "send", actor_role=workflow.Role.EDITOR)
    errors: dict[str, str] = {}
    if target_kind not in TargetKind.values:
        errors["target_kind"] = "请选择报送对象类别。"
    target_name = common.check_short(target_name, "报送对象", 100, errors, "target_name")
    day = _date(date, errors, "报送日期")
    if errors:
        raise ValidationError(errors)
    existing = Sending.objects.filter(report=report, target_kind=target_kind, target_name=target_name,
                                      date=day).first()
    if existing is not None:
        return existing  # the same form sent twice
    common.lock(report, expected_version)
    sending = Sending.objects.create(report=report, committee_id=report.committee_id, target_kind=target_kind,
                                     target_name=target_name, date=day)
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"报送{target_name}（{TargetKind(target_kind).label}）",
                       after={"sending": sending.pk, "date": day})
    return sending


@transaction.atomic
def opinion_adopt(
    *, actor: Actor, report: OpinionReport, level: str, adopted_by: str, date: datetime.date | None = None,
    note: str = "", expected_version: int | None = None,
) -> Adoption:
    """采用 at a level; each author's duty record gets the adoption."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    move = workflow.WORKFLOW.apply(report, "adopt", actor_role=workflow.Role.EDITOR)
    errors: dict[str, str] = {}
    if level not in AdoptionLevel.values:
        errors["level"] = "请选择采用层级。"
    adopted_by = common.check_short(adopted_by, "采用单位", 100, errors, "adopted_by")
    note = common.check_short(note, "备注", 200, errors, "note", required=False)
    day = _date(date, errors, "采用日期")
    if not errors and Adoption.objects.filter(report=report, level=level, adopted_by=adopted_by).exists():
        errors["adopted_by"] = f"已记录过{adopted_by}的采用。"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(report=report, committee_id=report.committee_id, level=level,
                                               adopted_by=adopted_by, date=day, note=note)
    except IntegrityError:
        raise ValidationError({"adopted_by": f"已记录过{adopted_by}的采用。"}) from None
    _credit(report, DutyKind.OPINION_ADOPTED, adoption, day, f"{AdoptionLevel(level).label}采用", level)
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"{adopted_by}采用（{AdoptionLevel(level).label}）" + (f"。{note}" if note else ""),
                       after={"adoption": adoption.pk, "level": level})
    return adoption


@transaction.atomic
def opinion_instruct(
    *, actor: Actor, report: OpinionReport, level: str, leader: str, text: str, date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Instruction:
    """A leader's 批示, with the leader's level; each author's duty record gets it."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    move = workflow.WORKFLOW.apply(report, "instruct", actor_role=workflow.Role.EDITOR)
    errors: dict[str, str] = {}
    if level not in AdoptionLevel.values:
        errors["level"] = "请选择批示领导的层级。"
    leader = common.check_short(leader, "批示领导", 60, errors, "leader")
    text = common.check_short(text, "批示内容", common.REMARKS_MAX, errors, "text")
    day = _date(date, errors, "批示日期")
    if not errors and Instruction.objects.filter(report=report, leader=leader, date=day).exists():
        errors["leader"] = f"已记录过{leader}当天的批示。"
    if errors:
        raise ValidationError(errors)
    instruction = Instruction.objects.create(report=report, committee_id=report.committee_id, level=level,
                                             leader=leader, text=text, date=day)
    _credit(report, DutyKind.OPINION_INSTRUCTED, instruction, day, f"{AdoptionLevel(level).label}领导批示", level)
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"{leader}批示：{text}", after={"instruction": instruction.pk, "level": level})
    return instruction


@transaction.atomic
def opinion_feedback(
    *, actor: Actor, report: OpinionReport, department: str, text: str, date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Feedback:
    """What the department did about it."""
    common.require_editor(actor, report)
    common.lock(report, None)
    move = workflow.WORKFLOW.apply(report, "feedback", actor_role=workflow.Role.EDITOR)
    errors: dict[str, str] = {}
    department = common.check_short(department, "反馈部门", 100, errors, "department")
    text = common.check_short(text, "落实情况", common.REMARKS_MAX, errors, "text")
    day = _date(date, errors, "反馈日期")
    if errors:
        raise ValidationError(errors)
    existing = Feedback.objects.filter(report=report, department=department, text=text, date=day).first()
    if existing is not None:
        return existing  # the same form sent twice
    common.lock(report, expected_version)
    feedback = Feedback.objects.create(report=report, department=department, text=text, date=day)
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"{department}反馈：{text}", after={"feedback": feedback.pk})
    return feedback
