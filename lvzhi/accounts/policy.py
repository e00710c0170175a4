"""The security policy in force: password complexity and the cached policy row."""
from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.cache import cache
from django.core.exceptions import ValidationError

from lvzhi.accounts.models import PasswordHistory, SecurityPolicy

_CACHE_KEY = "lvzhi:security-policy"
# A new password may not repeat any of the account's last this many passwords.
HISTORY_LENGTH = 5
_common: CommonPasswordValidator | None = None


def current_policy() -> SecurityPolicy:
    policy = cache.get(_CACHE_KEY)
    if policy is None:
        policy = SecurityPolicy.current()
        cache.set(_CACHE_KEY, policy, 30)
    return policy


def forget_policy() -> None:
    cache.delete(_CACHE_KEY)


def character_classes(password: str) -> int:
    classes = [
        any(c in string.ascii_uppercase for c in password),
        any(c in string.ascii_lowercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


def is_common(password: str) -> bool:
    """In Django's list of 20,000 common passwords (case-insensitive): `Password1` passes any class rule but not this."""
    global _common
    if _common is None:
        _common = CommonPasswordValidator()
    try:
        _common.validate(password)
    except ValidationError:
        return True
    return False


def recently_used(user: Any, password: str) -> bool:
    """Is `password` the account's current one or one of its last HISTORY_LENGTH?"""
    if user is None or getattr(user, "pk", None) is None:
        return False
    if user.password and check_password(password, user.password):
        return True
    hashes = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:HISTORY_LENGTH]
    return any(check_password(password, h) for h in hashes)


def password_problems(password: str, username: str = "", user: Any = None) -> list[str]:
    """Every rule a new password breaks, in Chinese; `user` adds the no-reuse rule."""
    policy = current_policy()
    problems = []
    if len(password) < policy.min_length:
        problems.append(f"密码至少需要 {policy.min_length} 位。")
    if character_classes(password) < policy.min_classes:
        problems.append(f"密码须包含大写字母、小写字母、数字、符号中的至少 {policy.min_classes} 类。")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含账号名。")
    if is_common(password):
        problems.append("密码过于常见（如 Password1），容易被猜中，请换一个。")
    if recently_used(user, password):
        problems.append(f"新密码不能与最近 {HISTORY_LENGTH} 次使用过的密码相同。")
    return problems


class PolicyPasswordValidator:
    """Django password validator that applies the security administrator's policy."""

    def validate(self, password: str, user: Any = None) -> None:
        problems = password_problems(password, getattr(user, "username", "") or "", user)
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        policy = current_policy()
        return (f"至少 {policy.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 {policy.min_classes} 类；"
                f"不能是常见密码，不能与最近 {HISTORY_LENGTH} 次的密码相同。")
