"""Journal issues (刊期): the list, opening an issue, putting reports in it, printing it; the Word files of an issue
and of one report; and the committee's 社情民意 settings (length limit, publications)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.documents.downloads import file_response
from lvzhi.documents.excel import workbook_response
from lvzhi.opinions import documents
from lvzhi.opinions.forms import IssueCreateForm, IssueFilterForm, SettingsForm
from lvzhi.opinions.models import IssueState, OpinionReport, Publication, State
from lvzhi.opinions.selectors import REFUSAL, get_issue_for_user, get_report_for_user, issues_for_user, search_issues
from lvzhi.opinions.services import common, issues
from lvzhi.opinions.services.settings import opinion_settings_update
from lvzhi.web.requests import render_partial


@login_required
@require_http_methods(["GET", "POST"])
def issue_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.OPINION_VIEW_ALL, REFUSAL)
    common.opinion_defaults(committee)
    editor = can(user, Cap.OPINION_EDIT, committee)
    form = IssueCreateForm(request.POST or None, committee=committee)
    if request.method == "POST" and editor and form.is_valid():
        try:
            issue = issues.issue_create(actor=user, publication=form.cleaned_data["publication"],
                                        date=form.cleaned_data["date"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"已新建{issue}。")
            return redirect("opinions:issue", pk=issue.pk)
    filters = IssueFilterForm(
        request.GET, years=sorted(set(issues_for_user(user, committee).values_list("year", flat=True).distinct()),
                                  reverse=True),
        publications=list(Publication.objects.filter(committee=committee).values_list("pk", "name")))
    values = filters.values()
    qs = (search_issues(user, committee, **values).select_related("publication").annotate(item_count=Count("items"))
          .order_by("-year", "-date", "-number"))
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    query["committee"] = str(committee.pk)
    if request.GET.get("format") == "xlsx":
        rows = [[i.publication.name, i.year, i.number, i.date, i.get_state_display(), i.item_count]
                for i in qs[:20_000]]
        year = values.get("year")
        audit_record(actor=user, action="opinions.issues_export", obj=committee, committee_id=committee.pk,
                     detail=f"导出刊期目录{f'（{year}年）' if year else ''} {len(rows)} 期")
        return workbook_response(f"{committee.name}社情民意刊期{year or ''}.xlsx", "刊期",
                                 ["刊物", "年度", "期号", "日期", "状态", "编发条数"], rows)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    ctx = {"title": "刊期", "nav_active": "opinion_issues", "committee": committee, "page": page,
           "committees": committees_for(user, Cap.OPINION_VIEW_ALL), "editor": editor, "form": form,
           "filters": filters, "filtered": bool(values), "query_string": query.urlencode()}
    response = render_partial(request, "opinions/issues.html", ("results",), ctx)
    return response


@login_required
@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    issue = get_issue_for_user(user, pk)
    editor = can(user, Cap.OPINION_EDIT, issue.committee) and issue.state == IssueState.DRAFT
    candidates = []
    if editor:
        waiting = OpinionReport.objects.filter(committee=issue.committee, state=State.EDITING, issue_item__isnull=True)
        candidates = list(waiting.order_by("-urgent", "submitted_at")[:100])
    ctx = {"title": str(issue), "nav_active": "opinion_issues", "issue": issue, "editor": editor,
           "items": list(issue.items.select_related("report").prefetch_related("report__authors__person")),
           "candidates": candidates}
    return render(request, "opinions/issue.html", ctx)


@login_required
@require_POST
def issue_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    issue = get_issue_for_user(user, pk)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else None
    try:
        if action == "publish":
            issues.issue_publish(actor=user, issue=issue, expected_version=version)
            messages.success(request, f"{issue}已印发，所编信息均已编发。")
        elif action in ("add_to_issue", "remove_from_issue"):
            report_id = request.POST.get("report", "")
            if not report_id.isdigit():
                raise ValidationError("请选择信息。")
            report = get_report_for_user(user, int(report_id))
            service = issues.issue_add_report if action == "add_to_issue" else issues.issue_remove_report
            service(actor=user, issue=issue, report=report, expected_version=version)
            messages.success(request, "已编入本期。" if action == "add_to_issue" else "已移出本期。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("opinions:issue", pk=issue.pk)


@login_required
@require_GET
def report_docx(request: SignedInRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    audit_record(actor=request.user, action="opinions.report_export", obj=report, committee_id=report.committee_id,
                 detail=f"导出《{report.title}》")
    return file_response(documents.report_docx(report), f"{report.title[:60]}.docx")


@login_required
@require_GET
def issue_docx(request: SignedInRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request.user, pk)
    audit_record(actor=request.user, action="opinions.issue_export", obj=issue, committee_id=issue.committee_id,
                 detail=f"导出{issue}")
    return file_response(documents.issue_docx(issue), f"{issue.publication.name}{issue.year}年第{issue.number}期.docx")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: SignedInRequest) -> HttpResponse:
    """The committee's length limit and publications, for 研究室/信息委 staff."""
    user = request.user
    committee = committee_from_query(request, Cap.OPINION_EDIT, "您没有权限设置社情民意。")
    row = common.opinion_defaults(committee)
    names = list(Publication.objects.filter(committee=committee).values_list("name", flat=True))
    form = SettingsForm(request.POST or None, initial={"max_length": row.max_length, "publications": "\n".join(names),
                                                       "version": row.version})
    if request.method == "POST" and form.is_valid():
        try:
            opinion_settings_update(actor=user, committee=committee, max_length=form.cleaned_data["max_length"],
                                    publications=form.cleaned_data["publications"].splitlines(),
                                    expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "设置已保存。")
            return redirect(f"{request.path}?committee={committee.pk}")
    ctx = {"title": "社情民意设置", "nav_active": "opinion_settings", "committee": committee, "form": form,
           "committees": committees_for(user, Cap.OPINION_EDIT)}
    return render(request, "opinions/settings.html", ctx)
