"""学习培训 screens: the year's sessions with their figures, a session's page (roll, sign-in sheet, class roll), the
forms, and the figures page."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.study import selectors, workflow
from lvzhi.study.figures import HEADLINE, Period, Scope, StudyFigures, study_figures
from lvzhi.study.forms import CancelForm, FiguresForm, RollForm, SessionFilterForm, SessionForm, SheetForm, TraineeForm
from lvzhi.study.models import SessionState, StudySession
from lvzhi.study.selectors import reading_committee
from lvzhi.study.services import sessions as services
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version, query_string, render_partial, year_of


def _cards(f: StudyFigures) -> list[dict[str, Any]]:
    return [{"code": code, "label": label, "unit": unit, "value": getattr(f, code)} for code, label, unit in HEADLINE]


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    """A committee's sessions of a year, filtered by kind and state; its figures for the year (staff)."""
    user = request.user
    committee = reading_committee(request)
    year = year_of(request)
    staff = can(user, Cap.DUTY_VIEW, committee)
    form = SessionFilterForm(request.GET)
    base = selectors.sessions_for_user(user).filter(committee=committee)
    sessions = list(selectors.filter_sessions(base, year=year, **form.values())
                    .select_related("sheet").order_by("-date", "-id"))
    pid = selectors.person_id(user)
    mine = selectors.attended_session_ids(pid, base.filter(year=year))
    years = sorted({year, timezone.localdate().year, *base.values_list("year", flat=True).distinct()}, reverse=True)
    f = study_figures(Scope(committee), Period.for_year(year))
    ctx = {
        "title": "学习培训", "nav_active": "study", "committee": committee, "year": year, "years": years,
        "form": form, "sessions": sessions, "mine": mine, "staff": staff, "member": pid is not None,
        "manage": can(user, Cap.DUTY_MANAGE, committee), "f": f, "cards": _cards(f),
        "committees": committees_for(user, Cap.DUTY_VIEW) if staff else [],
        "filtered": bool(form.values()), "query_string": query_string(request, committee=str(committee.pk),
                                                                      year=str(year)),
    }
    return render_partial(request, "study/index.html", ("results",), ctx)


def _session_form_page(request: SignedInRequest, committee: Committee, session: StudySession | None
                       ) -> HttpResponse:
    initial: dict[str, Any] = {"date": timezone.localdate(), "non_member_count": 0}
    if session is not None:
        initial = {f: getattr(session, f) for f in services.SESSION_FIELDS} | {"version": session.version}
    form = SessionForm(request.POST or None, initial=initial, editing=session is not None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if session is None:
                session = services.session_create(actor=request.user, committee=committee, **values)
                messages.success(request, f"已登记：{session.title}。")
            else:
                services.session_update(actor=request.user, session=session,
                                        expected_version=form.cleaned_data.get("version"), **values)
                messages.success(request, "已保存。")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("study:session", pk=session.pk)
    ctx = {"title": "修改学习培训" if session else "登记学习培训", "nav_active": "study", "form": form,
           "committee": committee, "session": session}
    return render(request, "study/session_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_MANAGE, "您没有权限登记学习培训。")
    return _session_form_page(request, committee, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, session.committee)
    return _session_form_page(request, session.committee, session)


@login_required
@require_GET
def session_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    session = selectors.get_session_for_user(user, pk)
    manage = can(user, Cap.DUTY_MANAGE, session.committee)
    staff = can(user, Cap.DUTY_VIEW, session.committee)
    pid = selectors.person_id(user)
    base = StudySession.objects.filter(pk=session.pk)
    open_ = session.state != SessionState.CANCELLED
    ctx: dict[str, Any] = {
        "title": session.title, "nav_active": "study", "session": session, "manage": manage, "staff": staff,
        "names": selectors.roll_names(session), "attended": session.pk in selectors.attended_session_ids(pid, base),
        "member": pid is not None,
        "trainees": list(session.trainees.select_related("person").order_by("person__stroke_key", "id"))
        if staff else [],
        "moves": [m for m in workflow.SESSION.allowed(session.state) if m.name in workflow.BUTTONS] if manage else [],
    }
    if manage and open_:
        ctx["roll_form"] = RollForm(session=session, initial={
            "members": [t.person_id for t in ctx["trainees"] if t.person_id],
            "non_member_count": session.non_member_count, "version": session.version})
        ctx["sheet_form"] = None if session.is_class else SheetForm(
            session=session, initial={"sheet": session.sheet_id, "version": session.version})
        ctx["trainee_form"] = TraineeForm(session=session) if session.is_class else None
        ctx["cancel_form"] = CancelForm(initial={"version": session.version})
    return render(request, "study/session.html", ctx)


def _back(session: StudySession) -> HttpResponse:
    return redirect("study:session", pk=session.pk)


def _managed(request: SignedInRequest, pk: int) -> StudySession:
    session = selectors.get_session_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, session.committee)
    return session


@login_required
@require_POST
def session_move(request: SignedInRequest, pk: int, move: str) -> HttpResponse:
    session = _managed(request, pk)
    version = posted_version(request)
    try:
        if move == "hold":
            services.session_hold(actor=request.user, session=session, expected_version=version)
            messages.success(request, "已确认举办，出席委员已记入履职档案。")
        elif move == "cancel":
            services.session_cancel(actor=request.user, session=session, expected_version=version,
                                    reason=request.POST.get("reason", ""))
            messages.success(request, "已取消，本页登记的委员履职记录已撤销。")
        else:
            messages.error(request, "未知的操作。")
    except ValidationError as error:
        messages.error(request, error_text(error))
    return _back(session)


@login_required
@require_POST
def session_roll(request: SignedInRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    form = RollForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, "名单中有不可选的人员，请刷新页面后重新选择。")
        return _back(session)
    d = form.cleaned_data
    try:
        services.session_set_roll(actor=request.user, session=session, members=list(d["members"]),
                                  non_member_count=d.get("non_member_count"), expected_version=d.get("version"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "名单已保存。")
    return _back(session)


@login_required
@require_POST
def session_sheet(request: SignedInRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    form = SheetForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, "所选签到表不可关联（须为本会同一天的学习培训签到表）。")
        return _back(session)
    sheet = form.cleaned_data.get("sheet")
    try:
        services.session_link_sheet(actor=request.user, session=session, sheet=sheet,
                                    expected_version=form.cleaned_data.get("version"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "已关联签到表。" if sheet else "已取消关联签到表。")
    return _back(session)


@login_required
@require_POST
def trainee_add(request: SignedInRequest, pk: int) -> HttpResponse:
    session = _managed(request, pk)
    form = TraineeForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, "请选择本会在任委员，或填写非委员学员的姓名。")
        return _back(session)
    try:
        trainee = services.trainee_add(actor=request.user, session=session, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已将{trainee.display_name}列入学员名单。")
    return _back(session)


@login_required
@require_POST
def trainee_remove(request: SignedInRequest, pk: int, trainee_pk: int) -> HttpResponse:
    session = _managed(request, pk)
    trainee = selectors.get_trainee(session, trainee_pk)
    try:
        services.trainee_remove(actor=request.user, trainee=trainee)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已将{trainee.display_name}移出学员名单。")
    return _back(session)


# ---------------------------------------------------------------- figures


def figures_for(request: HttpRequest) -> tuple[Committee, FiguresForm, StudyFigures, bool]:
    committee = committee_from_query(request, Cap.DUTY_VIEW, "您没有权限查看学习培训统计。")
    form = FiguresForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("start") or data.get("end"):
        period = Period.between(data.get("start"), data.get("end"))
    else:
        period = Period.for_year(data.get("year") or timezone.localdate().year)
    below = Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk)
    subtree_ok = all(can(request.user, Cap.DUTY_VIEW, c) for c in below)
    scope = Scope(committee, include_subtree=bool(data.get("subtree")) and subtree_ok)
    return committee, form, study_figures(scope, period), subtree_ok


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    committee, form, f, subtree_ok = figures_for(request)
    ctx = {
        "title": "学习培训统计", "nav_active": "study_figures", "committee": committee, "form": form, "f": f,
        "subtree_ok": subtree_ok, "committees": committees_for(request.user, Cap.DUTY_VIEW), "cards": _cards(f),
    }
    return render_partial(request, "study/figures.html", ("results",), ctx)

