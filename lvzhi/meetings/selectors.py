"""Reading sheets, lines and speeches with the reader's permissions applied where the rows are fetched.

Staff with meeting.view see their committee's (a leader the subtree); a member sees the sheets they are invited
to and their own line and speeches; an outsider sees nothing, and asking by id is a recorded refusal.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lvzhi.accounts.access import committee_from_query as shared_committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_q, deny, require
from lvzhi.committees.models import Committee
from lvzhi.meetings.models import Attendance, AttendanceSheet, LeaveState, Speech, Status
from lvzhi.meetings.services.common import search_key
from lvzhi.members.selectors import person_of
from lvzhi.text.chinese import normalise, to_simplified

# What the leave list shows by ?state=: the waiting requests (the default), the decided ones, or all of them.
LEAVE_STATES = [("", "待审批"), ("approved", "已批准"), ("rejected", "未批准"), ("all", "全部")]


def committee_from_query(request: HttpRequest, cap: str = Cap.MEETING_VIEW) -> Committee:
    """The committee a meetings screen reads (?committee=, checked), refused in this line's words."""
    return shared_committee_from_query(request, cap, "您没有权限查看会议考勤。")


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


def _text_q(text: str, *fields: str) -> Q:
    """Every word of a search (Traditional read as Simplified) in one of the Simplified `fields`."""
    match = Q()
    for word in search_key(text).split()[:5]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__contains": word})
        match &= any_field
    return match


def person_q(text: str, prefix: str = "person__") -> Q:
    """A person by name (Traditional read as Simplified), or by pinyin or its initials (zsf for 张三丰)."""
    text = normalise(text)
    if not text:
        return Q()
    lower = text.lower().replace(" ", "")
    match = Q(**{f"{prefix}name__contains": to_simplified(text).replace(" ", "")})
    if lower.isascii() and lower.isalnum():
        match |= Q(**{f"{prefix}initials__startswith": lower}) | Q(**{f"{prefix}pinyin__startswith": lower})
    return match


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


def roll(sheet: AttendanceSheet, filters: dict[str, Any] | None = None) -> QuerySet[Attendance]:
    """The sheet's lines in roster order (leaders first, then by surname strokes), optionally narrowed by
    status and a name; the caller has checked."""
    filters = filters or {}
    qs = Attendance.objects.filter(sheet=sheet)
    if filters.get("status") in Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("name"):
        qs = qs.filter(person_q(filters["name"]))
    return (qs.select_related("person", "signed_in_by", "leave_decided_by")
            .order_by("person__stroke_key", "person_id"))


def my_lines(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Attendance]:
    """The member's own invitations, newest meeting first, narrowed by year, status and a search text (the
    meeting's name or place)."""
    person = person_of(user)
    if person is None:
        return Attendance.objects.none()
    filters = filters or {}
    qs = Attendance.objects.filter(person=person)
    if filters.get("year"):
        year = int(filters["year"])
        qs = qs.filter(date__year=year)
    if filters.get("status") in Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(_text_q(filters["q"], "sheet__search_text"))
    return qs.select_related("sheet", "sheet__committee").order_by("-date", "-id")


def lines_for_user(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Attendance]:
    """The lines a user may read: their own, and every line of the committees where they hold meeting.view (a
    leader the subtree); narrowed by sheet, member (a person's id), status, committee and year."""
    q = _staff_q(user)
    person = person_of(user)
    if person is not None:
        q |= Q(person=person)
    qs = Attendance.objects.filter(q)
    filters = filters or {}
    for key, field in (("sheet", "sheet_id"), ("member", "person_id"), ("committee", "committee_id"),
                       ("year", "date__year")):
        if filters.get(key):
            qs = qs.filter(**{field: int(filters[key])})
    if filters.get("status") in Status.values:
        qs = qs.filter(status=filters["status"])
    return qs.select_related("sheet", "sheet__committee", "person").order_by("-date", "sheet_id",
                                                                             "person__stroke_key", "id")


def leave_queue(user: Any, committee: Committee, filters: dict[str, Any] | None = None) -> QuerySet[Attendance]:
    """Leave requests of `committee` (meeting.manage there): by default those waiting for a decision, oldest
    first; or the approved, the rejected, or all of them, newest first; narrowed by the meeting's kind and year
    and a search text (the member's name, or the meeting's name or place)."""
    require(user, Cap.MEETING_MANAGE, committee)
    filters = filters or {}
    state = filters.get("state") or ""
    qs = Attendance.objects.filter(committee=committee)
    if state == "":
        qs = qs.filter(leave_state=LeaveState.REQUESTED, status=Status.INVITED)
    elif state in (LeaveState.APPROVED, LeaveState.REJECTED):
        qs = qs.filter(leave_state=state)
    else:
        qs = qs.exclude(leave_state=LeaveState.NONE)
    if filters.get("kind"):
        qs = qs.filter(sheet__kind=filters["kind"])
    if filters.get("year"):
        qs = qs.filter(sheet__year=int(filters["year"]))
    text = filters.get("q") or ""
    if text:
        qs = qs.filter(person_q(text) | _text_q(text, "sheet__search_text"))
    order = ("leave_requested_at", "id") if state == "" else ("-leave_requested_at", "-id")
    return qs.select_related("sheet", "person", "leave_decided_by").order_by(*order)


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
    if filters.get("session"):
        qs = qs.filter(session=filters["session"])
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
