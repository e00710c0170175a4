"""`manage.py create_admins`: the three administrator accounts (三员分立) with one-time passwords."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.services import grant_create_unchecked, one_time_password, user_create

ADMINS = [
    ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN),
    ("secadmin", "安全管理员", Role.SECURITY_ADMIN),
    ("auditor", "审计管理员", Role.AUDIT_ADMIN),
]


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员、审计管理员三个账号，并打印一次性密码（首次登录须修改）。"

    def handle(self, *args: Any, **options: Any) -> None:
        existing = [u for u, _, _ in ADMINS if User.objects.filter(username=u).exists()]
        if existing:
            raise CommandError(f"账号已存在：{', '.join(existing)}。如需重置密码，请由系统管理员在账号管理中操作。")
        with transaction.atomic():
            for username, name, role in ADMINS:
                password = one_time_password()
                user = user_create(actor=None, username=username, display_name=name, password=password,
                                   must_change_password=True, check_actor=False)
                grant_create_unchecked(actor=None, user=user, role=role)
                self.stdout.write(f"{name}  账号 {username}  一次性密码 {password}")
        self.stdout.write("请妥善交付上述密码；首次登录时须设置新密码。")
