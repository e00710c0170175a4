"""The 社情民意 figures page and its Excel export: both read `opinion_figures`."""
from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.documents.excel import workbook_response
from lvzhi.opinions.figures import Period, Scope, opinion_figures
from lvzhi.opinions.selectors import REFUSAL


def _date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


def _scope_period(request: HttpRequest) -> tuple[Scope, Period, int]:
    """A year (default this one), or the dates given as start and end (both needed, start not after end)."""
    committee = committee_from_query(request, Cap.OPINION_VIEW_ALL, REFUSAL)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    subtree = request.GET.get("subtree") == "1"
    start, end = _date(request.GET.get("start", "")), _date(request.GET.get("end", ""))
    period = Period(start, end) if start and end and start <= end else Period.for_year(year)
    return Scope(committee, include_subtree=subtree), period, year


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    scope, period, year = _scope_period(request)
    figures = opinion_figures(scope, period)
    this_year = timezone.localdate().year
    ctx = {"title": "社情民意统计", "nav_active": "opinion_figures", "f": figures, "year": year,
           "start": request.GET.get("start", ""), "end": request.GET.get("end", ""),
           "years": list(range(this_year, this_year - 6, -1)), "committee": scope.committee,
           "subtree": scope.include_subtree, "committees": committees_for(request.user, Cap.OPINION_VIEW_ALL),
           "levels": [(label, figures.adopted_by_level[code], figures.instructed_by_level[code])
                      for code, label in figures.level_labels()],
           "kinds": [(label, figures.by_submitter_kind[code]) for code, label in figures.kind_labels()]}
    return render(request, "opinions/figures.html", ctx)


@login_required
@require_GET
def figures_export(request: SignedInRequest) -> HttpResponse:
    scope, period, _ = _scope_period(request)
    figures = opinion_figures(scope, period)
    audit_record(actor=request.user, action="opinions.export_figures", obj=scope.committee,
                 committee_id=scope.committee.pk, detail=f"导出社情民意统计 {scope.label} {period.label}")
    return workbook_response(f"{scope.label}社情民意统计{period.label}.xlsx", "社情民意统计", ["指标", "数量"],
                             figures.rows())
