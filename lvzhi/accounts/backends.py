"""Authentication with lockout after repeated failures; every attempt leaves an audit event."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lvzhi.accounts.services import login_attempt


class PolicyBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None or password is None:
            return None
        user, message = login_attempt(username=username, password=password)
        if request is not None:
            request.lvzhi_login_message = message  # type: ignore[attr-defined]
        return user
