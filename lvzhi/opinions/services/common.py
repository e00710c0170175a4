"""What every 社情民意 service shares: settings defaults, text checks, locking, the recorded move, duty rows."""
from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi import versioning
from lvzhi.accounts.permissions import Cap, deny, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.opinions.models import OpinionEvent, OpinionReport, OpinionSettings, Publication
from lvzhi.opinions.workflow import Move
from lvzhi.text.chinese import to_simplified

DEFAULT_PUBLICATIONS = ["社情民意", "政协专报"]
TITLE_MAX = 200
NAME_MAX = 100
REMARKS_MAX = 2000
STALE_MESSAGE = "该信息已被他人修改，请刷新后重试。"

# Full-width letters and digits become half-width; Chinese punctuation is kept as typed.
_HALF_WIDTH = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for c in range(r[0], r[1] + 1)}


def opinion_defaults(committee: Committee) -> OpinionSettings:
    """The committee's settings (and its two usual publications), created the first time they are needed."""
    row = OpinionSettings.objects.filter(committee=committee).first()
    if row is not None:
        return row
    with transaction.atomic():
        row, created = OpinionSettings.objects.get_or_create(committee=committee)
        if created:
            for i, name in enumerate(DEFAULT_PUBLICATIONS, start=1):
                Publication.objects.get_or_create(committee=committee, name=name, defaults={"sort_order": i * 10})
    return row


def clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def check_title(title: str, errors: dict[str, str], field: str = "title") -> str:
    title = clean_line(title)
    if not title:
        errors[field] = "请填写标题。"
    elif len(title) > TITLE_MAX:
        errors[field] = f"标题不能超过 {TITLE_MAX} 个字（当前 {len(title)} 字）。"
    return title


def check_body(committee: Committee, body: str, errors: dict[str, str], field: str = "body") -> str:
    body = clean_text(body)
    limit = opinion_defaults(committee).max_length
    if not body:
        errors[field] = "请填写正文。"
    elif len(body) > limit:
        errors[field] = f"正文不能超过 {limit} 个字（当前 {len(body)} 字），一事一报，请精简。"
    return body


def check_short(value: str, label: str, limit: int, errors: dict[str, str], field: str,
                required: bool = True) -> str:
    value = clean_text(value) if limit > NAME_MAX else clean_line(value)
    if required and not value:
        errors[field] = f"请填写{label}。"
    elif len(value) > limit:
        errors[field] = f"{label}不能超过 {limit} 个字。"
    return value


def search_text(report: OpinionReport, names: list[str] | None = None) -> str:
    if names is None:
        names = list(report.authors.values_list("person__name", flat=True))
    parts = [report.title, report.body, report.collective_name, *names]
    return to_simplified(" ".join(p for p in parts if p)).lower()


def refresh_search(report: OpinionReport) -> None:
    report.search_text = search_text(report)
    OpinionReport.objects.filter(pk=report.pk).update(search_text=report.search_text)


def lock(obj: OpinionReport, expected_version: int | None) -> OpinionReport:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    return versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def require_editor(actor: Actor, report: OpinionReport) -> None:
    require(actor, Cap.OPINION_EDIT, report.committee)


def require_author(actor: Actor, report: OpinionReport, move: Move) -> None:
    require(actor, Cap.OPINION_SUBMIT, report.committee)
    if actor is None or report.created_by_id != actor.pk:
        deny(actor, detail=f"opinions.{move.name}: not the author", obj=report,
             message=f"只有填报人才能{move.label}。")


def record_move(
    *, report: OpinionReport, actor: Actor, move: Move | str, from_state: str, to_state: str, remarks: str = "",
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
) -> OpinionEvent:
    """The report's history row (shown to users) and the audit event, in the caller's transaction."""
    name = move if isinstance(move, str) else move.name
    event = OpinionEvent.objects.create(
        report=report, actor=actor if getattr(actor, "is_authenticated", False) else None, action=name,
        from_state=from_state, to_state=to_state, remarks=remarks[:REMARKS_MAX],
    )
    audit_record(actor=actor, action=f"opinions.{name}", obj=report, committee_id=report.committee_id,
                 before={"state": from_state, **(before or {})}, after={"state": to_state, **(after or {})},
                 detail=remarks[:500])
    return event


def refuse_if_in_issue(report: OpinionReport) -> None:
    from lvzhi.opinions.models import IssueItem

    item = IssueItem.objects.filter(report=report).select_related("issue__publication").first()
    if item is not None:
        raise ValidationError(f"该信息已编入{item.issue}，请先从刊期中移出。")


def today() -> datetime.date:
    return timezone.localdate()


def credit_submitted(report: OpinionReport) -> None:
    """Each author's duty row for a submitted report."""
    day = timezone.localdate(report.submitted_at) if report.submitted_at else today()
    for author in report.authors.select_related("person"):
        duty_record_set(person=author.person, committee_id=report.committee_id, kind=DutyKind.OPINION_SUBMITTED,
                        source=report, date=day, title=report.title,
                        role="作者" if report.authors.count() == 1 else "联名作者")


def clear_submitted(report: OpinionReport) -> None:
    duty_record_clear(source=report, kinds=[DutyKind.OPINION_SUBMITTED])
