"""Work queues: review, assignment, a unit's inbox, deadlines, the leader's supervision page, key proposals."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.accounts.permissions import Cap, can_anywhere, committees_for, require
from lvzhi.proposals import reminders
from lvzhi.proposals.models import Assignment, AssignmentRole, AssignmentState, KeyProposal, Proposal, Proposer, State
from lvzhi.proposals.selectors import committee_from_query
from lvzhi.proposals.services import handling, key, review
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.web.requests import render_partial

PAGE_SIZE = 50
DUE_SOON_DAYS = 7


def _with_proposers(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related("category", "session", "review_stage").prefetch_related(
        Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")))


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _committee_switch(user: Any, cap: str) -> QuerySet[Any]:
    return committees_for(user, cap)


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_REVIEW)
    page = _page(request, _with_proposers(review.review_queue(user, committee)))
    return render_partial(request, "proposals/queue.html", ("results",), {
        "title": "提案审查", "nav_active": "proposals_review", "heading": "待审查的提案", "queue": "review",
        "committee": committee, "committees": _committee_switch(user, Cap.PROPOSAL_REVIEW), "page": page,
        "empty": "目前没有等待您审查的提案。", "query": f"committee={committee.pk}",
    })


@login_required
@require_GET
def assign_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE)
    qs = Proposal.objects.filter(committee=committee, state=State.FILED).order_by("filed_at", "id")
    page = _page(request, _with_proposers(qs))
    return render_partial(request, "proposals/queue.html", ("results",), {
        "title": "提案交办", "nav_active": "proposals_assign", "heading": "已立案待交办的提案", "queue": "assign",
        "committee": committee, "committees": _committee_switch(user, Cap.PROPOSAL_MANAGE), "page": page,
        "empty": "目前没有待交办的提案。", "query": f"committee={committee.pk}",
    })


@dataclass
class InboxRow:
    assignment: Assignment
    open: bool
    due: Any
    overdue: bool
    due_soon: bool
    todo: str


def _inbox_rows(assignments: list[Assignment]) -> list[InboxRow]:
    today = timezone.localdate()
    rows = []
    for a in assignments:
        open_ = a.state in handling.OPEN_STATES and a.proposal.state in (State.ASSIGNED, State.REHANDLING)
        due = a.due_date
        if a.role == AssignmentRole.CO:
            due = min(handling.co_unit_deadline(a), a.due_date)
        overdue = open_ and due < today
        if not open_:
            todo = a.get_state_display()
        elif a.role == AssignmentRole.CO:
            todo = "提出会办意见"
        elif a.state == AssignmentState.REASSIGN_REQUESTED:
            todo = "调整申请待审批"
        else:
            todo = "办理答复" if a.round == 1 else f"重新办理（第 {a.round} 轮）"
        soon = open_ and not overdue and (due - today).days <= DUE_SOON_DAYS
        rows.append(InboxRow(a, open_, due, overdue, soon, todo))
    # Open work first: overdue, then due soon, then by date; finished work last.
    rows.sort(key=lambda r: (not r.open, not r.overdue, not r.due_soon, r.due, r.assignment.pk))
    return rows


@login_required
@require_GET
def unit_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_anywhere(user, Cap.PROPOSAL_HANDLE):
        require(user, Cap.PROPOSAL_HANDLE, None)
        raise PermissionDenied("只有承办单位工作人员可以查看本页。")
    units = handling.unit_ids_of(user)
    show = request.GET.get("show", "open")
    qs = (Assignment.objects.filter(unit_id__in=units).exclude(state=AssignmentState.WITHDRAWN)
          .select_related("proposal", "proposal__committee", "unit"))
    if show != "all":
        qs = qs.filter(state__in=handling.OPEN_STATES, proposal__state__in=(State.ASSIGNED, State.REHANDLING))
    rows = _inbox_rows(list(qs))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_partial(request, "proposals/inbox.html", ("results",), {
        "title": "承办提案", "nav_active": "proposals_unit", "page": page, "rows": page.object_list, "show": show,
        "overdue_count": sum(1 for r in rows if r.overdue), "due_soon_count": sum(1 for r in rows if r.due_soon),
    })


@login_required
@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE)
    soon = list(reminders.due_soon(committee, days=DUE_SOON_DAYS))
    late = list(reminders.overdue(committee))
    today = timezone.localdate()
    return render(request, "proposals/deadlines.html", {
        "title": "办理期限", "nav_active": "proposals_deadlines", "committee": committee,
        "committees": _committee_switch(user, Cap.PROPOSAL_MANAGE),
        "overdue": [(a, (today - a.due_date).days) for a in late],
        "due_soon": [(a, (a.due_date - today).days) for a in soon], "days": DUE_SOON_DAYS,
        "rules": proposal_defaults(committee),
    })


def _key_rows(qs: QuerySet[KeyProposal]) -> QuerySet[KeyProposal]:
    return qs.select_related("proposal", "proposal__committee", "confirmed_meeting").prefetch_related(
        "supervisors", "supervisions", Prefetch("proposal__assignments",
                                                queryset=Assignment.objects.select_related("unit", "reply_class")))


@login_required
@require_GET
def supervision_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_anywhere(user, Cap.PROPOSAL_SUPERVISE):
        require(user, Cap.PROPOSAL_SUPERVISE, None)
        raise PermissionDenied("只有督办领导可以查看本页。")
    keys = list(_key_rows(key.supervised_by(user)))
    return render(request, "proposals/keys.html", {
        "title": "我督办的重点提案", "nav_active": "proposals_supervision", "keys": keys, "leader_page": True,
        "has_person": getattr(user, "person", None) is not None,
    })


@login_required
@require_GET
def key_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_VIEW_ALL)
    year = request.GET.get("year", "")
    qs = KeyProposal.objects.filter(proposal__committee=committee)
    if year.isdigit():
        qs = qs.filter(proposal__year=int(year))
    keys = list(_key_rows(qs.order_by("-proposal__year", "proposal__number", "pk")))
    return render(request, "proposals/keys.html", {
        "title": "重点提案", "nav_active": "proposals_keys", "keys": keys, "committee": committee,
        "committees": _committee_switch(user, Cap.PROPOSAL_VIEW_ALL), "year": year,
    })
