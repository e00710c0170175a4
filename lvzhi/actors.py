"""Who makes a change: a signed-in user, or None for a system job (a management command, a nightly task, a
fixture). Every service takes `actor: Actor`; the audit trail names a None actor "系统".

A leaf module: it imports the user model only for the type checker, so any layer may use it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from lvzhi.accounts.models import User

Actor: TypeAlias = "User | None"
