"""Screens of the three administrators (三员): accounts, role grants with unlocking, the security policy."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lvzhi.accounts import issuing, services
from lvzhi.accounts.access import capability_required
from lvzhi.accounts.issued import issued_page
from lvzhi.accounts.manage_forms import (
    GrantFilterForm,
    GrantForm,
    PasswordResetDecideForm,
    PasswordResetRequestForm,
    PolicyForm,
    StaffAccountsForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from lvzhi.accounts.models import PasswordResetRequest, ResetState, RoleGrant, SecurityPolicy, User
from lvzhi.accounts.permissions import Cap
from lvzhi.actors import SignedInRequest
from lvzhi.documents.excel import XLSX_CONTENT_TYPE, content_disposition
from lvzhi.text.masking import mask_phone
from lvzhi.web.forms import add_service_errors

PAGE_SIZE = 30
def _page(request: HttpRequest, qs: QuerySet[Any]) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _with_grants(qs: QuerySet[User]) -> QuerySet[User]:
    grants = RoleGrant.objects.select_related("committee", "handling_unit", "special_committee").order_by(
        "committee__path", "role"
    )
    return qs.prefetch_related(Prefetch("grants", queryset=grants))


def _filter_users(qs: QuerySet[User], data: dict[str, Any]) -> QuerySet[User]:
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__contains=q))
    role = data.get("role")
    if role == "none":
        qs = qs.filter(grants__isnull=True)
    elif role:
        qs = qs.filter(grants__role=role)
    committee = data.get("committee")
    if committee is not None:
        qs = qs.filter(grants__committee=committee)
    now = timezone.now()
    status = data.get("status")
    if status == "active":
        qs = qs.filter(is_active=True).filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
    elif status == "disabled":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(locked_until__gt=now)
    return qs.distinct().order_by("username")


def _render_list(request: HttpRequest, template: str, ctx: dict[str, Any]) -> HttpResponse:
    """htmx filter requests get the results partial; full requests the page."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template = f"{template}#results"
    return render(request, template, ctx)


# --- System administrator: accounts -------------------------------------------------------------------------


@capability_required(Cap.ACCOUNT_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = _page(request, _with_grants(_filter_users(User.objects.all(), data)))
    for account in page.object_list:
        account.masked_phone = mask_phone(account.phone)  # no administrator reads personal data
    return _render_list(request, "accounts/user_list.html", {
        "title": "账号管理", "nav_active": "accounts", "filter_form": form, "page_obj": page, "now": timezone.now(),
    })


@capability_required(Cap.ACCOUNT_MANAGE)
def user_create(request: SignedInRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(actor=request.user, username=data["username"],
                                        display_name=data["display_name"], password=data["password"],
                                        phone=data["phone"], email=data["email"], must_change_password=True)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已创建账号“{user.username}”，首次登录时须修改密码。角色请由安全管理员授予。")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"title": "新建账号", "nav_active": "accounts", "form": form})


@capability_required(Cap.ACCOUNT_MANAGE)
def user_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(_with_grants(User.objects.all()), pk=pk)
    # No administrator reads personal data: the phone is shown masked and only replaced when a new one is typed.
    initial = {"display_name": user.display_name, "email": user.email}
    form = UserEditForm(request.POST or None, initial=initial)
    form.fields["phone"].help_text = f"当前：{mask_phone(user.phone)}；留空则不修改" if user.phone else "未填写"
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if not values.get("phone"):
            values.pop("phone", None)
        try:
            services.user_update(actor=request.user, user=user, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "账号信息已保存。")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_detail.html", {
        "title": f"账号：{user.username}", "nav_active": "accounts", "account": user, "form": form,
        "locked": bool(user.locked_until and user.locked_until > timezone.now()),
    })


@require_POST
@capability_required(Cap.ACCOUNT_MANAGE)
def user_set_active(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    active = request.POST.get("is_active") == "1"
    if user.is_active == active:
        messages.info(request, f"账号“{user.username}”已是{'正常' if active else '停用'}状态。")
        return redirect("accounts:user_detail", pk=user.pk)
    try:
        services.user_update(actor=request.user, user=user, is_active=active)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"账号“{user.username}”已{'启用' if active else '停用'}。")
    return redirect("accounts:user_detail", pk=user.pk)


@capability_required(Cap.ACCOUNT_MANAGE)
def user_password_reset(request: SignedInRequest, pk: int) -> HttpResponse:
    """三员分立: the system administrator asks; the security administrator approves; then a one-time password."""
    user = get_object_or_404(User, pk=pk)
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已提交重置“{user.username}”密码的申请，待安全管理员批准后方可签发一次性密码。")
            return redirect("accounts:user_password_reset", pk=user.pk)
    return render(request, "accounts/password_reset.html", {
        "title": "重置密码", "nav_active": "accounts", "account": user, "form": form,
        "requests": user.reset_requests.select_related("requested_by", "decided_by")[:10],
    })


@require_POST
@capability_required(Cap.ACCOUNT_MANAGE)
def password_reset_issue(request: SignedInRequest, pk: int) -> HttpResponse:
    reset = get_object_or_404(PasswordResetRequest.objects.select_related("user"), pk=pk)
    try:
        password = services.password_reset_issue(actor=request.user, request=reset)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("accounts:user_password_reset", pk=reset.user_id)
    user = reset.user
    batch = issuing.Batch(created=[issuing.Issued(name=str(user), where="", role="", username=user.username,
                                                  password=password, note="密码已重置，首次登录须修改密码")])
    return issued_page(request, batch, title=f"已重置“{user.username}”的密码", back=reverse("accounts:user_list"))


@capability_required(Cap.ACCOUNT_MANAGE)
def staff_accounts(request: SignedInRequest) -> HttpResponse:
    """Accounts for a handling unit's or an office's staff, with one-time passwords."""
    form = StaffAccountsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = issuing.staff_accounts_create(
                actor=request.user, committee=data["committee"], role=data["role"], names=form.name_list(),
                handling_unit=data.get("handling_unit"), special_committee=data.get("special_committee"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return issued_page(request, batch, title="工作人员账号已开通", back=reverse("accounts:staff_accounts"))
    return render(request, "accounts/staff_accounts.html", {
        "title": "开通工作人员账号", "nav_active": "accounts", "form": form,
    })


@require_POST
@capability_required(Cap.ACCOUNT_MANAGE)
def issued_export(request: HttpRequest) -> HttpResponse:
    """The printable list of a batch just issued (names, account names, one-time passwords) as Excel."""
    try:
        rows = issuing.issued_load(request.POST.get("token", ""), user=request.user)
    except ValidationError as exc:
        return render(request, "front/error.html", {"title": "无法下载", "message": "；".join(exc.messages)},
                      status=400)
    response = HttpResponse(issuing.issued_workbook(rows), content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = content_disposition(f"账号与一次性密码{stamp}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


# --- Security administrator: role grants, unlocking, policy -------------------------------------------------


@capability_required(Cap.ROLE_MANAGE)
def grant_list(request: HttpRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = _page(request, _with_grants(_filter_users(User.objects.all(), data)))
    return _render_list(request, "accounts/grant_list.html", {
        "title": "角色授权", "nav_active": "grants", "filter_form": form, "page_obj": page,
        "locked": services.locked_users(),
        "pending_resets": PasswordResetRequest.objects.filter(state=ResetState.PENDING).count(),
    })


@capability_required(Cap.ROLE_MANAGE)
def grant_create(request: SignedInRequest) -> HttpResponse:
    form = GrantForm(request.POST or None, initial={"username": request.GET.get("user", "")})
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        try:
            grant = services.grant_create(actor=request.user, user=form.user, role=form.cleaned_data["role"],
                                          **form.grant_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已为“{form.user.username}”授予{grant}。")
            return redirect(f"{_grant_list_url()}?{urlencode({'q': form.user.username})}")
    account = User.objects.filter(username=form["username"].value() or "").first()
    return render(request, "accounts/grant_form.html", {
        "title": "授予角色", "nav_active": "grants", "form": form,
        "account": _with_grants(User.objects.filter(pk=account.pk)).first() if account else None,
    })


def _grant_list_url() -> str:
    return reverse("accounts:grant_list")


@require_POST
@capability_required(Cap.ROLE_MANAGE)
def grant_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    grant = RoleGrant.objects.select_related("user", "committee").filter(pk=pk).first()
    if grant is None:
        messages.info(request, "该授权已撤销（可能是重复提交）。")
        return redirect("accounts:grant_list")
    try:
        services.grant_revoke(actor=request.user, grant=grant)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已撤销“{grant.user.username}”的{grant}。")
    return redirect(f"{_grant_list_url()}?{urlencode({'q': grant.user.username})}")


@require_POST
@capability_required(Cap.ACCOUNT_UNLOCK)
def user_unlock(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if not (user.locked_until and user.locked_until > timezone.now()):
        messages.info(request, f"账号“{user.username}”未被锁定。")
    else:
        services.user_unlock(actor=request.user, user=user)
        messages.success(request, f"已解锁账号“{user.username}”。")
    return redirect("accounts:grant_list")


@capability_required(Cap.ROLE_MANAGE)
def password_reset_list(request: HttpRequest) -> HttpResponse:
    """The security administrator's queue of password resets asked for by the system administrator."""
    qs = PasswordResetRequest.objects.select_related("user", "requested_by", "decided_by")
    return render(request, "accounts/password_reset_list.html", {
        "title": "密码重置审批", "nav_active": "grants", "pending": qs.filter(state=ResetState.PENDING),
        "recent": qs.exclude(state=ResetState.PENDING)[:30], "form": PasswordResetDecideForm(),
    })


@require_POST
@capability_required(Cap.ROLE_MANAGE)
def password_reset_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    reset = get_object_or_404(PasswordResetRequest.objects.select_related("user"), pk=pk)
    form = PasswordResetDecideForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.password_reset_decide(actor=request.user, request=reset, approve=approve,
                                       remarks=form.cleaned_data.get("remarks", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{'批准' if approve else '驳回'}重置“{reset.user.username}”密码的申请。")
    return redirect("accounts:password_reset_list")


@capability_required(Cap.POLICY_MANAGE)
def policy(request: SignedInRequest) -> HttpResponse:
    current = SecurityPolicy.current()
    form = PolicyForm(request.POST or None, initial={name: getattr(current, name) for name in services.POLICY_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "安全策略已保存，立即生效。")
            return redirect("accounts:policy")
    return render(request, "accounts/policy.html", {
        "title": "安全策略", "nav_active": "policy", "form": form, "policy": current,
    })
