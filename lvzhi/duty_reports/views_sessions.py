"""述职 session screens: a committee's sessions of a year, a session's page, recording and changing one."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.duty_reports import selectors
from lvzhi.duty_reports.forms import SessionForm
from lvzhi.duty_reports.models import ReportingSession
from lvzhi.duty_reports.services import sessions as services
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version, year_of


def _values(form: SessionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    data["reporters"] = [services.Reporter(person=p) for p in data["reporters"]]
    data["attendees"] = list(data["attendees"])
    return data


@login_required
@require_GET
def session_list(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_VIEW, selectors.SESSION_REFUSAL)
    year = year_of(request)
    sessions = (selectors.sessions_for_user(request.user).filter(committee=committee, year=year)
                .prefetch_related("reporters__person").order_by("-date", "-id"))
    years = sorted({year, timezone.localdate().year, *ReportingSession.objects.filter(committee=committee)
                    .values_list("year", flat=True).distinct()}, reverse=True)
    return render(request, "duty_reports/sessions.html", {
        "title": "述职会", "nav_active": "duty_reports_sessions", "committee": committee, "year": year,
        "years": years, "sessions": sessions, "manage": can(request.user, Cap.DUTY_MANAGE, committee),
        "committees": committees_for(request.user, Cap.DUTY_VIEW)})


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_MANAGE, "只有委员履职管理工作人员可以登记述职会。")
    form = SessionForm(request.POST or None, committee=committee, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, committee=committee, **_values(form))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"已登记{session.title}，述职人和参加人员的履职档案已更新。")
            return redirect("duty_reports:session", pk=session.pk)
    return render(request, "duty_reports/session_form.html", {
        "title": "登记述职会", "nav_active": "duty_reports_sessions", "committee": committee, "form": form})


@login_required
@require_GET
def session_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    return render(request, "duty_reports/session.html", {
        "title": session.title, "nav_active": "duty_reports_sessions", "session": session,
        "reporters": session.reporters.select_related("person", "report"),
        "attendees": session.attendees.order_by("stroke_key", "id"),
        "manage": can(request.user, Cap.DUTY_MANAGE, session.committee)})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, session.committee)
    initial = {"title": session.title, "date": session.date, "place": session.place,
               "activity_group": session.activity_group, "special_committee": session.special_committee,
               "reporters": [r.person for r in session.reporters.select_related("person")],
               "attendees": list(session.attendees.all()), "version": session.version}
    form = SessionForm(request.POST or None, committee=session.committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, expected_version=form.cleaned_data["version"],
                                    **_values(form))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "述职会已修改。")
            return redirect("duty_reports:session", pk=session.pk)
    return render(request, "duty_reports/session_form.html", {
        "title": f"修改{session.title}", "nav_active": "duty_reports_sessions", "committee": session.committee,
        "form": form, "session": session})


@login_required
@require_POST
def session_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    committee_id, year = session.committee_id, session.year
    try:
        services.session_delete(actor=request.user, session=session, expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("duty_reports:session", pk=pk)
    messages.success(request, "述职会已删除，相应的履职记录已一并删除。")
    return redirect(f"{reverse('duty_reports:sessions')}?committee={committee_id}&year={year}")
