"""Assignment (交办), handling, reply (答复), evaluation and re-handling: every change after filing."""
from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, can, deny, require, unit_ids_of
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.documents.attachments import check_file, clean_name
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Contact,
    ContactPhase,
    CosignStatus,
    CoUnitView,
    Evaluation,
    Proposal,
    ProposalEvent,
    Proposer,
    ProposerRole,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.services.common import lock, proposal_defaults, record_move, save_changed
from lvzhi.proposals.workflow import ANSWERING_ROLES, ASSIGNMENT, WORKFLOW, Role

MODES = ("sole", "separate", "lead")
# A reply letter: the signed letter as a scan, a Word/WPS file, PDF or OFD (版式文档).
REPLY_FILE_KINDS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".jpg", ".jpeg", ".png")
REPLY_FILE_LABEL = "PDF、OFD、Word（.doc/.docx）、WPS 或图片（.jpg/.png）"
# Roles whose unit writes the reply letter; a co-unit sends its view to the lead instead.
# Assignment states in which the unit still has work to do.
OPEN_STATES = (AssignmentState.ASSIGNED, AssignmentState.REASSIGN_REQUESTED)


# ---------------------------------------------------------------- permission helpers


def is_unit_staff(user: Any, unit: HandlingUnit) -> bool:
    return unit.pk in unit_ids_of(user)


def _deny(actor: Actor, committee: Committee, detail: str, message: str) -> NoReturn:
    deny(actor, detail=detail, committee=committee, message=message)
    raise AssertionError("deny raises PermissionDenied")


def _require_unit(actor: Actor, assignment: Assignment, *, staff_may: bool = False) -> str:
    """Only the staff of the assigned unit (and, where `staff_may`, proposal staff) act on an assignment; returns
    the actor's role in the workflow table."""
    committee = assignment.proposal.committee
    if is_unit_staff(actor, assignment.unit) and can(actor, Cap.PROPOSAL_HANDLE, committee):
        return Role.UNIT
    if staff_may and can(actor, Cap.PROPOSAL_MANAGE, committee):
        return Role.STAFF
    _deny(actor, committee, Cap.PROPOSAL_HANDLE, "您不是该承办单位的工作人员，不能办理此交办。")


def _lock(proposal: Proposal, expected_version: int | None = None) -> Proposal:
    """Lock the proposal row for this transaction and refresh the caller's copy, so moves do not race; refuse a
    move made on a version of the proposal someone has changed since (None: not checked, e.g. a system job)."""
    return lock(proposal, expected_version)


def _lock_assignment(assignment: Assignment, expected_version: int | None = None) -> Assignment:
    _lock(assignment.proposal, expected_version)
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    assignment.refresh_from_db()
    return assignment


def _required(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# ---------------------------------------------------------------- dates


def assigned_day(assignment: Assignment) -> datetime.date:
    return timezone.localdate(assignment.assigned_at)


def co_unit_deadline(assignment: Assignment) -> datetime.date:
    """The day by which a co-unit sends its view to the lead (交办 + co_unit_days)."""
    rules = proposal_defaults(assignment.proposal.committee)
    return assigned_day(assignment) + datetime.timedelta(days=rules.co_unit_days)


def round_start(assignment: Assignment) -> datetime.date:
    """The first day of the assignment's current round: the assignment day, or the latest re-handling order."""
    start = assigned_day(assignment)
    if assignment.round > 1:
        last = (ProposalEvent.objects.filter(proposal_id=assignment.proposal_id, action="order_rehandling")
                .order_by("-at").values_list("at", flat=True).first())
        if last is not None:
            start = max(start, timezone.localdate(last))
    return start


def extension_limit(assignment: Assignment) -> datetime.date:
    rules = proposal_defaults(assignment.proposal.committee)
    return round_start(assignment) + datetime.timedelta(days=rules.max_extension_days)


def _deadlines(committee: Committee, day: datetime.date, due_date: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """(due date, re-assignment cut-off) for an assignment made on `day`, checked against the settings."""
    rules = proposal_defaults(committee)
    latest = day + datetime.timedelta(days=rules.max_extension_days)
    if due_date is None:
        due_date = day + datetime.timedelta(days=rules.reply_days)
    if due_date < day:
        raise ValidationError({"due_date": "答复期限不能早于交办日期。"})
    if due_date > latest:
        raise ValidationError({"due_date": f"答复期限最长为交办后 {rules.max_extension_days} 日（{latest:%Y-%m-%d}）。"})
    return due_date, day + datetime.timedelta(days=rules.reassign_days)


# ---------------------------------------------------------------- assignment


def _check_units(committee: Committee, units: Sequence[HandlingUnit], taken: set[int] | None = None) -> None:
    seen: set[int] = set(taken or ())
    for unit in units:
        if unit.committee_id != committee.pk:
            raise ValidationError({"units": f"“{unit.name}”不是{committee}的承办单位。"})
        if not unit.is_active:
            raise ValidationError({"units": f"承办单位“{unit.name}”已停用。"})
        if unit.pk in seen:
            raise ValidationError({"units": f"承办单位“{unit.name}”重复。"})
        seen.add(unit.pk)


def proposal_assign(
    *, actor: Actor, proposal: Proposal, mode: str, units: Sequence[HandlingUnit],
    co_units: Sequence[HandlingUnit] = (), due_date: datetime.date | None = None, remarks: str = "",
    expected_version: int | None = None,
) -> list[Assignment]:
    """交办: to one unit (单办), to several answering separately (分办), or to a lead with co-units (主办/会办)."""
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    units, co_units = list(units), list(co_units)
    if mode not in MODES:
        raise ValidationError({"mode": "请选择交办方式：单办、分办或主办会办。"})
    if mode == "sole" and (len(units) != 1 or co_units):
        raise ValidationError({"units": "单办须且只能指定一个承办单位。"})
    if mode == "separate" and (len(units) < 2 or co_units):
        raise ValidationError({"units": "分办须指定两个或以上承办单位，各自答复。"})
    if mode == "lead" and (len(units) != 1 or not co_units):
        raise ValidationError({"units": "主办会办须指定一个主办单位和至少一个会办单位。"})
    _check_units(proposal.committee, units + co_units)
    with transaction.atomic():
        _lock(proposal, expected_version)
        WORKFLOW.check("assign", proposal.state, actor_role=Role.STAFF)
        now = timezone.now()
        due, reassign_until = _deadlines(proposal.committee, timezone.localdate(now), due_date)
        role = {"sole": AssignmentRole.SOLE, "separate": AssignmentRole.SEPARATE, "lead": AssignmentRole.LEAD}[mode]
        plan = [(u, role) for u in units] + [(u, AssignmentRole.CO) for u in co_units]
        created = [
            Assignment.objects.create(proposal=proposal, unit=unit, role=r, assigned_at=now, due_date=due,
                                      reassign_until=reassign_until)
            for unit, r in plan
        ]
        from_state = proposal.state
        move = WORKFLOW.apply(proposal, "assign", actor_role=Role.STAFF)
        proposal.assigned_at = now
        save_changed(proposal, ["state", "assigned_at"])
        record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                    remarks=remarks, after={"mode": mode, "due_date": due,
                                            "units": [f"{a.unit.name}（{a.get_role_display()}）" for a in created]})
    return created


def assignment_request_reassign(
    *, actor: Actor, assignment: Assignment, reason: str, expected_version: int | None = None,
) -> Assignment:
    """A unit asks, within its window, to be relieved of a proposal that is not its business (申请调整)."""
    role = _require_unit(actor, assignment)
    reason = _required(reason, "请说明申请调整的理由。", "reason")
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        proposal = assignment.proposal
        move = WORKFLOW.apply(proposal, "request_reassign", actor_role=role)
        ASSIGNMENT.check("request_reassign", assignment.state, actor_role=role)
        if timezone.localdate() > assignment.reassign_until:
            days = proposal_defaults(proposal.committee).reassign_days
            raise ValidationError(f"已超过申请调整期限（交办后 {days} 日内），请按期办理。")
        ASSIGNMENT.apply(assignment, "request_reassign", actor_role=role)
        assignment.reassign_reason = reason
        assignment.save(update_fields=["state", "reassign_reason"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"{assignment.unit.name}：{reason}", after={"assignment": assignment.pk})
    return assignment


def assignment_decide_reassign(
    *, actor: Actor, assignment: Assignment, approve: bool, new_units: Sequence[HandlingUnit] = (), remarks: str = "",
    expected_version: int | None = None,
) -> list[Assignment]:
    """Staff approve (the old assignment is withdrawn, new units get fresh deadlines) or refuse a request.

    Returns the new assignments (empty when refused).
    """
    proposal = assignment.proposal
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    new_units = list(new_units)
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        move = WORKFLOW.apply(proposal, "decide_reassign", actor_role=Role.STAFF)
        if assignment.state != AssignmentState.REASSIGN_REQUESTED:
            raise ValidationError("该承办单位没有待审批的调整申请。")
        created: list[Assignment] = []
        if approve:
            if not new_units:
                raise ValidationError({"new_units": "同意调整时须指定新的承办单位。"})
            if assignment.role in (AssignmentRole.SOLE, AssignmentRole.LEAD) and len(new_units) != 1:
                raise ValidationError({"new_units": f"{assignment.get_role_display()}单位只能调整为一个单位。"})
            taken = set(proposal.assignments.exclude(state=AssignmentState.WITHDRAWN).values_list("unit_id", flat=True))
            _check_units(proposal.committee, new_units, taken)
            now = timezone.now()
            due, reassign_until = _deadlines(proposal.committee, timezone.localdate(now), None)
            # A withdrawn part has nothing left to extend: its pending extension request goes with it.
            ASSIGNMENT.apply(assignment, "decide_reassign", actor_role=Role.STAFF, target=AssignmentState.WITHDRAWN)
            assignment.extension_requested_until = None
            assignment.save(update_fields=["state", "extension_requested_until"])
            created = [
                Assignment.objects.create(proposal=proposal, unit=u, role=assignment.role, round=assignment.round,
                                          assigned_at=now, due_date=due, reassign_until=reassign_until)
                for u in new_units
            ]
            after: dict[str, Any] = {"approved": True, "withdrawn": assignment.unit.name,
                                     "units": [u.name for u in new_units], "due_date": due}
        else:
            ASSIGNMENT.apply(assignment, "decide_reassign", actor_role=Role.STAFF, target=AssignmentState.ASSIGNED)
            assignment.save(update_fields=["state"])
            after = {"approved": False, "unit": assignment.unit.name}
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=remarks, after=after)
    return created


def assignment_request_extension(
    *, actor: Actor, assignment: Assignment, until: datetime.date, reason: str, expected_version: int | None = None,
) -> Assignment:
    """A unit asks for more time, up to the longest period the settings allow (申请延期)."""
    role = _require_unit(actor, assignment)
    reason = _required(reason, "请说明申请延期的理由。", "reason")
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        proposal = assignment.proposal
        move = WORKFLOW.apply(proposal, "request_extension", actor_role=role)
        ASSIGNMENT.apply(assignment, "request_extension", actor_role=role)
        if assignment.extension_requested_until is not None:
            raise ValidationError("已有待审批的延期申请。")
        if until <= assignment.due_date:
            raise ValidationError({"until": f"申请延期的日期应晚于现答复期限（{assignment.due_date:%Y-%m-%d}）。"})
        limit = extension_limit(assignment)
        if until > limit:
            days = proposal_defaults(proposal.committee).max_extension_days
            raise ValidationError({"until": f"延期后办理期限最长为交办后 {days} 日（{limit:%Y-%m-%d}）。"})
        assignment.extension_requested_until, assignment.extension_reason = until, reason
        assignment.save(update_fields=["extension_requested_until", "extension_reason"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"{assignment.unit.name}申请延期至 {until:%Y-%m-%d}：{reason}",
                    after={"assignment": assignment.pk, "until": until})
    return assignment


def assignment_decide_extension(
    *, actor: Actor, assignment: Assignment, approve: bool, remarks: str = "", expected_version: int | None = None,
) -> Assignment:
    """Staff approve (the new due date holds) or refuse a unit's request for more time."""
    proposal = assignment.proposal
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        move = WORKFLOW.apply(proposal, "decide_extension", actor_role=Role.STAFF)
        until = assignment.extension_requested_until
        if until is None:
            raise ValidationError("该承办单位没有待审批的延期申请。")
        ASSIGNMENT.apply(assignment, "decide_extension", actor_role=Role.STAFF)
        before = {"due_date": assignment.due_date}
        if approve:
            assignment.due_date = until
        assignment.extension_requested_until = None
        assignment.save(update_fields=["due_date", "extension_requested_until"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=remarks, before=before,
                    after={"approved": approve, "unit": assignment.unit.name, "due_date": assignment.due_date})
    return assignment


# ---------------------------------------------------------------- handling


def contact_record(
    *, actor: User, assignment: Assignment, phase: str, date: datetime.date, way: str, participants: str,
    summary: str, expected_version: int | None = None,
) -> Contact:
    """办前/办中/办后见面 between the unit and the proposer."""
    role = _require_unit(actor, assignment, staff_may=True)
    if phase not in ContactPhase.values:
        raise ValidationError({"phase": "请选择办前、办中或办后见面。"})
    if date > timezone.localdate():
        raise ValidationError({"date": "见面日期不能晚于今天。"})
    way = _required(way, "请填写见面方式。", "way")
    participants = _required(participants, "请填写参加人员。", "participants")
    summary = _required(summary, "请填写内容摘要。", "summary")
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        proposal = assignment.proposal
        move = WORKFLOW.apply(proposal, "record_contact", actor_role=role)
        ASSIGNMENT.apply(assignment, "record_contact", actor_role=role)
        contact = Contact.objects.create(assignment=assignment, phase=phase, date=date, way=way,
                                         participants=participants[:200], summary=summary, recorded_by=actor)
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"{assignment.unit.name}{contact.get_phase_display()}（{date:%Y-%m-%d}，{way}）",
                    after={"contact": contact.pk, "participants": participants})
    return contact


def co_unit_send_view(
    *, actor: User, assignment: Assignment, text: str, expected_version: int | None = None,
) -> CoUnitView:
    """A co-unit sends its view to the lead unit (会办意见), once."""
    role = _require_unit(actor, assignment)
    text = _required(text, "请填写会办意见。", "text")
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        proposal = assignment.proposal
        move = WORKFLOW.apply(proposal, "send_view", actor_role=role)
        if assignment.role != AssignmentRole.CO:
            raise ValidationError("只有会办单位需要向主办单位提出会办意见。")
        if CoUnitView.objects.filter(assignment=assignment).exists():
            raise ValidationError("已提出会办意见，不能重复提交。")
        ASSIGNMENT.apply(assignment, "send_view", actor_role=role)
        view = CoUnitView.objects.create(assignment=assignment, text=text, sent_by=actor)
        assignment.save(update_fields=["state"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"{assignment.unit.name}提出会办意见", after={"assignment": assignment.pk})
    return view


def co_unit_views_for(*, user: Any, assignment: Assignment) -> list[CoUnitView]:
    """The co-units' views a lead unit (or proposal staff) reads before replying."""
    committee = assignment.proposal.committee
    if not (is_unit_staff(user, assignment.unit) or can(user, Cap.PROPOSAL_VIEW_ALL, committee)):
        _deny(user, committee, Cap.PROPOSAL_HANDLE, "您不是该承办单位的工作人员。")
    if assignment.role != AssignmentRole.LEAD and not can(user, Cap.PROPOSAL_VIEW_ALL, committee):
        return []
    return list(CoUnitView.objects.filter(assignment__proposal_id=assignment.proposal_id)
                .select_related("assignment__unit").order_by("sent_at", "id"))


def _lead_waiting_for(assignment: Assignment) -> list[Assignment]:
    """Co-units whose view the lead still waits for (no view sent and their deadline not yet passed)."""
    today = timezone.localdate()
    cos = (assignment.proposal.assignments.filter(role=AssignmentRole.CO)
           .exclude(state__in=[AssignmentState.WITHDRAWN, AssignmentState.VIEW_SENT]).select_related("unit"))
    return [co for co in cos if not CoUnitView.objects.filter(assignment=co).exists() and today <= co_unit_deadline(co)]


def _reply_class(committee: Committee, reply_class: ReplyClass) -> ReplyClass:
    if reply_class is None or reply_class.committee_id != committee.pk or not reply_class.is_active:
        raise ValidationError({"reply_class": "请选择本政协设定的答复分类。"})
    return reply_class


def assignment_reply(
    *, actor: Actor, assignment: Assignment, text: str, reply_class: ReplyClass, file: UploadedFile | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """The unit's reply letter (答复) with its class; when every answering unit has replied the proposal is 已答复."""
    role = _require_unit(actor, assignment)
    text = _required(text, "请填写答复内容。", "text")
    # The same checks as every upload (kind, size, content matching the name), from the screen or the API.
    ext = check_file(file, clean_name(getattr(file, "name", "") or ""), kinds=REPLY_FILE_KINDS,
                     label=REPLY_FILE_LABEL) if file is not None else ""
    stored = ""
    try:
        with transaction.atomic():
            _lock_assignment(assignment, expected_version)
            proposal = assignment.proposal
            WORKFLOW.check("reply", proposal.state, actor_role=role)
            _reply_class(proposal.committee, reply_class)
            if assignment.role == AssignmentRole.CO:
                raise ValidationError("会办单位应向主办单位提出意见，由主办单位答复。")
            if assignment.state == AssignmentState.REPLIED:
                raise ValidationError("已答复，不能重复答复。")
            if assignment.state == AssignmentState.REASSIGN_REQUESTED:
                raise ValidationError("已申请调整承办单位，待审批后再答复。")
            ASSIGNMENT.check("reply", assignment.state, actor_role=role)
            if assignment.role == AssignmentRole.LEAD:
                waiting = _lead_waiting_for(assignment)
                if waiting:
                    names = "、".join(co.unit.name for co in waiting)
                    last = max(co_unit_deadline(co) for co in waiting)
                    raise ValidationError(f"会办单位（{names}）尚未提出会办意见，请在收到意见或 {last:%Y-%m-%d} 会办期限届满后再答复。")
            assignment.reply_text, assignment.reply_class = text, reply_class
            assignment.replied_at, assignment.replied_by = timezone.now(), actor
            ASSIGNMENT.apply(assignment, "reply", actor_role=role)
            fields = ["reply_text", "reply_class", "replied_at", "replied_by", "state"]
            if file is not None:
                # Under a generated name: the sender's name never becomes a path on the server.
                assignment.reply_file.save(f"{uuid.uuid4().hex}{ext}", file, save=False)
                stored = assignment.reply_file.name
                fields.append("reply_file")
            assignment.save(update_fields=fields)
            from_state = proposal.state
            pending = (proposal.assignments.filter(role__in=ANSWERING_ROLES)
                       .exclude(state__in=[AssignmentState.WITHDRAWN, AssignmentState.REPLIED]).exists())
            move = WORKFLOW.apply(proposal, "reply", actor_role=role, target=None if pending else State.REPLIED)
            save_changed(proposal, ["state"])
            record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                        remarks=f"{assignment.unit.name}答复（{reply_class}）",
                        after={"assignment": assignment.pk, "reply_class": str(reply_class), "round": assignment.round,
                               **({"file": stored} if stored else {})})
    except BaseException:
        if stored:  # the letter was saved but the reply was not: no orphan file
            Assignment._meta.get_field("reply_file").storage.delete(stored)
        raise
    return assignment


def reply_correct_class(
    *, actor: Actor, assignment: Assignment, reply_class: ReplyClass, remarks: str, expected_version: int | None = None,
) -> Assignment:
    """The proposal office corrects the class a unit gave its reply (更正答复分类)."""
    proposal = assignment.proposal
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    remarks = _required(remarks, "请说明更正理由。", "remarks")
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        move = WORKFLOW.apply(proposal, "correct_class", actor_role=Role.STAFF)
        _reply_class(proposal.committee, reply_class)
        if assignment.state != AssignmentState.REPLIED or assignment.reply_class_id is None:
            raise ValidationError("该承办单位尚未答复，不能更正答复分类。")
        ASSIGNMENT.apply(assignment, "correct_class", actor_role=Role.STAFF)
        if assignment.reply_class_id == reply_class.pk:
            raise ValidationError({"reply_class": "答复分类没有变化。"})
        before = {"reply_class": str(assignment.reply_class)}
        assignment.reply_class = reply_class
        assignment.save(update_fields=["reply_class"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=remarks, before=before,
                    after={"reply_class": str(reply_class), "assignment": assignment.pk})
    return assignment


# ---------------------------------------------------------------- evaluation, re-handling, closing


def evaluation_window_end(assignment: Assignment) -> datetime.date | None:
    if assignment.replied_at is None:
        return None
    days = proposal_defaults(assignment.proposal.committee).evaluation_days
    return timezone.localdate(assignment.replied_at) + datetime.timedelta(days=days)


def evaluation_submit(
    *, actor: Actor, assignment: Assignment, rating: str, comment: str = "", expected_version: int | None = None,
) -> Evaluation:
    """A proposer rates one unit's reply 满意 / 基本满意 / 不满意, once per round, within the window."""
    proposal = assignment.proposal
    person = getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None
    signer = (Proposer.objects.filter(proposal=proposal, person=person, status=CosignStatus.CONFIRMED).first()
              if person is not None else None)
    if person is None or signer is None:
        _deny(actor, proposal.committee, "proposal.evaluate", "只有本提案的提案人可以评价答复。")
    role = Role.COSIGNER if signer.role == ProposerRole.COSIGNER else Role.PROPOSER
    comment = (comment or "").strip()
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意。"})
    if rating == Rating.UNSATISFIED and not comment:
        raise ValidationError({"comment": "评价为不满意时，请填写意见。"})
    with transaction.atomic():
        _lock_assignment(assignment, expected_version)
        move = WORKFLOW.apply(proposal, "evaluate", actor_role=role)
        if assignment.role not in ANSWERING_ROLES or assignment.state != AssignmentState.REPLIED:
            raise ValidationError("该承办单位尚未答复，暂不能评价。")
        ASSIGNMENT.apply(assignment, "evaluate", actor_role=role)
        if Evaluation.objects.filter(assignment=assignment, person=person, round=assignment.round).exists():
            raise ValidationError("您已评价过该答复。")
        end = evaluation_window_end(assignment)
        if end is not None and timezone.localdate() > end:
            days = proposal_defaults(proposal.committee).evaluation_days
            raise ValidationError(f"已超过评价期限（答复后 {days} 日内）。")
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(assignment=assignment, person=person, round=assignment.round,
                                                       rating=rating, comment=comment)
        except IntegrityError as exc:
            raise ValidationError("您已评价过该答复。") from exc
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"对{assignment.unit.name}的答复评价为“{evaluation.get_rating_display()}”",
                    after={"assignment": assignment.pk, "rating": rating, "round": assignment.round,
                           "comment": comment})
    return evaluation


def proposal_order_rehandling(
    *, actor: Actor, proposal: Proposal, assignments: Sequence[Assignment], due_date: datetime.date, remarks: str,
    expected_version: int | None = None,
) -> list[Assignment]:
    """重新办理: the units whose reply a proposer found unsatisfying handle the proposal again (next round)."""
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    remarks = _required(remarks, "请说明重新办理的要求。", "remarks")
    if not assignments:
        raise ValidationError({"assignments": "请选择需要重新办理的承办单位。"})
    if due_date is None or due_date <= timezone.localdate():
        raise ValidationError({"due_date": "重新办理的答复期限应晚于今天。"})
    rules = proposal_defaults(proposal.committee)
    latest = timezone.localdate() + datetime.timedelta(days=rules.max_extension_days)
    if due_date > latest:
        raise ValidationError({"due_date": f"重新办理的答复期限最长为 {rules.max_extension_days} 日（{latest:%Y-%m-%d}）。"})
    with transaction.atomic():
        _lock(proposal, expected_version)
        WORKFLOW.check("order_rehandling", proposal.state, actor_role=Role.STAFF)
        rows = list(Assignment.objects.select_for_update().filter(pk__in=[a.pk for a in assignments]))
        if len(rows) != len({a.pk for a in assignments}) or any(a.proposal_id != proposal.pk for a in rows):
            raise ValidationError({"assignments": "所选承办单位不属于该提案。"})
        before: dict[str, Any] = {}
        for a in rows:
            if a.state != AssignmentState.REPLIED:
                raise ValidationError({"assignments": f"{a.unit.name}尚未答复，不能要求重新办理。"})
            if not a.evaluations.filter(round=a.round, rating=Rating.UNSATISFIED).exists():
                raise ValidationError({"assignments": f"{a.unit.name}的答复没有“不满意”评价，不能要求重新办理。"})
            before[a.unit.name] = {"round": a.round, "reply_class": str(a.reply_class or ""),
                                   "replied_at": a.replied_at, "due_date": a.due_date, "reply_text": a.reply_text[:300]}
        for a in rows:
            ASSIGNMENT.apply(a, "order_rehandling", actor_role=Role.STAFF)
            a.round += 1
            a.due_date = due_date
            a.replied_at, a.replied_by, a.extension_requested_until = None, None, None
            a.save(update_fields=["round", "state", "due_date", "replied_at", "replied_by",
                                  "extension_requested_until"])
        from_state = proposal.state
        move = WORKFLOW.apply(proposal, "order_rehandling", actor_role=Role.STAFF)
        save_changed(proposal, ["state"])
        record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                    remarks=remarks, before={"assignments": before},
                    after={"units": [a.unit.name for a in rows], "due_date": due_date,
                           "round": max(a.round for a in rows)})
    for a in assignments:
        a.refresh_from_db()
    return rows


def proposal_close(
    *, actor: Actor, proposal: Proposal, remarks: str = "", expected_version: int | None = None,
) -> Proposal:
    """办结: the proposal office closes a replied proposal."""
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    with transaction.atomic():
        _lock(proposal, expected_version)
        from_state = proposal.state
        move = WORKFLOW.apply(proposal, "close", actor_role=Role.STAFF)
        proposal.closed_at = timezone.now()
        save_changed(proposal, ["state", "closed_at"])
        record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                    remarks=remarks, after={"closed_at": proposal.closed_at})
    return proposal


def evaluation_record_result(
    *, actor: Actor, evaluation: Evaluation, solved: bool, note: str, expected_version: int | None = None,
) -> Evaluation:
    """结果满意: the later follow-up on whether the problem was actually solved."""
    proposal = evaluation.assignment.proposal
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    note = _required(note, "请填写跟踪回访情况。", "note")
    with transaction.atomic():
        _lock(proposal, expected_version)
        move = WORKFLOW.apply(proposal, "record_result", actor_role=Role.STAFF)
        before = {"result_solved": evaluation.result_solved, "result_note": evaluation.result_note}
        evaluation.result_solved, evaluation.result_note, evaluation.result_at = bool(solved), note, timezone.now()
        evaluation.save(update_fields=["result_solved", "result_note", "result_at"])
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=note, before=before,
                    after={"evaluation": evaluation.pk, "result_solved": evaluation.result_solved})
    return evaluation
