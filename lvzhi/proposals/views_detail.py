"""The proposal page: what each reader may see, the action panels by role and state, the moves, the downloads."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lvzhi.accounts.permissions import Cap, can
from lvzhi.actors import SignedInRequest
from lvzhi.documents.downloads import file_response
from lvzhi.proposals import documents, workflow
from lvzhi.proposals import forms as f
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Attachment,
    CoUnitView,
    Evaluation,
    KeyProposal,
    KeyStatus,
    Proposal,
    Proposer,
    ReviewRecord,
    State,
)
from lvzhi.proposals.selectors import (
    AssignmentForReader,
    ProposalStanding,
    assignments_for_user,
    attachment_context,
    can_view,
    get_proposal_for_user,
    proposal_assignments_for_user,
    proposal_standing,
    proposal_timeline_for_user,
)
from lvzhi.proposals.services import attachments as attachment_services
from lvzhi.proposals.services import common, drafting, handling, key, review
from lvzhi.proposals.services.common import proposal_defaults, stages
from lvzhi.proposals.similarity import merge_candidates
from lvzhi.web.files import stored_file_response
from lvzhi.web.forms import error_text

# ---------------------------------------------------------------- the forms of the action panels


def _version(proposal: Proposal) -> dict[str, Any]:
    return {"version": proposal.version}


def _review_form(data: Any, files: Any, proposal: Proposal) -> f.ReviewForm:
    chain = stages(proposal.committee)
    final = proposal.review_stage_id == chain[-1].pk if chain else True
    similar = merge_candidates(proposal, limit=8) if final else []
    form = f.ReviewForm(data, proposal=proposal, final=final, candidates=[c.proposal for c in similar],
                        initial={**_version(proposal), "category": proposal.category_id})
    form.similar = similar  # type: ignore[attr-defined]
    form.stage = proposal.review_stage  # type: ignore[attr-defined]
    form.final = final  # type: ignore[attr-defined]
    return form


def _assign_form(data: Any, files: Any, proposal: Proposal) -> f.AssignForm:
    rules = proposal_defaults(proposal.committee)
    initial = {"due_date": f.default_due_date(rules.reply_days),
               "units": [u.pk for u in review.suggested_units(proposal)][:1]}
    return f.AssignForm(data, committee=proposal.committee, initial={**_version(proposal), **initial})


def _plain(cls: Callable[..., Any]) -> Callable[[Any, Any, Proposal], Any]:
    return lambda data, files, proposal: cls(data, initial=_version(proposal))


def _with_proposal(cls: Callable[..., Any]) -> Callable[[Any, Any, Proposal], Any]:
    return lambda data, files, proposal: cls(data, files, proposal=proposal, initial=_version(proposal))


# ---------------------------------------------------------------- the moves


def _assignment(data: dict[str, Any]) -> Assignment:
    return data["assignment"]


def _do_submit(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    drafting.proposal_submit(actor=user, proposal=p, expected_version=d.get("version"))
    return "已提交，等待联名提案人确认。" if p.state == State.COSIGNING else "已提交，进入审查。"


def _do_withdraw(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    drafting.proposal_withdraw(actor=user, proposal=p, reason=d["reason"], expected_version=d.get("version"))
    return "提案已撤回。"


def _do_confirm_cosign(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    drafting.cosign_respond(actor=user, proposal=p, accept=True, expected_version=d.get("version"))
    return "已确认联名。"


def _do_decline_cosign(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    drafting.cosign_respond(actor=user, proposal=p, accept=False, expected_version=d.get("version"))
    return "已拒绝联名。"


def _do_review(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    stage = p.review_stage
    review.review_decide(
        actor=user, proposal=p, decision=d["decision"], remarks=d.get("remarks") or "", category=d.get("category"),
        suggested_units=list(d.get("suggested_units") or []), rejection_reason=d.get("rejection_reason"),
        explanation=d.get("explanation") or "", merge_into=d.get("merge_into"),
        proposer_consented=bool(d.get("proposer_consented")), expected_version=d.get("version"),
    )
    if p.state == State.FILED:
        return f"已立案，编号 {p.number}。"
    outcome = "审查通过，进入下一环节" if p.state == State.IN_REVIEW else p.get_state_display()
    return f"{stage.name if stage else '审查'}：{outcome}。"


def _do_assign(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    created = handling.proposal_assign(actor=user, proposal=p, mode=d["mode"], units=list(d["units"]),
                                       co_units=list(d.get("co_units") or []), due_date=d.get("due_date"),
                                       remarks=d.get("remarks", ""), expected_version=d.get("version"))
    return f"已交办：{'、'.join(str(a) for a in created)}。"


def _do_request_reassign(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.assignment_request_reassign(actor=user, assignment=_assignment(d), reason=d["reason"],
                                         expected_version=d.get("version"))
    return "已提交调整承办单位的申请，等待审批。"


def _do_request_extension(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.assignment_request_extension(actor=user, assignment=_assignment(d), until=d["until"], reason=d["reason"],
                                          expected_version=d.get("version"))
    return "已提交延期申请，等待审批。"


def _do_record_contact(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.contact_record(actor=user, assignment=_assignment(d), phase=d["phase"], date=d["date"], way=d["way"],
                            participants=d["participants"], summary=d["summary"], expected_version=d.get("version"))
    return "已记录见面沟通情况。"


def _do_send_view(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.co_unit_send_view(actor=user, assignment=_assignment(d), text=d["text"], expected_version=d.get("version"))
    return "会办意见已送主办单位。"


def _do_reply(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.assignment_reply(actor=user, assignment=_assignment(d), text=d["text"], reply_class=d["reply_class"],
                              file=d.get("file") or None, expected_version=d.get("version"))
    return "答复已提交，提案人可以看到答复并作出评价。"


def _do_decide_reassign(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    approve = d["approve"] == "yes"
    handling.assignment_decide_reassign(actor=user, assignment=_assignment(d), approve=approve,
                                        new_units=list(d.get("new_units") or []), remarks=d.get("remarks", ""),
                                        expected_version=d.get("version"))
    return "已同意调整承办单位。" if approve else "已不同意调整，原单位继续办理。"


def _do_decide_extension(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    approve = d["approve"] == "yes"
    handling.assignment_decide_extension(actor=user, assignment=_assignment(d), approve=approve,
                                         remarks=d.get("remarks", ""), expected_version=d.get("version"))
    return "已同意延期。" if approve else "已不同意延期。"


def _do_correct_class(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.reply_correct_class(actor=user, assignment=_assignment(d), reply_class=d["reply_class"],
                                 remarks=d["remarks"], expected_version=d.get("version"))
    return "已更正答复分类。"


def _do_order_rehandling(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.proposal_order_rehandling(actor=user, proposal=p, assignments=list(d["assignments"]),
                                       due_date=d["due_date"], remarks=d.get("remarks", ""),
                                       expected_version=d.get("version"))
    return "已要求重新办理。"


def _do_close(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.proposal_close(actor=user, proposal=p, remarks=d.get("remarks", ""), expected_version=d.get("version"))
    return "提案已办结。"


def _do_record_result(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.evaluation_record_result(actor=user, evaluation=d["evaluation"], solved=d["solved"] == "yes",
                                      note=d["note"], expected_version=d.get("version"))
    return "已记录跟踪回访情况。"


def _do_evaluate(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    handling.evaluation_submit(actor=user, assignment=_assignment(d), rating=d["rating"], comment=d.get("comment", ""),
                               expected_version=d.get("version"))
    return "感谢您的评价。"


def _key_of(p: Proposal) -> KeyProposal:
    row = KeyProposal.objects.filter(proposal=p).first()
    if row is None:
        raise ValidationError("该提案尚未拟定为重点提案。")
    return row


def _do_propose_key(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    key.key_propose(actor=user, proposal=p, supervisors=list(d["supervisors"]), leader_led=bool(d.get("leader_led")),
                    expected_version=d.get("version"))
    return "已拟定为重点提案，待主席会议确定。"


def _do_confirm_key(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    key.key_confirm(actor=user, key=_key_of(p), meeting=d["meeting"], expected_version=d.get("version"))
    return "已记录主席会议确定重点提案。"


def _do_record_supervision(user: Any, p: Proposal, d: dict[str, Any]) -> str:
    key.key_record_supervision(actor=user, key=_key_of(p), kind=d["kind"], date=d["date"],
                               leaders=list(d.get("leaders") or []), summary=d["summary"],
                               expected_version=d.get("version"))
    return "已记录督办情况。"


@dataclass(frozen=True)
class Action:
    make: Callable[[Any, Any, Proposal], Any]
    run: Callable[[Any, Proposal, dict[str, Any]], str]
    per_assignment: bool = False


# The screen's action names are the workflow's move names (the URL is /proposals/<pk>/do/<move>/), except
# `review`: one form whose decision picks among the seven review moves (MOVE_FOR_DECISION).
ACTIONS: dict[str, Action] = {
    "submit": Action(_plain(f.VersionForm), _do_submit),
    "withdraw": Action(_plain(f.WithdrawForm), _do_withdraw),
    "confirm_cosign": Action(_plain(f.VersionForm), _do_confirm_cosign),
    "decline_cosign": Action(_plain(f.VersionForm), _do_decline_cosign),
    "review": Action(_review_form, _do_review),
    "assign": Action(_assign_form, _do_assign),
    "request_reassign": Action(_with_proposal(f.ReassignRequestForm), _do_request_reassign, True),
    "request_extension": Action(_with_proposal(f.ExtensionRequestForm), _do_request_extension, True),
    "record_contact": Action(_with_proposal(f.ContactForm), _do_record_contact, True),
    "send_view": Action(_with_proposal(f.CoUnitViewForm), _do_send_view, True),
    "reply": Action(_with_proposal(f.ReplyForm), _do_reply, True),
    "decide_reassign": Action(_with_proposal(f.DecideReassignForm), _do_decide_reassign, True),
    "decide_extension": Action(_with_proposal(f.DecideExtensionForm), _do_decide_extension, True),
    "correct_class": Action(_with_proposal(f.CorrectClassForm), _do_correct_class, True),
    "evaluate": Action(_with_proposal(f.EvaluationForm), _do_evaluate, True),
    "order_rehandling": Action(_with_proposal(f.RehandlingForm), _do_order_rehandling),
    "close": Action(_plain(f.RemarksForm), _do_close),
    "record_result": Action(_with_proposal(f.ResultForm), _do_record_result),
    "propose_key": Action(_with_proposal(f.KeyProposeForm), _do_propose_key),
    "confirm_key": Action(_with_proposal(f.KeyConfirmForm), _do_confirm_key),
    "record_supervision": Action(_with_proposal(f.SupervisionForm), _do_record_supervision),
}


# ---------------------------------------------------------------- the page


@dataclass
class AssignmentPanel:
    assignment: Assignment
    mine: bool  # the reader works for this unit
    contacts: list[Any]
    view: CoUnitView | None  # the co-unit's view, when the reader may read it
    evaluations: list[Evaluation]
    forms: dict[str, Any] = field(default_factory=dict)


def _form(name: str, proposal: Proposal, bound: tuple[str, int | None, Any] | None,
          assignment: Assignment | None = None) -> Any:
    """The bound form that failed, if it is this one; else a fresh one."""
    aid = assignment.pk if assignment is not None else None
    if bound is not None and bound[0] == name and bound[1] == aid:
        form = bound[2]
    else:
        form = ACTIONS[name].make(None, None, proposal)
        if assignment is not None:
            form.initial["assignment"] = assignment.pk
    # Several forms share field names on one page; their ids must not.
    form.auto_id = f"{name}-{aid or 0}-%s"
    return form


def _assignment_panels(proposal: Proposal, st: ProposalStanding, bound: Any, moves: set[str],
                       shown: list[AssignmentForReader]) -> list[AssignmentPanel]:
    today = timezone.localdate()
    panels = []
    for item in shown:
        a, mine = item.assignment, item.mine
        panel = AssignmentPanel(assignment=a, mine=mine, contacts=list(a.contacts.all()), view=item.co_unit_view,
                                evaluations=item.evaluations)
        live = a.state != AssignmentState.WITHDRAWN
        if mine and live:
            if "request_reassign" in moves and a.state == AssignmentState.ASSIGNED and today <= a.reassign_until:
                panel.forms["request_reassign"] = _form("request_reassign", proposal, bound, a)
            if ("request_extension" in moves and a.state in (AssignmentState.ASSIGNED, AssignmentState.VIEW_SENT)
                    and a.extension_requested_until is None and a.role != AssignmentRole.CO):
                panel.forms["request_extension"] = _form("request_extension", proposal, bound, a)
            if "send_view" in moves and a.role == AssignmentRole.CO and a.state == AssignmentState.ASSIGNED:
                panel.forms["send_view"] = _form("send_view", proposal, bound, a)
            if "reply" in moves and a.role != AssignmentRole.CO and a.state == AssignmentState.ASSIGNED:
                panel.forms["reply"] = _form("reply", proposal, bound, a)
            if "record_contact" in moves:
                panel.forms["record_contact"] = _form("record_contact", proposal, bound, a)
        if st.manager and live:
            if "decide_reassign" in moves and a.state == AssignmentState.REASSIGN_REQUESTED:
                panel.forms["decide_reassign"] = _form("decide_reassign", proposal, bound, a)
            if "decide_extension" in moves and a.extension_requested_until is not None:
                panel.forms["decide_extension"] = _form("decide_extension", proposal, bound, a)
            if "correct_class" in moves and a.state == AssignmentState.REPLIED:
                panel.forms["correct_class"] = _form("correct_class", proposal, bound, a)
        if (st.confirmed_proposer and "evaluate" in moves and a.state == AssignmentState.REPLIED
                and a.role != AssignmentRole.CO and st.person is not None
                and not any(e.person_id == st.person.pk and e.round == a.round for e in a.evaluations.all())):
            panel.forms["evaluate"] = _form("evaluate", proposal, bound, a)
        panels.append(panel)
    return panels


def _proposal_forms(proposal: Proposal, st: ProposalStanding, bound: Any, moves: set[str], key_row: KeyProposal | None,
                    has_evaluations: bool) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    if st.drafter:
        for name in ("submit", "withdraw"):
            if name in moves:
                forms[name] = _form(name, proposal, bound)
    if st.invited and "confirm_cosign" in moves:
        # One panel, two moves: the form shown carries the errors of whichever of them failed.
        answer = "decline_cosign" if bound is not None and bound[0] == "decline_cosign" else "confirm_cosign"
        forms["cosign"] = _form(answer, proposal, bound)
    if st.reviewer and proposal.state == State.IN_REVIEW and proposal.review_stage is not None:
        forms["review"] = _form("review", proposal, bound)
    if st.manager:
        for name in ("assign", "order_rehandling", "close"):
            if name in moves:
                forms[name] = _form(name, proposal, bound)
        if "record_result" in moves and has_evaluations:
            forms["record_result"] = _form("record_result", proposal, bound)
        if key_row is None and "propose_key" in moves:
            forms["propose_key"] = _form("propose_key", proposal, bound)
        if key_row is not None and key_row.status == KeyStatus.PROPOSED and "confirm_key" in moves:
            forms["confirm_key"] = _form("confirm_key", proposal, bound)
    if ((st.manager or st.supervisor) and key_row is not None and key_row.status == KeyStatus.CONFIRMED
            and "record_supervision" in moves):
        forms["record_supervision"] = _form("record_supervision", proposal, bound)
    return forms


def detail_context(request: HttpRequest, proposal: Proposal,
                   bound: tuple[str, int | None, Any] | None = None) -> dict[str, Any]:
    user = request.user
    proposers = list(Proposer.objects.filter(proposal=proposal).select_related("person").order_by("order", "id"))
    key_row = (KeyProposal.objects.filter(proposal=proposal).select_related("confirmed_meeting")
               .prefetch_related("supervisors", "supervisions__leaders").first())
    st = proposal_standing(user, proposal)
    moves = {m.name for m in workflow.allowed_moves(proposal.state)}
    panels = _assignment_panels(proposal, st, bound, moves, proposal_assignments_for_user(user, proposal, st))
    has_evaluations = any(p.evaluations for p in panels)
    can_letter = bool(panels) and (st.view_all or any(p.mine for p in panels))
    forms = _proposal_forms(proposal, st, bound, moves, key_row, has_evaluations)
    shown = [*forms.values(), *(form for panel in panels for form in panel.forms.values())]
    # A refused move whose panel is gone in the proposal's current state (e.g. a second 交办) still says why.
    refusal = [m for errors in bound[2].errors.values() for m in errors] if bound and bound[2] not in shown else []
    return {
        "title": proposal.title,
        "nav_active": "proposals",
        "p": proposal,
        "st": st,
        "proposers": proposers,
        "reviews": (list(ReviewRecord.objects.filter(proposal=proposal).select_related("stage", "reviewer"))
                    if st.staff else []),
        "panels": panels,
        "key": key_row,
        "events": proposal_timeline_for_user(user, proposal, st),
        "forms": forms,
        "refusal": refusal,
        "can_edit": st.drafter and "edit" in moves,
        "merged": list(proposal.merged_proposals.order_by("pk")) if st.view_all else [],
        "suggested_units": review.suggested_units(proposal) if st.view_all else [],
        "can_letter": can_letter,
        **attachment_context(proposal, st.drafter and "edit" in moves),
    }


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    return render(request, "proposals/detail.html", detail_context(request, proposal))


@login_required
@require_POST
def proposal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One move on the proposal, through its service; a refusal is shown on the form with the input kept."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作。")
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    form = spec.make(request.POST, request.FILES, proposal)
    if form.is_valid():
        try:
            message = spec.run(user, proposal, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message)
            if not can_view(user, proposal):  # e.g. a co-signer who declined is no longer on the proposal
                return redirect("proposals:list")
            return redirect("proposals:detail", pk=proposal.pk)
        proposal = get_proposal_for_user(user, pk)
    assignment = form.cleaned_data.get("assignment") if spec.per_assignment and hasattr(form, "cleaned_data") else None
    if spec.per_assignment and assignment is None:
        raw = request.POST.get("assignment", "")
        assignment = proposal.assignments.filter(pk=int(raw)).first() if raw.isdigit() else None
        if assignment is None:
            messages.error(request, "; ".join(form.non_field_errors()) or "该交办记录已不存在。")
            return redirect("proposals:detail", pk=proposal.pk)
    ctx = detail_context(request, proposal, (action, assignment.pk if assignment else None, form))
    ctx["failed_action"] = action
    return render(request, "proposals/detail.html", ctx)


# ---------------------------------------------------------------- downloads


@login_required
@require_GET
def proposal_docx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    return file_response(documents.proposal_docx(proposal), documents.proposal_filename(proposal))


@login_required
@require_GET
def assignment_letter_docx(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    units = handling.unit_ids_of(user)
    allowed = can(user, Cap.PROPOSAL_VIEW_ALL, proposal.committee) or proposal.assignments.filter(
        unit_id__in=units).exists()
    if not allowed:
        common.refuse(user, proposal, "proposal.assignment_letter", "只有提案工作人员和承办单位可以下载交办函。")
    if not proposal.assignments.exists():
        raise Http404("该提案尚未交办。")
    return file_response(documents.assignment_letter_docx(proposal),
                                   documents.proposal_filename(proposal, "交办函"))


@login_required
@require_GET
def reply_file(request: HttpRequest, pk: int, assignment_pk: int) -> FileResponse:
    """The reply letter's file, to those who may read the proposal (it is not served from a public folder)."""
    proposal = get_proposal_for_user(request.user, pk)
    assignment = proposal.assignments.filter(pk=assignment_pk).first()
    if assignment is None or not assignment.reply_file:
        raise Http404("没有答复函文件。")
    # Whoever sees the assignment on the page (and so its reply and the link) may download its letter.
    if not assignments_for_user(request.user).filter(pk=assignment.pk).exists():
        raise PermissionDenied("您没有权限下载该答复函。")
    # Stored under a generated name; readers get the unit's letter under a name that says what it is.
    ext = os.path.splitext(assignment.reply_file.name)[1].lower()
    return stored_file_response(assignment.reply_file, f"{assignment.unit.name}答复函{ext}", missing="答复函文件已不存在。")


# ---------------------------------------------------------------- attachments (附件)


def _back(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    page = "proposals:edit" if request.POST.get("back") == "edit" else "proposals:detail"
    return redirect(f"{reverse(page, args=[proposal.pk])}#attachments")


@login_required
@require_POST
def attachment_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的附件。")
        return _back(request, proposal)
    try:
        attachment = attachment_services.attachment_add(actor=request.user, proposal=proposal, file=upload)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已上传附件“{attachment.name}”。")
    return _back(request, proposal)


@login_required
@require_POST
def attachment_remove(request: SignedInRequest, pk: int, attachment_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    attachment = Attachment.objects.filter(proposal=proposal, pk=attachment_id).select_related("proposal").first()
    if attachment is None:
        raise Http404("未找到该附件。")
    try:
        attachment_services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除附件“{attachment.name}”。")
    return _back(request, proposal)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment, to whoever may read the proposal; always a download, never rendered in the browser."""
    proposal = get_proposal_for_user(request.user, pk)
    attachment = Attachment.objects.filter(proposal=proposal, pk=attachment_id).first()
    if attachment is None or not attachment.file:
        raise Http404("未找到该附件。")
    return stored_file_response(attachment.file, attachment.name, missing="附件文件已不存在。")
