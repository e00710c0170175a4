"""One person's line on a sheet: signing in (by code or by staff), leave requests and decisions, corrections."""
from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, can_anywhere, deny, require
from lvzhi.actors import Actor
from lvzhi.audit.models import Outcome
from lvzhi.audit.services import audit_record
from lvzhi.meetings import workflow
from lvzhi.meetings.models import Attendance, AttendanceSheet, LeaveState, SheetState, SignInMethod, Status
from lvzhi.meetings.services.common import clean_text, lock, record, recount, save_changed, sync_duty
from lvzhi.members.selectors import person_of

REASON_MAX = 500
# Wrong codes a user may enter in CODE_WINDOW seconds before sign-in pauses (six digits are guessable otherwise).
CODE_ATTEMPTS = 10
CODE_WINDOW = 600
MEMBER, STAFF = workflow.Role.MEMBER, workflow.Role.STAFF


def _own_line(actor: Actor, attendance: Attendance, move: str) -> None:
    """Members act on their own line only; anything else is a recorded refusal."""
    person = person_of(actor)
    if not can_anywhere(actor, Cap.MEETING_ATTEND) or person is None or attendance.person_id != person.pk:
        deny(actor, detail=f"meetings.{move}: not the invited person", obj=attendance.sheet,
             message="您不在本次会议的邀请名单中。")


def _attempts_key(actor: Actor) -> str:
    return f"meetings:code-attempts:{getattr(actor, 'pk', 0)}"


def _wrong_code(actor: Actor, message: str) -> None:
    key = _attempts_key(actor)
    cache.add(key, 0, CODE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, CODE_WINDOW)
    raise ValidationError({"code": message})


def _set_present(attendance: Attendance, actor: Actor, method: str) -> None:
    """Who signed the line in, how and when (the move itself sets the status)."""
    attendance.signed_in_at = timezone.now()
    attendance.sign_in_method = method
    attendance.signed_in_by = actor if getattr(actor, "is_authenticated", False) else None


def _not_invited(actor: Actor, person: Any, code: str, how: str) -> None:
    """A member of the meeting's committee with a right code but no line on the sheet is told so and whom to ask.

    Members of other committees are told only that the code is wrong, so a code reveals nothing of another
    committee's meetings; either way the attempt counts towards the limit."""
    sheet = (AttendanceSheet.objects.filter(code=code, state=SheetState.OPEN,
                                            committee__memberships__person=person,
                                            committee__memberships__is_active=True)
             .select_related("committee", "created_by").order_by("-date").first())
    if sheet is None:
        return
    audit_record(actor=actor, action="meetings.sign_in", obj=sheet, outcome=Outcome.FAILURE,
                 detail=f"不在邀请名单中{how}")
    organiser = sheet.created_by
    contact = f"会议组织人{organiser.display_name or organiser.username}" if organiser else "会务工作人员"
    if organiser is not None and organiser.phone:
        contact += f"（电话 {organiser.phone}）"
    _wrong_code(actor, f"您不在“{sheet.title}”的邀请名单中，不能签到。如需参加，请联系{sheet.committee.name}"
                       f"{contact}将您加入邀请名单，或请会场工作人员代为签到。")


def own_line_for_code(*, actor: Actor, code: str, scanned: bool = False) -> Attendance:
    """The actor's line on the sheet open today whose sign-in code is `code`; a Chinese message otherwise.

    `scanned`: the code came in the URL of the projector's QR code rather than typed; it is checked, counted
    against the attempt limit and audited the same way, the audit saying which."""
    how = "（扫码）" if scanned else ""
    person = person_of(actor)
    if person is None or not can_anywhere(actor, Cap.MEETING_ATTEND):
        deny(actor, detail="meetings.sign_in: no member account", message="只有委员本人可以用签到码签到。")
    code = (code or "").strip()
    if (cache.get(_attempts_key(actor)) or 0) >= CODE_ATTEMPTS:
        raise ValidationError({"code": "签到码输错次数过多，请 10 分钟后再试，或请会务工作人员代为签到。"})
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationError({"code": "请输入会场公布的 6 位数字签到码。"})
    today = timezone.localdate()
    line = (Attendance.objects.filter(person=person, sheet__code=code, sheet__state=SheetState.OPEN)
            .select_related("sheet", "sheet__committee", "person").order_by("-sheet__date").first())
    if line is None:
        _not_invited(actor, person, code, how)
        # Not in a transaction here, so the failed attempt stays in the audit trail.
        audit_record(actor=actor, action="meetings.sign_in", outcome=Outcome.FAILURE, detail=f"签到码不正确{how}")
        _wrong_code(actor, "签到码不正确或已失效，请核对会场公布的签到码。")
    assert line is not None
    if line.sheet.date != today:
        audit_record(actor=actor, action="meetings.sign_in", obj=line.sheet, outcome=Outcome.FAILURE,
                     detail=f"签到码已过期（非会议当天）{how}")
        _wrong_code(actor, "签到码已失效：只能在会议当天签到。")
    return line


@transaction.atomic
def attendance_sign_in(*, actor: Actor, attendance: Attendance, code: str) -> tuple[Attendance, bool]:
    """The member signs in with the code shown at the venue. Returns the line and whether they already had."""
    sheet = attendance.sheet
    _own_line(actor, attendance, "sign_in")
    lock(attendance, None)
    if attendance.status == Status.PRESENT:
        return attendance, True  # 您已签到
    if sheet.state == SheetState.DRAFT:
        raise ValidationError({"code": "签到尚未开始。"})
    if sheet.state == SheetState.CLOSED:
        raise ValidationError({"code": "签到已结束，如需更正请联系会务工作人员。"})
    workflow.LINE.check("sign_in", attendance.status, actor_role=MEMBER, sheet_state=sheet.state)
    if (code or "").strip() != sheet.code:
        _wrong_code(actor, "签到码不正确或已失效，请核对会场公布的签到码。")
    if sheet.date != timezone.localdate():
        _wrong_code(actor, "签到码已失效：只能在会议当天签到。")
    before = attendance.status
    workflow.LINE.apply(attendance, "sign_in", actor_role=MEMBER)
    _set_present(attendance, actor, SignInMethod.CODE)
    save_changed(attendance, ["status", "signed_in_at", "sign_in_method", "signed_in_by"])
    recount(sheet)
    sync_duty(attendance, sheet)
    record(sheet=sheet, actor=actor, action="sign_in", attendance=attendance, from_state=before,
           to_state=attendance.status, remarks=f"{attendance.person.name}本人签到")
    return attendance, False


@transaction.atomic
def attendance_staff_sign_in(
    *, actor: Actor, attendance: Attendance, expected_version: int | None = None,
) -> tuple[Attendance, bool]:
    """Staff sign someone in (代签) while sign-in is open. Returns the line and whether it already was."""
    sheet = attendance.sheet
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(attendance, None)
    if attendance.status == Status.PRESENT:
        return attendance, True  # a double click, or signed in meanwhile: nothing to refuse
    lock(attendance, expected_version)
    before = attendance.status
    workflow.LINE.apply(attendance, "staff_sign_in", actor_role=STAFF)
    _set_present(attendance, actor, SignInMethod.STAFF)
    save_changed(attendance, ["status", "signed_in_at", "sign_in_method", "signed_in_by"])
    recount(sheet)
    sync_duty(attendance, sheet)
    record(sheet=sheet, actor=actor, action="staff_sign_in", attendance=attendance, from_state=before,
           to_state=attendance.status, remarks=f"代{attendance.person.name}签到")
    return attendance, False


@transaction.atomic
def leave_request(
    *, actor: Actor, attendance: Attendance, reason: str, expected_version: int | None = None,
) -> Attendance:
    """The member asks for leave (请假) before the meeting; staff approve or reject it."""
    sheet = attendance.sheet
    _own_line(actor, attendance, "request_leave")
    lock(attendance, None)
    reason = clean_text(reason, label="请假事由", max_length=REASON_MAX, required=True)
    if attendance.status == Status.EXCUSED:
        raise ValidationError("您的请假已获批准。")
    if attendance.status == Status.PRESENT:
        raise ValidationError("您已签到，不能再请假。")
    if attendance.leave_state == LeaveState.REQUESTED:
        if attendance.leave_reason == reason:
            return attendance  # the same request sent twice
        raise ValidationError("您已提交请假申请，正在等待审批。")
    if sheet.state == SheetState.CLOSED:
        raise ValidationError("会议已结束，不能再请假。")
    workflow.LINE.apply(attendance, "request_leave", actor_role=MEMBER)
    if sheet.date < timezone.localdate():
        raise ValidationError("会议日期已过，不能再请假。")
    lock(attendance, expected_version)
    attendance.leave_state = LeaveState.REQUESTED
    attendance.leave_reason = reason
    attendance.leave_requested_at = timezone.now()
    attendance.leave_decided_by, attendance.leave_decided_at, attendance.leave_remarks = None, None, ""
    save_changed(attendance, ["leave_state", "leave_reason", "leave_requested_at", "leave_decided_by",
                              "leave_decided_at", "leave_remarks"])
    record(sheet=sheet, actor=actor, action="request_leave", attendance=attendance,
           after={"leave_state": attendance.leave_state, "reason": reason},
           remarks=f"{attendance.person.name}请假：{reason}")
    return attendance


@transaction.atomic
def leave_decide(
    *, actor: Actor, attendance: Attendance, approve: bool, remarks: str = "", expected_version: int | None = None,
) -> Attendance:
    """Staff approve (the line becomes 请假) or reject (it stays invited) a leave request."""
    sheet = attendance.sheet
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(attendance, None)
    remarks = clean_text(remarks, label="审批意见", max_length=REASON_MAX)
    wanted = LeaveState.APPROVED if approve else LeaveState.REJECTED
    if attendance.leave_state == wanted:
        return attendance  # the same decision sent twice
    lock(attendance, expected_version)
    if attendance.leave_state != LeaveState.REQUESTED:
        raise ValidationError("没有待审批的请假申请。")
    workflow.LINE.check("decide_leave", attendance.status, actor_role=STAFF, sheet_state=sheet.state)
    if not approve and not remarks:
        raise ValidationError({"remarks": "不批准请假须填写审批意见。"})
    before = attendance.status
    workflow.LINE.apply(attendance, "decide_leave", actor_role=STAFF, target=Status.EXCUSED if approve else before)
    attendance.leave_state = wanted
    attendance.leave_decided_by = actor if getattr(actor, "is_authenticated", False) else None
    attendance.leave_decided_at = timezone.now()
    attendance.leave_remarks = remarks
    save_changed(attendance, ["leave_state", "leave_decided_by", "leave_decided_at", "leave_remarks", "status"])
    recount(sheet)
    sync_duty(attendance, sheet)
    name = attendance.person.name
    record(sheet=sheet, actor=actor, action="decide_leave", attendance=attendance, from_state=before,
           to_state=attendance.status, after={"leave_state": wanted, "status": attendance.status},
           remarks=f"{'批准' if approve else '不批准'}{name}请假" + (f"：{remarks}" if remarks else ""))
    return attendance


@transaction.atomic
def attendance_correct(
    *, actor: Actor, attendance: Attendance, status: str, reason: str, expected_version: int | None = None,
) -> Attendance:
    """Staff correct a line (e.g. signed in on paper, leave approved by phone), with a reason, audited."""
    sheet = attendance.sheet
    require(actor, Cap.MEETING_MANAGE, sheet.committee)
    lock(attendance, expected_version)
    workflow.LINE.check("correct", attendance.status, actor_role=STAFF, sheet_state=sheet.state)
    if status not in workflow.CORRECTABLE_TO:
        raise ValidationError({"status": "请选择出席、请假或缺席。"})
    reason = clean_text(reason, label="更正理由", max_length=REASON_MAX, required=True)
    if status == attendance.status:
        raise ValidationError({"status": "出席情况没有变化。"})
    before = attendance.status
    workflow.LINE.apply(attendance, "correct", actor_role=STAFF, target=status)
    fields = ["status", "remarks"]
    if status == Status.PRESENT:
        _set_present(attendance, actor, SignInMethod.CORRECTION)
        fields += ["signed_in_at", "sign_in_method", "signed_in_by"]
    attendance.remarks = reason
    save_changed(attendance, fields)
    recount(sheet)
    sync_duty(attendance, sheet)
    record(sheet=sheet, actor=actor, action="correct", attendance=attendance, from_state=before, to_state=status,
           remarks=f"{attendance.person.name}：{Status(before).label} → {Status(status).label}，理由：{reason}")
    return attendance

