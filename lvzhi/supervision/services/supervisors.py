"""Special supervisors (特约监督员): appointments to outside bodies and the batches of duty they take part in."""
from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.members.models import Person
from lvzhi.supervision.models import SupervisorAppointment, SupervisorDuty
from lvzhi.supervision.services.common import (
    NAME_MAX,
    TITLE_MAX,
    audit,
    check_members,
    clean_text,
    raise_errors,
    refresh_tally,
)

DEFAULT_TITLE = "特约监督员"


@transaction.atomic
def appointment_create(
    *, actor: Actor, committee: Committee, person: Person | None, body: str, title: str = DEFAULT_TITLE,
    appointed_on: datetime.date | None = None, ends_on: datetime.date | None = None,
) -> SupervisorAppointment:
    """A member appointed as special supervisor (特约监督员, 营商环境监督员 ...) of an outside body."""
    require(actor, Cap.SUPERVISION_MANAGE, committee)
    errors: dict[str, str] = {}
    body = clean_text(body, "聘请单位", max_length=NAME_MAX, one_line=True, errors=errors, field="body")
    title = clean_text(title or DEFAULT_TITLE, "监督员名称", max_length=60, one_line=True, errors=errors,
                       field="title")
    appointed_on = appointed_on or timezone.localdate()
    if person is None:
        errors["person"] = "请选择委员。"
    else:
        check_members(committee, [person], "特约监督员", errors, "person")
    if ends_on is not None and ends_on < appointed_on:
        errors["ends_on"] = "期满日期不能早于聘任日期。"
    raise_errors(errors)
    assert person is not None
    overlapping = SupervisorAppointment.objects.filter(committee=committee, person=person, body=body, title=title,
                                                       appointed_on__lte=ends_on or datetime.date.max)
    if overlapping.exclude(ends_on__lt=appointed_on).exists():
        raise ValidationError({"person": f"{person.name}已是{body}{title}，不必重复聘任。"})
    try:
        with transaction.atomic():
            appointment = SupervisorAppointment.objects.create(
                committee=committee, person=person, body=body, title=title, appointed_on=appointed_on,
                ends_on=ends_on)
    except IntegrityError:
        raise ValidationError({"person": f"{person.name}已是{body}{title}，不必重复聘任。"}) from None
    audit(actor=actor, verb="appointment_create", obj=appointment,
          after={"person": person.name, "body": body, "title": title, "appointed_on": appointed_on})
    return appointment


@transaction.atomic
def appointment_end(
    *, actor: Actor, appointment: SupervisorAppointment, ends_on: datetime.date | None = None,
) -> SupervisorAppointment:
    require(actor, Cap.SUPERVISION_MANAGE, appointment.committee)
    appointment.refresh_from_db(from_queryset=SupervisorAppointment.objects.select_for_update())
    ends_on = ends_on or timezone.localdate()
    if appointment.ends_on is not None and appointment.ends_on <= ends_on:
        raise ValidationError("该聘任已经期满。")
    if ends_on < appointment.appointed_on:
        raise ValidationError({"ends_on": "期满日期不能早于聘任日期。"})
    before = {"ends_on": appointment.ends_on}
    appointment.ends_on = ends_on
    appointment.save(update_fields=["ends_on"])
    audit(actor=actor, verb="appointment_end", obj=appointment, before=before, after={"ends_on": ends_on})
    return appointment


def _check_participants(committee: Committee, body: str, date: datetime.date, participants: Sequence[Person],
                        errors: dict[str, str]) -> None:
    if not participants:
        errors["participants"] = "请选择参加的特约监督员。"
        return
    if len({p.pk for p in participants}) != len(participants):
        errors["participants"] = "参加人员有重复。"
        return
    appointed = set(
        SupervisorAppointment.objects.filter(committee=committee, body=body, appointed_on__lte=date,
                                             person_id__in=[p.pk for p in participants])
        .exclude(ends_on__lt=date).values_list("person_id", flat=True))
    missing = [p.name for p in participants if p.pk not in appointed]
    if missing:
        errors["participants"] = f"{'、'.join(missing)}在{date:%Y-%m-%d}不是{body}的特约监督员。"


@transaction.atomic
def duty_create(
    *, actor: Actor, committee: Committee, body: str, title: str, date: datetime.date | None,
    participants: Sequence[Person],
) -> SupervisorDuty:
    """One batch (批次) of duty at `body`; each participant is one person-time (人次) in their duty record."""
    require(actor, Cap.SUPERVISION_MANAGE, committee)
    errors: dict[str, str] = {}
    body = clean_text(body, "单位", max_length=NAME_MAX, one_line=True, errors=errors, field="body")
    title = clean_text(title, "活动内容", max_length=TITLE_MAX, one_line=True, errors=errors, field="title")
    if date is None:
        errors["date"] = "请填写日期。"
    elif date > timezone.localdate():
        errors["date"] = "只能登记已经开展的活动。"
    if not errors:
        assert date is not None
        _check_participants(committee, body, date, participants, errors)
    raise_errors(errors)
    assert date is not None
    if SupervisorDuty.objects.filter(committee=committee, body=body, date=date, title=title).exists():
        raise ValidationError({"title": "这一批次已经登记。"})
    try:
        with transaction.atomic():
            duty = SupervisorDuty.objects.create(committee=committee, year=date.year, body=body, title=title,
                                                 date=date)
    except IntegrityError:
        raise ValidationError({"title": "这一批次已经登记。"}) from None
    duty.participants.set(participants)
    duty.participant_count = duty.participants.count()
    duty.save(update_fields=["participant_count"])
    for person in participants:
        duty_record_set(person=person, committee_id=committee.pk, kind=DutyKind.SPECIAL_SUPERVISOR, source=duty,
                        date=date, title=f"{body}：{title}", role="特约监督员")
    refresh_tally(committee.pk, duty.year)
    audit(actor=actor, verb="duty_create", obj=duty,
          after={"body": body, "title": title, "date": date, "participants": [p.name for p in participants]})
    return duty


@transaction.atomic
def duty_delete(*, actor: Actor, duty: SupervisorDuty) -> None:
    """Remove a batch recorded by mistake, with the duty rows it wrote."""
    require(actor, Cap.SUPERVISION_MANAGE, duty.committee)
    before = {"body": duty.body, "title": duty.title, "date": duty.date,
              "participants": list(duty.participants.values_list("name", flat=True))}
    audit(actor=actor, verb="duty_delete", obj=duty, before=before)
    duty_record_clear(source=duty)
    duty.delete()
    refresh_tally(duty.committee_id, duty.year)
