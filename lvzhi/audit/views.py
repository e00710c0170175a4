from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
