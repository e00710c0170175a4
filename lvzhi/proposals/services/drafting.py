"""Drafting a proposal: create and edit the draft, invite co-signers, submit, co-sign, withdraw."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import changes
from lvzhi.committees.models import Committee, Term
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import person_of
from lvzhi.proposals import workflow
from lvzhi.proposals.checks import body_length
from lvzhi.proposals.models import (
    CollectiveKind,
    CosignStatus,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Proposer,
    ProposerRole,
    State,
)
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.services import common
from lvzhi.proposals.services.common import lock, normalise_text, refuse, save_changed
from lvzhi.proposals.workflow import WORKFLOW, Role

TITLE_MAX = 200
BODY_MAX = 20_000
COLLECTIVE_NAME_MAX = 100
TEXT_FIELDS = {"situation": "情况", "analysis": "分析", "suggestions": "建议"}
EDITABLE_FIELDS = frozenset({
    "title", "situation", "analysis", "suggestions", "category", "kind", "cosigners", "collective_kind",
    "collective_name",
})


def _after_text_change(proposal: Proposal) -> None:
    """Refresh the proposal's search text and word index when its title or body changed."""
    refresh_search(proposal)


# ---------------------------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------------------------

def _current_term(committee: Committee) -> Term:
    term = committee.current_term()
    if term is None:
        raise ValidationError({"committee": "该政协组织没有当前届次，暂不能撰写提案。"})
    return term


def _is_active_member(person: Person, committee: Committee, term: Term) -> bool:
    return Membership.objects.filter(person=person, committee=committee, term=term, is_active=True).exists()


def _clean_text(values: dict[str, Any], errors: dict[str, str]) -> None:
    if "title" in values:
        title = " ".join(normalise_text(values["title"]).split())
        values["title"] = title
        if not title:
            errors["title"] = "请填写案由（标题）。"
        elif len(title) > TITLE_MAX:
            errors["title"] = f"案由不能超过 {TITLE_MAX} 个字（当前 {len(title)} 字）。"
    for key, label in TEXT_FIELDS.items():
        if key in values:
            text = normalise_text(values[key])
            values[key] = text
            if len(text) > BODY_MAX:
                errors[key] = f"“{label}”部分不能超过 {BODY_MAX} 个字（当前 {len(text)} 字）。"


def _clean_category(committee: Committee, category: ProposalCategory | None, errors: dict[str, str]) -> None:
    if category is not None and (category.committee_id != committee.pk or not category.is_active):
        errors["category"] = "所选类别不属于本政协组织或已停用。"


def _clean_cosigners(
    committee: Committee, term: Term, proposer: Person | None, cosigners: Sequence[Person], errors: dict[str, str]
) -> None:
    seen: set[int] = set()
    for person in cosigners:
        if proposer is not None and person.pk == proposer.pk:
            errors["cosigners"] = "第一提案人不能同时作为联名提案人。"
            return
        if person.pk in seen:
            errors["cosigners"] = f"联名提案人“{person.name}”重复。"
            return
        seen.add(person.pk)
        if not _is_active_member(person, committee, term):
            errors["cosigners"] = f"“{person.name}”不是本届在任委员，不能联名。"
            return


def _clean_kind(
    kind: str, cosigners: Sequence[Person], collective_kind: str, collective_name: str, errors: dict[str, str]
) -> None:
    if kind not in ProposalKind.values:
        errors["kind"] = "请选择提案方式（个人、联名或集体）。"
    elif kind == ProposalKind.JOINT and not cosigners:
        errors.setdefault("cosigners", "联名提案至少需要一位联名提案人。")
    elif kind == ProposalKind.INDIVIDUAL and cosigners:
        errors.setdefault("cosigners", "个人提案不能有联名提案人；如需联名，请选择“联名提案”。")
    elif kind == ProposalKind.COLLECTIVE:
        if cosigners:
            errors["cosigners"] = "集体提案以单位名义提出，不设联名提案人。"
        if collective_kind not in CollectiveKind.values:
            errors["collective_kind"] = "请选择提案单位类别（党派、人民团体、界别、活动小组或专门委员会）。"
        if not collective_name:
            errors["collective_name"] = "请填写提案单位名称。"
        elif len(collective_name) > COLLECTIVE_NAME_MAX:
            errors["collective_name"] = f"提案单位名称不能超过 {COLLECTIVE_NAME_MAX} 个字。"
    if kind != ProposalKind.COLLECTIVE and (collective_kind or collective_name):
        errors.setdefault("collective_name", "只有集体提案才填写提案单位。")


def _set_cosigners(proposal: Proposal, cosigners: Sequence[Person]) -> None:
    """Replace the invited co-signers of a draft; invitations are sent (invited_at) on submission."""
    wanted = [p.pk for p in cosigners]
    Proposer.objects.filter(proposal=proposal, role=ProposerRole.COSIGNER).exclude(person_id__in=wanted).delete()
    existing = set(Proposer.objects.filter(proposal=proposal, role=ProposerRole.COSIGNER)
                   .values_list("person_id", flat=True))
    for i, person in enumerate(cosigners, start=1):
        if person.pk in existing:
            Proposer.objects.filter(proposal=proposal, person=person).update(order=i)
        else:
            Proposer.objects.create(proposal=proposal, person=person, role=ProposerRole.COSIGNER, order=i,
                                    status=CosignStatus.INVITED)


def _cosigner_names(proposal: Proposal) -> list[str]:
    return list(Proposer.objects.filter(proposal=proposal, role=ProposerRole.COSIGNER)
                .order_by("order", "id").values_list("person__name", flat=True))


def _require_drafter(actor: Actor, proposal: Proposal, what: str) -> str:
    """The drafter's role in the workflow table, or a refusal for anyone else."""
    require(actor, Cap.PROPOSAL_DRAFT, proposal.committee)
    if actor is None or proposal.created_by_id != actor.pk:
        refuse(actor, proposal, f"proposal.{what}: not the drafter", f"只有提案起草人才能{workflow.MOVES[what].label}。")
    return Role.PROPOSER


# ---------------------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------------------

@transaction.atomic
def proposal_create_draft(
    *, actor: User, committee: Committee, kind: str, title: str, situation: str = "", analysis: str = "",
    suggestions: str = "", category: ProposalCategory | None = None, cosigners: Sequence[Person] = (),
    collective_kind: str = "", collective_name: str = "",
) -> Proposal:
    """A new draft by a signed-in user. Members write individual and joint proposals; staff enter collective ones."""
    require(actor, Cap.PROPOSAL_DRAFT, committee)
    term = _current_term(committee)
    common.proposal_defaults(committee)
    cosigners = list(cosigners)
    values: dict[str, Any] = {"title": title, "situation": situation, "analysis": analysis,
                              "suggestions": suggestions}
    collective_name = normalise_text(collective_name)
    errors: dict[str, str] = {}
    _clean_text(values, errors)
    _clean_category(committee, category, errors)
    _clean_kind(kind, cosigners, collective_kind or "", collective_name, errors)
    proposer = person_of(actor)
    if kind in (ProposalKind.INDIVIDUAL, ProposalKind.JOINT):
        if proposer is None or not _is_active_member(proposer, committee, term):
            raise ValidationError({"kind": "只有本届在任委员才能以个人或联名方式提出提案。"})
        _clean_cosigners(committee, term, proposer, cosigners, errors)
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        committee=committee, term=term, year=timezone.localdate().year, kind=kind,
        collective_kind=collective_kind if kind == ProposalKind.COLLECTIVE else "",
        collective_name=collective_name if kind == ProposalKind.COLLECTIVE else "",
        category=category, state=State.DRAFT, created_by=actor, **values,
    )
    if proposer is not None and kind != ProposalKind.COLLECTIVE:
        Proposer.objects.create(proposal=proposal, person=proposer, role=ProposerRole.FIRST, order=0,
                                status=CosignStatus.CONFIRMED)
        _set_cosigners(proposal, cosigners)
    common.record_move(
        proposal=proposal, actor=actor, move="create", from_state="", to_state=State.DRAFT, remarks="起草提案",
        after={"title": proposal.title, "kind": kind, "cosigners": [p.name for p in cosigners],
               "collective_name": proposal.collective_name},
    )
    _after_text_change(proposal)
    return proposal


@transaction.atomic
def proposal_update_draft(
    *, actor: Actor, proposal: Proposal, expected_version: int | None = None, **fields: Any
) -> Proposal:
    """Edit a draft (or a proposal returned for revision). Co-signers can be changed only before submission."""
    role = _require_drafter(actor, proposal, "edit")
    lock(proposal, expected_version)
    WORKFLOW.apply(proposal, "edit", actor_role=role)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    values = dict(fields)
    errors: dict[str, str] = {}
    _clean_text(values, errors)
    if "category" in values:
        _clean_category(proposal.committee, values["category"], errors)
    if "collective_name" in values:
        values["collective_name"] = normalise_text(values["collective_name"])
    kind = values.get("kind", proposal.kind)
    if (kind == ProposalKind.COLLECTIVE) != (proposal.kind == ProposalKind.COLLECTIVE):
        errors["kind"] = "个人或联名提案与集体提案之间不能互相转换，请重新起草。"
    cosigners_changed = "cosigners" in values
    if cosigners_changed:
        cosigners = list(values.pop("cosigners") or [])
        if proposal.state != State.DRAFT:
            errors["cosigners"] = "提案提交后不能再更改联名提案人。"
        else:
            first = Proposer.objects.filter(proposal=proposal, role=ProposerRole.FIRST).select_related("person").first()
            _clean_cosigners(proposal.committee, proposal.term, first.person if first else None, cosigners, errors)
    else:
        cosigners = list(Person.objects.filter(proposals__proposal=proposal, proposals__role=ProposerRole.COSIGNER))
    _clean_kind(kind, cosigners, values.get("collective_kind", proposal.collective_kind),
                values.get("collective_name", proposal.collective_name), errors)
    if errors:
        raise ValidationError(errors)
    before_names = _cosigner_names(proposal)
    before = {k: getattr(proposal, k) for k in values}
    for key, value in values.items():
        setattr(proposal, key, value)
    changed = [k for k in values if before[k] != getattr(proposal, k)]
    if cosigners_changed:
        _set_cosigners(proposal, cosigners)
    after_names = _cosigner_names(proposal)
    if not changed and before_names == after_names:
        return proposal
    save_changed(proposal, changed)
    old, new = changes({k: str(before[k] or "") for k in changed}, {k: str(getattr(proposal, k) or "") for k in changed})
    if before_names != after_names:
        old["cosigners"], new["cosigners"] = before_names, after_names
    common.record_move(proposal=proposal, actor=actor, move="edit", from_state=proposal.state,
                       to_state=proposal.state, remarks="修改提案", before=old, after=new)
    if {"title", *TEXT_FIELDS} & set(changed):
        _after_text_change(proposal)
    return proposal


def _submission_errors(proposal: Proposal) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not proposal.title.strip():
        errors["title"] = "请填写案由（标题）。"
    for key, label in TEXT_FIELDS.items():
        if not getattr(proposal, key).strip():
            errors[key] = f"缺少“{label}”部分，提案须包括情况、分析和具体建议。"
    if not errors:
        minimum = common.proposal_defaults(proposal.committee).min_body_chars
        length = body_length(proposal.situation, proposal.analysis, proposal.suggestions)
        if length < minimum:
            errors["suggestions"] = f"提案正文过短：至少 {minimum} 字，当前 {length} 字。"
    if proposal.kind == ProposalKind.JOINT and not Proposer.objects.filter(
        proposal=proposal, role=ProposerRole.COSIGNER
    ).exists():
        errors.setdefault("cosigners", "联名提案至少需要一位联名提案人。")
    return errors


def _enter_review(proposal: Proposal, move_name: str, role: str) -> list[str]:
    WORKFLOW.apply(proposal, move_name, actor_role=role, target=State.IN_REVIEW)
    proposal.review_stage = common.stages(proposal.committee)[0]
    return ["state", "review_stage"]


@transaction.atomic
def proposal_submit(*, actor: Actor, proposal: Proposal, expected_version: int | None = None) -> Proposal:
    """Submit: a joint proposal first waits for its co-signers; otherwise it goes to the first review stage."""
    role = _require_drafter(actor, proposal, "submit")
    lock(proposal, expected_version)
    move = WORKFLOW.check("submit", proposal.state, actor_role=role)
    errors = _submission_errors(proposal)
    if errors:
        raise ValidationError(errors)
    from_state = proposal.state
    now = timezone.now()
    proposal.submitted_at = now
    proposal.session = common.session_for(proposal.committee, now)
    proposal.year = timezone.localdate(now).year
    fields = ["submitted_at", "session", "year"]
    pending = Proposer.objects.filter(proposal=proposal, status=CosignStatus.INVITED)
    if proposal.kind == ProposalKind.JOINT and pending.exists():
        pending.update(invited_at=now, responded_at=None)
        WORKFLOW.apply(proposal, "submit", actor_role=role, target=State.COSIGNING)
        proposal.review_stage = None
        fields += ["state", "review_stage"]
        remarks = f"提交，等待联名提案人确认：{'、'.join(pending.values_list('person__name', flat=True))}"
    else:
        fields += _enter_review(proposal, "submit", role)
        remarks = "重新提交，进入审查" if from_state == State.RETURNED else "提交，进入审查"
        if from_state == State.RETURNED:
            proposal.decision_note = ""
            fields.append("decision_note")
    save_changed(proposal, fields)
    common.record_move(
        proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state, remarks=remarks,
        after={"session": str(proposal.session or "平时提案"), "review_stage": str(proposal.review_stage or "")},
    )
    return proposal


def _finish_cosigning(proposal: Proposal, fields: list[str], move_name: str, role: str) -> str:
    """Make the answer's move: while an invitation is pending the proposal stays co-signing, then it goes to
    review. Returns a remark for the event."""
    if Proposer.objects.filter(proposal=proposal, status=CosignStatus.INVITED).exists():
        WORKFLOW.apply(proposal, move_name, actor_role=role)
        return ""
    remark = "联名确认完成，进入审查"
    if not Proposer.objects.filter(proposal=proposal, role=ProposerRole.COSIGNER).exists():
        proposal.kind = ProposalKind.INDIVIDUAL
        fields.append("kind")
        remark = "联名提案人均未确认，转为个人提案，进入审查"
    fields += _enter_review(proposal, move_name, role)
    return remark


def cosign_deadline(proposer: Proposer, committee: Committee) -> datetime.datetime | None:
    if proposer.invited_at is None:
        return None
    return proposer.invited_at + datetime.timedelta(days=common.proposal_defaults(committee).cosign_days)


@transaction.atomic
def cosign_respond(*, actor: Actor, proposal: Proposal, accept: bool, expected_version: int | None = None) -> Proposal:
    """An invited co-signer confirms or declines; a declined co-signer drops off the proposal."""
    require(actor, Cap.PROPOSAL_DRAFT, proposal.committee)
    lock(proposal, expected_version)
    move = WORKFLOW.check("confirm_cosign" if accept else "decline_cosign", proposal.state, actor_role=Role.COSIGNER)
    person = person_of(actor)
    invitation = None
    if person is not None:
        invitation = Proposer.objects.select_for_update().filter(
            proposal=proposal, person=person, role=ProposerRole.COSIGNER
        ).first()
    if invitation is None:
        refuse(actor, proposal, f"proposal.{move.name}: not invited", "您不是该提案邀请的联名提案人。")
    assert invitation is not None
    if invitation.status != CosignStatus.INVITED:
        raise ValidationError("您已答复过该联名邀请。")
    deadline = cosign_deadline(invitation, proposal.committee)
    now = timezone.now()
    if deadline is not None and now > deadline:
        raise ValidationError("联名确认已超过期限。")
    from_state = proposal.state
    if accept:
        invitation.status = CosignStatus.CONFIRMED
        invitation.responded_at = now
        invitation.save(update_fields=["status", "responded_at"])
        remarks = f"{person.name}确认联名"  # type: ignore[union-attr]
    else:
        invitation.delete()
        remarks = f"{person.name}拒绝联名，不再列为提案人"  # type: ignore[union-attr]
    fields: list[str] = []
    done = _finish_cosigning(proposal, fields, move.name, Role.COSIGNER)
    save_changed(proposal, fields)
    common.record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                       remarks=f"{remarks}；{done}" if done else remarks,
                       after={"cosigner": person.name, "accept": accept})  # type: ignore[union-attr]
    return proposal


def cosign_expire_overdue(*, now: datetime.datetime | None = None) -> int:
    """For the reminders job: invitations not answered within the window count as declined. Returns how many."""
    now = now or timezone.now()
    expired = 0
    for proposal_id in Proposal.objects.filter(state=State.COSIGNING).values_list("pk", flat=True):
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
            if proposal.state != State.COSIGNING:
                continue
            days = common.proposal_defaults(proposal.committee).cosign_days
            overdue = list(Proposer.objects.filter(
                proposal=proposal, status=CosignStatus.INVITED, invited_at__lt=now - datetime.timedelta(days=days)
            ).select_related("person"))
            if not overdue:
                continue
            names = "、".join(p.person.name for p in overdue)
            Proposer.objects.filter(pk__in=[p.pk for p in overdue]).delete()
            expired += len(overdue)
            fields: list[str] = []
            done = _finish_cosigning(proposal, fields, "decline_cosign", Role.SYSTEM)
            save_changed(proposal, fields)
            remarks = f"{names}未在期限内确认联名，视为拒绝"
            common.record_move(proposal=proposal, actor=None, move="decline_cosign", from_state=State.COSIGNING,
                               to_state=proposal.state, remarks=f"{remarks}；{done}" if done else remarks,
                               after={"expired": [p.person.name for p in overdue]})
    return expired


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: Proposal, reason: str, expected_version: int | None = None) -> Proposal:
    """The drafter withdraws the proposal (before a review outcome)."""
    role = _require_drafter(actor, proposal, "withdraw")
    lock(proposal, expected_version)
    WORKFLOW.check("withdraw", proposal.state, actor_role=role)
    reason = normalise_text(reason)
    if not reason and proposal.state != State.DRAFT:
        raise ValidationError({"reason": "请说明撤回理由。"})
    if len(reason) > 2000:
        raise ValidationError({"reason": "撤回理由不能超过 2000 个字。"})
    from_state = proposal.state
    move = WORKFLOW.apply(proposal, "withdraw", actor_role=role)
    proposal.review_stage = None
    save_changed(proposal, ["state", "review_stage"])
    common.record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                       remarks=reason or "撤回草稿")
    return proposal
