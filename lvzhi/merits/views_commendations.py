"""表彰 screens: a year's commendations with their figures, a commendation's page with its members, recording one
(members picked one by one, typed as a list of names or read from an Excel sheet, previewed before saving)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, deny
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.members.models import Person
from lvzhi.merits import names as name_lists
from lvzhi.merits import selectors
from lvzhi.merits.figures import commendation_figures, commendation_years
from lvzhi.merits.forms import CommendationForm, PeopleForm
from lvzhi.merits.models import Commendation, CommendationKind
from lvzhi.merits.services import commendations as services
from lvzhi.proposals.models import Proposal
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_version

REFUSAL = "您没有权限查看表彰。"
MANAGE_REFUSAL = "您没有权限登记表彰。"
HEADER = ("kind", "year", "title", "issued_on", "issuer", "document_number", "proposal_number")


def _reading_committee(request: HttpRequest) -> Committee:
    allowed = selectors.commendation_committees(request.user)
    raw = request.GET.get("committee", "")
    if raw.isdigit():
        committee = get_object_or_404(Committee, pk=int(raw))
        if not allowed.filter(pk=committee.pk).exists():
            deny(request.user, detail="merits.commendation_read", committee=committee, message=REFUSAL)
        return committee
    first = allowed.first()
    if first is None:
        deny(request.user, detail="merits.commendation_read", message=REFUSAL)
    return first


@login_required
@require_GET
def commendation_list(request: HttpRequest) -> HttpResponse:
    """A year's commendations of the committee, by kind, with the figures (members commended counted once)."""
    committee = _reading_committee(request)
    years = sorted({timezone.localdate().year - 1, *commendation_years(committee)}, reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else years[0]
    kind = request.GET.get("kind", "")
    rows = (Commendation.objects.filter(committee=committee, year=year).annotate(people_count=Count("commendees"))
            .order_by("kind", "-issued_on", "id"))
    if kind in CommendationKind.values:
        rows = rows.filter(kind=kind)
    ctx = {
        "title": "表彰", "nav_active": "merits_commendations", "committee": committee, "year": year,
        "years": sorted({year, *years}, reverse=True), "kind": kind, "kinds": CommendationKind.choices,
        "rows": rows, "figures": commendation_figures(committee, year),
        "committees": selectors.commendation_committees(request.user),
        "manage": selectors.can_manage(request.user, committee),
    }
    return render(request, "merits/commendations.html", ctx)


def _resolve(request: HttpRequest, form: PeopleForm, committee: Committee) -> tuple[list[Person], list[str], bool]:
    """The members a form names (picked, typed or in a sheet), the names given twice, and whether names were
    typed or uploaded (then a preview comes first). Problems go on the form: nothing is saved."""
    picked = list(form.cleaned_data.get("people") or [])
    names = name_lists.split_names(form.cleaned_data.get("names") or "")
    upload = form.cleaned_data.get("names_file")
    if upload is not None:
        try:
            from_sheet, problems = name_lists.names_from_sheet(upload, upload.name or "")
        except name_lists.FileRefused as exc:
            form.add_error("names_file", str(exc))
            return picked, [], True
        for problem in problems:
            form.add_error("names_file", problem)
        names += from_sheet
    if not names:
        return picked, [], False
    match = name_lists.match_names(committee, names)
    for problem in match.problems:
        form.add_error("names", problem)
    seen = {p.pk for p in picked}
    return picked + [p for p in match.people if p.pk not in seen], match.repeated, True


def _proposal(form: CommendationForm, committee: Committee) -> Proposal | None:
    number = (form.cleaned_data.get("proposal_number") or "").strip()
    if not number:
        return None
    proposal = Proposal.objects.filter(committee=committee, number=number).first()
    if proposal is None:
        form.add_error("proposal_number", f"本政协组织没有编号为“{number}”的提案。")
    return proposal


def _preview(request: HttpRequest, *, action: str, heading: str, people: list[Person], repeated: list[str],
             hidden: dict[str, Any], back: str, committee: Committee) -> HttpResponse:
    return render(request, "merits/people_preview.html", {
        "title": heading, "nav_active": "merits_commendations", "heading": heading, "action": action,
        "people": people, "repeated": repeated, "hidden": [(k, v) for k, v in hidden.items() if v not in (None, "")],
        "back": back, "committee": committee})


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_MANAGE, MANAGE_REFUSAL)
    form = CommendationForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        proposal = _proposal(form, committee)
        people, repeated, listed = _resolve(request, form, committee)
        if not form.errors and listed and "confirm" not in request.POST:
            hidden = {k: d.get(k) for k in HEADER}
            hidden["issued_on"] = d["issued_on"].isoformat()
            return _preview(request, action=f"{request.path}?committee={committee.pk}", heading="核对受表彰委员名单",
                            people=people, repeated=repeated, hidden=hidden, committee=committee,
                            back=f"{request.path}?committee={committee.pk}")
        if not form.errors:
            try:
                commendation = services.commendation_create(
                    actor=request.user, committee=committee, year=d["year"], kind=d["kind"], title=d["title"],
                    issued_on=d["issued_on"], issuer=d["issuer"], document_number=d["document_number"],
                    people=people, proposal=proposal)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"已登记表彰“{commendation.title}”，{commendation.commendees.count()} 人。")
                return redirect("merits:commendation", pk=commendation.pk)
    return render(request, "merits/commendation_form.html",
                  {"title": "登记表彰", "nav_active": "merits_commendations", "form": form, "committee": committee})


def _detail(request: HttpRequest, commendation: Commendation, form: PeopleForm | None = None) -> HttpResponse:
    manage = selectors.can_manage(request.user, commendation.committee)
    if manage and form is None and commendation.kind != CommendationKind.EXCELLENT_PROPOSAL:
        form = PeopleForm(committee=commendation.committee, initial={"version": commendation.version})
    rows = list(commendation.commendees.select_related("person"))
    return render(request, "merits/commendation.html", {
        "title": commendation.title, "nav_active": "merits_commendations", "commendation": commendation,
        "rows": rows, "manage": manage, "form": form if manage else None})


@login_required
@require_GET
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_commendation_for_user(request.user, pk))


@login_required
@require_POST
def commendation_add(request: SignedInRequest, pk: int) -> HttpResponse:
    commendation = selectors.get_commendation_for_user(request.user, pk)
    if not selectors.can_manage(request.user, commendation.committee):
        deny(request.user, detail=Cap.DUTY_MANAGE, committee=commendation.committee, message=MANAGE_REFUSAL)
    form = PeopleForm(request.POST, request.FILES or None, committee=commendation.committee)
    if form.is_valid():
        people, repeated, listed = _resolve(request, form, commendation.committee)
        if not form.errors and listed and "confirm" not in request.POST:
            return _preview(request, action=request.path, heading=f"核对要增加的委员：{commendation.title}",
                            people=people, repeated=repeated, hidden={"version": form.cleaned_data["version"]},
                            back=commendation_url(commendation), committee=commendation.committee)
        if not form.errors:
            try:
                added = services.commendation_add_people(actor=request.user, commendation=commendation,
                                                         people=people, expected_version=form.cleaned_data["version"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                skipped = len(people) - len(added)
                messages.success(request, f"已增加 {len(added)} 人" + (f"（{skipped} 人已在名单中）" if skipped else "") + "。")
                return redirect("merits:commendation", pk=commendation.pk)
    commendation.refresh_from_db()
    return _detail(request, commendation, form)


def commendation_url(commendation: Commendation) -> str:
    return reverse("merits:commendation", args=[commendation.pk])


@login_required
@require_POST
def commendation_remove(request: SignedInRequest, pk: int, person_id: int) -> HttpResponse:
    commendation = selectors.get_commendation_for_user(request.user, pk)
    person = get_object_or_404(Person, pk=person_id)
    try:
        services.commendation_remove_person(actor=request.user, commendation=commendation, person=person,
                                            expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已将{person.name}移出名单。")
    return redirect("merits:commendation", pk=commendation.pk)


@login_required
@require_POST
def commendation_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    commendation = selectors.get_commendation_for_user(request.user, pk)
    committee, year, title = commendation.committee, commendation.year, commendation.title
    try:
        services.commendation_delete(actor=request.user, commendation=commendation,
                                     expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("merits:commendation", pk=pk)
    messages.success(request, f"已删除表彰“{title}”及其计入的履职记录。")
    return redirect(f"{reverse('merits:commendations')}?committee={committee.pk}&year={year}")
