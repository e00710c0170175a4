"""Where review sends a proposal it converts to 社情民意. The opinions line sits above proposals (its reports
point back at the proposal they came from), so it registers its intake here in its AppConfig.ready() instead of
proposals importing it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

from lvzhi.actors import Actor

if TYPE_CHECKING:
    from lvzhi.proposals.models import Proposal


class OpinionIntake(Protocol):
    def __call__(self, *, actor: Actor, proposal: Proposal) -> object: ...


_opinion_intake: list[OpinionIntake] = []


def register_opinion_intake(intake: OpinionIntake) -> None:
    _opinion_intake[:] = [intake]


def convert_to_opinion(*, actor: Actor, proposal: Proposal) -> None:
    """The 社情民意 report the proposal becomes, made by the opinions line in the caller's transaction. The
    reviewer's remarks are not passed: the report's authors read its history, and those remarks are the office's."""
    if not _opinion_intake:
        raise ImproperlyConfigured("社情民意 (lvzhi.opinions) is not installed: a proposal cannot be converted to it.")
    _opinion_intake[0](actor=actor, proposal=proposal)
