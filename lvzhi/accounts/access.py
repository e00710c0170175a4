"""What a screen checks before it reads: the committee a request names, and a capability in front of a view."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from lvzhi.accounts.permissions import committees_for, require
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404

View = Callable[..., HttpResponse]


def capability_required(cap: str) -> Callable[[View], View]:
    """A deployment-wide capability (one of the three administrators'); a refusal is audited and gives 403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, cap, None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


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
