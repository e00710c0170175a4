"""Who makes a change: a signed-in user, or None for a system job (a management command, a nightly task, a
fixture). Every service takes `actor: Actor`; the audit trail names a None actor "系统".

A leaf module: it imports the user model only for the type checker, so any layer may use it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from lvzhi.accounts.models import User

Actor: TypeAlias = "User | None"


class SignedInRequest(HttpRequest):
    """The request a view behind `login_required` receives: its user is signed in (and HtmxMiddleware has set
    `htmx`). For the type checker only; Django still passes a plain HttpRequest."""

    user: User
    htmx: HtmxDetails
