"""Reading what every screen reads from a request (the htmx partial it asks for, the list's query) and answering it."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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

