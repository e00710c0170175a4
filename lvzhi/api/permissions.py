"""API permission: each view names the capability each action needs, checked by lvzhi.accounts.permissions.

Lists are narrowed where the rows are fetched (the viewset's get_queryset starts from a selector); this class
refuses a user who holds the capability nowhere, and checks an object's committee before it is shown or changed.
A refusal goes through `require`, which records it in the audit trail and raises a 403 with a Chinese message.
"""
from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from lvzhi.accounts.permissions import can_anywhere, deny, require
from lvzhi.committees.models import Committee

# A view declares, per action ("list", "retrieve", ...) or per HTTP method for plain views ("get"), the
# capability needed, or AUTHENTICATED_ONLY for things every signed-in user may read about themselves.
AUTHENTICATED_ONLY = ""
# What an action needs: one capability, or, under AnyCapabilityPermission, a tuple of which any one will do.
Needs = str | tuple[str, ...]


def capability_for(request: Request, view: Any) -> Needs | None:
    """The capability the view declares for this request; None if it declares none (refused: fail closed)."""
    capabilities: dict[str, Needs] = getattr(view, "capabilities", {})
    method = (request.method or "").lower()
    key = getattr(view, "action", None) or ("get" if method == "head" else method)
    return capabilities.get(key)


def _handled(request: Request, view: Any) -> bool:
    """False for a method the view does not offer: DRF then answers 405, which is not a refusal."""
    method = (request.method or "").lower()
    if method not in view.http_method_names:
        return False
    if hasattr(view, "action"):
        return view.action is not None
    return hasattr(view, method)


def _single_capability(request: Request, view: Any) -> str:
    """The one capability the view declares for this request; a recorded refusal if it declares none."""
    cap = capability_for(request, view)
    if not isinstance(cap, str):
        deny(request.user, detail=f"undeclared:{view.__class__.__name__}")
    return cap


class CapabilityPermission(BasePermission):
    message = "您没有权限执行此操作。"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _handled(request, view):
            return True
        cap = _single_capability(request, view)
        if cap == AUTHENTICATED_ONLY or can_anywhere(request.user, cap):
            return True
        # Not held in any committee nor globally: `require` records the refusal and raises.
        require(request.user, cap, None)
        return False

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        cap = _single_capability(request, view)
        if cap == AUTHENTICATED_ONLY:
            return True
        # An object outside any committee needs the capability deployment-wide (the administrators').
        committee: Committee | None = view.committee_of(obj)
        require(request.user, cap, committee)
        return True


class AnyCapabilityPermission(CapabilityPermission):
    """An action may name several capabilities (a tuple); holding any one of them somewhere lets the request
    through to the selector and the service, which check the object's committee and record their own refusals."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _handled(request, view):
            return True
        caps = capability_for(request, view)
        needed = (caps,) if isinstance(caps, str) else tuple(caps or ())
        if not needed:
            require(request.user, f"undeclared:{view.__class__.__name__}", None)
        if any(can_anywhere(request.user, cap) for cap in needed):
            return True
        require(request.user, needed[0], None)
        return False

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        # Objects are fetched through the line's selectors (reading) and changed only by its services.
        return True
