"""Idle session timeout and forced password change, as the security policy sets them."""
from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from lvzhi.accounts.policy import current_policy
from lvzhi.accounts.services import password_expired
from lvzhi.audit.services import audit_record

SESSION_KEY = "lvzhi_last_seen"
_EXEMPT_PREFIXES = ("/static/", "/accounts/login/", "/accounts/logout/", "/accounts/password/")


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith("/static/"):
            now = time.time()
            last = request.session.get(SESSION_KEY)
            limit = current_policy().idle_timeout_minutes * 60
            if last is not None and limit and now - float(last) > limit:
                audit_record(actor=user, action="logout.timeout", obj=user, detail="空闲超时自动退出")
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "登录已超时，请重新登录。"}, status=401)
                messages.info(request, "您已长时间未操作，为保障安全已自动退出，请重新登录。")
                # The whole path, query included (a scanned sign-in code survives the login), encoded.
                response: HttpResponse = redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("login")
                return response
            request.session[SESSION_KEY] = now
            if (
                not request.path.startswith(_EXEMPT_PREFIXES)
                and not request.path.startswith("/api/")
                and (user.must_change_password or password_expired(user))
            ):
                messages.warning(request, "您的密码已过期或须修改，请先设置新密码。")
                return redirect("password_change")
        return self.get_response(request)
