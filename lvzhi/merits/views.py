"""履职活动申报 screens: the member's report form and list (phone first), staff's queue, an activity's page with
its evidence, history and the moves the reader may make."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, deny
from lvzhi.actors import SignedInRequest
from lvzhi.merits import selectors, workflow
from lvzhi.merits.forms import MOVE_FORMS, ActivityFilterForm, ActivityForm
from lvzhi.merits.models import ActivityState, ReportedActivity
from lvzhi.merits.services import activities as services
from lvzhi.web.files import stored_file_response
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version, query_string, render_partial

PAGE_SIZE = 30
QUEUE_REFUSAL = "您没有权限审核委员履职活动申报。"
SERVICES: dict[str, Callable[..., Any]] = {
    "submit": services.activity_submit, "withdraw": services.activity_withdraw,
    "approve": services.activity_approve, "return": services.activity_return, "revoke": services.activity_revoke,
}
DONE = {"submit": "已提交审核，请等待工作人员认定。", "withdraw": "已撤回申报。", "approve": "已认定，已计入委员履职档案。",
        "return": "已退回委员补充。", "revoke": "已撤销认定，已从履职档案中移除。"}


def _member_committees(request: HttpRequest) -> Any:
    committees = selectors.member_committees(request.user)
    if not committees.exists():
        deny(request.user, detail="merits.activity_create: not a member", message=services.NOT_A_MEMBER)
    return committees


def _own(request: HttpRequest, pk: int, what: str) -> ReportedActivity:
    """The activity, if it is the reader's own (staff read others' but never change them)."""
    activity = selectors.get_activity_for_user(request.user, pk)
    if selectors.person_id(request.user) != activity.person_id:
        deny(request.user, detail=f"merits.activity_{what}: not the member", obj=activity, message=services.NOT_OWNER)
    return activity


@login_required
@require_GET
def my_activities(request: HttpRequest) -> HttpResponse:
    """我的申报: every activity the member reported, newest first, with its state."""
    _member_committees(request)
    rows = selectors.own_activities(request.user).select_related("committee").order_by("-date", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "merits/mine.html", {"title": "我的履职申报", "nav_active": "merits_mine", "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: SignedInRequest) -> HttpResponse:
    """申报履职活动: one short form a member fills in on a phone; 提交审核 or 保存草稿."""
    committees = _member_committees(request)
    form = ActivityForm(request.POST or None, request.FILES or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        submit = "draft" not in request.POST
        try:
            activity = services.activity_create(
                actor=request.user, committee=d["committee"], kind=d["kind"], date=d["date"], title=d["title"],
                place=d["place"], description=d["description"], evidence_note=d["evidence_note"],
                files=d["evidence_files"], submit=submit)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, DONE["submit"] if activity.state == ActivityState.SUBMITTED
                             else "已保存草稿，可以继续补充后提交。")
            return redirect("merits:activity", pk=activity.pk)
    return render(request, "merits/activity_form.html",
                  {"title": "申报履职活动", "nav_active": "merits_new", "form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = _own(request, pk, "edit")
    if activity.state not in workflow.OPEN:
        messages.error(request, f"该申报当前为“{activity.get_state_display()}”，不能修改。")
        return redirect("merits:activity", pk=activity.pk)
    initial = {k: getattr(activity, k) for k in ("kind", "date", "title", "place", "description", "evidence_note",
                                                 "version")}
    form = ActivityForm(request.POST or None, initial=initial, committees=selectors.member_committees(request.user),
                        editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_update(actor=request.user, activity=activity, kind=d["kind"], date=d["date"],
                                     title=d["title"], place=d["place"], description=d["description"],
                                     evidence_note=d["evidence_note"], expected_version=d["version"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已保存修改。")
            return redirect("merits:activity", pk=activity.pk)
    return render(request, "merits/activity_form.html",
                  {"title": "修改履职活动申报", "nav_active": "merits_mine", "form": form, "activity": activity})


@login_required
@require_GET
def activity_queue(request: HttpRequest) -> HttpResponse:
    """Staff's queue: the committee's submitted activities, 待审核 first; filters by state, kind and year."""
    committee = committee_from_query(request, Cap.DUTY_VIEW, QUEUE_REFUSAL)
    base = selectors.activities_for_user(request.user).filter(committee=committee)
    years = sorted({timezone.localdate().year, *base.values_list("year", flat=True).distinct()}, reverse=True)
    form = ActivityFilterForm(request.GET, years=years)
    unfiltered = not any(k in request.GET for k in ("state", "kind", "year"))
    values = form.values()
    if unfiltered:
        values["state"] = ActivityState.SUBMITTED
        form = ActivityFilterForm({"state": ActivityState.SUBMITTED}, years=years)
        form.is_valid()
    rows = selectors.filter_activities(base, values)
    waiting = Case(When(state=ActivityState.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = rows.select_related("person").annotate(waiting=waiting).order_by("waiting", "-submitted_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": "履职活动审核", "nav_active": "merits_queue", "committee": committee, "form": form, "page": page,
        "committees": committees_for(request.user, Cap.DUTY_VIEW),
        "pending": base.filter(state=ActivityState.SUBMITTED).count(),
        "query_string": query_string(request),
    }
    return render_partial(request, "merits/queue.html", ("results",), ctx)


def _forms(request: HttpRequest, activity: ReportedActivity, bound: dict[str, Any]) -> list[dict[str, Any]]:
    """The moves the reader may make now, each with its form (the one sent back with errors open)."""
    person = selectors.person_id(request.user)
    roles = []
    if person == activity.person_id:
        roles.append(workflow.Role.MEMBER)
    elif can(request.user, Cap.DUTY_MANAGE, activity.committee):
        roles.append(workflow.Role.STAFF)
    out = []
    for role in roles:
        for move in workflow.allowed_moves(activity.state, role):
            if move.name not in MOVE_FORMS:
                continue
            form = bound.get(move.name) or MOVE_FORMS[move.name](initial={"version": activity.version})
            out.append({"move": move, "form": form, "open": move.name in bound})
    return out


def _detail(request: HttpRequest, activity: ReportedActivity, bound: dict[str, Any]) -> HttpResponse:
    own = selectors.person_id(request.user) == activity.person_id
    editable = own and activity.state in workflow.OPEN
    ctx = {
        "title": activity.title, "nav_active": "merits_mine" if own else "merits_queue", "activity": activity,
        "evidence": list(activity.evidence.all()), "steps": list(activity.steps.select_related("actor")),
        "forms": _forms(request, activity, bound), "editable": editable, "own": own,
        "next_step": workflow.NEXT_STEP[ActivityState(activity.state)],
    }
    return render(request, "merits/activity.html", ctx)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_activity_for_user(request.user, pk), {})


@login_required
@require_POST
def activity_move(request: SignedInRequest, pk: int, move: str) -> HttpResponse:
    if move not in SERVICES:
        raise Http404("未知的操作。")
    activity = selectors.get_activity_for_user(request.user, pk)
    form = MOVE_FORMS[move](request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            SERVICES[move](actor=request.user, activity=activity, expected_version=form.cleaned_data["version"],
                           **values)
        except ValidationError as error:
            activity.refresh_from_db()
            if not workflow.ACTIVITY.can(move, activity.state):
                # Someone moved it on meanwhile (or the same button twice): say so above the page.
                messages.error(request, error_text(error))
                return redirect("merits:activity", pk=activity.pk)
            form.add_service_errors(error)  # type: ignore[attr-defined]
        else:
            messages.success(request, DONE[move])
            return redirect("merits:activity", pk=activity.pk)
    activity.refresh_from_db()
    return _detail(request, activity, {move: form})


@login_required
@require_POST
def evidence_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = _own(request, pk, "evidence_add")
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "请选择要上传的佐证材料。")
    for f in files:
        try:
            row = services.evidence_add(actor=request.user, activity=activity, file=f,
                                        expected_version=posted_version(request) if f is files[0] else None)
        except ValidationError as error:
            messages.error(request, error_text(error))
            break
        messages.success(request, f"已上传“{row.name}”。")
    return redirect("merits:activity", pk=activity.pk)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    row = selectors.get_evidence_for_user(request.user, pk, evidence_id)
    return stored_file_response(row.file, row.name, missing="佐证材料文件已不存在。")


@login_required
@require_POST
def evidence_remove(request: SignedInRequest, pk: int, evidence_id: int) -> HttpResponse:
    row = selectors.get_evidence_for_user(request.user, pk, evidence_id)
    try:
        services.evidence_remove(actor=request.user, evidence=row, expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除“{row.name}”。")
    return redirect("merits:activity", pk=pk)
