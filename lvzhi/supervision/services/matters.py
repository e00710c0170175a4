"""Supervised matters through the closed loop: record, issue opinions, record feedback, verify or send back."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import HandlingUnit
from lvzhi.consultations.models import Suggestion, SuggestionState
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.workflow import FILED_STATES
from lvzhi.supervision import workflow
from lvzhi.supervision.models import (
    MatterStep,
    SupervisionGroup,
    SupervisionMatter,
    SupervisionOpinion,
)
from lvzhi.supervision.services.common import (
    BODY_MAX,
    STALE_MESSAGE,
    TITLE_MAX,
    audit,
    clean_text,
    lock,
    raise_errors,
    refresh_tally,
    save_changed,
    search_key,
)

OPINION_MAX = 2000
OPINIONS_MAX = 50
DUPLICATE = "该监督组已登记同名的监督事项。"
STAFF = workflow.Role.STAFF


def _step(*, matter: SupervisionMatter, actor: Actor, action: str, from_state: str, remarks: str = "",
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> MatterStep:
    """The matter's history row (shown on its page), its year's tally and the audit event, in the caller's
    transaction."""
    step = MatterStep.objects.create(
        matter=matter, actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
        from_state=from_state, to_state=matter.state, remarks=remarks[:2000])
    audit(actor=actor, verb=f"matter_{action}", obj=matter, before={"state": from_state, **(before or {})},
          after={"state": matter.state, **(after or {})}, detail=remarks)
    refresh_tally(matter.committee_id, matter.year)
    return step


def _lock_for(matter: SupervisionMatter, move_name: str, expected_version: int | None) -> workflow.Move:
    """Lock the matter's row, then refuse a move its state does not allow (so a double submit is told why)
    before refusing a stale form."""
    lock(matter, None)
    move = workflow.check_move(move_name, matter.state, actor_role=STAFF)
    if expected_version is not None and matter.version != expected_version:
        raise ValidationError(STALE_MESSAGE)
    return move


def _clean_matter(title: str, description: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = clean_text(title, "监督事项", max_length=TITLE_MAX, one_line=True, errors=errors, field="title")
    description = clean_text(description, "实际情况", max_length=BODY_MAX, required=False, errors=errors,
                             field="description")
    raise_errors(errors)
    return title, description


@transaction.atomic
def matter_create(
    *, actor: Actor, group: SupervisionGroup, department: HandlingUnit | None, title: str, description: str = "",
    proposal: Proposal | None = None, suggestion: Suggestion | None = None,
) -> SupervisionMatter:
    """A matter the group takes up with one of its departments; it starts at 摸清情况. It may supervise the
    handling of a filed proposal or the follow-through of a consultation suggestion already sent."""
    require(actor, Cap.SUPERVISION_MANAGE, group.committee)
    if department is None or not group.departments.filter(pk=department.pk).exists():
        raise ValidationError({"department": "请选择本监督组的被监督单位。"})
    if proposal is not None and (proposal.committee_id != group.committee_id or proposal.state not in FILED_STATES):
        raise ValidationError({"proposal": "只能监督本政协组织已立案提案的办理。"})
    if suggestion is not None and (suggestion.committee_id != group.committee_id
                                   or suggestion.state == SuggestionState.MADE):
        raise ValidationError({"suggestion": "只能监督本政协组织已报送的协商意见建议的落实。"})
    title, description = _clean_matter(title, description)
    if SupervisionMatter.objects.filter(group=group, department=department, title=title).exists():
        raise ValidationError({"title": DUPLICATE})
    try:
        with transaction.atomic():
            matter = SupervisionMatter.objects.create(
                committee_id=group.committee_id, group=group, year=group.year, department=department, title=title,
                description=description, search_text=search_key(title, description, department.name),
                proposal=proposal, suggestion=suggestion)
    except IntegrityError:  # the same form sent twice at once
        raise ValidationError({"title": DUPLICATE}) from None
    _step(matter=matter, actor=actor, action="create", from_state="", remarks=f"登记监督事项：{title}",
          after={"department": department.name, "proposal": str(proposal or ""), "suggestion": str(suggestion or "")})
    return matter


@transaction.atomic
def matter_update(
    *, actor: Actor, matter: SupervisionMatter, title: str, description: str = "",
    expected_version: int | None = None,
) -> SupervisionMatter:
    require(actor, Cap.SUPERVISION_MANAGE, matter.committee)
    _lock_for(matter, "edit", expected_version)
    title, description = _clean_matter(title, description)
    if SupervisionMatter.objects.filter(group_id=matter.group_id, department_id=matter.department_id,
                                        title=title).exclude(pk=matter.pk).exists():
        raise ValidationError({"title": DUPLICATE})
    before = {"title": matter.title, "description": matter.description}
    matter.title, matter.description = title, description
    matter.search_text = search_key(title, description, matter.department.name)
    save_changed(matter, ["title", "description", "search_text", "updated_at"])
    _step(matter=matter, actor=actor, action="edit", from_state=matter.state, remarks="修改监督事项",
          before=before, after={"title": title, "description": description})
    return matter


@transaction.atomic
def matter_issue_opinions(
    *, actor: Actor, matter: SupervisionMatter, opinions: Sequence[str], issued_on: datetime.date | None = None,
    feedback_due: datetime.date | None = None, expected_version: int | None = None,
) -> SupervisionMatter:
    """提出监督意见: each opinion is one row (counted as 条); the department owes feedback by `feedback_due`
    (30 days after the opinions unless given)."""
    require(actor, Cap.SUPERVISION_MANAGE, matter.committee)
    move = _lock_for(matter, "issue_opinions", expected_version)
    issued_on = issued_on or timezone.localdate()
    errors: dict[str, str] = {}
    texts = []
    for i, raw in enumerate(opinions, start=1):
        text = clean_text(raw, f"第{i}条意见", max_length=OPINION_MAX, required=False, errors=errors,
                          field="opinions")
        if text:
            texts.append(text)
    if not texts and "opinions" not in errors:
        errors["opinions"] = "请填写至少一条监督意见。"
    if len(texts) > OPINIONS_MAX:
        errors["opinions"] = f"一次最多提出 {OPINIONS_MAX} 条意见。"
    if len(set(texts)) != len(texts):
        errors["opinions"] = "监督意见有重复。"
    due = feedback_due or issued_on + datetime.timedelta(days=workflow.DEFAULT_FEEDBACK_DAYS)
    if due < issued_on:
        errors["feedback_due"] = "反馈期限不能早于提出意见的日期。"
    if issued_on > timezone.localdate():
        errors["issued_on"] = "提出意见的日期不能晚于今天。"
    raise_errors(errors)
    from_state = matter.state
    SupervisionOpinion.objects.bulk_create([
        SupervisionOpinion(matter=matter, committee_id=matter.committee_id, seq=i, text=t, issued_on=issued_on) for i, t in enumerate(texts, 1)])
    workflow.MATTER.apply(matter, move.name, actor_role=STAFF)
    matter.opinions_issued_on, matter.feedback_due = issued_on, due
    matter.search_text = search_key(matter.title, matter.description, matter.department.name, *texts)
    save_changed(matter, ["state", "opinions_issued_on", "feedback_due", "search_text", "updated_at"])
    refresh_tally(matter.committee_id, issued_on.year)  # opinions count in the year they are issued
    _step(matter=matter, actor=actor, action=move.name, from_state=from_state,
          remarks=f"提出监督意见 {len(texts)} 条，反馈期限 {due:%Y-%m-%d}",
          after={"opinions": texts, "feedback_due": due})
    return matter


@transaction.atomic
def matter_record_feedback(
    *, actor: Actor, matter: SupervisionMatter, feedback: str, received_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> SupervisionMatter:
    """反馈办理情况: what the department reports it did, as received by the committee."""
    require(actor, Cap.SUPERVISION_MANAGE, matter.committee)
    move = _lock_for(matter, "record_feedback", expected_version)
    errors: dict[str, str] = {}
    feedback = clean_text(feedback, "办理情况", max_length=BODY_MAX, errors=errors, field="feedback")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        errors["received_on"] = "反馈日期不能晚于今天。"
    elif matter.opinions_issued_on and received_on < matter.opinions_issued_on:
        errors["received_on"] = "反馈日期不能早于提出意见的日期。"
    raise_errors(errors)
    from_state = matter.state
    late = matter.feedback_due is not None and received_on > matter.feedback_due
    workflow.MATTER.apply(matter, move.name, actor_role=STAFF)
    matter.feedback, matter.feedback_on = feedback, received_on
    save_changed(matter, ["state", "feedback", "feedback_on", "updated_at"])
    _step(matter=matter, actor=actor, action=move.name, from_state=from_state,
          remarks=f"{matter.department.name}反馈办理情况" + ("（逾期反馈）" if late else "") + f"：{feedback}",
          after={"feedback_on": received_on, "late": late})
    return matter


@transaction.atomic
def matter_verify(
    *, actor: Actor, matter: SupervisionMatter, verification: str, verified_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> SupervisionMatter:
    """核实确认效果: the group confirms the effect and the matter closes."""
    require(actor, Cap.SUPERVISION_MANAGE, matter.committee)
    move = _lock_for(matter, "verify", expected_version)
    errors: dict[str, str] = {}
    verification = clean_text(verification, "核实情况", max_length=BODY_MAX, errors=errors, field="verification")
    verified_on = verified_on or timezone.localdate()
    if verified_on > timezone.localdate():
        errors["verified_on"] = "核实日期不能晚于今天。"
    elif matter.feedback_on and verified_on < matter.feedback_on:
        errors["verified_on"] = "核实日期不能早于反馈日期。"
    raise_errors(errors)
    from_state = matter.state
    workflow.MATTER.apply(matter, move.name, actor_role=STAFF)
    matter.verification, matter.verified_on = verification, verified_on
    save_changed(matter, ["state", "verification", "verified_on", "updated_at"])
    _step(matter=matter, actor=actor, action=move.name, from_state=from_state, remarks=f"核实确认：{verification}",
          after={"verified_on": verified_on})
    return matter


@transaction.atomic
def matter_reject_effect(
    *, actor: Actor, matter: SupervisionMatter, reason: str, feedback_due: datetime.date | None = None,
    expected_version: int | None = None,
) -> SupervisionMatter:
    """未达效果: back to the department, with a new feedback deadline (30 days from today unless given)."""
    require(actor, Cap.SUPERVISION_MANAGE, matter.committee)
    move = _lock_for(matter, "reject_effect", expected_version)
    errors: dict[str, str] = {}
    reason = clean_text(reason, "未达效果的理由", max_length=BODY_MAX, errors=errors, field="reason")
    today = timezone.localdate()
    due = feedback_due or today + datetime.timedelta(days=workflow.DEFAULT_FEEDBACK_DAYS)
    if due < today:
        errors["feedback_due"] = "新的反馈期限不能早于今天。"
    raise_errors(errors)
    from_state = matter.state
    before = {"feedback": matter.feedback, "feedback_on": matter.feedback_on}
    workflow.MATTER.apply(matter, move.name, actor_role=STAFF)
    matter.feedback_due, matter.feedback, matter.feedback_on = due, "", None
    save_changed(matter, ["state", "feedback_due", "feedback", "feedback_on", "updated_at"])
    _step(matter=matter, actor=actor, action=move.name, from_state=from_state,
          remarks=f"核实未达效果：{reason}；新的反馈期限 {due:%Y-%m-%d}", before=before, after={"feedback_due": due})
    return matter
