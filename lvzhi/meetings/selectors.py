"""Reading sheets, lines and speeches with the reader's permissions applied where the rows are fetched.

Staff with meeting.view see their committee's (a leader the subtree); a member sees the sheets they are invited
to and their own line and speeches; an outsider sees nothing, and asking by id is a recorded refusal.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q, deny, require
from lvzhi.committees.models import Committee
from lvzhi.meetings.models import Attendance, AttendanceSheet, LeaveState, Speech, Status
from lvzhi.meetings.services.common import person_of, search_key


def _staff_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}committee_id__in": Committee.objects.filter(committees_q(user, Cap.MEETING_VIEW))
                .values("pk")})


def sheets_for_user(user: Any) -> QuerySet[AttendanceSheet]:
    q = _staff_q(user)
    person = person_of(user)
    if person is not None:
        q |= Q(pk__in=Attendance.objects.filter(person=person).values("sheet_id"))
    return AttendanceSheet.objects.filter(q)


def committee_sheets(user: Any, committee: Committee, filters: dict[str, Any] | None = None
                     ) -> QuerySet[AttendanceSheet]:
    """The sheet list of one committee (meeting.view there), narrowed by year, kind, state and a search text."""
    require(user, Cap.MEETING_VIEW, committee)
    filters = filters or {}
    qs = AttendanceSheet.objects.filter(committee=committee)
    if filters.get("year"):
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    text = search_key(filters.get("q") or "")
    for word in text.split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-date", "-id")


def can_view_roll(user: Any, sheet: AttendanceSheet) -> bool:
    return can(user, Cap.MEETING_VIEW, sheet.committee)


def get_sheet_for_user(user: Any, pk: int) -> AttendanceSheet:
    sheet = (AttendanceSheet.objects.select_related("committee", "session__term", "meeting__term")
             .filter(pk=pk).first())
    if sheet is None:
        raise Http404("未找到该签到表。")
    if can_view_roll(user, sheet):
        return sheet
    person = person_of(user)
    if person is not None and Attendance.objects.filter(sheet=sheet, person=person).exists():
        return sheet
    require(user, Cap.MEETING_VIEW, sheet.committee)
    return sheet


def get_attendance_for_user(user: Any, pk: int) -> Attendance:
    line = Attendance.objects.select_related("sheet", "sheet__committee", "person").filter(pk=pk).first()
    if line is None:
        raise Http404("未找到该出席记录。")
    person = person_of(user)
    if (person is not None and line.person_id == person.pk) or can_view_roll(user, line.sheet):
        return line
    deny(user, detail=Cap.MEETING_VIEW, obj=line.sheet, committee=line.sheet.committee)
    return line


def own_line(user: Any, sheet: AttendanceSheet) -> Attendance | None:
    person = person_of(user)
    if person is None:
        return None
    return Attendance.objects.filter(sheet=sheet, person=person).select_related("person").first()


def roll(sheet: AttendanceSheet) -> QuerySet[Attendance]:
    """The sheet's lines in roster order (leaders first, then by surname strokes); the caller has checked."""
    return (Attendance.objects.filter(sheet=sheet).select_related("person", "signed_in_by", "leave_decided_by")
            .order_by("person__stroke_key", "person_id"))


def my_lines(user: Any) -> QuerySet[Attendance]:
    """The member's own invitations, newest meeting first."""
    person = person_of(user)
    if person is None:
        return Attendance.objects.none()
    return (Attendance.objects.filter(person=person).select_related("sheet", "sheet__committee")
            .order_by("-date", "-id"))


def leave_queue(user: Any, committee: Committee) -> QuerySet[Attendance]:
    """Leave requests waiting for a decision in `committee` (meeting.manage there), oldest first."""
    require(user, Cap.MEETING_MANAGE, committee)
    return (Attendance.objects.filter(committee=committee, leave_state=LeaveState.REQUESTED, status=Status.INVITED)
            .select_related("sheet", "person").order_by("leave_requested_at", "id"))


def speeches_for_user(user: Any) -> QuerySet[Speech]:
    q = _staff_q(user)
    person = person_of(user)
    if person is not None:
        q |= Q(speaker=person)
    return Speech.objects.filter(q)


def committee_speeches(user: Any, committee: Committee, filters: dict[str, Any] | None = None) -> QuerySet[Speech]:
    require(user, Cap.MEETING_VIEW, committee)
    filters = filters or {}
    qs = Speech.objects.filter(committee=committee)
    if filters.get("year"):
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    text = search_key(filters.get("q") or "")
    for word in text.split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("speaker").order_by("-date", "-id")


def get_speech_for_user(user: Any, pk: int) -> Speech:
    speech = Speech.objects.select_related("committee", "speaker").filter(pk=pk).first()
    if speech is None:
        raise Http404("未找到该发言。")
    person = person_of(user)
    if person is not None and speech.speaker_id == person.pk:
        return speech
    require(user, Cap.MEETING_VIEW, speech.committee)
    return speech
