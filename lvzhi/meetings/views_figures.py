"""The 会议与考勤 figures page and its Excel export, for one committee or its subtree and a year or dates."""
from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.accounts.permissions import Cap, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.meetings import documents
from lvzhi.meetings.figures import Period, Scope, meeting_figures
from lvzhi.meetings.models import SheetKind, SpeechKind
from lvzhi.meetings.selectors import committee_from_query


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_from(request: HttpRequest) -> Period:
    start, end = _date(request.GET.get("start", "")), _date(request.GET.get("end", ""))
    if start or end:
        return Period.between(start, end)
    year = request.GET.get("year", "")
    return Period.for_year(int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year)


def _figures(request: HttpRequest):
    committee = committee_from_query(request)
    scope = Scope(committee, include_subtree=request.GET.get("subtree") == "1")
    return committee, meeting_figures(scope, period_from(request))


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    committee, f = _figures(request)
    this_year = timezone.localdate().year
    return render(request, "meetings/figures.html", {
        "title": "会议考勤统计", "nav_active": "meetings_figures", "committee": committee, "f": f,
        "committees": committees_for(request.user, Cap.MEETING_VIEW), "years": range(this_year, this_year - 6, -1),
        "kinds": [(SheetKind(k).label, n, f.totals_by_kind[k]) for k, n in f.by_kind.items()],
        "speech_kinds": [(SpeechKind(k).label, n) for k, n in f.speeches_by_kind.items()],
        "query": request.GET.urlencode(),
    })


@login_required
@require_GET
def figures_export(request: SignedInRequest) -> HttpResponse:
    committee, f = _figures(request)
    audit_record(actor=request.user, action="meetings.export_figures", obj=committee, committee_id=committee.pk,
                 detail=f"导出会议考勤统计 {f.scope.label} {f.period.label}")
    return documents.xlsx(f"{committee.name}会议考勤统计-{f.period.label}.xlsx", "会议考勤统计", ["指标", "数值"],
                          documents.figure_rows(f))
