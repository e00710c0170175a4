"""The API's session authentication, which also refuses an account that must first change its password."""
from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from lvzhi.accounts.services import password_expired
from lvzhi.audit.services import audit_record

MUST_CHANGE_MESSAGE = "请先修改密码：您的密码是临时密码或已过期，请在网页上设置新密码后再使用接口。"
# Reading one's own account stays open, so a client can tell the user why everything else is refused.
_OPEN_PATHS = frozenset({"/api/me/"})


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session, as the screens use it; a temporary or expired password gets no further than the
    screens' change-password page would let it (the screens redirect, the API answers 403)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not (user.must_change_password or password_expired(user)):
            return result
        if request._request.path in _OPEN_PATHS and request.method in ("GET", "HEAD"):
            return result
        audit_record(actor=user, action="access.denied", obj=user, outcome="denied", detail="password.must_change")
        raise exceptions.PermissionDenied(MUST_CHANGE_MESSAGE)


class PasswordCheckedSessionScheme(SessionScheme):
    """The schema names this authentication as Django's session cookie, as it did before the subclass."""

    target_class = "lvzhi.api.authentication.SessionAuthentication"
