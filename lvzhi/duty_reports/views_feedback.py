"""The year-end feedback screen (年终履职情况反馈): the table for each recipient, the Excel workbook (a sheet per
recipient), the letters as one .zip, and one recipient's letter. Every view and download is audited."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.documents.downloads import file_response
from lvzhi.documents.excel import content_disposition
from lvzhi.duty_reports import feedback as fb
from lvzhi.web.requests import year_of

REFUSAL = "只有委员履职管理工作人员和领导可以查看年终履职情况反馈。"


def _scope(request: SignedInRequest) -> tuple[Committee, int, list[fb.Recipient]]:
    committee = committee_from_query(request, Cap.DUTY_VIEW, REFUSAL)
    year = year_of(request)
    return committee, year, fb.recipients(committee, year)


@login_required
@require_GET
def feedback(request: SignedInRequest) -> HttpResponse:
    committee, year, found = _scope(request)
    fb.audit_feedback(actor=request.user, committee=committee, year=year, what="查看")
    return render(request, "duty_reports/feedback.html", {
        "title": "年终履职情况反馈", "nav_active": "duty_reports_feedback", "committee": committee, "year": year,
        "recipients": found, "headers": fb.HEADERS, "no_unit": fb.NO_UNIT,
        "committees": committees_for(request.user, Cap.DUTY_VIEW),
        "years": sorted({year, timezone.localdate().year, timezone.localdate().year - 1}, reverse=True)})


@login_required
@require_GET
def feedback_table(request: SignedInRequest) -> HttpResponse:
    committee, year, found = _scope(request)
    fb.audit_feedback(actor=request.user, committee=committee, year=year, what="导出Excel", export=True)
    return file_response(fb.workbook(found), f"{committee.name}{year}年度委员履职情况反馈表.xlsx")


@login_required
@require_GET
def feedback_letters(request: SignedInRequest) -> HttpResponse:
    committee, year, found = _scope(request)
    fb.audit_feedback(actor=request.user, committee=committee, year=year, what="导出全部反馈函", export=True)
    response = HttpResponse(fb.letters_zip(committee, year, found, today=timezone.localdate()),
                            content_type="application/zip")
    response["Content-Disposition"] = content_disposition(f"{committee.name}{year}年度委员履职情况反馈函.zip")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def feedback_letter(request: SignedInRequest) -> HttpResponse:
    committee, year, found = _scope(request)
    recipient = fb.find(found, request.GET.get("unit", ""))
    if recipient is None:
        raise Http404("没有这个反馈单位。")
    fb.audit_feedback(actor=request.user, committee=committee, year=year, what=f"导出反馈函（{recipient.name}）",
                      export=True)
    return file_response(fb.letter(committee, year, recipient, today=timezone.localdate()),
                         fb.letter_filename(year, recipient))
