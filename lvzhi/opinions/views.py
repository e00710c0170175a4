"""社情民意 screens: the list with search, filters and export; writing a report; its page with the moves."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, can_anywhere, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.excel import workbook_response
from lvzhi.members.selectors import person_of
from lvzhi.opinions import documents, workflow
from lvzhi.opinions.forms import ACTION_FORMS, FilterForm, MergeForm, ReportForm
from lvzhi.opinions.models import IssueItem, OpinionAuthor, OpinionReport, State
from lvzhi.opinions.selectors import (
    REFUSAL,
    get_report_for_user,
    opinion_revisions_for_user,
    opinion_timeline_for_user,
    search_reports,
    source_proposal_history_for_user,
)
from lvzhi.opinions.services import common, editing, followup, reports
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 30





def _export_query(request: HttpRequest, mine: bool, committee: Committee | None) -> str:
    """The filters for the export link, saying whose list it is even when the page was reached without them."""
    params = request.GET.copy()
    params.pop("page", None)
    if mine:
        params["mine"] = "1"
    elif committee is not None:
        params["committee"] = str(committee.pk)
    return params.urlencode()


def _with_rows(qs: QuerySet[OpinionReport]) -> QuerySet[OpinionReport]:
    return qs.select_related("committee", "issue_item__issue__publication").prefetch_related(
        Prefetch("authors", queryset=OpinionAuthor.objects.select_related("person").order_by("order", "id")),
        "adoptions", "instructions",
    ).order_by("-submitted_at", "-id")


def _list_setup(request: HttpRequest) -> tuple[bool, Committee | None, FilterForm]:
    """Staff and leaders see a committee's reports; members (and anyone asking for ?mine=1) their own."""
    user = request.user
    staff = can_anywhere(user, Cap.OPINION_VIEW_ALL)
    mine = not staff or request.GET.get("mine") == "1"
    if not staff and not can_anywhere(user, Cap.OPINION_SUBMIT):
        require(user, Cap.OPINION_SUBMIT, None)
        raise PermissionDenied(REFUSAL)
    committee = None if mine else committee_from_query(request, Cap.OPINION_VIEW_ALL, REFUSAL)
    years: list[int] = []
    if committee is not None:
        # order_by(): the default ordering would otherwise join the DISTINCT and return a row per report.
        reports_here = OpinionReport.objects.filter(committee=committee).order_by()
        years = list(reports_here.values_list("year", flat=True).distinct())
    years.append(timezone.localdate().year)
    return mine, committee, FilterForm(request.GET, years=years)


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine, committee, form = _list_setup(request)
    qs = search_reports(user, committee=committee, mine=mine, **form.values())
    page = Paginator(_with_rows(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    submit_in = committee or committees_for(user, Cap.OPINION_SUBMIT).first()
    ctx = {
        "title": "我的社情民意" if mine else "社情民意",
        "nav_active": "opinions",
        "mine": mine,
        "staff": can_anywhere(user, Cap.OPINION_VIEW_ALL),
        "committee": committee,
        "committees": committees_for(user, Cap.OPINION_VIEW_ALL) if not mine else [],
        "form": form,
        "page": page,
        "query_string": query_string(request),
        "export_query": _export_query(request, mine, committee),
        "filtered": form.is_filtered(),
        "submit_committee": submit_in if submit_in and can(user, Cap.OPINION_SUBMIT, submit_in) else None,
    }
    response = render_partial(request, "opinions/list.html", ("results",), ctx)
    return response


@login_required
@require_GET
def report_export(request: SignedInRequest) -> HttpResponse:
    """The list as filtered: a committee's reports (staff and leaders), or with ?mine=1 one's own."""
    user = request.user
    mine = request.GET.get("mine") == "1"
    if mine:
        mine, committee, _form = _list_setup(request)
    else:
        committee = committee_from_query(request, Cap.OPINION_VIEW_ALL, REFUSAL)
    form = FilterForm(request.GET, years=list(range(2000, 2100)))
    rows = list(_with_rows(search_reports(user, committee=committee, mine=mine, **form.values()))[:20000])
    name = "我的" if mine or committee is None else committee.name
    audit_record(actor=user, action="opinions.export_list", obj=committee,
                 committee_id=committee.pk if committee is not None else None,
                 detail=f"导出{'我的' if mine else ''}社情民意目录 {len(rows)} 条")
    return workbook_response(f"{name}社情民意目录-{timezone.localdate():%Y%m%d}.xlsx", "社情民意目录",
                             documents.LIST_HEADERS, documents.list_rows(rows))


# ---------------------------------------------------------------- writing


def _write_page(request: SignedInRequest, committee: Committee, report: OpinionReport | None) -> HttpResponse:
    user = request.user
    me = person_of(user)
    settings_row = common.opinion_defaults(committee)
    initial = None
    if report is not None:
        initial = {"submitter_kind": report.submitter_kind, "collective_name": report.collective_name,
                   "co_authors": [a.person_id for a in report.authors.all() if me is None or a.person_id != me.pk],
                   "title": report.title, "body": report.body, "urgent": report.urgent, "version": report.version}
    elif me is None:
        initial = {"submitter_kind": "party"}
    form = ReportForm(request.POST or None, initial=initial, committee=committee, exclude=me)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            if report is None:
                report = reports.opinion_create(actor=user, committee=committee, submit=submit,
                                                **form.service_values())
            else:
                with transaction.atomic():  # saved and submitted together, or neither
                    reports.opinion_update_draft(actor=user, report=report,
                                                 expected_version=form.cleaned_data.get("version"),
                                                 **form.service_values())
                    if submit:
                        reports.opinion_submit(actor=user, report=report)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已报送。" if submit else "草稿已保存。")
            return redirect("opinions:detail", pk=report.pk)
    ctx = {"title": "修改社情民意" if report else "撰写社情民意", "nav_active": "opinions", "form": form,
           "committee": committee, "report": report, "max_length": settings_row.max_length,
           "is_member": me is not None}
    return render(request, "opinions/form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.OPINION_SUBMIT, "您没有权限报送社情民意。")
    return _write_page(request, committee, None)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    common.require_author(request.user, report, workflow.MOVES["edit_draft"])
    if report.state != State.DRAFT:
        messages.error(request, f"该信息当前为“{report.get_state_display()}”，不能修改。")
        return redirect("opinions:detail", pk=report.pk)
    return _write_page(request, report.committee, report)


# ---------------------------------------------------------------- the report's page


def _forms_for(user: Any, report: OpinionReport) -> list[dict[str, Any]]:
    if not can(user, Cap.OPINION_EDIT, report.committee):
        return []
    out = []
    for move in workflow.allowed_moves(report.state, workflow.Role.EDITOR):
        if move.name not in ACTION_FORMS:
            continue
        form_class, button = ACTION_FORMS[move.name]
        initial: dict[str, Any] = {"version": report.version}
        if move.name == "revise":
            initial.update(title=report.title, body=report.body)
        kwargs = {"report": report} if form_class is MergeForm else {}
        out.append({"action": move.name, "label": move.label, "button": button,
                    "form": form_class(initial=initial, **kwargs)})
    return out


def _detail_context(user: Any, report: OpinionReport) -> dict[str, Any]:
    is_author = report.created_by_id == user.pk
    return {
        "title": report.title, "nav_active": "opinions", "r": report,
        "authors": list(report.authors.select_related("person")),
        "events": opinion_timeline_for_user(user, report), "revisions": opinion_revisions_for_user(user, report),
        "sendings": list(report.sendings.all()), "adoptions": list(report.adoptions.all()),
        "instructions": list(report.instructions.all()), "feedback": list(report.feedback.all()),
        "merged": list(report.merged_reports.all()),
        "issue_item": IssueItem.objects.filter(report=report).select_related("issue__publication").first(),
        "proposal_history": source_proposal_history_for_user(user, report),
        "can_edit_draft": is_author and report.state == State.DRAFT,
        "can_submit": is_author and report.state == State.DRAFT,
        "can_withdraw": is_author and report.state in workflow.MOVES["withdraw"].sources,
        "editor": can(user, Cap.OPINION_EDIT, report.committee),
        "actions": _forms_for(user, report),
    }


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    return render(request, "opinions/detail.html", _detail_context(request.user, report))


def _run(user: Any, report: OpinionReport, action: str, data: dict[str, Any]) -> str:
    version = data.pop("version", None)
    if action == "accept":
        editing.opinion_accept(actor=user, report=report, expected_version=version, **data)
        return "已采编。"
    if action == "revise":
        editing.opinion_revise(actor=user, report=report, expected_version=version, **data)
        return "修改已保存，原稿和修改记录均已保留。"
    if action == "merge":
        editing.opinion_merge(actor=user, report=report, expected_version=version, **data)
        return "已合并。"
    if action == "not_use":
        editing.opinion_not_use(actor=user, report=report, expected_version=version, **data)
        return "已标记为不予采用。"
    handlers: dict[str, tuple[Callable[..., Any], str]] = {"send": (followup.opinion_send, "已记录报送。"), "adopt": (followup.opinion_adopt, "已记录采用。"),
                "instruct": (followup.opinion_instruct, "已记录批示。"),
                "feedback": (followup.opinion_feedback, "已记录部门反馈。")}
    service, text = handlers[action]
    service(actor=user, report=report, expected_version=version, **data)
    return text


@login_required
@require_POST
def report_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    report = get_report_for_user(user, pk)
    if action in ("submit", "withdraw"):
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() else None
        try:
            if action == "submit":
                reports.opinion_submit(actor=user, report=report, expected_version=version)
            else:
                reports.opinion_withdraw(actor=user, report=report, remarks=request.POST.get("remarks", ""),
                                         expected_version=version)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已报送。" if action == "submit" else "已撤回。")
        return redirect("opinions:detail", pk=report.pk)
    if action not in ACTION_FORMS:
        raise Http404("未知的操作。")
    require(user, Cap.OPINION_EDIT, report.committee)
    form_class, button = ACTION_FORMS[action]
    form = form_class(request.POST, **({"report": report} if form_class is MergeForm else {}))
    if form.is_valid():
        try:
            text = _run(user, report, action, dict(form.cleaned_data))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, text)
            return redirect("opinions:detail", pk=report.pk)
    ctx = _detail_context(user, report)
    for entry in ctx["actions"]:
        if entry["action"] == action:
            entry["form"], entry["open"] = form, True
    return render(request, "opinions/detail.html", ctx, status=400)
