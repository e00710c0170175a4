"""The suggestion tracking list (open loops by state) and the 协商 figures page, with their Excel exports."""
from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.consultations import documents, workflow
from lvzhi.consultations.figures import HEADLINE, Period, Scope, consultation_figures
from lvzhi.consultations.forms import SuggestionFilterForm
from lvzhi.consultations.models import InstructionLevel, Suggestion
from lvzhi.consultations.selectors import committee_for, filter_suggestions, suggestions_for_user
from lvzhi.documents.downloads import file_response
from lvzhi.web.requests import render_partial

PAGE_SIZE = 30


def _suggestions(request: HttpRequest) -> tuple[dict[str, Any], QuerySet[Suggestion]]:
    committee = committee_for(request)
    form = SuggestionFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    qs = filter_suggestions(suggestions_for_user(request.user).filter(committee=committee), **values)
    query = request.GET.copy()
    query.pop("page", None)
    return {"committee": committee, "form": form, "query_string": query.urlencode()}, \
        qs.select_related("activity").order_by("-id")


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    context, qs = _suggestions(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    manage = can(request.user, Cap.CONSULTATION_MANAGE, context["committee"])
    for s in page.object_list:
        s.moves = [m.name for m in workflow.SUGGESTION.allowed(s.state)] if manage else []
    context.update({"page": page, "manage": manage, "today": timezone.localdate(),
                    "instruction_levels": InstructionLevel.choices,
                    "committees": committees_for(request.user, Cap.CONSULTATION_VIEW),
                    "title": "意见建议跟踪", "nav_active": "consultations_suggestions"})
    return render_partial(request, "consultations/suggestions.html", ("results",), context)


@login_required
@require_GET
def suggestion_export(request: SignedInRequest) -> HttpResponse:
    context, qs = _suggestions(request)
    committee = context["committee"]
    rows = list(qs[:20_000])
    audit_record(actor=request.user, action="consultations.export_suggestions", obj=committee,
                 committee_id=committee.pk, detail=f"导出意见建议 {len(rows)} 条")
    return file_response(documents.suggestions_xlsx(rows), f"{committee.name}意见建议-{timezone.localdate():%Y%m%d}.xlsx")


def _period(request: HttpRequest) -> tuple[Period, str]:
    """A year (default this year) or a start and end date; bad input falls back to this year, with a note."""
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    if start or end:
        try:
            first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError:
            return Period.for_year(timezone.localdate().year), "日期格式有误，已按今年统计。"
        if first > last:
            return Period.for_year(timezone.localdate().year), "开始日期晚于结束日期，已按今年统计。"
        return Period.between(first, last), ""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return Period.for_year(int(raw)), ""
    return Period.for_year(timezone.localdate().year), ""


def _figures(request: HttpRequest) -> tuple[Any, Any, str, bool]:
    committee = committee_for(request)
    period, note = _period(request)
    subtree = request.GET.get("subtree") == "1" and committee.children.exists()
    return consultation_figures(Scope(committee, include_subtree=subtree), period), committee, note, subtree


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    f, committee, note, subtree = _figures(request)
    query = request.GET.urlencode()
    cards = [(label, getattr(f, key)) for key, label in HEADLINE]
    return render_partial(request, "consultations/figures.html", ("results",), {
        "f": f, "cards": cards, "committee": committee, "note": note, "subtree": subtree, "query_string": query,
        "committees": committees_for(request.user, Cap.CONSULTATION_VIEW), "has_children": committee.children.exists(),
        "max_form": max([n for _, _, n in f.by_form] or [0]) or 1, "year": f.period.year or "",
        "start": request.GET.get("start", ""), "end": request.GET.get("end", ""),
        "title": "协商统计", "nav_active": "consultations_figures",
    })


@login_required
@require_GET
def figures_export(request: HttpRequest) -> HttpResponse:
    f, committee, _, _ = _figures(request)
    return file_response(documents.figures_xlsx(f), f"{f.scope.label}协商统计-{f.period.label}.xlsx")
