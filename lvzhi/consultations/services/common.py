"""What the 协商 services share: text cleaning, the row lock with its version check, the recorded move."""
from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lvzhi import versioning
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.consultations.figures import sums_by_form
from lvzhi.consultations.models import (
    TALLY_FIELDS,
    ActivityTally,
    ConsultationActivity,
    ConsultationEvent,
    ConsultationPlan,
    Form,
    Participant,
    ParticipantKind,
    StepKind,
    Suggestion,
    SuggestionStep,
)
from lvzhi.consultations.workflow import Move
from lvzhi.text.chinese import normalise, to_simplified

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"
LINE_MAX = 200
TEXT_MAX = 5000


def clean_line(value: Any, label: str, *, max_length: int = LINE_MAX, required: bool = True) -> str:
    """One line of text: trimmed, inner whitespace collapsed; a Chinese ValidationError if empty or too long."""
    text = " ".join(unicodedata.normalize("NFC", str(value or "")).split())
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > max_length:
        raise ValidationError(f"{label}不能超过 {max_length} 个字（当前 {len(text)} 字）。")
    return text


def clean_text(value: Any, label: str, *, max_length: int = TEXT_MAX, required: bool = True) -> str:
    """A paragraph or more: line ends unified, trimmed; a Chinese ValidationError if empty or too long."""
    text = unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > max_length:
        raise ValidationError(f"{label}不能超过 {max_length} 个字（当前 {len(text)} 字）。")
    return text


def clean_date(value: datetime.date | None, label: str, *, not_after_today: bool = True) -> datetime.date:
    if value is None:
        raise ValidationError(f"请填写{label}。")
    if not_after_today and value > timezone.localdate():
        raise ValidationError(f"{label}不能晚于今天。")
    return value


def search_key(*parts: str) -> str:
    """The searched form of some text: NFKC, Simplified characters, lower case, so 協商 finds 协商."""
    return to_simplified(normalise(" ".join(p for p in parts if p))).lower()


def lock(obj: models.Model, expected_version: int | None) -> None:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def require_manage(actor: Actor, committee: Any) -> None:
    require(actor, Cap.CONSULTATION_MANAGE, committee)


def record_event(
    *, actor: Actor, move: Move | str, obj: ConsultationPlan | ConsultationActivity, from_state: str = "",
    to_state: str = "", remarks: str = "", before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None, verb: str = "",
) -> ConsultationEvent:
    """The plan's or activity's history row (shown to users) and the audit event, in the caller's transaction."""
    name = move if isinstance(move, str) else move.name
    plan = obj if isinstance(obj, ConsultationPlan) else None
    activity = obj if isinstance(obj, ConsultationActivity) else None
    kind = "plan" if plan is not None else "activity"
    event = ConsultationEvent.objects.create(
        plan=plan, activity=activity,
        actor=actor if getattr(actor, "is_authenticated", False) else None, action=name,
        from_state=from_state, to_state=to_state, remarks=remarks[:500],
    )
    audit_after = {**({"state": to_state} if to_state else {}), **(after or {})}
    audit_before = {**({"state": from_state} if from_state else {}), **(before or {})} or None
    audit_record(actor=actor, action=f"consultations.{verb or f'{kind}_{name}'}", obj=obj,
                 before=audit_before, after=audit_after, detail=remarks[:500])
    if activity is not None:
        refresh_counts(activity.pk)
    return event


def _per_activity(qs: QuerySet[Any] | models.Manager[Any], aggregate: Any, link: str = "activity") -> Coalesce:
    rows = qs.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=aggregate).values("n")[:1]
    return Coalesce(Subquery(rows), 0)


def counter_values() -> dict[str, Coalesce]:
    """Each counter of an activity as the rows say, as expressions an UPDATE of activities evaluates per row."""
    people, made = Participant.objects, Suggestion.objects
    return {
        "participant_count": _per_activity(people, Count("id")),
        "member_count": _per_activity(people.filter(kind=ParticipantKind.MEMBER), Count("id")),
        "speech_count": _per_activity(people.filter(spoke=True), Count("id")),
        "suggestion_count": _per_activity(made, Count("id")),
        "sent_count": _per_activity(made.filter(sent_on__isnull=False), Count("id")),
        "adopted_count": _per_activity(made.filter(adopted=True), Count("id")),
        "transformed_count": _per_activity(made.filter(transformed_on__isnull=False), Count("id")),
        "fed_back_count": _per_activity(made.filter(fed_back_on__isnull=False), Count("id")),
        "problems_solved": _per_activity(made, Sum("problems_solved")),
        "instructed_count": _per_activity(SuggestionStep.objects.filter(kind=StepKind.INSTRUCTION),
                                          Count("suggestion_id", distinct=True), link="suggestion__activity"),
    }


def refresh_counts(activity_id: int | None = None) -> int:
    """Bring an activity's counters (or, with no id, every activity's) in step with its participants and
    suggestions, and the year's tally with them; no version change, since nobody edited the activity itself.
    Returns the activities updated."""
    activities = ConsultationActivity.objects.all()
    if activity_id is None:
        updated = activities.update(**counter_values())
        rebuild_tallies()
        return updated
    updated = activities.filter(pk=activity_id).update(**counter_values())
    for committee_id, year in activities.filter(pk=activity_id).values_list("committee_id", "year"):
        refresh_tally(committee_id, year)
    return updated


def refresh_tally(committee_id: int, year: int) -> None:
    """Recount one committee-year's tally rows (one per form) from its activities, in the caller's transaction.
    The rows are locked before counting, so two transactions changing activities of the same committee-year
    count one after the other and neither overwrites the other's change."""
    ActivityTally.objects.bulk_create([ActivityTally(committee_id=committee_id, year=year, form=form)
                                       for form in Form.values], ignore_conflicts=True)
    rows = list(ActivityTally.objects.select_for_update().filter(committee_id=committee_id, year=year).order_by("form"))
    sums = {r["form"]: r for r in sums_by_form(ConsultationActivity.objects.filter(committee_id=committee_id, year=year))}
    for row in rows:
        values = sums.get(row.form, {})
        row.activities = values.get("activities", 0)
        for name in TALLY_FIELDS:
            setattr(row, name, values.get(name) or 0)
    ActivityTally.objects.bulk_update(rows, ["activities", *TALLY_FIELDS])


def rebuild_tallies() -> int:
    """Every tally row again from the activities (after a bulk load, or by a migration); returns the rows."""
    ActivityTally.objects.all().delete()
    rows = [ActivityTally(committee_id=r["committee_id"], year=r["year"], form=r["form"], activities=r["activities"],
                          **{name: r[name] or 0 for name in TALLY_FIELDS})
            for r in sums_by_form(ConsultationActivity.objects.all(), "committee_id", "year")]
    return len(ActivityTally.objects.bulk_create(rows, batch_size=2000))
