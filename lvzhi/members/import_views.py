"""Placeholder, replaced by the roster import screens."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def import_upload(request: HttpRequest, **kw: object) -> HttpResponse:
    return HttpResponse("")


import_template = import_preview = import_upload
