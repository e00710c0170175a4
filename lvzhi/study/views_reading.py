"""读书群 screens: the committee's reading groups, a group's page with its members and activities, the forms."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.members.models import Person
from lvzhi.study import selectors
from lvzhi.study.forms import ActivityForm, ReadingGroupForm
from lvzhi.study.models import MemberRole, ReadingActivity, ReadingGroup
from lvzhi.study.selectors import reading_committee
from lvzhi.study.services import reading as services
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version

_PEOPLE = Prefetch("participants", queryset=Person.objects.order_by("stroke_key", "id"))


@login_required
@require_GET
def group_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    committee = reading_committee(request)
    staff = can(user, Cap.DUTY_VIEW, committee)
    groups = (selectors.groups_for_user(user).filter(committee=committee)
              .annotate(member_total=Count("memberships", distinct=True),
                        activity_total=Count("activities", distinct=True)).order_by("-is_active", "name", "id"))
    pid = selectors.person_id(user)
    mine = set(ReadingGroup.objects.filter(memberships__person_id=pid).values_list("pk", flat=True)) if pid else set()
    ctx = {"title": "读书群", "nav_active": "study_reading", "committee": committee, "groups": groups, "mine": mine,
           "manage": can(user, Cap.DUTY_MANAGE, committee),
           "committees": committees_for(user, Cap.DUTY_VIEW) if staff else []}
    return render(request, "study/groups.html", ctx)


def _group_form_page(request: SignedInRequest, committee: Committee, group: ReadingGroup | None) -> HttpResponse:
    initial: dict[str, Any] = {"founded_on": timezone.localdate(), "is_active": True}
    if group is not None:
        seats = list(group.memberships.all())
        initial = {"name": group.name, "theme": group.theme, "founded_on": group.founded_on,
                   "is_active": group.is_active, "version": group.version,
                   "leader": next((s.person_id for s in seats if s.role == MemberRole.LEADER), None),
                   "members": [s.person_id for s in seats if s.role == MemberRole.MEMBER]}
    form = ReadingGroupForm(request.POST or None, initial=initial, committee=committee)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        values = {"name": d["name"], "theme": d["theme"], "founded_on": d["founded_on"], "leader": d["leader"],
                  "members": list(d["members"]), "is_active": d["is_active"]}
        try:
            if group is None:
                group = services.group_create(actor=request.user, committee=committee, **values)
                messages.success(request, f"已建立读书群：{group.name}。")
            else:
                services.group_update(actor=request.user, group=group, expected_version=d.get("version"), **values)
                messages.success(request, "已保存。")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("study:group", pk=group.pk)
    ctx = {"title": "修改读书群" if group else "建立读书群", "nav_active": "study_reading", "form": form,
           "committee": committee, "group": group}
    return render(request, "study/group_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_MANAGE, "您没有权限建立读书群。")
    return _group_form_page(request, committee, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, group.committee)
    return _group_form_page(request, group.committee, group)


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """The group, its members (names) and activities; staff record an activity here."""
    user = request.user
    group = selectors.get_group_for_user(user, pk)
    manage = can(user, Cap.DUTY_MANAGE, group.committee)
    form = None
    if manage and group.is_active:
        form = ActivityForm(request.POST or None, group=group, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if form is None:
            require(user, Cap.DUTY_MANAGE, group.committee)
            messages.error(request, "该读书群已停止活动，不能登记新的活动。")
        elif form.is_valid():
            d = form.cleaned_data
            try:
                services.activity_create(actor=user, group=group, date=d["date"], title=d["title"],
                                         participants=list(d["participants"]), notes=d["notes"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "读书活动已登记。")
                return redirect("study:group", pk=group.pk)
    activities = group.activities.prefetch_related(_PEOPLE).order_by("-date", "-id")
    pid = selectors.person_id(user)
    ctx = {"title": group.name, "nav_active": "study_reading", "group": group, "manage": manage, "form": form,
           "seats": group.memberships.select_related("person").order_by("role", "person__stroke_key", "id"),
           "activities": activities,
           "mine": selectors.attended_activity_ids(pid, ReadingActivity.objects.filter(group=group))}
    return render(request, "study/group.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, activity.committee)
    initial = {"date": activity.date, "title": activity.title, "notes": activity.notes, "version": activity.version,
               "participants": list(activity.participants.values_list("pk", flat=True))}
    form = ActivityForm(request.POST or None, group=activity.group, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_update(actor=request.user, activity=activity, date=d["date"], title=d["title"],
                                     participants=list(d["participants"]), notes=d["notes"],
                                     expected_version=d.get("version"))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已保存。")
            return redirect("study:group", pk=activity.group_id)
    ctx = {"title": "修改读书活动", "nav_active": "study_reading", "form": form, "activity": activity}
    return render(request, "study/activity_form.html", ctx)


@login_required
@require_POST
def activity_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity_for_user(request.user, pk)
    require(request.user, Cap.DUTY_MANAGE, activity.committee)
    try:
        services.activity_delete(actor=request.user, activity=activity, expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除读书活动：{activity.title}。")
    return redirect("study:group", pk=activity.group_id)
