"""Accounts, role grants scoped to a committee, and the security policy the security administrator sets."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    MEMBER = "member", "委员"
    OFFICE_STAFF = "office_staff", "办公室工作人员"
    PROPOSAL_STAFF = "proposal_staff", "提案委工作人员"
    RESEARCH_STAFF = "research_staff", "研究室（信息委）工作人员"
    SPECIAL_COMMITTEE_STAFF = "special_committee_staff", "专委会工作人员"
    UNIT_STAFF = "unit_staff", "承办单位工作人员"
    LEADER = "leader", "领导"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    """An account. Its holder's name is `display_name`; `first_name`/`last_name` are not used."""

    display_name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrant(models.Model):
    """One role of one user, in one committee (none for the three administrators)."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="grants",
    )
    include_subtree = models.BooleanField("可查看下级政协", default=False)
    handling_unit = models.ForeignKey(
        "committees.HandlingUnit", verbose_name="承办单位", null=True, blank=True, on_delete=models.PROTECT
    )
    special_committee = models.ForeignKey(
        "committees.SpecialCommittee", verbose_name="专门委员会", null=True, blank=True, on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "committee"], name="grant_unique_role"),
            models.CheckConstraint(
                condition=Q(role__in=sorted(r.value for r in ADMIN_ROLES), committee__isnull=True)
                | (~Q(role__in=sorted(r.value for r in ADMIN_ROLES)) & Q(committee__isnull=False)),
                name="grant_admins_global_others_scoped",
            ),
        ]

    def __str__(self) -> str:
        where = self.committee.display_name if self.committee else "全系统"
        return f"{where}·{self.get_role_display()}"


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords, so a new one cannot repeat them (等保 2.0 三级)."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码散列", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user.username}·{self.created_at:%Y-%m-%d}"


class ResetState(models.TextChoices):
    PENDING = "pending", "待安全管理员批准"
    APPROVED = "approved", "已批准，待签发"
    REJECTED = "rejected", "已驳回"
    ISSUED = "issued", "已签发一次性密码"


class PasswordResetRequest(models.Model):
    """The system administrator asks to reset a business account's password; the security administrator decides.

    三员分立: no single administrator can take over a member's or a staff member's account. The one-time password is
    made only when the approved request is issued, shown once to the system administrator, and must be changed.
    """

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="reset_requests")
    reason = models.CharField("申请理由", max_length=200)
    state = models.CharField("状态", max_length=16, choices=ResetState.choices, default=ResetState.PENDING)
    requested_by = models.ForeignKey(User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(User, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    remarks = models.CharField("审批意见", max_length=200, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)

    class Meta:
        verbose_name = "密码重置申请"
        verbose_name_plural = "密码重置申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(state__in=["pending", "approved"]),
                                    name="reset_request_one_open_per_user"),
        ]

    def __str__(self) -> str:
        return f"重置 {self.user.username} 的密码"


class SecurityPolicy(models.Model):
    """A single row: password and session rules (等保 2.0 三级), set by the security administrator."""

    min_length = models.PositiveSmallIntegerField("密码最小长度", default=8)
    min_classes = models.PositiveSmallIntegerField(
        "密码至少包含的字符类别数", default=3, help_text="大写字母、小写字母、数字、符号四类中至少几类"
    )
    expiry_days = models.PositiveSmallIntegerField("密码有效期（天，0 为不过期）", default=90)
    max_failures = models.PositiveSmallIntegerField("连续登录失败锁定次数", default=5)
    lockout_minutes = models.PositiveSmallIntegerField("锁定时长（分钟）", default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField("空闲超时（分钟）", default=30)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

    def __str__(self) -> str:
        return "安全策略"

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy = cls.objects.order_by("pk").first()
        if policy is None:
            policy = cls.objects.create()
        return policy
