"""What every declared workflow shares: a move (its label, the states it may start from, where it leads, who
makes it) and the one refusal a move out of turn gets.

Each line declares its own moves once, in `<line>/workflow.py`, as a `Workflow`. The table is the one place a
move happens: a service calls `apply(record, move, actor_role=...)`, which checks the record's state and the
actor's role, sets the target state and returns the move; it never sets a state by hand. Screens ask `allowed`
which buttons to show, and `check` answers "may this move be made now?" without changing anything.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[str]
    # The state the move leads to. None: the state does not change, or (when `ends` is set) the service picks
    # one of `ends` (e.g. a submit leads to co-signing or to review).
    target: str | None = None
    actors: tuple[str, ...] = ()  # the roles that may make it; the first is the one a screen shows it to
    hint: str = ""  # what the move means, shown beside its button
    ends: frozenset[str] = frozenset()  # the states a service may choose when `target` is None

    @property
    def actor(self) -> str:
        return self.actors[0] if self.actors else ""

    @property
    def outcomes(self) -> frozenset[str]:
        """Every state the record may be in after the move: the target, the service's choices, or (a move that
        changes no state) the state it started from."""
        if self.target is not None:
            return frozenset({self.target})
        return self.ends or self.sources


def move(name: str, label: str, sources: Iterable[str], target: str | None = None,
         actor: str | Iterable[str] = "", hint: str = "", ends: Iterable[str] = ()) -> Move:
    actors = (actor,) if isinstance(actor, str) else tuple(actor)
    return Move(name, label, frozenset(sources), target, tuple(a for a in actors if a), hint, frozenset(ends))


class Workflow:
    """The moves of one kind of record. `subject` names the record in a refusal ("提案", "该信息"); `quoted`
    says whether the refusal quotes the move ("不能执行“立案”") or reads it as a verb ("不能报批");
    `state_field` is the record's attribute holding its state."""

    def __init__(self, subject: str, states: type[models.TextChoices], moves: Iterable[Move], *,
                 quoted: bool = True, state_field: str = "state") -> None:
        self.subject = subject
        self.states = states
        self.moves: dict[str, Move] = {m.name: m for m in moves}
        self.quoted = quoted
        self.state_field = state_field
        for m in self.moves.values():
            if unknown := m.sources - set(states.values):
                raise ValueError(f"{m.name}: unknown states {sorted(unknown)}")

    def state_label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def labels(self) -> dict[str, str]:
        """Move name → label: the label table a line's history and audit trail show."""
        return {m.name: m.label for m in self.moves.values()}

    def refusal(self, move: Move, state: str) -> str:
        action = f"执行“{move.label}”" if self.quoted else move.label
        return f"{self.subject}当前为“{self.state_label(state)}”，不能{action}。"

    def check(self, move_name: str, state: str, *, actor_role: str | None = None) -> Move:
        """The move, if it may be made from `state` (and, when `actor_role` is given, by that role); otherwise a
        ValidationError saying why, in Chinese."""
        found = self.moves.get(move_name)
        if found is None:
            raise ValidationError("未知的操作。")
        if state not in found.sources:
            raise ValidationError(self.refusal(found, state))
        if actor_role is not None and found.actors and actor_role not in found.actors:
            raise ValidationError(f"您无权{'执行“' + found.label + '”' if self.quoted else found.label}。")
        return found

    def apply(self, obj: Any, move_name: str, *, actor_role: str, target: str | None = None) -> Move:
        """Make the move on `obj`: check its state and the actor's role, then set the target state (the
        declared one, or `target` when the move lets the service choose among its `ends`). Saving is the
        service's. Returns the move."""
        found = self.check(move_name, getattr(obj, self.state_field), actor_role=actor_role)
        if target is not None and found.target is None and target not in found.ends:
            raise ValueError(f"{move_name} cannot lead to {target!r}")
        if target is not None and found.target is not None and target != found.target:
            raise ValueError(f"{move_name} leads to {found.target!r}, not {target!r}")
        new_state = found.target if found.target is not None else target
        if new_state is not None:
            setattr(obj, self.state_field, new_state)
        return found

    def can(self, move_name: str, state: str, *, actor_role: str | None = None) -> bool:
        found = self.moves.get(move_name)
        return (found is not None and state in found.sources
                and (actor_role is None or not found.actors or actor_role in found.actors))

    def allowed(self, state: str, actor: str | None = None) -> list[Move]:
        return [m for m in self.moves.values() if state in m.sources and (actor is None or actor in m.actors)]


class WorkflowEvent(models.Model):
    """One row of a record's history as users see it: which move (or other kind of row, e.g. "create"), who made
    it, from which state to which, remarks. Each line's table adds the record the row belongs to, its time
    (`time_field`) and order, and `label_table`: its workflow's `labels()` plus the other kinds of row it records,
    declared next to the workflow and set there as the table's `labels`, so the page, the API and the audit trail read one table."""

    # PROTECT: an account that made moves is disabled, never deleted, so the history keeps who made each one.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=24, blank=True)
    to_state = models.CharField("新状态", max_length=24, blank=True)
    remarks = models.TextField("说明", blank=True)

    time_field: ClassVar[str] = "at"
    # Kind of row → label: set by the line's workflow module (which imports the models, never the reverse).
    labels: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True

    def label_table(self) -> Mapping[str, str]:
        """Kind of row → the label the history shows (the line's table; it may depend on the row's record)."""
        return self.labels

    @property
    def label(self) -> str:
        return self.label_table().get(self.action, self.action)

    @property
    def when(self) -> datetime.datetime:
        when: datetime.datetime = getattr(self, self.time_field)
        return when

    def __str__(self) -> str:
        return self.label
