"""The supervised matters: the list with search, filters and export; a matter's page with its loop and actions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.documents.excel import workbook_response
from lvzhi.supervision import documents, selectors, workflow
from lvzhi.supervision.forms import MOVE_FORMS, MatterFilterForm
from lvzhi.supervision.models import MatterState, SupervisionGroup, SupervisionMatter
from lvzhi.supervision.selectors import filter_matters, reading_committee
from lvzhi.supervision.services import matters as matter_services
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 30
SERVICES: dict[str, Callable[..., Any]] = {
    "edit": matter_services.matter_update, "issue_opinions": matter_services.matter_issue_opinions,
    "record_feedback": matter_services.matter_record_feedback, "verify": matter_services.matter_verify,
    "reject_effect": matter_services.matter_reject_effect,
}
LOOP = [MatterState.FACT_FINDING, MatterState.OPINIONS_ISSUED, MatterState.FEEDBACK_RECEIVED, MatterState.VERIFIED]




def _filter_form(request: HttpRequest, committee: Committee | None, base: QuerySet[SupervisionMatter]
                 ) -> MatterFilterForm:
    if committee is not None:
        groups = SupervisionGroup.objects.filter(committee=committee)
        units = HandlingUnit.objects.filter(committee=committee, supervision_matters__isnull=False).distinct()
    else:
        groups = SupervisionGroup.objects.filter(pk__in=base.values("group_id"))
        units = HandlingUnit.objects.filter(pk__in=base.values("department_id"))
    years = sorted(groups.values_list("year", flat=True).distinct(), reverse=True)
    return MatterFilterForm(
        request.GET, years=years,
        groups=[(g.pk, f"{g.year} {g.name}") for g in groups.order_by("-year", "id").only("pk", "year", "name")],
        departments=list(units.order_by("sort_order", "id").values_list("pk", "name")))


def _listing(request: HttpRequest) -> tuple[Committee | None, MatterFilterForm, QuerySet[SupervisionMatter]]:
    committee = reading_committee(request)
    base = selectors.matters_for_user(request.user)
    if committee is not None:
        base = base.filter(committee=committee)
    form = _filter_form(request, committee, base)
    qs = filter_matters(base, form.values())
    qs = qs.select_related("group", "department").annotate(opinion_count=Count("opinions")).order_by("-id")
    return committee, form, qs



@login_required
@require_GET
def matter_list(request: HttpRequest) -> HttpResponse:
    committee, form, qs = _listing(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": "监督事项", "nav_active": "supervision_matters", "committee": committee, "form": form, "page": page,
        "committees": committees_for(request.user, Cap.SUPERVISION_VIEW) if committee else [],
        "query_string": query_string(request), "filtered": bool(form.values()),
    }
    response = render_partial(request, "supervision/matters.html", ("results",), ctx)
    return response


@login_required
@require_GET
def matter_export(request: SignedInRequest) -> HttpResponse:
    committee, _form, qs = _listing(request)
    rows = list(qs[:20_000])
    name = committee.name if committee else "我的"
    audit_record(actor=request.user, action="supervision.export_matters", obj=committee,
                 committee_id=committee.pk if committee else None, detail=f"导出监督事项 {len(rows)} 项")
    return workbook_response(f"{name}民主监督事项-{timezone.localdate():%Y%m%d}.xlsx", "监督事项",
                             documents.MATTER_HEADERS, documents.matter_rows(rows))


def _move_forms(matter: SupervisionMatter, bound: dict[str, Any]) -> list[dict[str, Any]]:
    initial = {"version": matter.version, "title": matter.title, "description": matter.description}
    out = []
    opened = bool(bound)
    for move in workflow.allowed_moves(matter.state):
        form = bound.get(move.name) or MOVE_FORMS[move.name](initial=initial)
        # The form sent back with errors is open; otherwise the loop's next step (not 修改).
        is_open = move.name in bound or (not opened and move.name != "edit")
        opened = opened or is_open
        out.append({"move": move, "form": form, "open": is_open})
    return out


def _detail(request: HttpRequest, matter: SupervisionMatter, bound: dict[str, Any]) -> HttpResponse:
    manage = can(request.user, Cap.SUPERVISION_MANAGE, matter.committee)
    steps = list(matter.steps.select_related("actor"))
    position = LOOP.index(MatterState(matter.state))
    ctx = {
        "title": matter.title, "nav_active": "supervision_matters", "matter": matter, "manage": manage,
        "opinions": list(matter.opinions.all()), "steps": steps,
        "loop": [{"label": MatterState(s).label, "done": i < position or matter.state == MatterState.VERIFIED,
                  "current": i == position} for i, s in enumerate(LOOP)],
        "next_step": workflow.NEXT_STEP[MatterState(matter.state)],
        "forms": _move_forms(matter, bound) if manage else [],
    }
    return render(request, "supervision/matter.html", ctx)


@login_required
@require_GET
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_matter_for_user(request.user, pk), {})


@login_required
@require_http_methods(["POST"])
def matter_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in SERVICES:
        raise Http404("未知的操作。")
    matter = selectors.get_matter_for_user(request.user, pk)
    require(request.user, Cap.SUPERVISION_MANAGE, matter.committee)
    form = MOVE_FORMS[move](request.POST)
    if form.is_valid():
        try:
            SERVICES[move](actor=request.user, matter=matter, expected_version=form.cleaned_data["version"],
                           **form.service_values())  # type: ignore[attr-defined]
        except ValidationError as error:
            matter.refresh_from_db()
            if move not in {m.name for m in workflow.allowed_moves(matter.state)}:
                # Someone moved it on meanwhile (or a double submit): say so above the page.
                messages.error(request, "；".join(error.messages))
                return redirect("supervision:matter", pk=matter.pk)
            form.add_service_errors(error)  # type: ignore[attr-defined]
        else:
            messages.success(request, f"已{workflow.MOVES[move].label}。")
            return redirect("supervision:matter", pk=matter.pk)
    matter.refresh_from_db()
    return _detail(request, matter, {move: form})
