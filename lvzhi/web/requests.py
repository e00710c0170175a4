"""Reading what every screen reads from a request (the htmx partial it asks for, the list's query) and answering it."""
from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers


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


def query_string(request: HttpRequest, **override: str) -> str:
    """The list's query without its page number, with `override` set: for the links that change one filter."""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    for key, value in override.items():
        params[key] = value
    return params.urlencode()


def year_of(request: HttpRequest) -> int:
    """The year the query names (2000–2100), else this year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def posted_date(request: HttpRequest, name: str = "date") -> datetime.date | None:
    """The ISO date posted under `name`, None when it is missing or not a date."""
    try:
        return datetime.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        return None


def posted_version(request: HttpRequest) -> int | None:
    """The record version a form posts back, for the service's stale-version check."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None
