"""Changing a committee's proposal rules and its chain of review stages, checked and audited."""
from __future__ import annotations

import string
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from lvzhi.accounts.models import Role
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record, changes, snapshot
from lvzhi.committees.models import Committee, chinese_number
from lvzhi.proposals.models import Proposal, ProposalSettings, ReviewRecord, ReviewStage
from lvzhi.proposals.services.common import proposal_defaults

NUMBER_PLACEHOLDERS = ("term", "session", "sitting", "year", "seq")
NUMBER_FORMAT_MAX = 100
NUMBER_MAX = 40  # Proposal.number
DAY_FIELDS = ("cosign_days", "reassign_days", "co_unit_days", "reply_days", "max_extension_days", "evaluation_days")
DAYS_MIN, DAYS_MAX = 1, 365
BODY_CHARS_MAX = 5000
SETTINGS_FIELDS = ("number_format", *DAY_FIELDS, "basic_satisfied_counts", "min_body_chars")
STAGE_ROLES = (Role.PROPOSAL_STAFF, Role.OFFICE_STAFF, Role.SPECIAL_COMMITTEE_STAFF, Role.LEADER)
STAGE_NAME_MAX = 40
STAGES_MAX = 20
# Renumbering goes through orders above every real one, so the (committee, order) constraint, which
# PostgreSQL checks row by row, never sees two stages on the same order.
RENUMBER_OFFSET = 1000


def _label(field: str) -> str:
    return str(cast(models.Field, ProposalSettings._meta.get_field(field)).verbose_name)


def format_number(number_format: str, *, term: int, session: int, year: int, seq: int) -> str:
    """A proposal number from the format, as filing makes it (session 0 is a 平时提案)."""
    sitting = f"{chinese_number(session)}次会议" if session else "平时"
    return number_format.format(term=term, session=session, sitting=sitting, year=year, seq=seq)


def number_format_error(number_format: str) -> str:
    """Why the format cannot number proposals, in Chinese; empty when it can."""
    if not number_format:
        return "请填写编号格式。"
    if len(number_format) > NUMBER_FORMAT_MAX:
        return f"编号格式不能超过 {NUMBER_FORMAT_MAX} 个字符。"
    allowed = " ".join(f"{{{name}}}" for name in NUMBER_PLACEHOLDERS)
    try:
        fields = []
        for _text, field, spec, _conversion in string.Formatter().parse(number_format):
            # Only bare names: "{seq.__class__}" or "{term[0]}" would reach into Python objects.
            if field is not None and field not in NUMBER_PLACEHOLDERS:
                return f"编号格式无效：“{{{field}}}”不是可用的占位符，只能使用 {allowed}。"
            if spec and "{" in spec:
                return "编号格式无效：格式说明中不能再嵌套占位符。"
            fields.append(field)
        if "seq" not in fields:
            return "编号格式须包含序号 {seq}，否则每件提案的编号都相同。"
        examples = [format_number(number_format, term=15, session=session, year=2026, seq=seq)
                    for session in (0, 4) for seq in (1, 1234)]
    except (KeyError, ValueError, IndexError, TypeError) as exc:
        return f"编号格式无效：{exc}。请检查花括号是否成对、格式说明是否正确（如 {{seq:04d}}）。"
    longest = max(examples, key=len)
    if len(longest) > NUMBER_MAX:
        return f"按此格式生成的编号（如“{longest}”）超过 {NUMBER_MAX} 个字，请缩短。"
    return ""


def next_number_examples(committee: Committee, number_format: str) -> list[tuple[str, str]]:
    """What the next 平时提案 and 大会提案 of the current term would be numbered (label, number)."""
    term = committee.current_term()
    term_number = term.number if term else 1
    session_row = term.sessions.order_by("-number").first() if term else None
    session_number = session_row.number if session_row else 1
    scope = Proposal.objects.filter(committee=committee, term=term, seq__isnull=False)
    year = timezone.localdate().year
    examples = []
    for label, session, rows in (("平时提案", 0, scope.filter(session__isnull=True)),
                                 ("大会提案", session_number, scope.filter(session=session_row))):
        seq = (rows.aggregate(last=Max("seq"))["last"] or 0) + 1 if term else 1
        try:
            number = format_number(number_format, term=term_number, session=session, year=year, seq=seq)
        except (KeyError, ValueError, IndexError, TypeError, AttributeError):
            return []
        examples.append((label, number[:NUMBER_MAX]))
    return examples


def _whole(value: Any, field: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = f"{_label(field)}须填写整数。"
        return None
    if not low <= number <= high:
        errors[field] = f"{_label(field)}须在 {low} 到 {high} 之间。"
        return None
    return number


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def settings_update(*, actor: Actor, committee: Committee, **values: Any) -> ProposalSettings:
    """Change the committee's proposal rules; only the fields given are changed."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    with transaction.atomic():
        unknown = sorted(set(values) - set(SETTINGS_FIELDS))
        if unknown:
            raise TypeError(f"unknown proposal settings: {', '.join(unknown)}")
        proposal_defaults(committee)
        row = ProposalSettings.objects.select_for_update().get(committee=committee)
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        if "number_format" in values:
            number_format = str(values["number_format"] or "").strip()
            error = number_format_error(number_format)
            if error:
                errors["number_format"] = error
            clean["number_format"] = number_format
        for field in DAY_FIELDS:
            if field in values:
                clean[field] = _whole(values[field], field, DAYS_MIN, DAYS_MAX, errors)
        if "min_body_chars" in values:
            clean["min_body_chars"] = _whole(values["min_body_chars"], "min_body_chars", 0, BODY_CHARS_MAX, errors)
        if "basic_satisfied_counts" in values:
            clean["basic_satisfied_counts"] = _truthy(values["basic_satisfied_counts"])
        reply = clean.get("reply_days", row.reply_days)
        longest = clean.get("max_extension_days", row.max_extension_days)
        if reply is not None and longest is not None and reply > longest and not errors.keys() & {"reply_days"}:
            errors["reply_days"] = f"答复期限（{reply} 天）不能超过延期后最长办理期限（{longest} 天）。"
        if errors:
            raise ValidationError(errors)

        before = snapshot(row, list(clean))
        for field, value in clean.items():
            setattr(row, field, value)
        old, new = changes(before, snapshot(row, list(clean)))
        if new:
            row.save(update_fields=list(new))
            audit_record(actor=actor, action="proposal.settings_update", obj=row, committee_id=committee.pk,
                         before=old, after=new)
        return row


# ---------------------------------------------------------------- review stages


def stage_role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in STAGE_ROLES]


def _stage_values(committee: Committee, name: Any, role: Any, exclude_pk: int | None = None) -> tuple[str, str]:
    name = " ".join(str(name or "").split())
    role = str(role or "")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写环节名称。"
    elif len(name) > STAGE_NAME_MAX:
        errors["name"] = f"环节名称不能超过 {STAGE_NAME_MAX} 个字。"
    # exclude(pk=None) excludes nothing; the stubs refuse the None.
    elif ReviewStage.objects.filter(committee=committee, name=name).exclude(pk=exclude_pk).exists():  # type: ignore[misc]
        errors["name"] = f"已有名为“{name}”的审查环节。"
    if role not in {r.value for r in STAGE_ROLES}:
        labels = "、".join(r.label for r in STAGE_ROLES)
        errors["role"] = f"请选择审查角色（{labels}之一）。"
    if errors:
        raise ValidationError(errors)
    return name, role


def _lock_chain(committee: Committee) -> list[ReviewStage]:
    """The committee's stages in order, with its settings row locked so chain changes run one at a time."""
    proposal_defaults(committee)
    ProposalSettings.objects.select_for_update().get(committee=committee)
    return list(ReviewStage.objects.filter(committee=committee).order_by("order"))


def _renumber(committee: Committee, chain: list[ReviewStage]) -> None:
    """Give the stages of `chain`, in that order, the orders 1..n."""
    ReviewStage.objects.filter(committee=committee).update(order=F("order") + RENUMBER_OFFSET)
    for i, stage in enumerate(chain, start=1):
        stage.order = i
        ReviewStage.objects.filter(pk=stage.pk).update(order=i)


def _chain_names(chain: list[ReviewStage]) -> str:
    return " → ".join(s.name for s in chain)


def _stage_snapshot(stage: ReviewStage) -> dict[str, Any]:
    return {"order": stage.order, "name": stage.name, "role": stage.role}


def stage_add(*, actor: Actor, committee: Committee, name: str, role: str) -> ReviewStage:
    """Add a review stage at the end of the committee's chain."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    with transaction.atomic():
        chain = _lock_chain(committee)
        if len(chain) >= STAGES_MAX:
            raise ValidationError(f"审查环节最多 {STAGES_MAX} 个。")
        name, role = _stage_values(committee, name, role)
        stage = ReviewStage.objects.create(committee=committee, order=len(chain) + 1, name=name, role=role)
        audit_record(actor=actor, action="proposal.stage_add", obj=stage, committee_id=committee.pk,
                     after={**_stage_snapshot(stage), "chain": _chain_names([*chain, stage])})
        return stage


def stage_update(*, actor: Actor, stage: ReviewStage, name: str, role: str) -> ReviewStage:
    """Rename a stage or give it to another role; proposals waiting there stay where they are."""
    committee = stage.committee
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    with transaction.atomic():
        _lock_chain(committee)
        stage.refresh_from_db()
        name, role = _stage_values(committee, name, role, exclude_pk=stage.pk)
        before = _stage_snapshot(stage)
        stage.name, stage.role = name, role
        old, new = changes(before, _stage_snapshot(stage))
        if new:
            stage.save(update_fields=list(new))
            audit_record(actor=actor, action="proposal.stage_update", obj=stage, committee_id=committee.pk,
                         before=old, after=new)
        return stage


def stage_move(*, actor: Actor, stage: ReviewStage, direction: str) -> ReviewStage:
    """Swap a stage with the one before ("up") or after ("down") it."""
    committee = stage.committee
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    with transaction.atomic():
        if direction not in ("up", "down"):
            raise ValidationError("请选择上移或下移。")
        chain = _lock_chain(committee)
        index = next((i for i, s in enumerate(chain) if s.pk == stage.pk), None)
        if index is None:
            raise ValidationError("该审查环节已不存在。")
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(chain):
            raise ValidationError("该环节已是第一个。" if direction == "up" else "该环节已是最后一个。")
        before = _chain_names(chain)
        chain[index], chain[other] = chain[other], chain[index]
        _renumber(committee, chain)
        stage.order = other + 1
        audit_record(actor=actor, action="proposal.stage_move", obj=stage, committee_id=committee.pk,
                     before={"chain": before}, after={"chain": _chain_names(chain)}, detail=direction)
        return stage


def stage_remove(*, actor: Actor, stage: ReviewStage) -> None:
    """Remove a stage no proposal is waiting at and no review record cites; the rest close ranks."""
    committee = stage.committee
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    with transaction.atomic():
        chain = _lock_chain(committee)
        if not any(s.pk == stage.pk for s in chain):
            raise ValidationError("该审查环节已不存在。")
        if len(chain) <= 1:
            raise ValidationError("至少保留一个审查环节。")
        waiting = Proposal.objects.filter(review_stage=stage).count()
        if waiting:
            raise ValidationError(f"该环节还有 {waiting} 件提案正在审查，不能删除。")
        recorded = ReviewRecord.objects.filter(stage=stage).count()
        if recorded:
            # The records say at which stage each decision was made; they must keep pointing at it.
            raise ValidationError(f"该环节已有 {recorded} 条审查记录，不能删除；可以修改名称或审查角色。")
        before = {**_stage_snapshot(stage), "chain": _chain_names(chain)}
        rest = [s for s in chain if s.pk != stage.pk]
        audit_record(actor=actor, action="proposal.stage_remove", obj=stage, committee_id=committee.pk,
                     before=before, after={"chain": _chain_names(rest)})
        stage.delete()
        _renumber(committee, rest)
