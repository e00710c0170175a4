"""民主监督 screens: the year's plan and groups, a group's page, its Word report, creating and editing groups."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.documents.downloads import file_response
from lvzhi.documents.excel import workbook_response
from lvzhi.supervision import documents, selectors
from lvzhi.supervision.forms import GroupFilterForm, GroupForm, MatterForm, PlanForm
from lvzhi.supervision.models import GroupRole, MatterState, SupervisionGroup, SupervisionPlan
from lvzhi.supervision.selectors import REFUSAL, reading_committee
from lvzhi.supervision.services import groups as group_services
from lvzhi.supervision.services import matters as matter_services
from lvzhi.web.requests import render_partial, year_of


def _group_rows(qs: Any) -> Any:
    today = timezone.localdate()
    return qs.select_related("committee").annotate(
        matter_count=Count("matters", distinct=True),
        closed_count=Count("matters", filter=Q(matters__state=MatterState.VERIFIED), distinct=True),
        overdue_count=Count("matters", filter=Q(matters__state=MatterState.OPINIONS_ISSUED,
                                                matters__feedback_due__lt=today), distinct=True),
    ).order_by("-sent_on", "id")


def _group_listing(request: HttpRequest, committee: Committee | None, year: int
                   ) -> tuple[GroupFilterForm, QuerySet[SupervisionGroup]]:
    """A year's groups of the committee (or the member's own groups, every year), narrowed by the filters."""
    base = selectors.groups_for_user(request.user)
    base = base.filter(committee=committee, year=year) if committee is not None else base
    units = HandlingUnit.objects.filter(pk__in=SupervisionGroup.departments.through.objects.filter(
        supervisiongroup__in=base.values("pk")).values("handlingunit_id"))
    form = GroupFilterForm(request.GET, departments=list(units.order_by("sort_order", "id")
                                                         .values_list("pk", "name")))
    return form, _group_rows(selectors.filter_groups(base, **form.values()))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The plan and the groups of a year (staff), or the groups the member sits in."""
    user = request.user
    committee = reading_committee(request)
    year = year_of(request)
    form, groups = _group_listing(request, committee, year)
    query = request.GET.copy()
    query.pop("page", None)
    ctx: dict[str, Any] = {"title": "民主监督", "nav_active": "supervision", "committee": committee, "year": year,
                           "form": form, "groups": groups, "filtered": bool(form.values()),
                           "query_string": query.urlencode()}
    if committee is None:
        ctx["mine"] = True
        return render_partial(request, "supervision/index.html", ("results",), ctx)
    manage = can(user, Cap.SUPERVISION_MANAGE, committee)
    plan = SupervisionPlan.objects.filter(committee=committee, year=year).first()
    years = sorted({year, timezone.localdate().year, *SupervisionGroup.objects.filter(committee=committee)
                    .values_list("year", flat=True).distinct()}, reverse=True)
    ctx.update({
        "plan": plan, "years": years, "manage": manage,
        "committees": committees_for(user, Cap.SUPERVISION_VIEW),
        "plan_form": PlanForm(initial={"year": year, "title": f"{year}年度民主监督工作计划"}) if manage and not plan
        else None,
    })
    response = render_partial(request, "supervision/index.html", ("results",), ctx)
    return response


@login_required
@require_GET
def group_export(request: SignedInRequest) -> HttpResponse:
    """The groups as listed: a committee's of a year (staff), or every group the member sits in."""
    committee = reading_committee(request)
    year = year_of(request)
    _form, groups = _group_listing(request, committee, year)
    rows = list(groups.prefetch_related("memberships__person", "departments"))
    name = f"{committee.name}{year}年度" if committee is not None else "我参加的"
    audit_record(actor=request.user, action="supervision.export_groups", obj=committee,
                 committee_id=committee.pk if committee is not None else None,
                 detail=f"导出{name}民主监督组 {len(rows)} 个")
    return workbook_response(f"{name}民主监督组.xlsx", "民主监督组", documents.GROUP_HEADERS,
                             documents.group_rows(rows))


@login_required
@require_POST
def plan_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            group_services.plan_create(actor=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "年度计划已建立。")
    else:
        messages.error(request, "请填写年度和计划名称。")
    return redirect(f"/supervision/?committee={committee.pk}&year={form.data.get('year', '')}")


@login_required
@require_POST
def plan_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    plan = SupervisionPlan.objects.select_related("committee").filter(pk=pk).first()
    if plan is None:
        require(request.user, Cap.SUPERVISION_MANAGE, None)
        raise PermissionDenied(REFUSAL)
    version = request.POST.get("version", "")
    try:
        group_services.plan_approve(actor=request.user, plan=plan,
                                    expected_version=int(version) if version.isdigit() else None)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "年度计划已审定。")
    return redirect(f"/supervision/?committee={plan.committee_id}&year={plan.year}")


def _group_form_page(request: SignedInRequest, committee: Committee, group: SupervisionGroup | None) -> HttpResponse:
    initial: dict[str, Any] = {"sent_on": timezone.localdate()}
    if group is not None:
        seats = list(group.memberships.all())
        initial = {
            "name": group.name, "topic": group.topic, "sent_on": group.sent_on, "methods": group.methods,
            "leader": next((s.person_id for s in seats if s.role == GroupRole.LEADER), None),
            "members": [s.person_id for s in seats if s.role == GroupRole.MEMBER],
            "departments": list(group.departments.values_list("pk", flat=True)), "version": group.version,
        }
    form = GroupForm(request.POST or None, initial=initial, committee=committee)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        values = {"name": d["name"], "topic": d["topic"], "leader": d["leader"], "members": list(d["members"]),
                  "departments": list(d["departments"]), "methods": d["methods"], "sent_on": d["sent_on"]}
        try:
            if group is None:
                plan = SupervisionPlan.objects.filter(committee=committee, year=d["sent_on"].year).first()
                group = group_services.group_create(actor=request.user, committee=committee, plan=plan, **values)
                messages.success(request, f"已派出{group.name}。")
            else:
                group_services.group_update(actor=request.user, group=group, expected_version=d.get("version"),
                                            **values)
                messages.success(request, "监督组已修改。")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("supervision:group", pk=group.pk)
    ctx = {"title": "修改监督组" if group else "派出民主监督组", "nav_active": "supervision", "form": form,
           "committee": committee, "group": group}
    return render(request, "supervision/group_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    return _group_form_page(request, committee, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, pk)
    require(request.user, Cap.SUPERVISION_MANAGE, group.committee)
    return _group_form_page(request, group.committee, group)


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    group = selectors.get_group_for_user(user, pk)
    manage = can(user, Cap.SUPERVISION_MANAGE, group.committee)
    form = MatterForm(request.POST or None, group=group) if manage else None
    if request.method == "POST":
        if form is None:
            require(user, Cap.SUPERVISION_MANAGE, group.committee)
        elif form.is_valid():
            try:
                matter = matter_services.matter_create(actor=user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "监督事项已登记。")
                return redirect("supervision:matter", pk=matter.pk)
    ctx = {
        "title": group.name, "nav_active": "supervision", "group": group, "manage": manage, "form": form,
        "seats": group.memberships.select_related("person").order_by("role", "id"),
        "departments": group.departments.order_by("sort_order", "id"),
        "matters": group.matters.select_related("department").annotate(opinion_count=Count("opinions"))
        .order_by("id"),
    }
    return render(request, "supervision/group.html", ctx)


@login_required
@require_GET
def group_report(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, pk)
    audit_record(actor=request.user, action="supervision.export_report", obj=group, committee_id=group.committee_id,
                 detail=f"导出{group.name}监督报告")
    return file_response(documents.group_report_docx(group), f"{group.name}民主监督工作报告.docx")
