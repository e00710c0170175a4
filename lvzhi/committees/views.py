from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def tree(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")

def config_index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
