"""Account services: login attempts with lockout, accounts, role grants (三员分立) and the policy."""
from __future__ import annotations

import datetime
import secrets
import string
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lvzhi.accounts.models import (
    ADMIN_ROLES,
    PasswordHistory,
    PasswordResetRequest,
    ResetState,
    Role,
    RoleGrant,
    SecurityPolicy,
    User,
)
from lvzhi.accounts.permissions import Cap, forget_grants, require
from lvzhi.accounts.policy import HISTORY_LENGTH, current_policy, forget_policy, password_problems
from lvzhi.actors import Actor
from lvzhi.audit import context as audit_context
from lvzhi.audit.services import audit_record, changes, snapshot
from lvzhi.committees.models import Committee, HandlingUnit, SpecialCommittee

# A constant hash to compare against when the account does not exist, so timing does not tell.
_DUMMY_HASH = make_password("lvzhi-no-such-user")


def _client_key(ip: str) -> str:
    return f"lvzhi:login-client:{ip}"


def client_throttled(ip: str | None) -> bool:
    """Has this client address failed to sign in too often lately (any accounts)? The per-account lockout
    cannot stop one client trying a common password on many accounts; this does."""
    if not ip or not settings.LOGIN_CLIENT_MAX_FAILURES:
        return False
    return int(cache.get(_client_key(ip)) or 0) >= settings.LOGIN_CLIENT_MAX_FAILURES


def _client_failed(ip: str | None) -> None:
    if not ip:
        return
    key = _client_key(ip)
    # The window starts at the first failure and is not extended by later ones.
    if not cache.add(key, 1, settings.LOGIN_CLIENT_WINDOW_MINUTES * 60):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, settings.LOGIN_CLIENT_WINDOW_MINUTES * 60)


def login_attempt(*, username: str, password: str) -> tuple[User | None, str]:
    """Check a password; count failures per account and per client address, lock, audit every attempt."""
    ip = audit_context.current().ip
    if client_throttled(ip):
        audit_record(actor=None, actor_name=username[:150], action="login.throttled", outcome="denied",
                     detail=f"来自 {ip} 的登录失败次数过多")
        return None, (f"该网络地址登录失败次数过多，请 {settings.LOGIN_CLIENT_WINDOW_MINUTES} 分钟后再试；"
                      "如有疑问请联系安全管理员。")
    user, message = _login_check(username=username, password=password)
    if user is None:
        _client_failed(ip)
    return user, message


def _login_check(*, username: str, password: str) -> tuple[User | None, str]:
    policy = current_policy()
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            check_password(password, _DUMMY_HASH)
            audit_record(actor=None, actor_name=username[:150], action="login.failure", outcome="failure",
                         detail="账号不存在")
            return None, "账号或密码错误。"
        if user.locked_until and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            audit_record(actor=None, actor_name=user.username, action="login.failure", obj=user, outcome="failure",
                         detail="账号已锁定")
            return None, f"账号已被锁定，请 {minutes} 分钟后再试，或联系安全管理员解锁。"
        if not user.is_active:
            audit_record(actor=None, actor_name=user.username, action="login.failure", obj=user, outcome="failure",
                         detail="账号已停用")
            return None, "账号已停用，请联系系统管理员。"
        if not user.check_password(password):
            user.failed_logins += 1
            fields = ["failed_logins"]
            message = "账号或密码错误。"
            detail = f"密码错误（第 {user.failed_logins} 次）"
            if policy.max_failures and user.failed_logins >= policy.max_failures:
                user.locked_until = now + datetime.timedelta(minutes=policy.lockout_minutes)
                user.failed_logins = 0
                fields.append("locked_until")
                message = f"连续 {policy.max_failures} 次密码错误，账号已锁定 {policy.lockout_minutes} 分钟。"
                detail += "，账号锁定"
            else:
                left = policy.max_failures - user.failed_logins if policy.max_failures else None
                if left is not None and left <= 2:
                    message = f"账号或密码错误，再错 {left} 次账号将被锁定。"
            user.save(update_fields=fields)
            audit_record(actor=None, actor_name=user.username, action="login.failure", obj=user, outcome="failure",
                         detail=detail)
            return None, message
        user.failed_logins = 0
        user.locked_until = None
        user.last_login = now
        user.save(update_fields=["failed_logins", "locked_until", "last_login"])
        audit_record(actor=user, action="login.success", obj=user)
        return user, ""


def password_expired(user: User) -> bool:
    days = current_policy().expiry_days
    if not days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > datetime.timedelta(days=days)


def _set_password(user: User, password: str, *, must_change: bool) -> None:
    """Set and save a new password, keeping the last HISTORY_LENGTH hashes so they cannot be used again."""
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = timezone.now()
    if user.pk is None:
        user.save()
    else:
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    PasswordHistory.objects.create(user=user, password=user.password)
    old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[HISTORY_LENGTH:]
    PasswordHistory.objects.filter(pk__in=list(old)).delete()


@transaction.atomic
def user_create(
    *, actor: Actor, username: str, display_name: str, password: str, phone: str = "", email: str = "",
    must_change_password: bool = True, check_actor: bool = True,
) -> User:
    """Create an account. `check_actor=False` is for set-up commands and the roster import only."""
    if check_actor:
        require(actor, Cap.ACCOUNT_MANAGE, None)
    username = username.strip()
    if not username:
        raise ValidationError({"username": "账号不能为空。"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"账号“{username}”已存在。"})
    problems = password_problems(password, username)
    if problems:
        raise ValidationError({"password": problems})
    user = User(username=username, display_name=display_name.strip(), phone=phone, email=email)
    _set_password(user, password, must_change=must_change_password)
    audit_record(actor=actor, action="account.create", obj=user,
                 after=snapshot(user, ["username", "display_name", "phone", "email", "is_active"]))
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, **fields: Any) -> User:
    require(actor, Cap.ACCOUNT_MANAGE, None)
    allowed = {"display_name", "phone", "email", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
    if "is_active" in fields and not fields["is_active"]:
        check_admin_target(actor=actor, user=user, action="disable")
    before = snapshot(user, sorted(allowed))
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    b, a = changes(before, snapshot(user, sorted(allowed)))
    audit_record(actor=actor, action="account.update", obj=user, before=b, after=a)
    return user


def _check_reset_target(*, actor: Actor, user: User) -> None:
    check_admin_target(actor=actor, user=user, action="reset_password")
    if not user.is_active:
        raise ValidationError("该账号已停用，请先启用再重置密码。")


@transaction.atomic
def password_reset_request(*, actor: User, user: User, reason: str) -> PasswordResetRequest:
    """The system administrator asks for a reset; nothing changes until the security administrator approves.
    A signed-in user only: the request names who asked."""
    require(actor, Cap.ACCOUNT_MANAGE, None)
    _check_reset_target(actor=actor, user=user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写申请理由（如：委员本人来电称遗忘密码，已核实身份）。"})
    if PasswordResetRequest.objects.filter(user=user, state__in=[ResetState.PENDING, ResetState.APPROVED]).exists():
        raise ValidationError("该账号已有未完成的重置申请。")
    request = PasswordResetRequest.objects.create(user=user, reason=reason[:200], requested_by=actor)
    audit_record(actor=actor, action="account.password_reset_request", obj=user,
                 after={"request": request.pk, "reason": request.reason})
    return request


@transaction.atomic
def password_reset_decide(*, actor: Actor, request: PasswordResetRequest, approve: bool,
                          remarks: str = "") -> PasswordResetRequest:
    """The security administrator approves or rejects; the one who asked may not decide (two-person rule)."""
    require(actor, Cap.ROLE_MANAGE, None)
    request = PasswordResetRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ResetState.PENDING:
        raise ValidationError(f"该申请{request.get_state_display()}，不能再审批。")
    if request.requested_by_id == getattr(actor, "pk", None):
        raise ValidationError("申请人不能审批自己的申请。")
    request.state = ResetState.APPROVED if approve else ResetState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.remarks = remarks.strip()[:200]
    request.save(update_fields=["state", "decided_by", "decided_at", "remarks"])
    audit_record(actor=actor, action="account.password_reset_approve" if approve else "account.password_reset_reject",
                 obj=request.user, after={"request": request.pk, "remarks": request.remarks})
    return request


@transaction.atomic
def password_reset_issue(*, actor: Actor, request: PasswordResetRequest) -> str:
    """After approval, the system administrator issues a one-time password (returned once, never stored in clear)."""
    require(actor, Cap.ACCOUNT_MANAGE, None)
    request = PasswordResetRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if request.state != ResetState.APPROVED:
        raise ValidationError(f"该申请{request.get_state_display()}，须经安全管理员批准后才能签发。")
    user = request.user
    _check_reset_target(actor=actor, user=user)
    password = one_time_password()
    _set_password(user, password, must_change=True)
    request.state = ResetState.ISSUED
    request.issued_at = timezone.now()
    request.save(update_fields=["state", "issued_at"])
    audit_record(actor=actor, action="account.password_reset", obj=user,
                 after={"request": request.pk, "approved_by": request.decided_by.username if request.decided_by else ""})
    return password


def one_time_password() -> str:
    """16 characters with every character class, so it passes any policy the bounds allow."""
    alphabet = string.ascii_letters + string.digits + "#%+=@"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(16))
        if (any(c.isupper() for c in pw) and any(c.islower() for c in pw) and any(c.isdigit() for c in pw)
                and any(not c.isalnum() for c in pw)):
            return pw


@transaction.atomic
def user_change_own_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        audit_record(actor=user, action="account.password_change", obj=user, outcome="failure", detail="原密码错误")
        raise ValidationError({"old_password": "原密码不正确。"})
    problems = password_problems(new_password, user.username, user)
    if problems:
        raise ValidationError({"new_password": problems})
    _set_password(user, new_password, must_change=False)
    audit_record(actor=user, action="account.password_change", obj=user)


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> None:
    require(actor, Cap.ACCOUNT_UNLOCK, None)
    before = {"locked_until": user.locked_until, "failed_logins": user.failed_logins}
    user.locked_until = None
    user.failed_logins = 0
    user.save(update_fields=["locked_until", "failed_logins"])
    audit_record(actor=actor, action="account.unlock", obj=user, before=before,
                 after={"locked_until": None, "failed_logins": 0})


def _check_separation(user: User, role: str) -> None:
    """三员分立: an administrator holds exactly one administrator role and nothing else."""
    existing = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    if role in ADMIN_ROLES and existing - {role}:
        raise ValidationError("三员分立：管理员账号不能兼任其他角色，请为管理员单独建立账号。")
    if role not in ADMIN_ROLES and existing & ADMIN_ROLES:
        raise ValidationError("三员分立：该账号是管理员账号，不能再授予业务角色。")


def grant_create_unchecked(
    *, actor: Actor, user: User, role: str, committee: Committee | None = None, include_subtree: bool = False,
    handling_unit: HandlingUnit | None = None, special_committee: SpecialCommittee | None = None,
) -> RoleGrant:
    """The grant itself, validated and audited; callers decide who may make it."""
    if role not in Role.values:
        raise ValidationError("未知的角色。")
    _check_separation(user, role)
    if role in ADMIN_ROLES:
        committee, include_subtree, handling_unit, special_committee = None, False, None, None
    elif committee is None:
        raise ValidationError("业务角色须指定所属政协组织。")
    if role == Role.UNIT_STAFF and handling_unit is None:
        raise ValidationError("承办单位工作人员须指定承办单位。")
    if handling_unit is not None and committee is not None and handling_unit.committee_id != committee.pk:
        raise ValidationError("承办单位不属于该政协组织。")
    if role == Role.SPECIAL_COMMITTEE_STAFF and special_committee is None:
        raise ValidationError("专委会工作人员须指定专门委员会。")
    if special_committee is not None and committee is not None and special_committee.committee_id != committee.pk:
        raise ValidationError("专门委员会不属于该政协组织。")
    if RoleGrant.objects.filter(user=user, role=role, committee=committee).exists():
        raise ValidationError("该账号已有此角色。")
    grant = RoleGrant.objects.create(user=user, role=role, committee=committee, include_subtree=include_subtree,
                                     handling_unit=handling_unit, special_committee=special_committee)
    forget_grants(user)
    audit_record(actor=actor, action="role.grant", obj=grant, object_repr=f"{user.username}：{grant}",
                 committee_id=committee.pk if committee else None,
                 after={"user": user.username, "role": grant.get_role_display(), "committee": str(committee or "全系统"),
                        "include_subtree": include_subtree, "handling_unit": str(handling_unit or ""),
                        "special_committee": str(special_committee or "")})
    return grant


@transaction.atomic
def grant_create(*, actor: Actor, user: User, role: str, **kwargs: Any) -> RoleGrant:
    """The security administrator grants a role."""
    require(actor, Cap.ROLE_MANAGE, None)
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError("不能给自己授权。")
    return grant_create_unchecked(actor=actor, user=user, role=role, **kwargs)


@transaction.atomic
def grant_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    require(actor, Cap.ROLE_MANAGE, None)
    if grant.user_id == getattr(actor, "pk", None):
        raise ValidationError("不能撤销自己的角色。")
    audit_record(actor=actor, action="role.revoke", obj=grant, object_repr=f"{grant.user.username}：{grant}",
                 committee_id=grant.committee_id,
                 before={"user": grant.user.username, "role": grant.get_role_display(),
                         "committee": str(grant.committee or "全系统")})
    user = grant.user
    RoleGrant.objects.filter(pk=grant.pk).delete()
    forget_grants(user)


POLICY_FIELDS = ["min_length", "min_classes", "expiry_days", "max_failures", "lockout_minutes", "idle_timeout_minutes"]
POLICY_BOUNDS = {
    "min_length": (8, 64), "min_classes": (2, 4), "expiry_days": (0, 365), "max_failures": (3, 10),
    "lockout_minutes": (5, 1440), "idle_timeout_minutes": (5, 240),
}


@transaction.atomic
def policy_update(*, actor: Actor, **values: int) -> SecurityPolicy:
    """等保 sets floors: no policy may be weaker than the bounds above."""
    require(actor, Cap.POLICY_MANAGE, None)
    policy = SecurityPolicy.current()
    errors = {}
    for name, value in values.items():
        if name not in POLICY_BOUNDS:
            errors[name] = "未知的策略项。"
            continue
        low, high = POLICY_BOUNDS[name]
        if not low <= int(value) <= high:
            label = cast(models.Field, SecurityPolicy._meta.get_field(name)).verbose_name
            errors[name] = f"{label}须在 {low} 到 {high} 之间。"
    if errors:
        raise ValidationError(errors)
    before = snapshot(policy, POLICY_FIELDS)
    for name, value in values.items():
        setattr(policy, name, int(value))
    policy.save()
    forget_policy()
    b, a = changes(before, snapshot(policy, POLICY_FIELDS))
    audit_record(actor=actor, action="policy.update", obj=policy, before=b, after=a)
    return policy


def check_admin_target(*, actor: Actor, user: User, action: str) -> None:
    """三员分立: the system administrator may not disable or take over its own or another administrator's account.

    Otherwise it could silence the audit administrator or sign in as the security administrator; the holders
    of those accounts reset them with `manage.py changepassword` at the console.
    """
    own, admin = {
        "disable": ("不能停用自己的账号。", "三员分立：不能停用管理员账号。"),
        "reset_password": ("不能在此重置自己的密码，请使用“修改密码”。", "三员分立：不能重置管理员账号的密码，请由运维人员在服务器上处理。"),
    }[action]
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(own)
    if RoleGrant.objects.filter(user=user, role__in=sorted(r.value for r in ADMIN_ROLES)).exists():
        raise ValidationError(admin)


def locked_users() -> QuerySet[User]:
    """Accounts locked by failed logins right now, for the security administrator."""
    return User.objects.filter(locked_until__gt=timezone.now()).order_by("locked_until")
