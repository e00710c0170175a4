"""Reported activities (委员履职活动申报): the member reports with evidence, staff approve or send back.

Approving writes the member's duty row (DutyKind.REPORTED, its event from the kind of activity); sending back,
revoking an approval or withdrawing removes it. Every move checks who makes it, locks the row, refuses a move its
state no longer allows (a double submit is told why) and then a stale form, and leaves a history row and an audit
event in the same transaction.
"""
from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, deny, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee
from lvzhi.documents.attachments import check_file, clean_name
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.members.models import Membership, Person
from lvzhi.merits import workflow
from lvzhi.merits.models import ActivityEvidence, ActivityKind, ActivityState, ActivityStep, ReportedActivity
from lvzhi.merits.services.common import STALE_MESSAGE, audit, clean_text, lock, raise_errors, save_changed

TITLE_MAX = 200
PLACE_MAX = 100
TEXT_MAX = 5000
REASON_MAX = 1000
MAX_FILES = 10
EARLIEST_YEARS = 5  # an activity more than five years back belongs to another term
MEMBER, STAFF = workflow.Role.MEMBER, workflow.Role.STAFF
NOT_A_MEMBER = "只有本政协组织的在任委员可以申报履职活动。"
NOT_OWNER = "只有申报的委员本人可以修改、提交或撤回该申报。"


def _person(actor: Actor) -> Person | None:
    return getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None


def _require_member(actor: Actor, committee: Committee) -> Person:
    person = _person(actor)
    if person is None or not Membership.objects.filter(person=person, committee=committee, is_active=True).exists():
        deny(actor, detail="merits.activity_create: not a serving member", committee=committee, message=NOT_A_MEMBER)
    return person


def _require_owner(actor: Actor, activity: ReportedActivity, what: str) -> None:
    person = _person(actor)
    if person is None or person.pk != activity.person_id:
        deny(actor, detail=f"merits.activity_{what}: not the member", obj=activity, message=NOT_OWNER)


def _require_staff(actor: Actor, activity: ReportedActivity, what: str) -> None:
    require(actor, Cap.DUTY_MANAGE, activity.committee)
    person = _person(actor)
    if person is not None and person.pk == activity.person_id:
        deny(actor, detail=f"merits.activity_{what}: own activity", obj=activity,
             message="不能审核本人申报的履职活动，请由其他工作人员审核。")


def _step(*, activity: ReportedActivity, actor: Actor, action: str, from_state: str, remarks: str = "",
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> ActivityStep:
    """The activity's history row (shown on its page) and the audit event, in the caller's transaction."""
    step = ActivityStep.objects.create(
        activity=activity, actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
        from_state=from_state, to_state=activity.state, remarks=remarks[:2000])
    audit(actor=actor, verb=f"activity_{action}", obj=activity, before={"state": from_state, **(before or {})},
          after={"state": activity.state, **(after or {})}, detail=remarks)
    return step


def _lock_for(activity: ReportedActivity, move_name: str, role: str, expected_version: int | None) -> workflow.Move:
    """Lock the row, then refuse a move its state does not allow (so a double submit is told why) before refusing
    a stale form."""
    lock(activity, None)
    move = workflow.ACTIVITY.check(move_name, activity.state, actor_role=role)
    if expected_version is not None and activity.version != expected_version:
        raise ValidationError(STALE_MESSAGE)
    return move


def _clean(*, kind: str, date: datetime.date | None, title: str, place: str, description: str,
           evidence_note: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = "请选择活动类别。"
    today = timezone.localdate()
    if date is None:
        errors["date"] = "请填写活动日期。"
    elif date > today:
        errors["date"] = "活动日期不能晚于今天：请在活动结束后申报。"
    elif date.year < today.year - EARLIEST_YEARS:
        errors["date"] = f"只能申报 {today.year - EARLIEST_YEARS} 年以来的履职活动。"
    values = {
        "kind": kind, "date": date,
        "title": clean_text(title, "活动名称", max_length=TITLE_MAX, one_line=True, errors=errors, field="title"),
        "place": clean_text(place, "地点", max_length=PLACE_MAX, one_line=True, required=False, errors=errors,
                            field="place"),
        "description": clean_text(description, "活动情况", max_length=TEXT_MAX, required=False, errors=errors,
                                  field="description"),
        "evidence_note": clean_text(evidence_note, "佐证说明", max_length=TEXT_MAX, required=False, errors=errors,
                                    field="evidence_note"),
    }
    raise_errors(errors)
    return values


def _check_files(files: Sequence[UploadedFile], already: int = 0) -> list[tuple[UploadedFile, str, str]]:
    """Each file with its clean name and extension; the shared attachment checks (kind, size, content)."""
    if already + len(files) > MAX_FILES:
        raise ValidationError({"file": f"每项申报最多 {MAX_FILES} 份佐证材料。"})
    checked = []
    for f in files:
        name = clean_name(getattr(f, "name", "") or "")
        checked.append((f, name, check_file(f, name)))
    return checked


def _store(activity: ReportedActivity, actor: Actor, checked: list[tuple[UploadedFile, str, str]],
           stored: list[str]) -> list[ActivityEvidence]:
    """Save the files under generated names; `stored` collects them so the caller can remove them on failure."""
    rows = []
    for f, name, ext in checked:
        row = ActivityEvidence(activity=activity, name=name, uploaded_by=actor)
        row.file.save(f"{uuid.uuid4().hex}{ext}", f, save=False)
        stored.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


def _remove_stored(stored: list[str]) -> None:
    storage = ActivityEvidence._meta.get_field("file").storage
    for name in stored:
        storage.delete(name)


def _require_evidence(activity: ReportedActivity) -> None:
    if not activity.evidence_note.strip() and not activity.evidence.exists():
        raise ValidationError({"evidence_note": "请上传至少一份佐证材料（照片、通知、签到表等），或写明佐证说明。"})


def activity_create(
    *, actor: Actor, committee: Committee, kind: str, date: datetime.date | None, title: str, place: str = "",
    description: str = "", evidence_note: str = "", files: Sequence[UploadedFile] = (), submit: bool = False,
) -> ReportedActivity:
    """A member reports an activity, with its evidence files; `submit` sends it for approval at once (a draft
    otherwise). The same report sent twice (same kind, day and name, not withdrawn) returns the first."""
    person = _require_member(actor, committee)
    values = _clean(kind=kind, date=date, title=title, place=place, description=description,
                    evidence_note=evidence_note)
    checked = _check_files(files)
    if submit and not checked and not values["evidence_note"]:
        raise ValidationError({"evidence_note": "请上传至少一份佐证材料（照片、通知、签到表等），或写明佐证说明。"})
    stored: list[str] = []
    try:
        with transaction.atomic():
            duplicate = (ReportedActivity.objects.select_for_update()
                         .filter(person=person, committee=committee, kind=kind, date=values["date"],
                                 title=values["title"]).exclude(state=ActivityState.WITHDRAWN).first())
            if duplicate is not None:
                return duplicate
            activity = ReportedActivity.objects.create(
                committee=committee, person=person, year=values["date"].year,
                created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
            names = [row.name for row in _store(activity, actor, checked, stored)]
            _step(activity=activity, actor=actor, action="create", from_state="",
                  remarks=f"申报履职活动：{activity.title}" + (f"（佐证材料 {len(names)} 份）" if names else ""),
                  after={"kind": kind, "date": values["date"], "title": values["title"], "files": names})
            if submit:
                _submit(activity, actor)
    except BaseException:
        _remove_stored(stored)
        raise
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: ReportedActivity, kind: str, date: datetime.date | None, title: str, place: str = "",
    description: str = "", evidence_note: str = "", expected_version: int | None = None,
) -> ReportedActivity:
    """The member changes a draft or an activity sent back to them."""
    _require_owner(actor, activity, "edit")
    _lock_for(activity, "edit", MEMBER, expected_version)
    values = _clean(kind=kind, date=date, title=title, place=place, description=description,
                    evidence_note=evidence_note)
    before = {k: getattr(activity, k) for k in values}
    for k, v in values.items():
        setattr(activity, k, v)
    activity.year = values["date"].year
    save_changed(activity, [*values, "year"])
    _step(activity=activity, actor=actor, action="edit", from_state=activity.state, remarks="修改申报内容",
          before=before, after=values)
    return activity


def evidence_add(*, actor: Actor, activity: ReportedActivity, file: UploadedFile,
                 expected_version: int | None = None) -> ActivityEvidence:
    """The member adds a file to a draft or to an activity sent back for more evidence."""
    _require_owner(actor, activity, "evidence_add")
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock_for(activity, "evidence", MEMBER, expected_version)
            checked = _check_files([file], already=activity.evidence.count())
            (row,) = _store(activity, actor, checked, stored)
            save_changed(activity, [])
            _step(activity=activity, actor=actor, action="evidence_add", from_state=activity.state,
                  remarks=f"上传佐证材料：{row.name}", after={"file": row.name})
    except BaseException:
        _remove_stored(stored)
        raise
    return row


@transaction.atomic
def evidence_remove(*, actor: Actor, evidence: ActivityEvidence, expected_version: int | None = None) -> None:
    activity = evidence.activity
    _require_owner(actor, activity, "evidence_remove")
    _lock_for(activity, "evidence", MEMBER, expected_version)
    storage, stored, name = evidence.file.storage, evidence.file.name, evidence.name
    evidence.delete()
    save_changed(activity, [])
    _step(activity=activity, actor=actor, action="evidence_remove", from_state=activity.state,
          remarks=f"删除佐证材料：{name}", before={"file": name})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def _submit(activity: ReportedActivity, actor: Actor) -> None:
    _require_evidence(activity)
    from_state = activity.state
    move = workflow.ACTIVITY.apply(activity, "submit", actor_role=MEMBER)
    activity.submitted_at, activity.return_reason = timezone.now(), ""
    save_changed(activity, ["state", "submitted_at", "return_reason"])
    _step(activity=activity, actor=actor, action=move.name, from_state=from_state,
          remarks="重新提交审核" if from_state == ActivityState.RETURNED else "提交审核")


@transaction.atomic
def activity_submit(*, actor: Actor, activity: ReportedActivity,
                    expected_version: int | None = None) -> ReportedActivity:
    _require_owner(actor, activity, "submit")
    _lock_for(activity, "submit", MEMBER, expected_version)
    _submit(activity, actor)
    return activity


@transaction.atomic
def activity_withdraw(*, actor: Actor, activity: ReportedActivity, reason: str = "",
                      expected_version: int | None = None) -> ReportedActivity:
    """The member takes the report back before staff approve it; it stays in their list as 已撤回."""
    _require_owner(actor, activity, "withdraw")
    move = _lock_for(activity, "withdraw", MEMBER, expected_version)
    errors: dict[str, str] = {}
    reason = clean_text(reason, "撤回原因", max_length=REASON_MAX, required=False, errors=errors, field="reason")
    raise_errors(errors)
    from_state = activity.state
    workflow.ACTIVITY.apply(activity, move.name, actor_role=MEMBER)
    save_changed(activity, ["state"])
    duty_record_clear(source=activity)
    _step(activity=activity, actor=actor, action=move.name, from_state=from_state,
          remarks=f"撤回申报：{reason}" if reason else "撤回申报")
    return activity


def _duty(activity: ReportedActivity) -> None:
    duty_record_set(person=activity.person, committee_id=activity.committee_id, kind=DutyKind.REPORTED,
                    source=activity, date=activity.date, title=f"{activity.get_kind_display()}：{activity.title}",
                    event=workflow.ACTIVITY_EVENT[activity.kind])


@transaction.atomic
def activity_approve(*, actor: Actor, activity: ReportedActivity, remarks: str = "",
                     expected_version: int | None = None) -> ReportedActivity:
    """认定: the activity lands in the member's duty record (and so in their score)."""
    _require_staff(actor, activity, "approve")
    move = _lock_for(activity, "approve", STAFF, expected_version)
    errors: dict[str, str] = {}
    remarks = clean_text(remarks, "审核意见", max_length=REASON_MAX, required=False, errors=errors, field="remarks")
    raise_errors(errors)
    from_state = activity.state
    workflow.ACTIVITY.apply(activity, move.name, actor_role=STAFF)
    activity.decided_at = timezone.now()
    activity.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    save_changed(activity, ["state", "decided_at", "decided_by"])
    _duty(activity)
    _step(activity=activity, actor=actor, action=move.name, from_state=from_state,
          remarks=f"认定为履职活动{'：' + remarks if remarks else ''}", after={"event": workflow.ACTIVITY_EVENT[activity.kind]})
    return activity


def _send_back(actor: Actor, activity: ReportedActivity, move_name: str, reason: str,
               expected_version: int | None, label: str) -> ReportedActivity:
    _require_staff(actor, activity, move_name)
    move = _lock_for(activity, move_name, STAFF, expected_version)
    errors: dict[str, str] = {}
    reason = clean_text(reason, label, max_length=REASON_MAX, errors=errors, field="reason")
    raise_errors(errors)
    from_state = activity.state
    workflow.ACTIVITY.apply(activity, move.name, actor_role=STAFF)
    activity.return_reason = reason
    activity.decided_at = timezone.now()
    activity.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    save_changed(activity, ["state", "return_reason", "decided_at", "decided_by"])
    removed = duty_record_clear(source=activity)
    _step(activity=activity, actor=actor, action=move.name, from_state=from_state, remarks=f"{move.label}：{reason}",
          after={"reason": reason, "duty_rows_removed": removed})
    return activity


@transaction.atomic
def activity_return(*, actor: Actor, activity: ReportedActivity, reason: str,
                    expected_version: int | None = None) -> ReportedActivity:
    """退回补充: back to the member with what is missing; they edit and resubmit."""
    return _send_back(actor, activity, "return", reason, expected_version, "退回原因")


@transaction.atomic
def activity_revoke(*, actor: Actor, activity: ReportedActivity, reason: str,
                    expected_version: int | None = None) -> ReportedActivity:
    """撤销认定: an approval made in error is undone and its duty row removed; the member may supplement it."""
    return _send_back(actor, activity, "revoke", reason, expected_version, "撤销理由")
