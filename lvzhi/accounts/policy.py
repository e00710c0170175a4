"""The security policy in force: password complexity and the cached policy row."""
from __future__ import annotations

import string
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError

from lvzhi.accounts.models import SecurityPolicy

_CACHE_KEY = "lvzhi:security-policy"


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


def password_problems(password: str, username: str = "") -> list[str]:
    policy = current_policy()
    problems = []
    if len(password) < policy.min_length:
        problems.append(f"密码至少需要 {policy.min_length} 位。")
    if character_classes(password) < policy.min_classes:
        problems.append(f"密码须包含大写字母、小写字母、数字、符号中的至少 {policy.min_classes} 类。")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含账号名。")
    return problems


class PolicyPasswordValidator:
    """Django password validator that applies the security administrator's policy."""

    def validate(self, password: str, user: Any = None) -> None:
        problems = password_problems(password, getattr(user, "username", "") or "")
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        policy = current_policy()
        return f"至少 {policy.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 {policy.min_classes} 类。"
