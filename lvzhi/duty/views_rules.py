"""The scoring rule table screen (履职量化考核规则): one committee's table for a year, read by its members and duty
staff, edited on screen by duty managers (create from a preset, copy a year, categories, rules, bands, minimums)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lvzhi.accounts.permissions import Cap, can, committees_for, deny
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.duty import services_rules as svc
from lvzhi.duty.models import (
    DutyEvent,
    DutyRole,
    GradeBand,
    Level,
    MinimumDuty,
    Outcome,
    ScoringCategory,
    ScoringRule,
    ScoringRuleSet,
)
from lvzhi.duty.selectors import (
    RULESET_REFUSAL,
    can_read_rules,
    get_ruleset_for_user,
    get_ruleset_row_for_user,
    own_memberships,
    rule_table,
    ruleset_for,
    ruleset_years,
)
from lvzhi.web.requests import posted_version, year_of

# The event × outcome pairs a minimum duty is usually made of, offered as ticks (any pair is accepted).
MINIMUM_PAIRS = [
    (DutyEvent.PROPOSAL, Outcome.SUBMITTED), (DutyEvent.PROPOSAL, Outcome.FILED),
    (DutyEvent.OPINION, Outcome.SUBMITTED), (DutyEvent.OPINION, Outcome.ADOPTED),
    (DutyEvent.PLENARY, Outcome.ATTENDED), (DutyEvent.STANDING, Outcome.ATTENDED),
    (DutyEvent.MEETING, Outcome.ATTENDED), (DutyEvent.STUDY, Outcome.ATTENDED),
    (DutyEvent.SPEECH, Outcome.SPOKE_PLENARY), (DutyEvent.SPEECH, Outcome.SPOKE_WRITTEN),
    (DutyEvent.CONSULTATION, Outcome.TOOK_PART), (DutyEvent.INSPECTION, Outcome.TOOK_PART),
    (DutyEvent.RESEARCH, Outcome.TOOK_PART), (DutyEvent.SUPERVISION, Outcome.TOOK_PART),
    (DutyEvent.STATION, Outcome.TOOK_PART), (DutyEvent.REPORTED, Outcome.TOOK_PART),
]


def _committees(user: Any) -> list[Committee]:
    """The committees whose tables `user` may read: where they have duty.view, and their own."""
    found = {c.pk: c for c in committees_for(user, Cap.DUTY_VIEW)}
    for m in own_memberships(user):
        found.setdefault(m.committee_id, m.committee)
    return sorted(found.values(), key=lambda c: c.path)


def _committee(request: HttpRequest) -> Committee:
    raw = request.GET.get("committee", "")
    if raw.isdigit():
        committee = get_committee_or_404(raw)
        if not can_read_rules(request.user, committee):
            deny(request.user, detail=Cap.DUTY_VIEW, committee=committee, message=RULESET_REFUSAL)
        return committee
    readable = _committees(request.user)
    if not readable:
        deny(request.user, detail=Cap.DUTY_VIEW, message=RULESET_REFUSAL)
    return readable[0]


def _page(request: HttpRequest, committee: Committee, year: int, *, problem: dict[str, Any] | None = None
          ) -> HttpResponse:
    ruleset = ruleset_for(committee, year)
    table = rule_table(ruleset) if ruleset is not None else None
    pairs = [f"{e}:{o}" for e, o in MINIMUM_PAIRS]
    pairs += sorted({a for m in (table.minimums if table else []) for a in m.alternatives} - set(pairs))
    this_year = timezone.localdate().year
    years = sorted({*ruleset_years(committee), year, this_year, this_year + 1}, reverse=True)
    earlier = ScoringRuleSet.objects.filter(committee=committee, year__lt=year).order_by("-year").first()
    ctx: dict[str, Any] = {
        "title": "履职考核规则", "nav_active": "duty_rules", "committee": committee, "year": year, "years": years,
        "committees": _committees(request.user), "ruleset": ruleset,
        "table": table,
        "can_manage": can(request.user, Cap.DUTY_MANAGE, committee), "presets": svc.PRESET_CHOICES,
        "earlier": earlier, "events": DutyEvent.choices, "roles": DutyRole.choices, "outcomes": Outcome.choices,
        "levels": Level.choices,
        "pairs": [(p, svc.alternative_label(p)) for p in pairs],
        "problem": problem or {},
    }
    return render(request, "duty/rules.html", ctx)


@login_required
@require_GET
def rules_page(request: HttpRequest) -> HttpResponse:
    committee = _committee(request)
    return _page(request, committee, year_of(request))


def _back(ruleset_or_committee: ScoringRuleSet | Committee, year: int | None = None) -> HttpResponse:
    if isinstance(ruleset_or_committee, ScoringRuleSet):
        committee_id, year = ruleset_or_committee.committee_id, ruleset_or_committee.year
    else:
        committee_id = ruleset_or_committee.pk
    return redirect(f"{reverse('duty:rules')}?committee={committee_id}&year={year}")


def _apply(request: HttpRequest, ruleset: ScoringRuleSet, key: str, change: Callable[[], Any], done: str
           ) -> HttpResponse:
    """Run a change; on bad input show the table again with the typed values and the error next to the form."""
    try:
        change()
    except ValidationError as error:
        problem = {"key": key, "input": request.POST.dict(), "errors": error.messages,
                   "alternatives": request.POST.getlist("alternatives")}
        return _page(request, ruleset.committee, ruleset.year, problem=problem)
    messages.success(request, done)
    return _back(ruleset)


def _require_version(request: HttpRequest) -> int:
    version = posted_version(request)
    if version is None:
        raise ValidationError("页面已过期，请刷新后重新操作。")
    return version


# ---------------------------------------------------------------- the table


@login_required
@require_POST
def ruleset_create(request: SignedInRequest) -> HttpResponse:
    raw = request.POST.get("committee", "")
    committees = committees_for(request.user, Cap.DUTY_MANAGE)
    committee = get_committee_or_404(raw) if raw.isdigit() else committees.first()
    if committee is None:
        deny(request.user, detail=Cap.DUTY_MANAGE, message="您没有权限管理履职考核规则。")
    year = request.POST.get("year", "")
    try:
        ruleset = svc.ruleset_create(actor=request.user, committee=committee, year=year,
                                     preset=request.POST.get("preset", ""), name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return _back(committee, int(year) if year.isdigit() else year_of(request))
    messages.success(request, f"已建立{ruleset}。")
    return _back(ruleset)


@login_required
@require_POST
def ruleset_copy(request: SignedInRequest, pk: int) -> HttpResponse:
    source = get_ruleset_for_user(request.user, pk, manage=True)
    year = request.POST.get("year", "")
    try:
        copy = svc.ruleset_copy(actor=request.user, source=source, year=year)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return _back(source)
    messages.success(request, f"已将{source.year}年度的考核规则复制为{copy.year}年度。")
    return _back(copy)


@login_required
@require_POST
def ruleset_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    ruleset = get_ruleset_for_user(request.user, pk, manage=True)
    p = request.POST
    return _apply(request, ruleset, "ruleset", lambda: svc.ruleset_update(
        actor=request.user, ruleset=ruleset, expected_version=_require_version(request), name=p.get("name", ""),
        base_points=p.get("base_points", ""), notes=p.get("notes", "")), "考核规则已保存。")


# ---------------------------------------------------------------- categories


@login_required
@require_POST
def category_add(request: SignedInRequest, pk: int) -> HttpResponse:
    ruleset = get_ruleset_for_user(request.user, pk, manage=True)
    p = request.POST
    return _apply(request, ruleset, "category-new", lambda: svc.category_add(
        actor=request.user, ruleset=ruleset, expected_version=_require_version(request), name=p.get("name", ""),
        cap=p.get("cap", ""), order=p.get("order", "")), "已新增类别。")


@login_required
@require_POST
def category_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    category: ScoringCategory = get_ruleset_row_for_user(request.user, ScoringCategory, pk)
    p = request.POST
    return _apply(request, category.ruleset, f"category-{pk}", lambda: svc.category_update(
        actor=request.user, category=category, expected_version=_require_version(request), name=p.get("name", ""),
        cap=p.get("cap", ""), order=p.get("order", "")), "类别已保存。")


@login_required
@require_POST
def category_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    category: ScoringCategory = get_ruleset_row_for_user(request.user, ScoringCategory, pk)
    return _apply(request, category.ruleset, f"category-{pk}", lambda: svc.category_delete(
        actor=request.user, category=category, expected_version=_require_version(request)),
        f"已删除类别“{category.name}”。")


# ---------------------------------------------------------------- rules


def _rule_input(request: HttpRequest) -> dict[str, str]:
    return {f: request.POST.get(f, "") for f in svc.RULE_FIELDS}


@login_required
@require_POST
def rule_add(request: SignedInRequest, pk: int) -> HttpResponse:
    ruleset = get_ruleset_for_user(request.user, pk, manage=True)
    return _apply(request, ruleset, "rule-new", lambda: svc.rule_add(
        actor=request.user, ruleset=ruleset, expected_version=_require_version(request), **_rule_input(request)),
        "已新增计分规则。")


@login_required
@require_POST
def rule_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    rule: ScoringRule = get_ruleset_row_for_user(request.user, ScoringRule, pk)
    return _apply(request, rule.ruleset, f"rule-{pk}", lambda: svc.rule_update(
        actor=request.user, rule=rule, expected_version=_require_version(request), **_rule_input(request)),
        "计分规则已保存。")


@login_required
@require_POST
def rule_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    rule: ScoringRule = get_ruleset_row_for_user(request.user, ScoringRule, pk)
    return _apply(request, rule.ruleset, f"rule-{pk}", lambda: svc.rule_delete(
        actor=request.user, rule=rule, expected_version=_require_version(request)), "已删除计分规则。")


# ---------------------------------------------------------------- grade bands


@login_required
@require_POST
def band_add(request: SignedInRequest, pk: int) -> HttpResponse:
    ruleset = get_ruleset_for_user(request.user, pk, manage=True)
    p = request.POST
    return _apply(request, ruleset, "band-new", lambda: svc.band_add(
        actor=request.user, ruleset=ruleset, expected_version=_require_version(request), label=p.get("label", ""),
        min_points=p.get("min_points", "")), "已新增等次。")


@login_required
@require_POST
def band_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    band: GradeBand = get_ruleset_row_for_user(request.user, GradeBand, pk)
    p = request.POST
    return _apply(request, band.ruleset, f"band-{pk}", lambda: svc.band_update(
        actor=request.user, band=band, expected_version=_require_version(request), label=p.get("label", ""),
        min_points=p.get("min_points", "")), "等次已保存。")


@login_required
@require_POST
def band_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    band: GradeBand = get_ruleset_row_for_user(request.user, GradeBand, pk)
    return _apply(request, band.ruleset, f"band-{pk}", lambda: svc.band_delete(
        actor=request.user, band=band, expected_version=_require_version(request)), f"已删除等次“{band.label}”。")


# ---------------------------------------------------------------- minimum duties


@login_required
@require_POST
def minimum_add(request: SignedInRequest, pk: int) -> HttpResponse:
    ruleset = get_ruleset_for_user(request.user, pk, manage=True)
    p = request.POST
    return _apply(request, ruleset, "minimum-new", lambda: svc.minimum_add(
        actor=request.user, ruleset=ruleset, expected_version=_require_version(request), label=p.get("label", ""),
        alternatives=p.getlist("alternatives"), at_least=p.get("at_least", ""), order=p.get("order", "")),
        "已新增基本要求。")


@login_required
@require_POST
def minimum_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    minimum: MinimumDuty = get_ruleset_row_for_user(request.user, MinimumDuty, pk)
    p = request.POST
    return _apply(request, minimum.ruleset, f"minimum-{pk}", lambda: svc.minimum_update(
        actor=request.user, minimum=minimum, expected_version=_require_version(request), label=p.get("label", ""),
        alternatives=p.getlist("alternatives"), at_least=p.get("at_least", ""), order=p.get("order", "")),
        "基本要求已保存。")


@login_required
@require_POST
def minimum_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    minimum: MinimumDuty = get_ruleset_row_for_user(request.user, MinimumDuty, pk)
    return _apply(request, minimum.ruleset, f"minimum-{pk}", lambda: svc.minimum_delete(
        actor=request.user, minimum=minimum, expected_version=_require_version(request)),
        f"已删除基本要求“{minimum.label}”。")
