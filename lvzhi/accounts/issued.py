"""The page that shows a batch's one-time passwords, once: the administrators' account screens and the roster's
account screens both end on it."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lvzhi.accounts import issuing


def issued_page(request: HttpRequest, batch: issuing.Batch, *, title: str, back: str) -> HttpResponse:
    """The one time the one-time passwords are shown; the Excel button posts a signed copy back."""
    response = render(request, "accounts/issued.html", {
        "title": title, "nav_active": "accounts", "batch": batch, "back": back,
        "token": issuing.issued_sign(batch, user=request.user) if batch.created else "",
    })
    response["Cache-Control"] = "no-store"
    return response
