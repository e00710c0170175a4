"""Changing a committee's scoring rule table (履职量化考核规则): create from a preset, copy last year's, edit its
categories, rules, grade bands and minimum duties. Each change is checked (duty.manage in the table's committee),
refused on a stale version, audited, and moves the table's version on, which puts every score computed with it
out of date."""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.duty.models import (
    DutyEvent,
    DutyRole,
    GradeBand,
    Level,
    MinimumDuty,
    Outcome,
    ScoringCategory,
    ScoringPreset,
    ScoringRule,
    ScoringRuleSet,
)
from lvzhi.duty.presets import PRESETS, Preset
from lvzhi.duty.scoring import money, parse_alternative
from lvzhi.text.chinese import traditional_chars
from lvzhi.versioning import lock, save_changed

YEAR_MIN, YEAR_MAX = 2000, 2100
POINTS_LIMIT = Decimal("1000")
NAME_MAX, CATEGORY_MAX, LABEL_MAX, MINIMUM_MAX, NOTE_MAX, NOTES_MAX = 60, 30, 20, 60, 100, 2000
ALTERNATIVES_MAX = 10
AT_LEAST_MAX = 100


def stale_message(ruleset: ScoringRuleSet) -> str:
    return f"考核规则已被他人修改（现为第 {ruleset.version} 版），请刷新页面后重新操作。"


# ---------------------------------------------------------------- input


def _text(value: Any, *, label: str, max_length: int, required: bool = True) -> str:
    text = " ".join(unicodedata.normalize("NFKC", str(value or "")).split())
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > max_length:
        raise ValidationError(f"{label}不能超过 {max_length} 个字。")
    bad = traditional_chars(text)
    if bad:
        raise ValidationError(f"{label}含繁体字“{''.join(bad)}”，请改用简体字。")
    return text


def _decimal(value: Any, *, label: str, low: Decimal = -POINTS_LIMIT, high: Decimal = POINTS_LIMIT) -> Decimal:
    raw = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not raw:
        raise ValidationError(f"请填写{label}。")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"{label}须填写数字，如 5 或 2.5。") from None
    if not number.is_finite():
        raise ValidationError(f"{label}须填写数字，如 5 或 2.5。")
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(f"{label}最多保留两位小数。")
    if not low <= number <= high:
        raise ValidationError(f"{label}须在 {money(low)} 到 {money(high)} 之间。")
    return number.quantize(Decimal("0.01"))


def _cap(value: Any) -> Decimal | None:
    if value is None or not str(value).strip():
        return None
    cap = _decimal(value, label="上限", low=Decimal("0"))
    if cap == 0:
        raise ValidationError("上限须大于 0；不设上限请留空。")
    return cap


def _choice(value: Any, choices: type[Any], *, label: str, blank: bool = False) -> str:
    text = str(value or "")
    if blank and not text:
        return ""
    if text not in choices.values:
        raise ValidationError(f"请选择{label}。")
    return text


def _order(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("排序须填写整数。") from None
    if not 0 <= number <= 999:
        raise ValidationError("排序须在 0 到 999 之间。")
    return number


def _year(value: Any) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("请填写年度，如 2026。") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(f"年度须在 {YEAR_MIN} 到 {YEAR_MAX} 之间。")
    return year


def _at_least(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("至少次数须填写整数。") from None
    if not 1 <= number <= AT_LEAST_MAX:
        raise ValidationError(f"至少次数须在 1 到 {AT_LEAST_MAX} 之间。")
    return number


def _alternatives(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").split(",") if v.strip()]
    chosen: list[str] = []
    for raw in values or []:
        event, outcome = parse_alternative(str(raw).strip())
        if event not in DutyEvent.values or outcome not in Outcome.values:
            raise ValidationError(f"“{raw}”不是可计入的履职事项。")
        pair = f"{event}:{outcome}"
        if pair not in chosen:
            chosen.append(pair)
    if not chosen:
        raise ValidationError("请至少选择一项可计入的履职事项。")
    if len(chosen) > ALTERNATIVES_MAX:
        raise ValidationError(f"可计入的履职事项最多 {ALTERNATIVES_MAX} 项。")
    return sorted(chosen)


def alternative_label(pair: str) -> str:
    event, outcome = parse_alternative(pair)
    try:
        return f"{DutyEvent(event).label}·{Outcome(outcome).label}"
    except ValueError:
        return pair


def alternative_choices() -> list[tuple[str, str]]:
    """Every event × outcome a minimum duty may count, as offered on the screen."""
    return [(f"{e}:{o}", f"{e.label}·{o.label}") for e in DutyEvent for o in Outcome]


# ---------------------------------------------------------------- the table


def _edit(actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None) -> ScoringRuleSet:
    """Check, lock and version-check the table before a change."""
    require(actor, Cap.DUTY_MANAGE, ruleset.committee)
    lock(ruleset, None)  # reloaded in place, its row locked until the change is saved
    if expected_version is not None and ruleset.version != expected_version:
        raise ValidationError(stale_message(ruleset), code="stale")
    return ruleset


def _done(actor: Actor, ruleset: ScoringRuleSet, action: str, *, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: str = "") -> ScoringRuleSet:
    save_changed(ruleset, [])
    audit_record(actor=actor, action=f"duty.{action}", obj=ruleset, committee_id=ruleset.committee_id,
                 before=before, after={**(after or {}), "version": ruleset.version}, detail=detail[:500])
    return ruleset


def _fill(ruleset: ScoringRuleSet, preset: Preset) -> None:
    for order, spec in enumerate(preset.categories, start=1):
        category = ScoringCategory.objects.create(ruleset=ruleset, name=spec.name, order=order,
                                                  cap=Decimal(spec.cap) if spec.cap is not None else None)
        ScoringRule.objects.bulk_create([
            ScoringRule(ruleset=ruleset, category=category, event=event, role_code=role, outcome=outcome, level=level,
                        points=Decimal(points), note=note)
            for event, role, outcome, level, points, note in spec.rules])
    GradeBand.objects.bulk_create([GradeBand(ruleset=ruleset, label=label, min_points=Decimal(low))
                                   for label, low in preset.bands])
    MinimumDuty.objects.bulk_create([
        MinimumDuty(ruleset=ruleset, label=label, alternatives=sorted(alts), at_least=at_least, order=order)
        for order, (label, alts, at_least) in enumerate(preset.minimums, start=1)])


def _refuse_taken(committee: Committee, year: int) -> None:
    if ScoringRuleSet.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(f"{committee.name}{year}年度已有考核规则，请直接修改。")


@transaction.atomic
def ruleset_create(*, actor: Actor, committee: Committee, year: Any, preset: str, name: str = "") -> ScoringRuleSet:
    """A committee's table for a year, filled from a preset."""
    require(actor, Cap.DUTY_MANAGE, committee)
    year = _year(year)
    if preset not in PRESETS:
        raise ValidationError("请选择参照的考核模板。")
    spec = PRESETS[preset]
    name = _text(name, label="名称", max_length=NAME_MAX, required=False) or spec.name
    _refuse_taken(committee, year)
    ruleset = ScoringRuleSet.objects.create(committee=committee, year=year, name=name, preset=preset,
                                            base_points=spec.base_points, notes=spec.notes)
    _fill(ruleset, spec)
    audit_record(actor=actor, action="duty.ruleset_create", obj=ruleset, committee_id=committee.pk,
                 after={"year": year, "name": name, "preset": preset})
    return ruleset


@transaction.atomic
def ruleset_copy(*, actor: Actor, source: ScoringRuleSet, year: Any) -> ScoringRuleSet:
    """Last year's table (or any year's) as the start of another year's, for the same committee."""
    require(actor, Cap.DUTY_MANAGE, source.committee)
    year = _year(year)
    _refuse_taken(source.committee, year)
    copy = ScoringRuleSet.objects.create(committee=source.committee, year=year, name=source.name,
                                         preset=source.preset, base_points=source.base_points, notes=source.notes)
    categories = {}
    for c in source.categories.order_by("order", "id"):
        categories[c.pk] = ScoringCategory.objects.create(ruleset=copy, name=c.name, cap=c.cap, order=c.order)
    ScoringRule.objects.bulk_create([
        ScoringRule(ruleset=copy, category=categories[r.category_id], event=r.event, role_code=r.role_code,
                    outcome=r.outcome, level=r.level, points=r.points, note=r.note)
        for r in source.rules.order_by("id")])
    GradeBand.objects.bulk_create([GradeBand(ruleset=copy, label=b.label, min_points=b.min_points)
                                   for b in source.bands.all()])
    MinimumDuty.objects.bulk_create([
        MinimumDuty(ruleset=copy, label=m.label, alternatives=list(m.alternatives), at_least=m.at_least,
                    order=m.order) for m in source.minimums.order_by("order", "id")])
    audit_record(actor=actor, action="duty.ruleset_copy", obj=copy, committee_id=copy.committee_id,
                 after={"year": year, "name": copy.name, "from_year": source.year})
    return copy


@transaction.atomic
def ruleset_update(
    *, actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None, name: Any, base_points: Any,
    notes: Any = "",
) -> ScoringRuleSet:
    """The table's name, base points and notes."""
    _edit(actor, ruleset, expected_version)
    values = {"name": _text(name, label="名称", max_length=NAME_MAX),
              "base_points": _decimal(base_points, label="基础分", low=Decimal("0")),
              "notes": _text(notes, label="说明", max_length=NOTES_MAX, required=False)}
    before = {k: getattr(ruleset, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    if not changed:
        return ruleset
    for k, v in changed.items():
        setattr(ruleset, k, v)
    ruleset.save(update_fields=list(changed))
    return _done(actor, ruleset, "ruleset_update", before={k: str(before[k]) for k in changed},
                 after={k: str(v) for k, v in changed.items()})


# ---------------------------------------------------------------- categories


def _category_values(ruleset: ScoringRuleSet, name: Any, cap: Any, order: Any,
                     exclude: int | None = None) -> dict[str, Any]:
    name = _text(name, label="类别名称", max_length=CATEGORY_MAX)
    if ScoringCategory.objects.filter(ruleset=ruleset, name=name).exclude(pk=exclude or 0).exists():
        raise ValidationError(f"已有名为“{name}”的类别。")
    return {"name": name, "cap": _cap(cap), "order": _order(order)}


def _category_after(category: ScoringCategory) -> dict[str, Any]:
    return {"name": category.name, "cap": money(category.cap) if category.cap is not None else "不设上限",
            "order": category.order}


@transaction.atomic
def category_add(*, actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None, name: Any, cap: Any = None,
                 order: Any = None) -> ScoringCategory:
    _edit(actor, ruleset, expected_version)
    if order is None or str(order).strip() == "":
        order = ruleset.categories.count() + 1
    category = ScoringCategory.objects.create(ruleset=ruleset, **_category_values(ruleset, name, cap, order))
    _done(actor, ruleset, "category_add", after=_category_after(category), detail=f"新增类别“{category.name}”")
    return category


@transaction.atomic
def category_update(*, actor: Actor, category: ScoringCategory, expected_version: int | None, name: Any, cap: Any,
                    order: Any) -> ScoringCategory:
    ruleset = _edit(actor, category.ruleset, expected_version)
    before = _category_after(category)
    for k, v in _category_values(ruleset, name, cap, order, exclude=category.pk).items():
        setattr(category, k, v)
    category.save(update_fields=["name", "cap", "order"])
    _done(actor, ruleset, "category_update", before=before, after=_category_after(category),
          detail=f"修改类别“{category.name}”")
    return category


@transaction.atomic
def category_delete(*, actor: Actor, category: ScoringCategory, expected_version: int | None) -> None:
    ruleset = _edit(actor, category.ruleset, expected_version)
    count = category.rules.count()
    if count:
        raise ValidationError(f"类别“{category.name}”下还有 {count} 条计分规则，请先删除或移到其他类别。")
    before = _category_after(category)
    category.delete()
    _done(actor, ruleset, "category_delete", before=before, detail=f"删除类别“{before['name']}”")


# ---------------------------------------------------------------- rules


RULE_FIELDS = ("category", "event", "role_code", "outcome", "level", "points", "note")


def _rule_values(ruleset: ScoringRuleSet, values: dict[str, Any], exclude: int | None = None) -> dict[str, Any]:
    category = values.get("category")
    if isinstance(category, (int, str)) and str(category).isdigit():
        category = ScoringCategory.objects.filter(ruleset=ruleset, pk=int(category)).first()
    if not isinstance(category, ScoringCategory) or category.ruleset_id != ruleset.pk:
        raise ValidationError("请选择本考核规则中的类别。")
    clean = {
        "category": category,
        "event": _choice(values.get("event"), DutyEvent, label="履职事项"),
        "role_code": _choice(values.get("role_code"), DutyRole, label="身份", blank=True),
        "outcome": _choice(values.get("outcome"), Outcome, label="结果"),
        "level": _choice(values.get("level"), Level, label="层级", blank=True),
        "points": _decimal(values.get("points"), label="分值"),
        "note": _text(values.get("note"), label="备注", max_length=NOTE_MAX, required=False),
    }
    if clean["points"] == 0:
        raise ValidationError("分值不能为 0；不计分的事项无需设置规则。")
    same = ScoringRule.objects.filter(ruleset=ruleset, event=clean["event"], role_code=clean["role_code"],
                                      outcome=clean["outcome"], level=clean["level"]).exclude(pk=exclude or 0)
    if same.exists():
        raise ValidationError(f"已有相同的计分规则：{rule_label_of(clean)}，请直接修改该条。")
    return clean


def rule_label_of(values: dict[str, Any]) -> str:
    role = DutyRole(values["role_code"]).label if values.get("role_code") else "任何身份"
    level = Level(values["level"]).label if values.get("level") else "任何层级"
    return f"{DutyEvent(values['event']).label}·{role}·{Outcome(values['outcome']).label}·{level}"


def _rule_after(rule: ScoringRule) -> dict[str, Any]:
    return {"category": rule.category.name, "rule": rule_label_of({f: getattr(rule, f) for f in RULE_FIELDS[1:5]}),
            "points": money(rule.points), "note": rule.note}


@transaction.atomic
def rule_add(*, actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None, **values: Any) -> ScoringRule:
    _edit(actor, ruleset, expected_version)
    rule = ScoringRule.objects.create(ruleset=ruleset, **_rule_values(ruleset, values))
    _done(actor, ruleset, "rule_add", after=_rule_after(rule))
    return rule


@transaction.atomic
def rule_update(*, actor: Actor, rule: ScoringRule, expected_version: int | None, **values: Any) -> ScoringRule:
    ruleset = _edit(actor, rule.ruleset, expected_version)
    before = _rule_after(rule)
    merged = {f: getattr(rule, f) for f in RULE_FIELDS}
    merged.update(values)
    for k, v in _rule_values(ruleset, merged, exclude=rule.pk).items():
        setattr(rule, k, v)
    rule.save()
    _done(actor, ruleset, "rule_update", before=before, after=_rule_after(rule))
    return rule


@transaction.atomic
def rule_delete(*, actor: Actor, rule: ScoringRule, expected_version: int | None) -> None:
    ruleset = _edit(actor, rule.ruleset, expected_version)
    before = _rule_after(rule)
    rule.delete()
    _done(actor, ruleset, "rule_delete", before=before)


# ---------------------------------------------------------------- grade bands


def _band_values(ruleset: ScoringRuleSet, label: Any, min_points: Any, exclude: int | None = None) -> dict[str, Any]:
    label = _text(label, label="等次名称", max_length=LABEL_MAX)
    low = _decimal(min_points, label="最低分")
    others = GradeBand.objects.filter(ruleset=ruleset).exclude(pk=exclude or 0)
    if others.filter(label=label).exists():
        raise ValidationError(f"已有名为“{label}”的等次。")
    if others.filter(min_points=low).exists():
        raise ValidationError(f"已有最低分为 {money(low)} 的等次，两个等次的分数线不能相同。")
    return {"label": label, "min_points": low}


@transaction.atomic
def band_add(*, actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None, label: Any,
             min_points: Any) -> GradeBand:
    _edit(actor, ruleset, expected_version)
    band = GradeBand.objects.create(ruleset=ruleset, **_band_values(ruleset, label, min_points))
    _done(actor, ruleset, "band_add", after={"label": band.label, "min_points": money(band.min_points)})
    return band


@transaction.atomic
def band_update(*, actor: Actor, band: GradeBand, expected_version: int | None, label: Any,
                min_points: Any) -> GradeBand:
    ruleset = _edit(actor, band.ruleset, expected_version)
    before = {"label": band.label, "min_points": money(band.min_points)}
    for k, v in _band_values(ruleset, label, min_points, exclude=band.pk).items():
        setattr(band, k, v)
    band.save(update_fields=["label", "min_points"])
    _done(actor, ruleset, "band_update", before=before, after={"label": band.label,
                                                               "min_points": money(band.min_points)})
    return band


@transaction.atomic
def band_delete(*, actor: Actor, band: GradeBand, expected_version: int | None) -> None:
    ruleset = _edit(actor, band.ruleset, expected_version)
    before = {"label": band.label, "min_points": money(band.min_points)}
    band.delete()
    _done(actor, ruleset, "band_delete", before=before)


# ---------------------------------------------------------------- minimum duties


def _minimum_values(ruleset: ScoringRuleSet, label: Any, alternatives: Any, at_least: Any, order: Any,
                    exclude: int | None = None) -> dict[str, Any]:
    label = _text(label, label="基本要求", max_length=MINIMUM_MAX)
    if MinimumDuty.objects.filter(ruleset=ruleset, label=label).exclude(pk=exclude or 0).exists():
        raise ValidationError(f"已有“{label}”这项基本要求。")
    return {"label": label, "alternatives": _alternatives(alternatives), "at_least": _at_least(at_least),
            "order": _order(order)}


def _minimum_after(minimum: MinimumDuty) -> dict[str, Any]:
    return {"label": minimum.label, "alternatives": "、".join(alternative_label(a) for a in minimum.alternatives),
            "at_least": minimum.at_least}


@transaction.atomic
def minimum_add(*, actor: Actor, ruleset: ScoringRuleSet, expected_version: int | None, label: Any,
                alternatives: Any, at_least: Any = 1, order: Any = None) -> MinimumDuty:
    _edit(actor, ruleset, expected_version)
    if order is None or str(order).strip() == "":
        order = ruleset.minimums.count() + 1
    minimum = MinimumDuty.objects.create(ruleset=ruleset,
                                         **_minimum_values(ruleset, label, alternatives, at_least, order))
    _done(actor, ruleset, "minimum_add", after=_minimum_after(minimum))
    return minimum


@transaction.atomic
def minimum_update(*, actor: Actor, minimum: MinimumDuty, expected_version: int | None, label: Any,
                   alternatives: Any, at_least: Any, order: Any) -> MinimumDuty:
    ruleset = _edit(actor, minimum.ruleset, expected_version)
    before = _minimum_after(minimum)
    for k, v in _minimum_values(ruleset, label, alternatives, at_least, order, exclude=minimum.pk).items():
        setattr(minimum, k, v)
    minimum.save(update_fields=["label", "alternatives", "at_least", "order"])
    _done(actor, ruleset, "minimum_update", before=before, after=_minimum_after(minimum))
    return minimum


@transaction.atomic
def minimum_delete(*, actor: Actor, minimum: MinimumDuty, expected_version: int | None) -> None:
    ruleset = _edit(actor, minimum.ruleset, expected_version)
    before = _minimum_after(minimum)
    minimum.delete()
    _done(actor, ruleset, "minimum_delete", before=before)


PRESET_CHOICES = [(p.value, p.label) for p in ScoringPreset]
