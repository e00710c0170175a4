"""Key proposals (重点提案): proposed by staff, confirmed by the chairs' meeting, supervised by named leaders."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, can, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Meeting, MeetingKind
from lvzhi.members.models import Person
from lvzhi.members.selectors import person_of
from lvzhi.proposals.models import KeyProposal, KeyStatus, Proposal, Supervision, SupervisionKind
from lvzhi.proposals.services.common import record_move, save_changed
from lvzhi.proposals.services.handling import _deny, _lock
from lvzhi.proposals.workflow import KEY, WORKFLOW, Role


def _names(people: Sequence[Person]) -> list[str]:
    return [p.name for p in people]


def key_propose(
    *, actor: User, proposal: Proposal, supervisors: Sequence[Person], leader_led: bool = False,
    expected_version: int | None = None,
) -> KeyProposal:
    """Staff (signed in: the row names them) put a filed proposal forward as a key proposal, with the leaders who
    are to supervise it."""
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    supervisors = list(dict.fromkeys(supervisors))
    if not supervisors:
        raise ValidationError({"supervisors": "请指定督办领导。"})
    with transaction.atomic():
        _lock(proposal, expected_version)
        move = WORKFLOW.apply(proposal, "propose_key", actor_role=Role.STAFF)
        if KeyProposal.objects.filter(proposal=proposal).exists():
            raise ValidationError("该提案已拟定为重点提案。")
        key = KeyProposal.objects.create(proposal=proposal, leader_led=leader_led, proposed_by=actor)
        key.supervisors.set(supervisors)
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    after={"supervisors": _names(supervisors), "leader_led": leader_led})
    return key


def key_confirm(
    *, actor: Actor, key: KeyProposal, meeting: Meeting, expected_version: int | None = None,
) -> KeyProposal:
    """Record the chairs' meeting decision that makes the proposal a key proposal (主席会议确定)."""
    proposal = key.proposal
    require(actor, Cap.PROPOSAL_MANAGE, proposal.committee)
    if meeting.kind != MeetingKind.CHAIRS:
        raise ValidationError({"meeting": "重点提案须由主席会议确定，请选择主席会议。"})
    if meeting.term.committee_id != proposal.committee_id or meeting.term_id != proposal.term_id:
        raise ValidationError({"meeting": "请选择本政协本届的主席会议。"})
    if meeting.date > timezone.localdate():
        raise ValidationError({"meeting": "该主席会议尚未召开。"})
    with transaction.atomic():
        _lock(proposal, expected_version)
        move = WORKFLOW.apply(proposal, "confirm_key", actor_role=Role.STAFF)
        key.refresh_from_db()
        if key.status == KeyStatus.CONFIRMED:
            raise ValidationError("该重点提案已经主席会议确定。")
        KEY.apply(key, "confirm_key", actor_role=Role.STAFF)
        key.confirmed_meeting = meeting
        key.save(update_fields=["status", "confirmed_meeting"])
        proposal.is_key = True
        save_changed(proposal, ["is_key"])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=meeting.label, before={"is_key": False}, after={"is_key": True, "meeting": meeting.label})
    return key


def key_record_supervision(
    *, actor: User, key: KeyProposal, kind: str, date: datetime.date, leaders: Sequence[Person], summary: str,
    expected_version: int | None = None,
) -> Supervision:
    """A supervision visit or meeting on a key proposal, recorded by signed-in staff or a supervising leader."""
    proposal = key.proposal
    person = getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None
    is_supervisor = (person is not None and can(actor, Cap.PROPOSAL_SUPERVISE, proposal.committee)
                     and key.supervisors.filter(pk=person.pk).exists())
    if not is_supervisor and not can(actor, Cap.PROPOSAL_MANAGE, proposal.committee):
        _deny(actor, proposal.committee, Cap.PROPOSAL_MANAGE, "您没有权限记录该重点提案的督办情况。")
    role = Role.SUPERVISOR if is_supervisor else Role.STAFF
    if kind not in SupervisionKind.values:
        raise ValidationError({"kind": "请选择督办形式。"})
    if date > timezone.localdate():
        raise ValidationError({"date": "督办日期不能晚于今天。"})
    leaders = list(dict.fromkeys(leaders))
    if not leaders:
        raise ValidationError({"leaders": "请填写参加督办的领导。"})
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": "请填写督办情况。"})
    with transaction.atomic():
        _lock(proposal, expected_version)
        move = WORKFLOW.apply(proposal, "record_supervision", actor_role=role)
        key.refresh_from_db()
        if key.status != KeyStatus.CONFIRMED:
            raise ValidationError("重点提案须经主席会议确定后方可记录督办。")
        KEY.apply(key, "record_supervision", actor_role=role)
        supervision = Supervision.objects.create(key=key, kind=kind, date=date, summary=summary, recorded_by=actor)
        supervision.leaders.set(leaders)
        save_changed(proposal, [])
        record_move(proposal=proposal, actor=actor, move=move, from_state=proposal.state, to_state=proposal.state,
                    remarks=f"{supervision.get_kind_display()}（{date:%Y-%m-%d}）",
                    after={"supervision": supervision.pk, "leaders": _names(leaders)})
    return supervision


def supervised_by(user: Any) -> QuerySet[KeyProposal]:
    """The key proposals whose supervisors include `user`'s person: the leader's page."""
    person = person_of(user)
    if person is None:
        return KeyProposal.objects.none()
    return (KeyProposal.objects.filter(supervisors=person)
            .select_related("proposal", "proposal__committee", "confirmed_meeting")
            .order_by("-proposal__year", "proposal__number", "pk"))
