"""Members attending government meetings (列席) and court hearings (旁听庭审) on the committee's behalf."""
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
from lvzhi.supervision.models import AttendanceKind, OutsideAttendance
from lvzhi.supervision.services.common import (
    NAME_MAX,
    TITLE_MAX,
    audit,
    check_members,
    clean_text,
    raise_errors,
    refresh_tally,
)

DUPLICATE = "这次列席或旁听已经登记。"


@transaction.atomic
def attendance_create(
    *, actor: Actor, committee: Committee, kind: str, body: str, title: str, date: datetime.date | None,
    attendees: Sequence[Person],
) -> OutsideAttendance:
    """One occasion, with the members who attended; each gets it in their duty record."""
    require(actor, Cap.SUPERVISION_MANAGE, committee)
    errors: dict[str, str] = {}
    if kind not in AttendanceKind.values:
        errors["kind"] = "请选择类别。"
    body = clean_text(body, "单位", max_length=NAME_MAX, one_line=True, errors=errors, field="body")
    title = clean_text(title, "会议或案件名称", max_length=TITLE_MAX, one_line=True, errors=errors, field="title")
    if date is None:
        errors["date"] = "请填写日期。"
    elif date > timezone.localdate():
        errors["date"] = "只能登记已经参加的列席或旁听。"
    if not attendees:
        errors["attendees"] = "请选择参加的委员。"
    else:
        check_members(committee, attendees, "参加委员", errors, "attendees")
    raise_errors(errors)
    assert date is not None
    if OutsideAttendance.objects.filter(committee=committee, kind=kind, body=body, date=date, title=title).exists():
        raise ValidationError({"title": DUPLICATE})
    try:
        with transaction.atomic():
            row = OutsideAttendance.objects.create(committee=committee, year=date.year, kind=kind, body=body,
                                                   title=title, date=date)
    except IntegrityError:
        raise ValidationError({"title": DUPLICATE}) from None
    row.attendees.set(attendees)
    row.attendee_count = row.attendees.count()
    row.save(update_fields=["attendee_count"])
    label = AttendanceKind(kind).label
    for person in attendees:
        duty_record_set(person=person, committee_id=committee.pk, kind=DutyKind.ATTEND_OUTSIDE, source=row,
                        date=date, title=f"{label}：{title}", role=label)
    refresh_tally(committee.pk, row.year)
    audit(actor=actor, verb="attendance_create", obj=row,
          after={"kind": kind, "body": body, "title": title, "date": date, "attendees": [p.name for p in attendees]})
    return row


@transaction.atomic
def attendance_delete(*, actor: Actor, attendance: OutsideAttendance) -> None:
    """Remove an occasion recorded by mistake, with the duty rows it wrote."""
    require(actor, Cap.SUPERVISION_MANAGE, attendance.committee)
    audit(actor=actor, verb="attendance_delete", obj=attendance, before={
        "kind": attendance.kind, "title": attendance.title, "date": attendance.date,
        "attendees": list(attendance.attendees.values_list("name", flat=True))})
    duty_record_clear(source=attendance)
    attendance.delete()
    refresh_tally(attendance.committee_id, attendance.year)
