"""Special supervisors and their batches, 列席 and 旁听庭审, and the figures page, with their exports."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.excel import workbook_response
from lvzhi.members.models import Person
from lvzhi.supervision import documents, selectors
from lvzhi.supervision.figures import HEADLINE, Period, Scope, SupervisionFigures, supervision_figures
from lvzhi.supervision.forms import (
    AppointmentForm,
    AttendanceFilterForm,
    AttendanceForm,
    DutyForm,
    FiguresForm,
    SupervisorFilterForm,
)
from lvzhi.supervision.models import AttendanceKind, SupervisorDuty
from lvzhi.supervision.selectors import REFUSAL, reading_committee
from lvzhi.supervision.services import attendance as attendance_services
from lvzhi.supervision.services import supervisors as supervisor_services
from lvzhi.web.requests import query_string, render_partial, year_of

PAGE_SIZE = 30
_PEOPLE = Prefetch("participants", queryset=Person.objects.order_by("stroke_key", "id"))
_ATTENDEES = Prefetch("attendees", queryset=Person.objects.order_by("stroke_key", "id"))


def _scoped(qs: Any, committee: Committee | None) -> Any:
    return qs.filter(committee=committee) if committee is not None else qs


def _pk(committee: Committee | None) -> int | None:
    return committee.pk if committee is not None else None


def _name(committee: Committee | None) -> str:
    """Whose records an export holds, for its file name: the committee's, or (a member's own) 我的."""
    return committee.name if committee is not None else "我的"


# ---------------------------------------------------------------- special supervisors


def _supervisor_lists(request: HttpRequest, committee: Committee | None, year: int
                      ) -> tuple[SupervisorFilterForm, Any, Any]:
    """The appointments and the year's batches, both narrowed by the one search (member, body, content)."""
    form = SupervisorFilterForm(request.GET)
    values = form.values()
    appointments = selectors.filter_appointments(
        _scoped(selectors.appointments_for_user(request.user), committee), q=values.get("q", ""),
        state=values.get("state", "")).select_related("person")
    duties = (selectors.filter_duties(_scoped(selectors.duties_for_user(request.user), committee),
                                      q=values.get("q", ""), year=year)
              .prefetch_related(_PEOPLE).order_by("-date", "-id"))
    return form, appointments.order_by("body", "person__stroke_key", "id"), duties


def _query_string(request: HttpRequest, committee: Committee | None, year: int) -> str:
    """The filters as shown, for the pager and the export links (the page number left out)."""
    chosen = {"committee": str(committee.pk)} if committee is not None else {}
    return query_string(request, **chosen, year=str(year))


@login_required
@require_http_methods(["GET", "POST"])
def supervisor_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    committee = reading_committee(request)
    year = year_of(request)
    manage = committee is not None and can(user, Cap.SUPERVISION_MANAGE, committee)
    appoint_form = duty_form = None
    if manage:
        assert committee is not None
        which = request.POST.get("form") if request.method == "POST" else None
        appoint_form = AppointmentForm(request.POST if which == "appoint" else None, committee=committee,
                                       initial={"appointed_on": timezone.localdate(), "title": "特约监督员"})
        duty_form = DutyForm(request.POST if which == "duty" else None, committee=committee,
                             initial={"date": timezone.localdate()})
        if which == "appoint" and appoint_form.is_valid():
            try:
                supervisor_services.appointment_create(actor=user, committee=committee, **appoint_form.cleaned_data)
            except ValidationError as error:
                appoint_form.add_service_errors(error)
            else:
                messages.success(request, "已聘任。")
                return redirect(f"{request.path}?committee={committee.pk}&year={year}")
        if which == "duty" and duty_form.is_valid():
            d = duty_form.cleaned_data
            try:
                supervisor_services.duty_create(actor=user, committee=committee, body=d["body"], title=d["title"],
                                                date=d["date"], participants=list(d["participants"]))
            except ValidationError as error:
                duty_form.add_service_errors(error)
            else:
                messages.success(request, "已登记活动批次。")
                return redirect(f"{request.path}?committee={committee.pk}&year={d['date'].year}")
    elif request.method == "POST":
        committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    filters, appointments, duties = _supervisor_lists(request, committee, year)
    page = Paginator(duties, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": "特约监督员", "nav_active": "supervision_supervisors", "committee": committee, "year": year,
        "committees": committees_for(user, Cap.SUPERVISION_VIEW) if committee else [],
        "appointments": appointments, "page": page, "manage": manage, "appoint_form": appoint_form,
        "duty_form": duty_form, "today": timezone.localdate(), "filters": filters,
        "filtered": bool(filters.values()),
        "person_times": SupervisorDuty.participants.through.objects.filter(
            supervisorduty__in=duties.values("pk")).count(),
        "query_string": _query_string(request, committee, year),
    }
    response = render_partial(request, "supervision/supervisors.html", ("batches",), ctx)
    return response


@login_required
@require_POST
def appointment_end(request: SignedInRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointments_for_user(request.user).select_related("committee").filter(pk=pk).first()
    committee = committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    if appointment is None or appointment.committee_id != committee.pk:
        messages.error(request, "未找到该聘任。")
    else:
        try:
            supervisor_services.appointment_end(actor=request.user, appointment=appointment)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"{appointment.person.name}的聘任已期满。")
    return redirect(f"/supervision/supervisors/?committee={committee.pk}")


@login_required
@require_POST
def duty_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Remove a batch recorded by mistake (and the duty rows it wrote)."""
    committee = committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    duty = selectors.duties_for_user(request.user).filter(pk=pk, committee=committee).first()
    if duty is None:
        messages.error(request, "未找到该活动批次。")
    else:
        supervisor_services.duty_delete(actor=request.user, duty=duty)
        messages.success(request, f"已删除活动批次：{duty.title}。")
    return redirect(f"/supervision/supervisors/?committee={committee.pk}&year={year_of(request)}")


@login_required
@require_GET
def supervisor_export(request: SignedInRequest) -> HttpResponse:
    committee = reading_committee(request)
    year = year_of(request)
    _filters, _appointments, duties = _supervisor_lists(request, committee, year)
    rows = list(duties)
    audit_record(actor=request.user, action="supervision.export_duties", obj=committee,
                 committee_id=_pk(committee), detail=f"导出特约监督员活动 {len(rows)} 批次")
    return workbook_response(f"{_name(committee)}{year}年特约监督员活动.xlsx", "特约监督员活动",
                             documents.DUTY_HEADERS, documents.duty_rows(rows))


@login_required
@require_GET
def appointment_export(request: SignedInRequest) -> HttpResponse:
    committee = reading_committee(request)
    _filters, appointments, _duties = _supervisor_lists(request, committee, year_of(request))
    rows = list(appointments)
    audit_record(actor=request.user, action="supervision.export_appointments", obj=committee,
                 committee_id=_pk(committee), detail=f"导出特约监督员名单 {len(rows)} 人次")
    return workbook_response(f"{_name(committee)}特约监督员名单.xlsx", "特约监督员", documents.APPOINTMENT_HEADERS,
                             documents.appointment_rows(rows))


# ---------------------------------------------------------------- 列席 and 旁听


def _attendances(request: HttpRequest, committee: Committee | None, year: int) -> tuple[AttendanceFilterForm, Any]:
    filters = AttendanceFilterForm(request.GET)
    qs = selectors.filter_attendances(_scoped(selectors.attendances_for_user(request.user), committee), year=year,
                                      **filters.values())
    return filters, qs.prefetch_related(_ATTENDEES)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    committee = reading_committee(request)
    year = year_of(request)
    manage = committee is not None and can(user, Cap.SUPERVISION_MANAGE, committee)
    form = None
    if manage:
        assert committee is not None
        form = AttendanceForm(request.POST or None, committee=committee, initial={"date": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                attendance_services.attendance_create(actor=user, committee=committee, kind=d["kind"], body=d["body"],
                                                      title=d["title"], date=d["date"],
                                                      attendees=list(d["attendees"]))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "已登记。")
                return redirect(f"{request.path}?committee={committee.pk}&year={d['date'].year}")
    elif request.method == "POST":
        committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    filters, qs = _attendances(request, committee, year)
    qs = qs.order_by("-date", "-id")
    counts = dict(qs.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": "列席与旁听", "nav_active": "supervision_attendance", "committee": committee, "year": year,
        "committees": committees_for(user, Cap.SUPERVISION_VIEW) if committee else [], "form": form,
        "manage": manage, "page": page, "filters": filters, "filtered": bool(filters.values()),
        "counts": [(label, counts.get(value, 0)) for value, label in AttendanceKind.choices],
        "query_string": _query_string(request, committee, year),
    }
    response = render_partial(request, "supervision/attendance.html", ("occasions",), ctx)
    return response


@login_required
@require_POST
def attendance_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Remove an occasion recorded by mistake (and the duty rows it wrote)."""
    committee = committee_from_query(request, Cap.SUPERVISION_MANAGE, REFUSAL)
    row = selectors.attendances_for_user(request.user).filter(pk=pk, committee=committee).first()
    if row is None:
        messages.error(request, "未找到该记录。")
    else:
        attendance_services.attendance_delete(actor=request.user, attendance=row)
        messages.success(request, f"已删除：{row.title}。")
    return redirect(f"/supervision/attendance/?committee={committee.pk}&year={year_of(request)}")


@login_required
@require_GET
def attendance_export(request: SignedInRequest) -> HttpResponse:
    committee = reading_committee(request)
    year = year_of(request)
    _filters, qs = _attendances(request, committee, year)
    rows = list(qs.order_by("date", "id"))
    audit_record(actor=request.user, action="supervision.export_attendance", obj=committee,
                 committee_id=_pk(committee), detail=f"导出列席旁听 {len(rows)} 次")
    return workbook_response(f"{_name(committee)}{year}年列席旁听.xlsx", "列席旁听", documents.ATTENDANCE_HEADERS,
                             documents.attendance_rows(rows))


# ---------------------------------------------------------------- figures


def _subtree_readable(user: Any, committee: Committee) -> bool:
    below = Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk)
    return all(can(user, Cap.SUPERVISION_VIEW, c) for c in below)


def figures_for(request: HttpRequest) -> tuple[Committee, FiguresForm, SupervisionFigures, bool]:
    committee = committee_from_query(request, Cap.SUPERVISION_VIEW, "您没有权限查看民主监督统计。")
    form = FiguresForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    if data.get("start") or data.get("end"):
        period = Period.between(data.get("start"), data.get("end"))
    else:
        period = Period.for_year(data.get("year") or timezone.localdate().year)
    subtree_ok = _subtree_readable(request.user, committee)
    scope = Scope(committee, include_subtree=bool(data.get("subtree")) and subtree_ok)
    return committee, form, supervision_figures(scope, period), subtree_ok


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    committee, form, f, subtree_ok = figures_for(request)
    ctx = {
        "title": "民主监督统计", "nav_active": "supervision_figures", "committee": committee, "form": form, "f": f,
        "subtree_ok": subtree_ok, "committees": committees_for(request.user, Cap.SUPERVISION_VIEW),
        "cards": [{"code": code, "label": label, "unit": unit, "value": getattr(f, code)}
                  for code, label, unit in HEADLINE],
        "query_string": request.GET.urlencode(),
    }
    template = "supervision/figures.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and htmx.target == "results":
        template += "#results"
    return render(request, template, ctx)


@login_required
@require_GET
def figures_export(request: SignedInRequest) -> HttpResponse:
    committee, _form, f, _ok = figures_for(request)
    audit_record(actor=request.user, action="supervision.export_figures", obj=committee, committee_id=committee.pk,
                 detail=f"导出民主监督统计 {f.period.label}")
    return workbook_response(f"{f.scope.label}民主监督统计（{f.period.label}）.xlsx", "民主监督统计",
                             documents.FIGURE_HEADERS, documents.figure_rows(f))


