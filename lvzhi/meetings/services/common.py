"""What the meeting services share: locking with a version check, the recorded move, counts, text, duty rows."""
from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q

from lvzhi import versioning
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.meetings import workflow
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetEvent, Status
from lvzhi.text.chinese import to_simplified

STALE_MESSAGE = "内容已被他人修改，请刷新页面后重试。"


def search_key(text: str) -> str:
    """What searches compare: NFKC (half-width), Simplified, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(to_simplified(text).lower().split())


def clean_text(value: str | None, *, label: str, max_length: int, required: bool = False,
               simplify: bool = False) -> str:
    """Trimmed one-paragraph text; a Chinese error when empty but required or too long."""
    text = unicodedata.normalize("NFKC", value or "").replace("\r\n", "\n").strip()
    if simplify:
        text = to_simplified(text)
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > max_length:
        raise ValidationError(f"{label}不能超过 {max_length} 个字。")
    return text


def lock(obj: models.Model, expected_version: int | None) -> Any:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    return versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def record(
    *, sheet: AttendanceSheet, actor: Actor, action: str, attendance: Attendance | None = None, from_state: str = "",
    to_state: str = "", remarks: str = "", before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> SheetEvent:
    """The sheet's history row (shown to users) and the audit event, in the caller's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = SheetEvent.objects.create(sheet=sheet, attendance=attendance, actor=user, action=action,
                                      from_state=from_state, to_state=to_state, remarks=remarks[:500])
    obj: models.Model = attendance if attendance is not None else sheet
    audit_record(actor=actor, action=f"meetings.{action}", obj=obj, committee_id=sheet.committee_id,
                 before=before if before is not None else ({"state": from_state} if from_state else None),
                 after=after if after is not None else ({"state": to_state} if to_state else None),
                 detail=remarks[:500])
    return event


def recount(sheet: AttendanceSheet) -> None:
    """Refresh the sheet's stored counts from its roll (call after any change of a line)."""
    counts = Attendance.objects.filter(sheet=sheet).aggregate(
        total=Count("id"),
        present=Count("id", filter=Q(status=Status.PRESENT)),
        excused=Count("id", filter=Q(status=Status.EXCUSED)),
        absent=Count("id", filter=Q(status=Status.ABSENT)),
    )
    sheet.invited_count = counts["total"]
    sheet.present_count = counts["present"]
    sheet.excused_count = counts["excused"]
    sheet.absent_count = counts["absent"]
    AttendanceSheet.objects.filter(pk=sheet.pk).update(
        invited_count=sheet.invited_count, present_count=sheet.present_count, excused_count=sheet.excused_count,
        absent_count=sheet.absent_count)


def sync_duty(attendance: Attendance, sheet: AttendanceSheet) -> None:
    """Keep the member's duty record in step with the line's status: one row, or none while only invited."""
    kind = workflow.duty_kind(sheet.kind, attendance.status)
    others = [k for k in workflow.ATTENDANCE_DUTY_KINDS if k != kind]
    duty_record_clear(source=attendance, kinds=others)
    if kind is not None:
        duty_record_set(person=attendance.person, committee_id=sheet.committee_id, kind=kind, source=attendance,
                        date=sheet.date, title=sheet.title, role=Status(attendance.status).label,
                        event=workflow.DUTY_EVENT_FOR_SHEET[sheet.kind])
