"""Duty report screens: the member's own reports (drafting and editing on a phone), staff's list with its state
counts, a report's page with its moves, and its Word export."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.documents.downloads import file_response
from lvzhi.duty.models import DutyKind
from lvzhi.duty_reports import documents, selectors
from lvzhi.duty_reports.drafting import sections_of
from lvzhi.duty_reports.forms import ReportForm, ReturnForm
from lvzhi.duty_reports.models import DutyReport
from lvzhi.duty_reports.scores import score_of, score_text
from lvzhi.duty_reports.services import reports as services
from lvzhi.duty_reports.workflow import EDITABLE, REPORT, WAITING
from lvzhi.members.selectors import person_of
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version, query_string, render_partial, year_of

REFUSAL = "只有委员履职管理工作人员和领导可以查看委员履职报告。"
# The moves a report's page posts, and what it says when one is made.
MOVES = {"regenerate": "已按履职档案重新生成数据，本人撰写的内容未改动。", "submit": "履职报告已提交。",
         "acknowledge": "已确认该履职报告。", "return": "已退回委员本人修改。"}


@login_required
@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    """The member's seats with this year's report (or a button to draft it), and every report they wrote."""
    if person_of(request.user) is None:
        raise Http404("您的账号未关联委员，没有履职报告。")
    year = year_of(request)
    reports = list(selectors.reports_for_user(request.user).filter(person=person_of(request.user)))
    seats = [(m, next((r for r in reports if r.committee_id == m.committee_id and r.year == year), None))
             for m in selectors.own_memberships(request.user).filter(is_active=True)]
    years = sorted({year, timezone.localdate().year, timezone.localdate().year - 1, *(r.year for r in reports)},
                   reverse=True)
    return render(request, "duty_reports/mine.html", {
        "title": "我的履职报告", "nav_active": "duty_reports_mine", "year": year, "years": years, "seats": seats,
        "reports": reports})


@login_required
@require_POST
def draft(request: SignedInRequest) -> HttpResponse:
    if person_of(request.user) is None:
        raise Http404("您的账号未关联委员，没有履职报告。")
    raw_membership, raw_year = request.POST.get("membership", ""), request.POST.get("year", "")
    if not raw_membership.isdigit() or not raw_year.isdigit():
        messages.error(request, "请选择政协组织和年度。")
        return redirect("duty_reports:mine")
    membership = selectors.get_own_membership(request.user, int(raw_membership))
    try:
        report = services.duty_report_draft(actor=request.user, membership=membership, year=int(raw_year))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(f"{reverse('duty_reports:mine')}?year={raw_year}")
    messages.success(request, "已根据履职档案生成报告草稿，请在各标题下补充本人履职情况后提交。")
    return redirect("duty_reports:detail", pk=report.pk)


@login_required
@require_GET
def report_list(request: SignedInRequest) -> HttpResponse:
    """A committee's reports of a year, by state, with how many are handed in and who has not yet."""
    committee = committee_from_query(request, Cap.DUTY_VIEW, REFUSAL)
    year = year_of(request)
    state = request.GET.get("state", "")
    reports = selectors.filter_reports(
        selectors.reports_for_user(request.user).filter(committee=committee, year=year), state=state,
    ).order_by("membership__role_rank", "membership__stroke_key", "id")
    ctx: dict[str, Any] = {
        "title": "委员履职报告", "nav_active": "duty_reports", "committee": committee, "year": year, "state": state,
        "states": [(k, label) for k, (label, _) in selectors.STATE_FILTERS.items()],
        "tally": selectors.report_tally(committee.pk, year), "reports": reports,
        "missing": selectors.missing_members(committee.pk, year) if state == "missing" else None,
        "committees": committees_for(request.user, Cap.DUTY_VIEW),
        "years": sorted({year, timezone.localdate().year, timezone.localdate().year - 1}, reverse=True),
        "query": query_string(request),
    }
    return render_partial(request, "duty_reports/list.html", ("results",), ctx)


def _page(request: SignedInRequest, report: DutyReport, *, form: ReportForm | None = None,
          return_form: ReturnForm | None = None, status: int = 200) -> HttpResponse:
    own = selectors.is_own_report(request.user, report)
    editable = own and report.state in EDITABLE
    manage = report.state in WAITING and can(request.user, Cap.DUTY_MANAGE, report.committee)
    preamble, sections = sections_of(report.figures, report.body)
    counts = report.figures.get("counts", {}) if isinstance(report.figures, dict) else {}
    ctx: dict[str, Any] = {
        "title": report.title, "nav_active": "duty_reports_mine" if own else "duty_reports", "report": report,
        "own": own, "editable": editable, "manage": manage, "preamble": preamble, "sections": sections,
        "counts": [(DutyKind(k).label, n) for k, n in counts.items() if k in DutyKind.values and n],
        "score": score_text(score_of(committee=report.committee, person=report.person, year=report.year)),
        "events": report.events.select_related("actor"),
        "form": form or (ReportForm(initial={"title": report.title, "body": report.body,
                                             "version": report.version}) if editable else None),
        "return_form": return_form or (ReturnForm() if manage else None),
        "moves": {m.name: m for m in REPORT.moves.values()},
    }
    return render(request, "duty_reports/detail.html", ctx, status=status)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_report_for_user(request.user, pk))


@login_required
@require_POST
def edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save the member's text; with 保存并提交, submit it too. A refusal shows the form again with what was typed."""
    report = selectors.get_report_for_user(request.user, pk, read=False)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, report, form=form)
    data = form.cleaned_data
    try:
        report = services.duty_report_edit(actor=request.user, report=report, title=data["title"],
                                           body=data["body"], expected_version=data["version"])
        if "submit" in request.POST:
            report = services.duty_report_submit(actor=request.user, report=report,
                                                 expected_version=report.version)
    except ValidationError as error:
        # What was typed stays on the form; after a stale-version refusal it carries the current version, so a
        # second 保存 keeps this text over the other tab's.
        report.refresh_from_db()
        form.data = {**request.POST.dict(), "version": str(report.version)}
        form.add_service_errors(error)
        return _page(request, report, form=form)
    messages.success(request, "履职报告已提交。" if "submit" in request.POST else "已保存。")
    return redirect("duty_reports:detail", pk=report.pk)


@login_required
@require_POST
def move(request: SignedInRequest, pk: int, move: str) -> HttpResponse:
    """重新生成数据, 提交 (the member's), 确认, 退回修改 (staff's)."""
    if move not in MOVES:
        raise Http404("未知的操作。")
    report = selectors.get_report_for_user(request.user, pk, read=False)
    version = posted_version(request)
    try:
        if move == "return":
            services.duty_report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""),
                                        expected_version=version)
        else:
            services.MOVES[move](actor=request.user, report=report, expected_version=version)
    except ValidationError as error:
        if move == "return" and "reason" in getattr(error, "message_dict", {}):
            report.refresh_from_db()
            form = ReturnForm(request.POST)
            form.is_valid()
            form.add_service_errors(error)
            return _page(request, report, return_form=form)
        messages.error(request, error_text(error))
    else:
        messages.success(request, MOVES[move])
    return redirect("duty_reports:detail", pk=report.pk)


@login_required
@require_GET
def document(request: SignedInRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk, read=False)
    services.audit_export(actor=request.user, report=report)
    return file_response(documents.report_document(report), documents.report_filename(report))
