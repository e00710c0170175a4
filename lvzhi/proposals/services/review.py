"""Reviewing submitted proposals stage by stage: pass, file with a number, not file, convert, merge, return."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, can, require, roles_in
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.proposals import conversions, workflow
from lvzhi.proposals.models import (
    CosignStatus,
    Decision,
    Proposal,
    ProposalCategory,
    Proposer,
    ProposerRole,
    RejectionReason,
    ReviewRecord,
    ReviewStage,
    State,
)
from lvzhi.proposals.services import common
from lvzhi.proposals.services.common import lock, normalise_text, refuse, save_changed
from lvzhi.proposals.workflow import WORKFLOW, Role

MOVE_FOR_DECISION = {
    Decision.PASS: "review_pass",
    Decision.FILE: "file",
    Decision.NOT_FILE: "not_file",
    Decision.CONVERT_SUGGESTION: "convert_suggestion",
    Decision.CONVERT_OPINION: "convert_opinion",
    Decision.MERGE: "merge",
    Decision.RETURN: "review_return",
}
FINAL_DECISIONS = frozenset({
    Decision.FILE, Decision.NOT_FILE, Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION, Decision.MERGE,
})
# A proposal may be merged into a lead that is still in review or already filed (and handled).
MERGE_TARGET_STATES = frozenset({State.IN_REVIEW, *workflow.FILED_STATES})
REMARKS_MAX = 5000


def review_queue(user: Any, committee: Committee) -> QuerySet[Proposal]:
    """Proposals waiting at a review stage of `committee` that `user` may act on, oldest submission first."""
    if not can(user, Cap.PROPOSAL_REVIEW, committee):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(committee=committee, state=State.IN_REVIEW,
                                review_stage__role__in=sorted(roles_in(user, committee)))
        .select_related("review_stage", "category", "session")
        .order_by("submitted_at", "id")
    )


def suggested_units(proposal: Proposal) -> list[HandlingUnit]:
    """The handling units the reviewer suggested when filing, for the assignment form."""
    return list(proposal.suggested_units.order_by("sort_order", "id"))


def _credit_on_lead(merged: Proposal, lead: Proposal) -> list[str]:
    """Add the merged proposal's confirmed proposers to the lead as co-signers; returns the names added."""
    present = set(Proposer.objects.filter(proposal=lead).values_list("person_id", flat=True))
    order = (Proposer.objects.filter(proposal=lead).aggregate(m=Max("order"))["m"] or 0) + 1
    added = []
    for row in Proposer.objects.filter(proposal=merged, status=CosignStatus.CONFIRMED).select_related("person"):
        if row.person_id in present:
            continue
        Proposer.objects.create(proposal=lead, person=row.person, role=ProposerRole.COSIGNER, order=order,
                                status=CosignStatus.CONFIRMED, responded_at=timezone.now())
        present.add(row.person_id)
        order += 1
        added.append(row.person.name)
    return added


@transaction.atomic
def review_decide(
    *, actor: User, proposal: Proposal, decision: str, remarks: str = "", category: ProposalCategory | None = None,
    suggested_units: Sequence[HandlingUnit] = (), rejection_reason: RejectionReason | None = None,
    explanation: str = "", merge_into: Proposal | None = None, proposer_consented: bool = False,
    expected_version: int | None = None,
) -> Proposal:
    """The signed-in reviewer's decision at the proposal's current stage, recorded with who, when and remarks."""
    require(actor, Cap.PROPOSAL_REVIEW, proposal.committee)
    if decision not in MOVE_FOR_DECISION:
        raise ValidationError({"decision": "请选择审查结论。"})
    lock(proposal, expected_version)
    move = WORKFLOW.check(MOVE_FOR_DECISION[Decision(decision)], proposal.state, actor_role=Role.REVIEWER)
    stage = proposal.review_stage
    if stage is None:
        raise ValidationError("该提案没有当前审查环节，无法审查。")
    if stage.role not in roles_in(actor, proposal.committee):
        refuse(actor, proposal, f"proposal.review: stage {stage.name} needs role {stage.role}",
               f"“{stage.name}”环节不由您负责审查。")
    chain = common.stages(proposal.committee)
    is_last = stage.pk == chain[-1].pk
    remarks = normalise_text(remarks)
    explanation = normalise_text(explanation)
    errors: dict[str, str] = {}
    if len(remarks) > REMARKS_MAX:
        errors["remarks"] = f"审查意见不能超过 {REMARKS_MAX} 个字。"
    if len(explanation) > REMARKS_MAX:
        errors["explanation"] = f"说明不能超过 {REMARKS_MAX} 个字。"
    if decision == Decision.PASS and is_last:
        raise ValidationError({"decision": "已是最后一道审查环节，请作出立案或其他结论。"})
    if decision in FINAL_DECISIONS and not is_last:
        label = Decision(decision).label
        raise ValidationError({"decision": f"“{label}”须在最后一道审查环节（{chain[-1].name}）作出，"
                                           f"当前为“{stage.name}”，请先审查通过进入下一环节。"})
    units = list(suggested_units)
    if decision == Decision.FILE:
        if category is None:
            errors["category"] = "立案须确定提案类别。"
        elif category.committee_id != proposal.committee_id or not category.is_active:
            errors["category"] = "所选类别不属于本政协组织或已停用。"
        if any(u.committee_id != proposal.committee_id for u in units):
            errors["suggested_units"] = "建议承办单位须为本政协组织的承办单位。"
        if len({u.pk for u in units}) != len(units):
            errors["suggested_units"] = "建议承办单位有重复。"
    elif decision == Decision.NOT_FILE:
        if rejection_reason is None:
            errors["rejection_reason"] = "不予立案须选择理由。"
        elif not rejection_reason.is_active:
            errors["rejection_reason"] = "所选理由已停用。"
    elif decision in (Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION):
        if not explanation:
            errors["explanation"] = "请填写转办说明（提案人可见）。"
        if not proposer_consented:
            errors["proposer_consented"] = "转作意见建议或社情民意须征得提案人同意。"
    elif decision == Decision.MERGE:
        errors.update(_merge_target_errors(proposal, merge_into))
    elif decision == Decision.RETURN:
        if not remarks:
            errors["remarks"] = "退回修改须填写审查意见，说明需要修改的地方。"
    if errors:
        raise ValidationError(errors)

    from_state = proposal.state
    ReviewRecord.objects.create(proposal=proposal, stage=stage, reviewer=actor, decision=decision,
                                remarks=_record_remarks(decision, remarks, explanation, units))
    fields: list[str] = ["state", "review_stage"]
    after: dict[str, Any] = {"stage": stage.name, "decision": decision}
    event_remarks = f"{stage.name}：{Decision(decision).label}" + (f"。{remarks}" if remarks else "")
    WORKFLOW.apply(proposal, move.name, actor_role=Role.REVIEWER)
    if decision == Decision.PASS:
        next_stage = next(s for s in chain if s.order > stage.order)
        proposal.review_stage = next_stage
        after["review_stage"] = next_stage.name
    else:
        proposal.review_stage = None
    if decision == Decision.FILE:
        assert category is not None
        proposal.seq, proposal.number = common.next_number(proposal)
        proposal.category = category
        proposal.filed_at = timezone.now()
        fields += ["seq", "number", "category", "filed_at"]
        after.update({"number": proposal.number, "category": category.name,
                      "suggested_units": [u.name for u in units], "suggested_unit_ids": [u.pk for u in units]})
        proposal.suggested_units.set(units)
        event_remarks = f"{stage.name}：立案，编号{proposal.number}，类别{category.name}" + (
            f"，建议承办单位：{'、'.join(u.name for u in units)}" if units else "") + (f"。{remarks}" if remarks else "")
    elif decision == Decision.NOT_FILE:
        assert rejection_reason is not None
        proposal.rejection_reason = rejection_reason
        proposal.decision_note = explanation or rejection_reason.name
        fields += ["rejection_reason", "decision_note"]
        after["rejection_reason"] = rejection_reason.name
    elif decision in (Decision.CONVERT_SUGGESTION, Decision.CONVERT_OPINION):
        proposal.decision_note = explanation
        fields.append("decision_note")
        after["proposer_consented"] = True
    elif decision == Decision.RETURN:
        proposal.decision_note = remarks
        fields.append("decision_note")
    elif decision == Decision.MERGE:
        assert merge_into is not None
        added = _merge(actor, proposal, merge_into)
        proposal.merged_into = merge_into
        proposal.decision_note = explanation or f"并入提案《{merge_into.title}》办理"
        fields += ["merged_into", "decision_note"]
        after.update({"merged_into": merge_into.pk, "credited": added})
        event_remarks = f"{stage.name}：并入提案《{merge_into.title}》" + (f"。{remarks}" if remarks else "")
    save_changed(proposal, fields)
    common.record_move(proposal=proposal, actor=actor, move=move, from_state=from_state, to_state=proposal.state,
                       remarks=event_remarks, after=after)
    if decision == Decision.CONVERT_OPINION:
        conversions.convert_to_opinion(actor=actor, proposal=proposal)
    return proposal


def _record_remarks(decision: str, remarks: str, explanation: str, units: list[HandlingUnit]) -> str:
    parts = [remarks] if remarks else []
    if explanation and decision != Decision.RETURN:
        parts.append(f"说明：{explanation}")
    if units:
        parts.append(f"建议承办单位：{'、'.join(u.name for u in units)}")
    return "\n".join(parts)


def _merge_target_errors(proposal: Proposal, lead: Proposal | None) -> dict[str, str]:
    if lead is None:
        return {"merge_into": "请选择并入的主提案。"}
    lead.refresh_from_db(from_queryset=Proposal.objects.select_for_update())
    if lead.pk == proposal.pk:
        return {"merge_into": "提案不能并入自身。"}
    if lead.committee_id != proposal.committee_id or lead.year != proposal.year:
        return {"merge_into": "只能并入本政协组织同一年度的提案。"}
    if lead.state == State.MERGED or lead.merged_into_id is not None:
        return {"merge_into": "所选提案已并入其他提案，请选择其主提案。"}
    if lead.state not in MERGE_TARGET_STATES:
        return {"merge_into": f"所选提案当前为“{State(lead.state).label}”，不能作为并案的主提案。"}
    return {}


def _merge(actor: Actor, proposal: Proposal, lead: Proposal) -> list[str]:
    """Credit the merged proposal's proposers on the lead and record it in the lead's history."""
    added = _credit_on_lead(proposal, lead)
    save_changed(lead, [])
    common.record_move(
        proposal=lead, actor=actor, move="merge_in", from_state=lead.state, to_state=lead.state,
        remarks=f"并入提案《{proposal.title}》" + (f"，增列提案人：{'、'.join(added)}" if added else ""),
        after={"merged": proposal.pk, "credited": added},
    )
    return added


def stage_for(committee: Committee, order: int) -> ReviewStage | None:
    """The committee's review stage with this order (1 is the first), if any."""
    return next((s for s in common.stages(committee) if s.order == order), None)
