"""Reading what every screen reads from a request (the committee it is about, checked; the htmx partial it asks
for), and answering it with that partial."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from lvzhi.accounts.permissions import committees_for, require
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404


def committee_from_query(request: HttpRequest, cap: str, refusal: str = "您没有权限访问此页面。") -> Committee:
    """The committee named by ?committee= (checked, a refusal audited); else the user's first one with `cap`."""
    raw = request.GET.get("committee", "") or request.POST.get("committee", "")
    if raw.isdigit():
        committee = get_committee_or_404(raw)
        require(request.user, cap, committee)
        return committee
    first = committees_for(request.user, cap).first()
    if first is None:
        try:
            require(request.user, cap, None)
        except PermissionDenied as exc:
            # Same refusal (already recorded), told in this screen's words.
            denied = PermissionDenied(refusal)
            denied.lvzhi_denial = getattr(exc, "lvzhi_denial", None)  # type: ignore[attr-defined]
            raise denied from exc
        raise PermissionDenied(refusal)
    return first


def partial_for(request: HttpRequest, template: str, partials: tuple[str, ...]) -> str:
    """The named partial of `template` when htmx asks for one of `partials` by target id; else the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request or htmx.target not in partials:
        return template
    return f"{template}#{htmx.target}"


def render_partial(request: HttpRequest, template: str, partials: tuple[str, ...], context: dict[str, Any]
                   ) -> HttpResponse:
    """Render `template`, or the partial htmx asked for (`partial_for`); the response varies with the htmx headers,
    so a cache never serves a fragment for a whole page or the other way round."""
    response = render(request, partial_for(request, template, partials), context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response

