"""The system administrator's screen that opens accounts for a roster: the roster's filters, a preview, the result.

It lists names, committees and account names only; phones and ID numbers are never read here (三员分立).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lvzhi.accounts.issued import issued_page
from lvzhi.accounts.issuing import MAX_BATCH
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.members import accounts
from lvzhi.members.forms import RosterFilterForm

FILTER_KEYS = ("committee", "q", "sector", "party", "special_committee", "group", "role", "only_new")


def _committee(data: QueryDict) -> Committee | None:
    raw = data.get("committee", "")
    return get_committee_or_404(raw) if raw else None


@login_required
@require_http_methods(["GET", "POST"])
def member_accounts(request: SignedInRequest) -> HttpResponse:
    """GET: pick a committee and filter its roster, see who gets an account. POST: open them, show the list once."""
    require(request.user, Cap.ACCOUNT_MANAGE, None)
    data = request.POST if request.method == "POST" else request.GET
    committee = _committee(data)
    context: dict[str, Any] = {"title": "为委员开通账号", "nav_active": "accounts", "committee": committee,
               "committees": Committee.objects.order_by("path")}
    if committee is None:
        return render(request, "members/accounts.html", context)
    form = RosterFilterForm(data, committee=committee)
    filters = {**form.filters(), "status": "active"}
    found = accounts.candidates_for_admin(actor=request.user, committee=committee, filters=filters)
    only_new = data.get("only_new", "1") == "1"
    if only_new:
        found = found.filter(person__user__isnull=True)
    rows = list(found[: MAX_BATCH + 1])
    too_many = len(rows) > MAX_BATCH
    if request.method == "POST" and not too_many:
        try:
            batch = accounts.member_accounts_create(actor=request.user, people=accounts.people_of(rows))
        except ValidationError as exc:
            context["error"] = "；".join(exc.messages)
        else:
            back = f"{reverse('members:accounts')}?{urlencode({'committee': committee.pk})}"
            return issued_page(request, batch, title=f"委员账号已开通 · {committee.display_name}", back=back)
    plan = accounts.plan(accounts.people_of(rows[:MAX_BATCH]))
    context.update({
        "form": form, "plan": plan, "too_many": too_many, "max_batch": MAX_BATCH, "only_new": only_new,
        "new_count": sum(1 for p in plan if not p.username),
        "filter_values": [(k, v) for k in FILTER_KEYS if k != "only_new" for v in data.getlist(k)],
    })
    return render(request, "members/accounts.html", context)
