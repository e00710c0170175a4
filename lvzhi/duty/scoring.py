"""The score engine (履职量化考核): a rule table applied to a member's duty records, exact (Decimal) and deterministic,
and the batch that keeps the stored scores (MemberScore) current before anyone reads them.

A record contributes, for each of its outcomes, the points of every rule matching its event, outcome, the member's
part (or a rule for any part) and level (or a rule for any level). Score = base + Σ over categories of
min(positive points, cap) + the category's deductions; the grade is the highest band whose lower bound the score
reaches (the lowest band takes everything below it too).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lvzhi.duty.models import DutyEvent, DutyRecord, MemberScore, Outcome, ScoringRuleSet

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Above this many members a batch reads the committee-year's rows whole rather than listing the members.
WHOLE_YEAR_FROM = 200
SAVE_BATCH = 200
COMPUTED = ("computed_stamp", "ruleset_id", "ruleset_version", "total", "grade", "minimum_met", "minimum_missed",
            "only_plenary", "breakdown", "computed_at")


def money(value: Decimal) -> str:
    """A score as stored in the breakdown and shown: two decimals, exact."""
    return str(value.quantize(CENT))


@dataclass(frozen=True)
class RuleLine:
    rule_id: int
    category_id: int
    role_code: str
    level: str
    points: Decimal


@dataclass(frozen=True)
class CategorySpec:
    id: int
    name: str
    cap: Decimal | None


@dataclass(frozen=True)
class MinimumSpec:
    label: str
    alternatives: frozenset[tuple[str, str]]
    at_least: int


@dataclass(frozen=True)
class CompiledRules:
    """A rule set in the shape the engine reads: rules indexed by (event, outcome)."""

    ruleset_id: int
    version: int
    base: Decimal
    categories: tuple[CategorySpec, ...]
    by_key: dict[tuple[str, str], tuple[RuleLine, ...]]
    bands: tuple[tuple[str, Decimal], ...]  # highest lower bound first
    minimums: tuple[MinimumSpec, ...]


@dataclass(frozen=True)
class Facets:
    """What the engine reads of a duty record."""

    id: int
    event: str
    role_code: str
    outcomes: tuple[str, ...]
    level: str


@dataclass
class ScoreResult:
    total: Decimal
    grade: str
    minimum_met: bool
    minimum_missed: list[str]
    only_plenary: bool
    breakdown: dict[str, Any] = field(default_factory=dict)


def compile_rules(ruleset: ScoringRuleSet) -> CompiledRules:
    """Four queries: categories, rules, bands, minimum duties."""
    categories = tuple(CategorySpec(c.pk, c.name, c.cap) for c in ruleset.categories.order_by("order", "id"))
    by_key: dict[tuple[str, str], list[RuleLine]] = defaultdict(list)
    for r in ruleset.rules.order_by("id"):
        by_key[(r.event, r.outcome)].append(RuleLine(r.pk, r.category_id, r.role_code, r.level, r.points))
    bands = tuple((b.label, b.min_points) for b in ruleset.bands.order_by("-min_points"))
    minimums = tuple(
        MinimumSpec(m.label, frozenset(parse_alternative(a) for a in m.alternatives), m.at_least)
        for m in ruleset.minimums.order_by("order", "id")
    )
    return CompiledRules(ruleset.pk, ruleset.version, ruleset.base_points, categories,
                         {k: tuple(v) for k, v in by_key.items()}, bands, minimums)


def parse_alternative(text: str) -> tuple[str, str]:
    event, _, outcome = str(text).partition(":")
    return event, outcome


def grade_for(total: Decimal, bands: Sequence[tuple[str, Decimal]]) -> str:
    for label, low in bands:
        if total >= low:
            return label
    return bands[-1][0] if bands else ""


def facets_of(record: DutyRecord) -> Facets:
    return Facets(record.pk, record.event, record.role_code, tuple(record.outcome_list()), record.level)


def score(rules: CompiledRules, records: Iterable[Facets]) -> ScoreResult:
    """The member's score from their records of the committee's year."""
    rows = sorted(records, key=lambda f: f.id)
    gained: dict[int, Decimal] = defaultdict(lambda: ZERO)
    deducted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    lines: list[dict[str, Any]] = []
    for rec in rows:
        for outcome in rec.outcomes:
            for rule in rules.by_key.get((rec.event, outcome), ()):
                if rule.role_code and rule.role_code != rec.role_code:
                    continue
                if rule.level and rule.level != rec.level:
                    continue
                if rule.points >= 0:
                    gained[rule.category_id] += rule.points
                else:
                    deducted[rule.category_id] += rule.points
                lines.append({"record": rec.id, "event": rec.event, "outcome": outcome, "role": rec.role_code,
                              "level": rec.level, "rule": rule.rule_id, "category": rule.category_id,
                              "points": money(rule.points)})
    total = rules.base
    categories = []
    for cat in rules.categories:
        raw = gained[cat.id]
        counted = min(raw, cat.cap) if cat.cap is not None else raw
        counted += deducted[cat.id]
        total += counted
        categories.append({"id": cat.id, "name": cat.name, "cap": money(cat.cap) if cat.cap is not None else None,
                           "gained": money(raw), "deducted": money(deducted[cat.id]), "counted": money(counted)})
    total = total.quantize(CENT)
    missed = []
    for minimum in rules.minimums:
        done = sum(1 for rec in rows if any((rec.event, o) in minimum.alternatives for o in rec.outcomes))
        if done < minimum.at_least:
            missed.append(minimum.label)
    only_plenary = bool(rows) and all(rec.event == DutyEvent.PLENARY for rec in rows) and any(
        Outcome.ATTENDED in rec.outcomes for rec in rows)
    breakdown = {"base": money(rules.base), "categories": categories, "lines": lines}
    return ScoreResult(total=total, grade=grade_for(total, rules.bands), minimum_met=not missed,
                       minimum_missed=missed, only_plenary=only_plenary, breakdown=breakdown)


# ---------------------------------------------------------------- stored scores, kept current


def ruleset_of(committee_id: int, year: int) -> ScoringRuleSet | None:
    return ScoringRuleSet.objects.filter(committee_id=committee_id, year=year).first()


def _records(committee_id: int, year: int, person_ids: Sequence[int]) -> dict[int, list[Facets]]:
    """The committee-year's records of these people, one query."""
    qs = DutyRecord.objects.filter(committee_id=committee_id, year=year)
    wanted = set(person_ids)
    if len(wanted) < WHOLE_YEAR_FROM:
        qs = qs.filter(person_id__in=sorted(wanted))
    found: dict[int, list[Facets]] = defaultdict(list)
    for pk, person_id, event, role_code, outcomes, level in qs.order_by().values_list(
            "pk", "person_id", "event", "role_code", "outcomes", "level").iterator(chunk_size=5000):
        if person_id in wanted:
            found[person_id].append(Facets(pk, event, role_code, tuple(o for o in outcomes.split(",") if o), level))
    return found


def _rows(committee_id: int, year: int, person_ids: Sequence[int], breakdown: bool) -> dict[int, MemberScore]:
    qs = MemberScore.objects.filter(committee_id=committee_id, year=year)
    if not breakdown:  # a ranking reads the totals; every line of every member would be most of its time
        qs = qs.defer("breakdown")
    if len(person_ids) < WHOLE_YEAR_FROM:
        qs = qs.filter(person_id__in=sorted(set(person_ids)))
    wanted = set(person_ids)
    return {s.person_id: s for s in qs if s.person_id in wanted}


def current_scores(
    *, committee_id: int, year: int, person_ids: Sequence[int], ruleset: ScoringRuleSet | None = None,
    force: bool = False, breakdown: bool = True,
) -> dict[int, MemberScore]:
    """The stored scores of these members for the committee's year, recomputing first those out of date (or
    missing, or all with `force`): one query for the scores, one for the records of the stale ones, Python
    scoring and one batched write. Empty when the committee has no rule table for the year. Without `breakdown`
    the rows come without their lines (a ranking's read)."""
    ruleset = ruleset or ruleset_of(committee_id, year)
    if ruleset is None or not person_ids:
        return {}
    rows = _rows(committee_id, year, person_ids, breakdown)
    missing = sorted(set(person_ids) - set(rows))
    if missing:
        # Created first, so that a record change committed while this computes finds a row to stamp.
        MemberScore.objects.bulk_create(
            [MemberScore(committee_id=committee_id, person_id=p, year=year) for p in missing],
            ignore_conflicts=True, batch_size=500)
        rows.update(_rows(committee_id, year, missing, breakdown))
    todo = [s for s in rows.values() if force or not s.is_current(ruleset)]
    if todo:
        _compute(ruleset, todo)
    return rows


def _compute(ruleset: ScoringRuleSet, todo: list[MemberScore]) -> None:
    rules = compile_rules(ruleset)
    todo.sort(key=lambda s: s.person_id)
    records = _records(ruleset.committee_id, ruleset.year, [s.person_id for s in todo])
    now = timezone.now()
    for row in todo:
        result = score(rules, records.get(row.person_id, ()))
        # The stamp read before the records: a change committed meanwhile has moved `stamp` on.
        row.computed_stamp = row.stamp
        row.ruleset_id, row.ruleset_version = ruleset.pk, ruleset.version
        row.total, row.grade = result.total, result.grade
        row.minimum_met, row.minimum_missed = result.minimum_met, result.minimum_missed
        row.only_plenary, row.breakdown, row.computed_at = result.only_plenary, result.breakdown, now
    # Written as an upsert on the rows made above: INSERT ... ON CONFLICT DO UPDATE of the computed fields only, so
    # a stamp moved on meanwhile stays moved on (and it is several times cheaper to build than bulk_update's CASE).
    with transaction.atomic():
        fresh = [MemberScore(committee_id=r.committee_id, person_id=r.person_id, year=r.year, stamp=r.stamp,
                             **{f: getattr(r, f) for f in COMPUTED}) for r in todo]  # by key, not by pk
        MemberScore.objects.bulk_create(
            fresh, update_conflicts=True, unique_fields=["committee", "person", "year"],
            update_fields=[f.removesuffix("_id") for f in COMPUTED], batch_size=SAVE_BATCH)


def recompute_from_scratch(ruleset: ScoringRuleSet, person_ids: Sequence[int]) -> dict[int, ScoreResult]:
    """What the scores are, computed from the records without reading or writing any stored score (the
    reference the stored ones are checked against)."""
    rules = compile_rules(ruleset)
    records = _records(ruleset.committee_id, ruleset.year, person_ids)
    return {p: score(rules, records.get(p, ())) for p in person_ids}
