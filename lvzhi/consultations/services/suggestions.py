"""意见建议 and their follow-through, 协商—转化—监督—反馈: made at an activity, sent, adopted or not, turned into a
policy document, fed back to the participants; leaders' instructions and follow-up notes as dated steps."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.consultations import workflow
from lvzhi.consultations.models import (
    ConsultationActivity,
    InstructionLevel,
    StepKind,
    Suggestion,
    SuggestionStep,
)
from lvzhi.consultations.services.common import (
    clean_date,
    clean_line,
    clean_text,
    lock,
    record_event,
    refresh_counts,
    require_manage,
    save_changed,
    search_key,
)
from lvzhi.consultations.workflow import Move

SUGGESTION_MAX = 2000
OFFICE = workflow.Role.OFFICE
MAX_PROBLEMS = 10_000


def _step(*, actor: Actor, suggestion: Suggestion, move: Move | str, kind: str, date: datetime.date, text: str = "",
          level: str = "", from_state: str = "", before: dict[str, Any] | None = None) -> SuggestionStep:
    """The suggestion's dated step and the audit event, in the caller's transaction."""
    step = SuggestionStep.objects.create(suggestion=suggestion, kind=kind, date=date, text=text,
                                         instruction_level=level,
                                         actor=actor if getattr(actor, "is_authenticated", False) else None)
    name = move if isinstance(move, str) else move.name
    after = {"state": suggestion.state, "date": date, **({"text": text} if text else {}),
             **({"level": level} if level else {})}
    audit_record(actor=actor, action=f"consultations.suggestion_{name}", obj=suggestion,
                 committee_id=suggestion.committee_id,
                 before={"state": from_state, **(before or {})} if from_state or before else None, after=after,
                 detail=text[:500])
    refresh_counts(suggestion.activity_id)
    return step


@transaction.atomic
def suggestion_add(
    *, actor: Actor, activity: ConsultationActivity, text: str, expected_version: int | None = None,
) -> Suggestion:
    """Record one suggestion made at a held activity, numbered in order; the same text twice is refused."""
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.apply(activity, "suggest", actor_role=OFFICE)
    text = clean_text(text, "意见建议内容", max_length=SUGGESTION_MAX)
    if activity.suggestions.filter(text=text).exists():
        raise ValidationError("这条意见建议已经登记过了。")
    number = (activity.suggestions.aggregate(n=Max("number"))["n"] or 0) + 1
    suggestion = Suggestion.objects.create(activity=activity, committee_id=activity.committee_id,
                                           year=activity.year, number=number, text=text,
                                           search_text=search_key(text))
    save_changed(activity, [])
    record_event(actor=actor, move="suggestion_add", obj=activity, remarks=f"第{number}条", verb="suggestion_add",
                 after={"number": number, "text": text[:200]})
    _step(actor=actor, suggestion=suggestion, move="made", kind=StepKind.MADE, date=activity.date)
    return suggestion


@transaction.atomic
def suggestion_update(*, actor: Actor, suggestion: Suggestion, text: str, expected_version: int | None) -> Suggestion:
    """Correct the wording, only before the suggestion is sent."""
    require_manage(actor, suggestion.committee)
    lock(suggestion, expected_version)
    workflow.SUGGESTION.apply(suggestion, "edit", actor_role=OFFICE)
    text = clean_text(text, "意见建议内容", max_length=SUGGESTION_MAX)
    before = {"text": suggestion.text}
    suggestion.text, suggestion.search_text = text, search_key(text)
    save_changed(suggestion, ["text", "search_text"])
    _step(actor=actor, suggestion=suggestion, move="edit", kind=StepKind.EDIT, date=timezone.localdate(),
          before=before)
    return suggestion


def _begin(actor: Actor, suggestion: Suggestion, name: str, expected_version: int | None) -> tuple[Move, str]:
    require_manage(actor, suggestion.committee)
    lock(suggestion, expected_version)
    return workflow.SUGGESTION.check(name, suggestion.state, actor_role=OFFICE), suggestion.state


def _not_before_activity(suggestion: Suggestion, date: datetime.date, label: str) -> datetime.date:
    date = clean_date(date, label)
    activity_date = ConsultationActivity.objects.values_list("date", flat=True).get(pk=suggestion.activity_id)
    if date < activity_date:
        raise ValidationError(f"{label}不能早于活动日期（{activity_date:%Y-%m-%d}）。")
    return date


@transaction.atomic
def suggestion_send(
    *, actor: Actor, suggestion: Suggestion, sent_to: str, date: datetime.date, expected_version: int | None
) -> Suggestion:
    """报送: to whom (e.g. 市委办公厅、市政府) and when."""
    move, from_state = _begin(actor, suggestion, "send", expected_version)
    suggestion.sent_to = clean_line(sent_to, "报送对象")
    suggestion.sent_on = _not_before_activity(suggestion, date, "报送日期")
    workflow.SUGGESTION.apply(suggestion, move.name, actor_role=OFFICE)
    save_changed(suggestion, ["state", "sent_to", "sent_on"])
    _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.SENT, date=suggestion.sent_on,
          text=f"报送{suggestion.sent_to}", from_state=from_state)
    return suggestion


@transaction.atomic
def suggestion_decide(
    *, actor: Actor, suggestion: Suggestion, adopted: bool, date: datetime.date, remarks: str = "",
    expected_version: int | None,
) -> Suggestion:
    """Record whether the receiving body adopted the suggestion (采纳 / 未采纳)."""
    move, from_state = _begin(actor, suggestion, "adopt" if adopted else "reject", expected_version)
    remarks = clean_line(remarks, "说明", max_length=500, required=False)
    date = clean_date(date, "确认日期")
    if suggestion.sent_on and date < suggestion.sent_on:
        raise ValidationError("确认日期不能早于报送日期。")
    suggestion.adopted, suggestion.decided_on = adopted, date
    workflow.SUGGESTION.apply(suggestion, move.name, actor_role=OFFICE)
    save_changed(suggestion, ["state", "adopted", "decided_on"])
    _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.ADOPTED if adopted else StepKind.NOT_ADOPTED,
          date=date, text=remarks, from_state=from_state)
    return suggestion


@transaction.atomic
def suggestion_transform(
    *, actor: Actor, suggestion: Suggestion, policy_document: str, date: datetime.date, expected_version: int | None
) -> Suggestion:
    """转化: the adopted suggestion became a policy document, plan or measure (named)."""
    move, from_state = _begin(actor, suggestion, "transform", expected_version)
    suggestion.policy_document = clean_line(policy_document, "转化成果（政策文件名称）")
    date = clean_date(date, "转化日期")
    if suggestion.decided_on and date < suggestion.decided_on:
        raise ValidationError("转化日期不能早于采纳日期。")
    suggestion.transformed_on = date
    workflow.SUGGESTION.apply(suggestion, move.name, actor_role=OFFICE)
    save_changed(suggestion, ["state", "policy_document", "transformed_on"])
    _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.TRANSFORMED, date=date,
          text=suggestion.policy_document, from_state=from_state)
    return suggestion


@transaction.atomic
def suggestion_feed_back(
    *, actor: Actor, suggestion: Suggestion, text: str, date: datetime.date, expected_version: int | None
) -> Suggestion:
    """反馈: tell the participants what became of their suggestion; this closes the loop."""
    move, from_state = _begin(actor, suggestion, "feed_back", expected_version)
    text = clean_line(text, "反馈情况", max_length=500)
    date = clean_date(date, "反馈日期")
    suggestion.fed_back_on = date
    workflow.SUGGESTION.apply(suggestion, move.name, actor_role=OFFICE)
    save_changed(suggestion, ["state", "fed_back_on"])
    _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.FED_BACK, date=date, text=text,
          from_state=from_state)
    return suggestion


@transaction.atomic
def suggestion_instruct(
    *, actor: Actor, suggestion: Suggestion, level: str, text: str, date: datetime.date,
    expected_version: int | None = None,
) -> SuggestionStep:
    """A leader's instruction (批示) on the suggestion: the level and what was written."""
    move, _ = _begin(actor, suggestion, "instruct", expected_version)
    if level not in InstructionLevel.values:
        raise ValidationError("请选择批示层级。")
    text = clean_line(text, "批示内容", max_length=1000)
    date = _not_before_activity(suggestion, date, "批示日期")
    if suggestion.steps.filter(kind=StepKind.INSTRUCTION, date=date, text=text).exists():
        raise ValidationError("这条批示已经登记过了。")
    save_changed(suggestion, [])
    return _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.INSTRUCTION, date=date, text=text,
                 level=level)


@transaction.atomic
def suggestion_follow_up(
    *, actor: Actor, suggestion: Suggestion, text: str, date: datetime.date, expected_version: int | None = None,
) -> SuggestionStep:
    """A dated follow-up note (跟踪督办): what was checked and found."""
    move, _ = _begin(actor, suggestion, "follow_up", expected_version)
    text = clean_line(text, "督办情况", max_length=1000)
    date = _not_before_activity(suggestion, date, "督办日期")
    if suggestion.steps.filter(kind=StepKind.FOLLOW_UP, date=date, text=text).exists():
        raise ValidationError("这条督办情况已经登记过了。")
    save_changed(suggestion, [])
    return _step(actor=actor, suggestion=suggestion, move=move, kind=StepKind.FOLLOW_UP, date=date, text=text)


@transaction.atomic
def suggestion_record_solved(
    *, actor: Actor, suggestion: Suggestion, count: int, expected_version: int | None
) -> Suggestion:
    """How many concrete problems were solved through this suggestion (counted as 解决问题)."""
    move, _ = _begin(actor, suggestion, "record_solved", expected_version)
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError("解决问题数应为整数。") from None
    if not 0 <= count <= MAX_PROBLEMS:
        raise ValidationError(f"解决问题数应在 0 至 {MAX_PROBLEMS} 之间。")
    before = {"problems_solved": suggestion.problems_solved}
    suggestion.problems_solved = count
    save_changed(suggestion, ["problems_solved"])
    audit_record(actor=actor, action=f"consultations.suggestion_{move.name}", obj=suggestion,
                 committee_id=suggestion.committee_id, before=before, after={"problems_solved": count})
    refresh_counts(suggestion.activity_id)
    return suggestion

