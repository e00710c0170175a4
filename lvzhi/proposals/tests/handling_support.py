"""Shared builders for the handling, evaluation, key-proposal and reminder tests."""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.permissions import forget_grants
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.committees.models import HandlingUnit
from lvzhi.organisation import services as org
from lvzhi.proposals.models import Assignment, Proposal, ReplyClass, State
from lvzhi.proposals.services.handling import proposal_assign
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import PASSWORD, World


def make_unit(world: World, name: str = "长春市卫生健康委员会", committee: Any = None) -> HandlingUnit:
    return org.config_item_create(actor=None, list_key="handling-units", name=name, committee=committee or world.city,
                                  check_actor=False)  # type: ignore[return-value]


def make_unit_staff(world: World, username: str, unit: HandlingUnit, email: str = "") -> User:
    user = user_create(actor=None, username=username, display_name=username, password=PASSWORD, email=email,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=Role.UNIT_STAFF, committee=unit.committee, handling_unit=unit)
    forget_grants(user)
    return user


def reply_class(world: World, code: str = "A") -> ReplyClass:
    return ReplyClass.objects.get(committee=world.city, code=code)


def assigned(world: World, *, mode: str = "sole", units: list[HandlingUnit] | None = None,
             co_units: list[HandlingUnit] | None = None, **kwargs: Any) -> tuple[Proposal, list[Assignment]]:
    """A filed proposal assigned by pete (to uma's unit alone unless told otherwise)."""
    proposal = make_proposal(world, state=State.FILED, **kwargs)
    created = proposal_assign(actor=world.pete, proposal=proposal, mode=mode, units=units or [world.unit],
                              co_units=co_units or [])
    proposal.refresh_from_db()
    return proposal, created


def shift_assignment(assignment: Assignment, days: int) -> None:
    """Pretend the assignment was made `days` days earlier (every date moves with it)."""
    delta = datetime.timedelta(days=days)
    Assignment.objects.filter(pk=assignment.pk).update(
        assigned_at=assignment.assigned_at - delta, reassign_until=assignment.reassign_until - delta,
        due_date=assignment.due_date - delta,
    )
    assignment.refresh_from_db()


def shift_reply(assignment: Assignment, days: int) -> None:
    assert assignment.replied_at is not None
    Assignment.objects.filter(pk=assignment.pk).update(replied_at=assignment.replied_at - datetime.timedelta(days=days))
    assignment.refresh_from_db()


def today() -> datetime.date:
    return timezone.localdate()
