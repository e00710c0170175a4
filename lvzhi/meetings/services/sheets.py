"""Sheets (签到表): create and edit, invite from the roster, open sign-in with a code, close."""
from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, Meeting, MeetingKind, Session, Term
from lvzhi.meetings import workflow
from lvzhi.meetings.models import Attendance, AttendanceSheet, LeaveState, SheetKind, SheetState, Status
from lvzhi.meetings.services.common import clean_text, lock, record, recount, save_changed, search_key, sync_duty
from lvzhi.members.models import MemberRole, Membership, Person

TITLE_MAX = 200
STAFF = workflow.Role.STAFF
PLACE_MAX = 100


class InviteScope:
    ALL = "all"  # the whole committee
    STANDING = "standing"  # 常委 and above
    CHAIRS = "chairs"  # 主席、副主席、秘书长
    PEOPLE = "people"  # chosen people


INVITE_SCOPES = [(InviteScope.ALL, "全体委员"), (InviteScope.STANDING, "常委（含主席、副主席、秘书长）"),
                 (InviteScope.CHAIRS, "主席会议成员"), (InviteScope.PEOPLE, "指定人员")]
ROLES_FOR_SCOPE = {
    InviteScope.STANDING: [MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL, MemberRole.STANDING],
    InviteScope.CHAIRS: [MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL],
}
SHEET_FIELDS = ("kind", "title", "date", "start_time", "end_time", "place")


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values for the audit trail (times as text: the trail stores JSON)."""
    return {k: v.strftime("%H:%M") if isinstance(v, datetime.time) else v for k, v in values.items()}


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _term_for(committee: Committee, session: Session | None, meeting: Meeting | None) -> Term | None:
    if session is not None:
        return session.term
    if meeting is not None:
        return meeting.term
    return committee.current_term()


def _clean(committee: Committee, values: dict[str, Any], session: Session | None,
           meeting: Meeting | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in SheetKind.values:
        errors["kind"] = "请选择会议类型。"
    if session is not None:
        if session.term.committee_id != committee.pk:
            errors["session"] = "所选全体会议不属于本政协组织。"
        elif kind != SheetKind.PLENARY:
            errors["session"] = "只有全体会议的签到表才能关联全体会议。"
    if meeting is not None:
        if meeting.term.committee_id != committee.pk:
            errors["meeting"] = "所选会议不属于本政协组织。"
        else:
            expected = SheetKind.STANDING if meeting.kind == MeetingKind.STANDING else SheetKind.CHAIRS
            if kind != expected:
                errors["meeting"] = f"所选会议是{meeting.get_kind_display()}，类型须一致。"
    title = values.get("title") or ""
    if not title.strip():
        title = session.label if session is not None else (meeting.label if meeting is not None else "")
    try:
        values["title"] = " ".join(clean_text(title, label="会议名称", max_length=TITLE_MAX, required=True).split())
    except ValidationError as error:
        errors["title"] = error.messages[0]
    try:
        values["place"] = clean_text(values.get("place") or "", label="地点", max_length=PLACE_MAX)
    except ValidationError as error:
        errors["place"] = error.messages[0]
    day = values.get("date") or (session.start_date if session else (meeting.date if meeting else None))
    if not isinstance(day, datetime.date):
        errors["date"] = "请填写会议日期。"
    values["date"] = day
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        errors["end_time"] = "结束时间须晚于开始时间。"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def sheet_create(
    *, actor: Actor, committee: Committee, kind: str, title: str = "", date: datetime.date | None = None,
    start_time: datetime.time | None = None, end_time: datetime.time | None = None, place: str = "",
    session: Session | None = None, meeting: Meeting | None = None,
) -> AttendanceSheet:
    """A new sheet in 筹备; for a plenary or a meeting, at most one sheet each."""
    require(actor, Cap.MEETING_MANAGE, committee)
    values = _clean(committee, {"kind": kind, "title": title, "date": date, "start_time": start_time,
                                "end_time": end_time, "place": place}, session, meeting)
    if session is not None and AttendanceSheet.objects.filter(session=session).exists():
        raise ValidationError({"session": "该全体会议已有签到表。"})
    if meeting is not None and AttendanceSheet.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": "该会议已有签到表。"})
    if AttendanceSheet.objects.filter(committee=committee, date=values["date"], title=values["title"]).exists():
        raise ValidationError({"title": "同一天已有同名的签到表，请勿重复创建。"})
    sheet = AttendanceSheet(committee=committee, session=session, meeting=meeting, created_by=actor
                            if getattr(actor, "is_authenticated", False) else None, **values)
    sheet.year = sheet.date.year
    sheet.search_text = search_key(f"{sheet.title} {sheet.place}")[:400]
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError:
        raise ValidationError("该会议已有签到表。") from None
    record(sheet=sheet, actor=actor, action="create", to_state=sheet.state,
           after=_plain({f: getattr(sheet, f) for f in SHEET_FIELDS}))
    return sheet


@transaction.atomic
def sheet_update(
    *, actor: Actor, sheet: AttendanceSheet, expected_version: int | None = None, **changes: Any,
) -> AttendanceSheet:
    """Change the title, date, times or place while the sheet is not closed."""
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, expected_version)
    workflow.SHEET.apply(sheet, "edit", actor_role=STAFF)
    unknown = set(changes) - set(SHEET_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}。")
    before = {f: getattr(sheet, f) for f in SHEET_FIELDS}
    values = _clean(sheet.committee, {**before, **changes}, sheet.session, sheet.meeting)
    if values["kind"] != sheet.kind and (sheet.session_id or sheet.meeting_id):
        raise ValidationError({"kind": "已关联全体会议或会议的签到表不能改变类型。"})
    changed = [f for f in SHEET_FIELDS if values[f] != before[f]]
    if not changed:
        return sheet
    for f in changed:
        setattr(sheet, f, values[f])
    sheet.year = sheet.date.year
    sheet.search_text = search_key(f"{sheet.title} {sheet.place}")[:400]
    save_changed(sheet, [*changed, "year", "search_text"])
    if "date" in changed or "title" in changed or "kind" in changed:
        for line in Attendance.objects.filter(sheet=sheet).select_related("person"):
            if line.date != sheet.date:
                line.date = sheet.date
                line.save(update_fields=["date", "updated_at"])
            sync_duty(line, sheet)
    record(sheet=sheet, actor=actor, action="edit", before=_plain({f: before[f] for f in changed}),
           after=_plain({f: getattr(sheet, f) for f in changed}), remarks="修改了" + "、".join(
               str(cast(models.Field, AttendanceSheet._meta.get_field(f)).verbose_name) for f in changed))
    return sheet


def invitees(sheet: AttendanceSheet, scope: str, people: Sequence[Person] = ()) -> list[Person]:
    """The people an invitation by `scope` reaches: active members of the sheet's committee and term."""
    term = _term_for(sheet.committee, sheet.session, sheet.meeting)
    if term is None:
        raise ValidationError("该政协组织没有当前届次，无法从名册邀请。")
    roster = Membership.objects.filter(committee=sheet.committee, term=term, is_active=True)
    if scope == InviteScope.PEOPLE:
        if not people:
            raise ValidationError({"people": "请选择要邀请的人员。"})
        ids = {p.pk for p in people}
        found = set(roster.filter(person_id__in=ids).values_list("person_id", flat=True))
        missing = [p.name for p in people if p.pk not in found]
        if missing:
            raise ValidationError({"people": f"{'、'.join(missing)}不是本届在任委员，不能邀请。"})
        return list(people)
    if scope in ROLES_FOR_SCOPE:
        roster = roster.filter(role__in=ROLES_FOR_SCOPE[scope])
    elif scope != InviteScope.ALL:
        raise ValidationError({"scope": "请选择邀请范围。"})
    return [m.person for m in roster.select_related("person").order_by("role_rank", "stroke_key", "manual_order")]


@transaction.atomic
def sheet_invite(
    *, actor: Actor, sheet: AttendanceSheet, scope: str, people: Sequence[Person] = (),
    expected_version: int | None = None,
) -> int:
    """Invite from the roster; people already on the sheet are left as they are. Returns how many were added."""
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, expected_version)
    workflow.SHEET.apply(sheet, "invite", actor_role=STAFF)
    chosen = invitees(sheet, scope, people)
    present = set(Attendance.objects.filter(sheet=sheet).values_list("person_id", flat=True))
    new = [Attendance(sheet=sheet, person=p, committee_id=sheet.committee_id, date=sheet.date)
           for p in chosen if p.pk not in present]
    Attendance.objects.bulk_create(new, batch_size=500)
    recount(sheet)
    label = dict(INVITE_SCOPES).get(scope, scope)
    record(sheet=sheet, actor=actor, action="invite", after={"scope": scope, "added": len(new)},
           remarks=f"邀请{label}，新增 {len(new)} 人")
    return len(new)


@transaction.atomic
def attendance_uninvite(*, actor: Actor, attendance: Attendance, expected_version: int | None = None) -> None:
    """Take someone off the sheet before they have signed in or been given leave."""
    sheet = attendance.sheet
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, None)
    lock(attendance, expected_version)
    workflow.LINE.apply(attendance, "uninvite", actor_role=STAFF)
    if attendance.leave_state == LeaveState.REQUESTED:
        raise ValidationError("该人员的请假申请尚未审批，请先审批。")
    name = attendance.person.name
    record(sheet=sheet, actor=actor, action="uninvite", before={"person": name, "status": attendance.status},
           remarks=f"取消邀请{name}")
    attendance.delete()
    recount(sheet)


@transaction.atomic
def sheet_open(*, actor: Actor, sheet: AttendanceSheet, expected_version: int | None = None) -> AttendanceSheet:
    """Start sign-in: a fresh six-digit code, valid while the sheet is open and on the meeting day."""
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, expected_version)
    if sheet.state == SheetState.OPEN:
        return sheet  # a double click: already open
    workflow.SHEET.check("open", sheet.state, actor_role=STAFF)
    if not Attendance.objects.filter(sheet=sheet).exists():
        raise ValidationError("还没有邀请参会人员，不能开始签到。")
    before = sheet.state
    workflow.SHEET.apply(sheet, "open", actor_role=STAFF)
    sheet.code = new_code()
    sheet.code_generated_at = sheet.opened_at = timezone.now()
    save_changed(sheet, ["state", "code", "code_generated_at", "opened_at"])
    record(sheet=sheet, actor=actor, action="open", from_state=before, to_state=sheet.state)
    return sheet


@transaction.atomic
def sheet_new_code(*, actor: Actor, sheet: AttendanceSheet, expected_version: int | None = None) -> AttendanceSheet:
    """A new code (the old one stops working), e.g. when a photo of it went round."""
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, expected_version)
    workflow.SHEET.apply(sheet, "new_code", actor_role=STAFF)
    code = new_code()
    while code == sheet.code:
        code = new_code()
    sheet.code, sheet.code_generated_at = code, timezone.now()
    save_changed(sheet, ["code", "code_generated_at"])
    record(sheet=sheet, actor=actor, action="new_code", remarks="更换签到码")
    return sheet


@transaction.atomic
def sheet_close(*, actor: Actor, sheet: AttendanceSheet, expected_version: int | None = None) -> AttendanceSheet:
    """End sign-in: everyone still only invited becomes absent (缺席), in their duty record too."""
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(sheet, expected_version)
    if sheet.state == SheetState.CLOSED:
        return sheet  # a double click: already closed
    workflow.SHEET.check("close", sheet.state, actor_role=STAFF)
    pending = Attendance.objects.filter(sheet=sheet, leave_state=LeaveState.REQUESTED, status=Status.INVITED).count()
    if pending:
        raise ValidationError(f"还有 {pending} 条请假申请未审批，请先审批后再结束签到。")
    missing = list(Attendance.objects.filter(sheet=sheet, status=Status.INVITED).select_related("person"))
    Attendance.objects.filter(pk__in=[a.pk for a in missing]).update(
        status=Status.ABSENT, updated_at=timezone.now(), version=F("version") + 1)
    for line in missing:
        line.status = Status.ABSENT
        sync_duty(line, sheet)
    before = sheet.state
    workflow.SHEET.apply(sheet, "close", actor_role=STAFF)
    sheet.closed_at = timezone.now()
    sheet.code = ""
    save_changed(sheet, ["state", "closed_at", "code"])
    recount(sheet)
    record(sheet=sheet, actor=actor, action="close", from_state=before, to_state=sheet.state,
           remarks=f"结束签到，未签到 {len(missing)} 人记为缺席" if missing else "结束签到")
    return sheet
