"""Proposal screens: the list with filters and exports, and writing a draft with the writing-help panel."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.accounts.permissions import Cap, can, can_anywhere, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.downloads import file_response
from lvzhi.idempotency.services import check_key, create_once, new_token
from lvzhi.members import selectors as member_selectors
from lvzhi.members.models import Person
from lvzhi.members.selectors import person_of
from lvzhi.proposals import checks, documents
from lvzhi.proposals.forms import SCOPE_CHOICES, DraftForm, ProposalFilterForm
from lvzhi.proposals.models import (
    Assignment,
    AssignmentState,
    Proposal,
    ProposalKind,
    Proposer,
    ProposerRole,
    State,
)
from lvzhi.proposals.search import search
from lvzhi.proposals.selectors import (
    attachment_context,
    committee_from_query,
    get_proposal_for_user,
    proposals_for_user,
)
from lvzhi.proposals.services import common, drafting
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.similarity import similar_proposals
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 30
PICKER_LIMIT = 20
OPEN_ASSIGNMENT_STATES = (AssignmentState.ASSIGNED, AssignmentState.REASSIGN_REQUESTED, AssignmentState.VIEW_SENT)




# ---------------------------------------------------------------- the list


@dataclass
class Row:
    proposal: Proposal
    assignment: Assignment | None = None
    my_role: str = ""
    overdue: bool = False
    due_soon: bool = False


def _scopes(user: Any) -> list[tuple[str, str]]:
    allowed = {
        "all": can_anywhere(user, Cap.PROPOSAL_VIEW_ALL),
        "mine": person_of(user) is not None or can_anywhere(user, Cap.PROPOSAL_DRAFT),
        "unit": can_anywhere(user, Cap.PROPOSAL_HANDLE),
    }
    return [(key, label) for key, label in SCOPE_CHOICES if allowed[key]]


def _search_filters(values: dict[str, Any], committee: Committee | None) -> dict[str, Any]:
    session = values.get("session")
    key = values.get("key")
    return {
        "committee": committee, "year": values.get("year"), "state": values.get("state"),
        "category": values.get("category"), "kind": values.get("kind"), "unit": values.get("unit"),
        "session": "none" if session == "interim" else (session if session and session.isdigit() else None),
        "is_key": {"yes": True, "no": False}.get(key or ""),
    }


def filtered_proposals(
    user: Any, scope: str, committee: Committee | None, values: dict[str, Any]
) -> QuerySet[Proposal]:
    """The proposals of one scope of the list, narrowed by the filter form's values, through `search`."""
    qs = search(user, values.get("q") or "", _search_filters(values, committee if scope == "all" else None))
    if values.get("session") == "plenary":
        qs = qs.filter(session__isnull=False)
    if scope == "all":
        # A draft is its author's own until it is submitted.
        qs = qs.exclude(Q(state=State.DRAFT) & ~Q(created_by=user))
    if scope == "mine":
        person = person_of(user)
        mine = Q(created_by=user)
        if person is not None:
            mine |= Q(pk__in=Proposer.objects.filter(person=person).values("proposal_id"))
        qs = qs.filter(mine)
    elif scope == "unit":
        from lvzhi.proposals.services.handling import unit_ids_of

        qs = qs.filter(pk__in=Assignment.objects.filter(unit_id__in=unit_ids_of(user)).values("proposal_id"))
    return qs


def _rows(user: Any, scope: str, proposals: list[Proposal]) -> list[Row]:
    today = timezone.localdate()
    person = person_of(user)
    rows = []
    units: set[int] = set()
    if scope == "unit":
        from lvzhi.proposals.services.handling import unit_ids_of

        units = unit_ids_of(user)
    for p in proposals:
        row = Row(proposal=p)
        if scope == "unit":
            mine = [a for a in p.assignments.all() if a.unit_id in units and a.state != AssignmentState.WITHDRAWN]
            row.assignment = min(mine, key=lambda a: a.due_date, default=None)
            if row.assignment is not None and row.assignment.state in OPEN_ASSIGNMENT_STATES:
                row.overdue = row.assignment.due_date < today
                row.due_soon = not row.overdue and (row.assignment.due_date - today).days <= 7
        if scope == "mine":
            own = next((x for x in p.proposers.all() if person is not None and x.person_id == person.pk), None)
            if own is None:
                row.my_role = "起草人"
            elif own.role == ProposerRole.COSIGNER:
                row.my_role = f"联名（{own.get_status_display()}）"
            else:
                row.my_role = own.get_role_display()
        rows.append(row)
    return rows



def _list_queryset(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related("category", "session", "committee").prefetch_related(
        Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")),
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "reply_class").order_by("id")),
    )


def _list_setup(request: HttpRequest) -> tuple[str, Committee | None, ProposalFilterForm, list[tuple[str, str]]]:
    user = request.user
    scopes = _scopes(user)
    if not scopes:
        require(user, Cap.PROPOSAL_VIEW_ALL, None)
        raise PermissionDenied("您没有权限查看提案。")
    keys = [k for k, _ in scopes]
    scope = request.GET.get("scope", "") if request.GET.get("scope") in keys else keys[0]
    committee: Committee | None = None
    if scope == "all":
        committee = committee_from_query(request, Cap.PROPOSAL_VIEW_ALL)
    elif request.GET.get("committee", "").isdigit():
        committee = Committee.objects.filter(pk=int(request.GET["committee"])).first()
    if committee is None:
        cap = Cap.PROPOSAL_HANDLE if scope == "unit" else Cap.PROPOSAL_DRAFT
        committee = committees_for(user, cap).first() or committees_for(user, Cap.COMMITTEE_VIEW).first()
    years: list[int] = []
    if committee is not None:
        proposal_defaults(committee)
    if committee is not None and scope == "all":
        years = list(Proposal.objects.filter(committee=committee).values_list("year", flat=True).distinct())
    form = ProposalFilterForm(request.GET, committee=committee, years=years) if committee else None
    if form is None:
        raise PermissionDenied("您没有权限查看提案。")
    return scope, committee, form, scopes


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope, committee, form, scopes = _list_setup(request)
    values = form.values()
    qs = filtered_proposals(user, scope, committee, values)
    page = Paginator(_list_queryset(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    staff = scope == "all" and committee is not None and can(user, Cap.PROPOSAL_VIEW_ALL, committee)
    titles = {"all": "提案", "mine": "我的提案", "unit": "交办给本单位的提案"}
    ctx = {
        "title": titles[scope],
        "nav_active": "proposals",
        "scope": scope,
        "scopes": scopes,
        "committee": committee,
        "committees": committees_for(user, Cap.PROPOSAL_VIEW_ALL) if scope == "all" else [],
        "form": form,
        "page": page,
        "rows": _rows(user, scope, list(page.object_list)),
        "query_string": query_string(request, scope=scope),
        "filtered": form.is_filtered(),
        "can_export": staff,
        "can_draft": committee is not None and can(user, Cap.PROPOSAL_DRAFT, committee),
        "can_history_import": scope == "all" and committee is not None and can(user, Cap.PROPOSAL_MANAGE, committee),
    }
    response = render_partial(request, "proposals/list.html", ("results",), ctx)
    return response


def _export(request: SignedInRequest, kind: str) -> HttpResponse:
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_VIEW_ALL)
    years = list(Proposal.objects.filter(committee=committee).values_list("year", flat=True).distinct())
    form = ProposalFilterForm(request.GET, committee=committee, years=years)
    proposals = list(filtered_proposals(user, "all", committee, form.values()))
    label = "提案目录" if kind == "catalogue" else "提案办理情况表"
    audit_record(actor=user, action=f"proposal.export_{kind}", obj=committee, committee_id=committee.pk,
                 detail=f"导出{label} {len(proposals)} 件")
    build = documents.catalogue_xlsx if kind == "catalogue" else documents.handling_table_xlsx
    return file_response(build(proposals), f"{committee.name}{label}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_GET
def export_catalogue(request: SignedInRequest) -> HttpResponse:
    return _export(request, "catalogue")


@login_required
@require_GET
def export_handling(request: SignedInRequest) -> HttpResponse:
    return _export(request, "handling")


# ---------------------------------------------------------------- drafting


def _draft_initial(proposal: Proposal) -> dict[str, Any]:
    cosigners = list(proposal.proposers.filter(role=ProposerRole.COSIGNER).order_by("order", "id")
                     .values_list("person_id", flat=True))
    return {
        "kind": proposal.kind, "collective_kind": proposal.collective_kind,
        "collective_name": proposal.collective_name, "cosigners": cosigners, "title": proposal.title,
        "situation": proposal.situation, "analysis": proposal.analysis, "suggestions": proposal.suggestions,
        "category": proposal.category_id, "version": proposal.version,
    }


def _save_draft(user: Any, committee: Committee, proposal: Proposal | None, form: DraftForm) -> Proposal:
    values = form.service_values()
    if proposal is None:
        return drafting.proposal_create_draft(actor=user, committee=committee, **values)
    if proposal.state != State.DRAFT:
        values.pop("cosigners")  # fixed once submitted
    return drafting.proposal_update_draft(actor=user, proposal=proposal,
                                          expected_version=form.cleaned_data.get("version"), **values)


def _draft_page(request: SignedInRequest, committee: Committee, proposal: Proposal | None) -> HttpResponse:
    user = request.user
    proposal_defaults(committee)  # the committee's categories exist before the form lists them
    form = DraftForm(request.POST or None, initial=_draft_initial(proposal) if proposal else None,
                     committee=committee, exclude_person=person_of(user))
    # A new proposal's form carries a one-time token: a double click or a resent POST gets the first proposal.
    form_token = (request.POST.get("form_token") or new_token()) if proposal is None else ""
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            if proposal is None:
                proposal, created = create_once(
                    user=user, scope="form:proposals.create", key=check_key(request.POST.get("form_token")),
                    model=Proposal, create=lambda: _save_draft(user, committee, None, form))
                if not created:
                    messages.info(request, "该提案已经保存，请勿重复提交。")
                    return redirect("proposals:detail", pk=proposal.pk)
            else:
                proposal = _save_draft(user, committee, proposal, form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if not submitting:
                messages.success(request, "草稿已保存。")
                return redirect("proposals:edit", pk=proposal.pk)
            try:
                drafting.proposal_submit(actor=user, proposal=proposal, expected_version=proposal.version)
            except ValidationError as error:
                # The draft itself is saved; the form goes on from the saved version.
                data = request.POST.copy()
                data["version"] = str(proposal.version)
                form = DraftForm(data, committee=committee, exclude_person=person_of(user))
                form.is_valid()
                form.add_error(None, "草稿已保存，但还不能提交：")
                form.add_service_errors(error)
            else:
                proposal.refresh_from_db()
                text = ("已提交，等待联名提案人确认。" if proposal.state == State.COSIGNING
                        else "已提交，进入审查。")
                messages.success(request, text)
                return redirect("proposals:detail", pk=proposal.pk)
    ctx = {
        "title": "修改提案" if proposal else "撰写提案",
        "nav_active": "proposals",
        "committee": committee,
        "proposal": proposal,
        "form": form,
        "form_token": form_token,
        "chosen": form.chosen_cosigners(),
        "cosigners_locked": proposal is not None and proposal.state != State.DRAFT,
        "can_collective": proposal is None or proposal.kind == ProposalKind.COLLECTIVE,
        "is_member": person_of(user) is not None,
        "help": writing_help(committee, form.data if form.is_bound else form.initial,
                             exclude=proposal, reader=user) if proposal else None,
        "action_url": reverse("proposals:edit", args=[proposal.pk]) if proposal else
        f"{reverse('proposals:create')}?committee={committee.pk}",
        "cancel_url": reverse("proposals:detail", args=[proposal.pk]) if proposal else reverse("proposals:list"),
    }
    if proposal is not None:
        ctx.update(attachment_context(proposal, can_attach=True))
    return render(request, "proposals/form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_DRAFT)
    return _draft_page(request, committee, None)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    if proposal.created_by_id != user.pk:
        common.refuse(user, proposal, "proposal.edit: not the drafter", "只有提案起草人才能修改提案。")
    if proposal.state not in (State.DRAFT, State.RETURNED):
        messages.error(request, f"提案当前为“{proposal.get_state_display()}”，不能修改。")
        return redirect("proposals:detail", pk=proposal.pk)
    return _draft_page(request, proposal.committee, proposal)


# ---------------------------------------------------------------- help while writing


@dataclass
class Help:
    warnings: list[str]
    similar: list[Any]
    readable: set[int]  # the similar proposals the writer may open: those are links


def writing_help(committee: Committee, data: Any, exclude: Proposal | None = None, *, reader: Any = None) -> Help:
    """checks.py's warnings and the most similar proposals for the text being written."""
    def get(name: str) -> str:
        value = data.get(name, "") if hasattr(data, "get") else ""
        return value if isinstance(value, str) else ""

    title, situation, analysis, suggestions = (get(n) for n in DraftForm.TEXT_FIELDS)
    warnings = checks.writing_warnings(title=title, situation=situation, analysis=analysis, suggestions=suggestions,
                                       min_body_chars=proposal_defaults(committee).min_body_chars)
    text = "\n".join([title, title, situation, analysis, suggestions]).strip()
    similar = similar_proposals(committee, text, limit=5, exclude=[exclude] if exclude else None) if text else []
    ids = [s.proposal.pk for s in similar]
    readable = set(proposals_for_user(reader).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return Help(warnings=warnings, similar=similar, readable=readable)


@login_required
@require_http_methods(["POST"])
def writing_help_panel(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_DRAFT)
    exclude = None
    raw = request.POST.get("proposal", "")
    if raw.isdigit():
        exclude = get_proposal_for_user(request.user, int(raw))
    ctx = {"help": writing_help(committee, request.POST, exclude=exclude, reader=request.user), "committee": committee}
    return render(request, "proposals/form.html#help", ctx)


@login_required
@require_GET
def cosigner_picker(request: HttpRequest) -> HttpResponse:
    """The co-signer picker: the ticked co-signers kept, then members found by name or pinyin initials."""
    user = request.user
    committee = committee_from_query(request, Cap.PROPOSAL_DRAFT)
    form = DraftForm(None, committee=committee, exclude_person=person_of(user))
    people = form.fields["cosigners"].queryset  # type: ignore[attr-defined]
    ids = [int(v) for v in request.GET.getlist("cosigners") if v.isdigit()]
    by_id = {p.pk: p for p in people.filter(pk__in=ids)}
    chosen = [by_id[i] for i in ids if i in by_id]
    query = (request.GET.get("cosigner_q") or "").strip()
    matches: list[Person] = []
    if query:
        found = member_selectors.roster(user, {"committee": committee.pk, "q": query})
        me = person_of(user)
        for membership in found[: PICKER_LIMIT + len(chosen) + 1]:
            person = membership.person
            if person.pk in by_id or (me is not None and person.pk == me.pk) or person in matches:
                continue
            matches.append(person)
        matches = matches[:PICKER_LIMIT]
    ctx = {"chosen": chosen, "matches": matches, "query": query, "committee": committee}
    return render(request, "proposals/form.html#picker", ctx)
