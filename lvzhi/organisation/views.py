"""Organisation screens: the committee tree, a committee's terms, sessions and meetings, and the config lists."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lvzhi.accounts.access import capability_required
from lvzhi.accounts.permissions import Cap, can, committees_for, has_global, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import CONFIG_LISTS, Committee, ConfigItem, HandlingUnit, Meeting, Session, Term
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.members.models import Membership
from lvzhi.organisation import services
from lvzhi.organisation.forms import (
    CommitteeForm,
    ConfigItemForm,
    MeetingForm,
    SessionForm,
    TermForm,
)
from lvzhi.web.forms import add_service_errors

DUPLICATE = "该记录已存在，可能是重复提交，请刷新页面查看。"


def get_committee_for_user(user: Any, pk: int, cap: str = Cap.COMMITTEE_VIEW) -> Committee:
    committee = get_committee_or_404(pk)
    require(user, cap, committee)
    return committee


# --- The tree -----------------------------------------------------------------------------------------------


def _tree_nodes(user: Any, committees: list[Committee], show_counts: bool) -> list[dict[str, Any]]:
    ids = {c.pk for c in committees}
    terms = {t.committee_id: t for t in Term.objects.filter(committee_id__in=ids, is_current=True)}
    counts: dict[int, int] = {}
    if show_counts:
        counts = dict(
            Membership.objects.filter(committee_id__in=ids, is_active=True, term__is_current=True)
            .values_list("committee").annotate(n=Count("id")).values_list("committee", "n")
        )
    nodes: dict[int, dict[str, Any]] = {
        c.pk: {
            "committee": c, "term": terms.get(c.pk), "children": [],
            "count": counts.get(c.pk, 0) if show_counts and can(user, Cap.MEMBER_VIEW, c) else None,
            "link": show_counts,
        }
        for c in committees
    }
    roots: list[dict[str, Any]] = []
    for c in committees:  # ordered by path, so parents come first
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent["children"] if parent else roots).append(nodes[c.pk])
    return roots


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    user = request.user
    # The system administrator builds the tree but sees no members: names and levels only.
    admin = has_global(user, Cap.CONFIG_MANAGE)
    if admin:
        committees = list(Committee.objects.order_by("path"))
    else:
        committees = list(committees_for(user, Cap.COMMITTEE_VIEW))
        if not committees:
            require(user, Cap.COMMITTEE_VIEW, None)
    form = CommitteeForm() if admin else None
    return render(request, "committees/tree.html", {
        "title": "组织机构", "nav_active": "config" if admin else "committees", "admin": admin,
        "roots": _tree_nodes(user, committees, show_counts=not admin), "form": form,
    })


@capability_required(Cap.CONFIG_MANAGE)
def committee_create(request: SignedInRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee = services.committee_create(
                actor=request.user, name=data["name"], level=data["level"], parent=data["parent"],
                short_name=data["short_name"], region_code=data["region_code"], sort_order=data["sort_order"] or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            form.add_error(None, DUPLICATE)
        else:
            messages.success(request, f"已新增政协组织“{committee.name}”。")
            return redirect("committees:tree")
    return render(request, "committees/committee_form.html", {
        "title": "新增政协组织", "nav_active": "config", "form": form,
    })


# --- One committee: terms, sessions, meetings ---------------------------------------------------------------


def _detail(request: HttpRequest, committee: Committee, **bound: Any) -> HttpResponse:
    user = request.user
    editable = can(user, Cap.ORGANISATION_EDIT, committee)
    terms = list(
        committee.terms.prefetch_related("sessions", "meetings").order_by("-number")
    )
    ctx: dict[str, Any] = {
        "title": committee.name, "nav_active": "committees", "committee": committee, "terms": terms,
        "editable": editable,
    }
    if editable:
        current = committee.current_term()
        next_session = (current.sessions.aggregate(n=Max("number"))["n"] or 0) + 1 if current else 1
        next_term = (committee.terms.aggregate(n=Max("number"))["n"] or 0) + 1
        ctx["term_form"] = bound.get("term_form") or TermForm(initial={"number": next_term, "is_current": True})
        ctx["session_form"] = bound.get("session_form") or SessionForm(
            committee=committee, initial={"number": next_session}
        )
        ctx["meeting_form"] = bound.get("meeting_form") or MeetingForm(committee=committee)
        ctx["open_form"] = next(iter(bound), "")
    return render(request, "committees/detail.html", ctx)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_committee_for_user(request.user, pk))


def _create(request: HttpRequest, committee: Committee, form: Any, key: str, create: Any, done: str) -> HttpResponse:
    if form.is_valid():
        try:
            obj = create(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            form.add_error(None, DUPLICATE)
        else:
            messages.success(request, done.format(obj=obj))
            return redirect("committees:detail", pk=committee.pk)
    return _detail(request, committee, **{key: form})


@require_POST
@login_required
def term_create(request: SignedInRequest, pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, pk, Cap.ORGANISATION_EDIT)
    return _create(
        request, committee, TermForm(request.POST), "term_form",
        lambda d: services.term_create(actor=request.user, committee=committee, **d), "已新增{obj.label}。",
    )


@require_POST
@login_required
def session_create(request: SignedInRequest, pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, pk, Cap.ORGANISATION_EDIT)
    return _create(
        request, committee, SessionForm(request.POST, committee=committee), "session_form",
        lambda d: services.session_create(actor=request.user, **d), "已新增{obj.label}。",
    )


@require_POST
@login_required
def meeting_create(request: SignedInRequest, pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, pk, Cap.ORGANISATION_EDIT)
    return _create(
        request, committee, MeetingForm(request.POST, committee=committee), "meeting_form",
        lambda d: services.meeting_create(actor=request.user, **d), "已新增{obj.label}。",
    )


def _edit(request: HttpRequest, obj: Term | Session | Meeting, committee: Committee, form: Any, update: Any,
          heading: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            update(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError:
            form.add_error(None, DUPLICATE)
        else:
            messages.success(request, f"{heading}已保存。")
            return redirect("committees:detail", pk=committee.pk)
    return render(request, "committees/edit.html", {
        "title": f"修改{heading}", "nav_active": "committees", "committee": committee, "form": form,
        "heading": heading,
    })


def _fields(obj: Any, names: list[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


@login_required
def term_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(Term.objects.select_related("committee"), pk=pk)
    require(request.user, Cap.ORGANISATION_EDIT, term.committee)
    form = TermForm(request.POST or None, initial=_fields(term, ["number", "start_date", "end_date", "is_current"]))
    return _edit(request, term, term.committee, form,
                 lambda d: services.term_update(actor=request.user, term=term, **d), term.label)


@login_required
def session_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("term__committee"), pk=pk)
    committee = session.term.committee
    require(request.user, Cap.ORGANISATION_EDIT, committee)
    names = ["number", "start_date", "end_date", "proposal_deadline", "place"]
    form = SessionForm(request.POST or None, committee=committee, editing=True, initial=_fields(session, names))
    return _edit(request, session, committee, form,
                 lambda d: services.session_update(actor=request.user, session=session, **d), session.label)


@login_required
def meeting_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("term__committee"), pk=pk)
    committee = meeting.term.committee
    require(request.user, Cap.ORGANISATION_EDIT, committee)
    names = ["kind", "number", "date", "title", "place"]
    form = MeetingForm(request.POST or None, committee=committee, editing=True, initial=_fields(meeting, names))
    return _edit(request, meeting, committee, form,
                 lambda d: services.meeting_update(actor=request.user, meeting=meeting, **d), meeting.label)


# --- Configuration lists (system administrator) -------------------------------------------------------------


def _list_or_404(list_key: str) -> type[ConfigItem]:
    if list_key not in CONFIG_LISTS:
        raise Http404("未知的基础数据类别。")
    return CONFIG_LISTS[list_key]


def _item_or_404(list_key: str, pk: int) -> ConfigItem:
    return get_object_or_404(_list_or_404(list_key), pk=pk)


def _list_url(list_key: str, committee_id: int | None) -> str:
    url = reverse("committees:config_list", args=[list_key])
    return f"{url}?{urlencode({'committee': committee_id})}" if committee_id else url


@capability_required(Cap.CONFIG_MANAGE)
def config_index(request: HttpRequest) -> HttpResponse:
    lists = []
    for key, model in CONFIG_LISTS.items():
        lists.append({
            "key": key, "label": model._meta.verbose_name, "scoped": services.is_committee_scoped(model),
            "active": model.objects.filter(is_active=True).count(), "total": model.objects.count(),
        })
    return render(request, "committees/config_index.html", {
        "title": "基础数据", "nav_active": "config", "lists": lists,
    })


def _selected_committee(request: HttpRequest) -> Committee | None:
    raw = request.GET.get("committee") or request.POST.get("committee") or ""
    if raw.isdigit():
        found = Committee.objects.filter(pk=int(raw)).first()
        if found is not None:
            return found
    return Committee.objects.order_by("path").first()


@capability_required(Cap.CONFIG_MANAGE)
def config_list(request: SignedInRequest, list_key: str) -> HttpResponse:
    model = _list_or_404(list_key)
    scoped = services.is_committee_scoped(model)
    committee = _selected_committee(request) if scoped else None
    extra = model is HandlingUnit
    form = ConfigItemForm(request.POST or None, with_extra=extra)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if "sort_order" not in values:
            last = services.config_siblings(list_key, committee).aggregate(n=Max("sort_order"))["n"] or 0
            values["sort_order"] = last + 10
        try:
            item = services.config_item_create(actor=request.user, list_key=list_key, committee=committee, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增{model._meta.verbose_name}“{item.name}”。")
            return redirect(_list_url(list_key, committee.pk if committee else None))
    items = services.config_siblings(list_key, committee) if (committee or not scoped) else model.objects.none()
    return render(request, "committees/config_list.html", {
        "title": str(model._meta.verbose_name), "nav_active": "config", "list_key": list_key,
        "label": model._meta.verbose_name, "scoped": scoped, "committee": committee,
        "committees": Committee.objects.order_by("path") if scoped else [], "items": items, "form": form,
        "extra": extra,
    })


@capability_required(Cap.CONFIG_MANAGE)
def config_item_edit(request: SignedInRequest, list_key: str, pk: int) -> HttpResponse:
    item = _item_or_404(list_key, pk)
    extra = isinstance(item, HandlingUnit)
    names = ["name", "sort_order", *(ConfigItemForm.EXTRA if extra else ())]
    form = ConfigItemForm(request.POST or None, with_extra=extra, initial=_fields(item, names))
    committee_id = getattr(item, "committee_id", None)
    if request.method == "POST" and form.is_valid():
        try:
            services.config_item_update(actor=request.user, item=item, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{item.name}”已保存。")
            return redirect(_list_url(list_key, committee_id))
    return render(request, "committees/config_item.html", {
        "title": f"修改{item._meta.verbose_name}", "nav_active": "config", "item": item, "form": form,
        "back": _list_url(list_key, committee_id), "label": item._meta.verbose_name,
    })


@require_POST
@capability_required(Cap.CONFIG_MANAGE)
def config_item_active(request: SignedInRequest, list_key: str, pk: int) -> HttpResponse:
    item = _item_or_404(list_key, pk)
    active = request.POST.get("is_active") == "1"
    if item.is_active != active:
        services.config_item_update(actor=request.user, item=item, is_active=active)
        messages.success(request, f"“{item.name}”已{'启用' if active else '停用'}。")
    else:
        messages.info(request, f"“{item.name}”已是{'启用' if active else '停用'}状态。")
    return redirect(_list_url(list_key, getattr(item, "committee_id", None)))


@require_POST
@capability_required(Cap.CONFIG_MANAGE)
def config_item_move(request: SignedInRequest, list_key: str, pk: int) -> HttpResponse:
    item = _item_or_404(list_key, pk)
    try:
        services.config_item_move(actor=request.user, item=item, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(_list_url(list_key, getattr(item, "committee_id", None)))
