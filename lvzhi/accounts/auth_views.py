"""Signing in and out, and changing one's own password."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from lvzhi.accounts.forms import LoginForm, PasswordChangeForm
from lvzhi.accounts.middleware import SESSION_KEY
from lvzhi.accounts.policy import current_policy
from lvzhi.accounts.services import user_change_own_password
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record


@never_cache
@csrf_protect
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user_cache, backend="lvzhi.accounts.backends.PolicyBackend")
        import time

        request.session[SESSION_KEY] = time.time()
        return redirect(next_url or "home")
    return render(request, "registration/login.html", {"form": form, "next": next_url, "title": "登录"})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="logout", obj=request.user)
    logout(request)
    messages.success(request, "您已安全退出。")
    return redirect("login")


@login_required
def password_change_view(request: SignedInRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_own_password(user=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("home")
    policy = current_policy()
    return render(request, "registration/password_change.html", {"form": form, "title": "修改密码", "policy": policy})
