"""Rate limits on the API, per account and per client address, besides the sign-in lockout per account."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from lvzhi.audit.middleware import client_ip


class _SettingRateThrottle(SimpleRateThrottle):
    """The rate is read from settings at each request (not once at import), so it can be tuned and tested."""

    setting = ""

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None) or None

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AccountThrottle(_SettingRateThrottle):
    """Each signed-in account (whatever address it calls from)."""

    scope = "api_account"
    setting = "API_RATE_ACCOUNT"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ClientThrottle(_SettingRateThrottle):
    """Each client address, as the audit trail names it (behind the documented reverse proxy, the hop it appended)."""

    scope = "api_client"
    setting = "API_RATE_CLIENT"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request) or "unknown"}
