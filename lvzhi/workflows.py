"""What every declared workflow shares: a move (its label, the states it may start from, where it leads, who
makes it) and the one refusal a move out of turn gets.

Each line declares its own moves once, in `<line>/workflow.py`, as a `Workflow`; services call `check` before
changing anything and screens ask `allowed` which buttons to show.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None = None  # None: the state does not change, or the service decides
    actor: str = ""
    hint: str = ""  # what the move means, shown beside its button


def move(name: str, label: str, sources: Iterable[str], target: str | None = None, actor: str = "",
         hint: str = "") -> Move:
    return Move(name, label, frozenset(sources), target, actor, hint)


class Workflow:
    """The moves of one kind of record. `subject` names the record in a refusal ("提案", "该信息"); `quoted`
    says whether the refusal quotes the move ("不能执行“立案”") or reads it as a verb ("不能报批")."""

    def __init__(self, subject: str, states: type[models.TextChoices], moves: Iterable[Move], *,
                 quoted: bool = True) -> None:
        self.subject = subject
        self.states = states
        self.moves: dict[str, Move] = {m.name: m for m in moves}
        self.quoted = quoted

    def state_label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def refusal(self, move: Move, state: str) -> str:
        action = f"执行“{move.label}”" if self.quoted else move.label
        return f"{self.subject}当前为“{self.state_label(state)}”，不能{action}。"

    def check(self, move_name: str, state: str) -> Move:
        """The move, if it may be made from `state`; otherwise a ValidationError saying why, in Chinese."""
        found = self.moves.get(move_name)
        if found is None:
            raise ValidationError("未知的操作。")
        if state not in found.sources:
            raise ValidationError(self.refusal(found, state))
        return found

    def can(self, move_name: str, state: str) -> bool:
        found = self.moves.get(move_name)
        return found is not None and state in found.sources

    def allowed(self, state: str, actor: str | None = None) -> list[Move]:
        return [m for m in self.moves.values() if state in m.sources and (actor is None or m.actor == actor)]
