"""Placeholder: replaced by the administrators' screens."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def user_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


grant_list = policy = user_list
