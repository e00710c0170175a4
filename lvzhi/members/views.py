"""Placeholder, replaced by the roster screens."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def roster_list(request: HttpRequest, **kw: object) -> HttpResponse:
    return HttpResponse("")


roster_export = member_create = member_detail = member_edit = roster_list
