"""Reading the duty record, the scoring rule tables and the members' scores, with the reader's permissions applied
where the rows are fetched."""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can, committees_q, deny, require
from lvzhi.committees.models import Committee
from lvzhi.duty.models import (
    DutyEvent,
    DutyRecord,
    GradeBand,
    MemberScore,
    MinimumDuty,
    Outcome,
    ScoringCategory,
    ScoringRule,
    ScoringRuleSet,
)
from lvzhi.duty.scoring import current_scores
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import can_view_record, is_own


def get_member_record_for_user(user: Any, pk: int, *, export: bool = False) -> Membership:
    """The membership whose duty record `user` may read: their own, or one of a committee they keep the roster of
    (or lead from above). Another's record read is written to the audit trail; a refusal too."""
    from lvzhi.audit.services import audit_read

    membership = Membership.objects.select_related("person", "committee").filter(pk=pk).first()
    if membership is None:
        raise Http404("未找到该委员。")
    if is_own(user, membership):
        return membership
    if not can_view_record(user, membership):
        deny(user, detail="duty.record_read", committee=membership.committee, obj=membership,
             message="只有委员本人、本会名册工作人员和上级领导可以查看委员的履职档案。")
    audit_read(actor=user, obj=membership, action="duty.record_read", what="履职档案",
               detail="导出Excel" if export else "")
    return membership


def duty_records(person: Person, *, year: int | None = None, committee_id: int | None = None) -> QuerySet[DutyRecord]:
    qs = DutyRecord.objects.filter(person=person)
    if year is not None:
        qs = qs.filter(year=year)
    if committee_id is not None:
        qs = qs.filter(committee_id=committee_id)
    return qs.order_by("-date", "-id")


def duty_counts(person: Person, *, year: int | None = None, committee_id: int | None = None) -> dict[str, int]:
    """How many entries of each kind."""
    rows = duty_records(person, year=year, committee_id=committee_id).values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows.order_by()}


def duty_years(person: Person) -> list[int]:
    """The years `person` has entries in, latest first."""
    # order_by() drops the model's ordering (date, id), which DISTINCT would otherwise take in, reading every row
    # of the person's record instead of the (person, year) index alone.
    rows = DutyRecord.objects.filter(person=person).order_by("-year").values_list("year", flat=True).distinct()
    return list(rows)


# ---------------------------------------------------------------- where an entry links to

# The page of the record an entry came from, by source type: (URL name, the field of the source row holding that
# page's pk, or None when it is the source's own pk). Sources without a page: no link.
SOURCE_LINKS: dict[str, tuple[str, str | None]] = {
    "proposals.proposal": ("proposals:detail", None),
    "opinions.opinionreport": ("opinions:detail", None),
    "opinions.adoption": ("opinions:detail", "report_id"),
    "opinions.instruction": ("opinions:detail", "report_id"),
    "meetings.attendance": ("meetings:detail", "sheet_id"),
    "consultations.consultationactivity": ("consultations:detail", None),
    "supervision.supervisiongroup": ("supervision:group", None),
    "merits.reportedactivity": ("merits:activity", None),
    "merits.commendee": ("merits:commendation", "commendation_id"),
    "study.studysession": ("study:session", None),
    "study.readingactivity": ("study:group", "group_id"),
    "duty_reports.reportingsession": ("duty_reports:session", None),
}


def source_urls(records: Iterable[DutyRecord]) -> dict[int, str]:
    """Record pk -> the URL of the page its source lives on, one query per kind of source at most."""
    by_type: dict[str, list[DutyRecord]] = defaultdict(list)
    for r in records:
        if r.source_type in SOURCE_LINKS:
            by_type[r.source_type].append(r)
    urls: dict[int, str] = {}
    for source_type, rows in by_type.items():
        name, link_field = SOURCE_LINKS[source_type]
        targets = {r.source_id: r.source_id for r in rows}
        if link_field is not None:
            model = apps.get_model(source_type)
            targets = dict(model.objects.filter(pk__in=list(targets)).values_list("pk", link_field))
        for r in rows:
            if r.source_id in targets:
                urls[r.pk] = reverse(name, args=[targets[r.source_id]])
    return urls


# ---------------------------------------------------------------- rule tables

RULESET_REFUSAL = "只有本会委员和履职考核工作人员可以查看考核规则。"


def is_member_of(user: Any, committee: Committee) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person is not None and Membership.objects.filter(person=person, committee=committee).exists()


def can_read_rules(user: Any, committee: Committee) -> bool:
    """The rule table is the committee's public rule: its members read it, as do duty staff and leaders above."""
    return can(user, Cap.DUTY_VIEW, committee) or is_member_of(user, committee)


def rulesets_for_user(user: Any) -> QuerySet[ScoringRuleSet]:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    mine = Q(committee__memberships__person=person) if person is not None else Q(pk__in=[])
    return (ScoringRuleSet.objects.filter(committees_q(user, Cap.DUTY_VIEW, "committee__") | mine)
            .select_related("committee").distinct().order_by("committee__path", "-year"))


def get_ruleset_for_user(user: Any, pk: int | str, *, manage: bool = False) -> ScoringRuleSet:
    """A rule table `user` may read (or, with `manage`, change); a refusal is audited."""
    raw = str(pk)
    ruleset = (ScoringRuleSet.objects.select_related("committee").filter(pk=int(raw)).first()
               if raw.isdigit() else None)
    if ruleset is None:
        raise Http404("未找到该考核规则。")
    if manage:
        require(user, Cap.DUTY_MANAGE, ruleset.committee)
    elif not can_read_rules(user, ruleset.committee):
        deny(user, detail=Cap.DUTY_VIEW, committee=ruleset.committee, obj=ruleset, message=RULESET_REFUSAL)
    return ruleset


def get_ruleset_row_for_user(user: Any, model: type[Any], pk: int | str) -> Any:
    """A category, rule, band or minimum duty of a table `user` may change."""
    raw = str(pk)
    row = model.objects.select_related("ruleset__committee").filter(pk=int(raw)).first() if raw.isdigit() else None
    if row is None:
        raise Http404("未找到该项。")
    require(user, Cap.DUTY_MANAGE, row.ruleset.committee)
    return row


def ruleset_for(committee: Committee, year: int) -> ScoringRuleSet | None:
    return ScoringRuleSet.objects.filter(committee=committee, year=year).select_related("committee").first()


def ruleset_years(committee: Committee) -> list[int]:
    return list(ScoringRuleSet.objects.filter(committee=committee).order_by("-year").values_list("year", flat=True))


@dataclass
class RuleTable:
    """A rule table as the screen and the API show it."""

    ruleset: ScoringRuleSet
    categories: list[ScoringCategory]
    bands: list[GradeBand]
    minimums: list[MinimumDuty]


def rule_table(ruleset: ScoringRuleSet) -> RuleTable:
    rules = Prefetch("rules", queryset=ScoringRule.objects.order_by("event", "outcome", "role_code", "level", "id"))
    return RuleTable(
        ruleset=ruleset,
        categories=list(ruleset.categories.order_by("order", "id").prefetch_related(rules)),
        bands=list(ruleset.bands.order_by("-min_points")),
        minimums=list(ruleset.minimums.order_by("order", "id")),
    )


# ---------------------------------------------------------------- scores

SCORE_REFUSAL = "只有委员本人和本会履职考核工作人员可以查看委员的履职得分。"
LISTS = {"only_plenary": "年委员（仅出席全体会议）", "below_minimum": "未达到履职基本要求"}


def year_memberships(committee: Committee | int, year: int) -> QuerySet[Membership]:
    """The committee's members in `year`: their term covers it, they had joined by then and had not left before."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    return (Membership.objects.filter(committee_id=committee_id, term__start_date__year__lte=year)
            .filter(Q(term__end_date__isnull=True) | Q(term__end_date__year__gte=year))
            .filter(Q(joined_on__isnull=True) | Q(joined_on__year__lte=year))
            .filter(Q(is_active=True, left_on__isnull=True) | Q(left_on__year__gte=year)))


@dataclass
class RankMember:
    """What a ranking shows of a member: read as plain values (600 members as model instances with their sector,
    party and group would be most of the page's time)."""

    pk: int
    person_id: int
    name: str
    sector_id: int | None
    sector: str
    party_id: int | None
    party: str
    group_id: int | None
    group: str
    order: tuple[int, str, int, int]
    term_id: int
    specials: dict[int, str] = field(default_factory=dict)


def ranked_members(committee: Committee, year: int) -> list[RankMember]:
    """The committee's members for the year, once each: a person in two terms of the year (the change of term) is
    ranked by the later term's membership. Two queries."""
    rows = year_memberships(committee, year).values_list(
        "pk", "person_id", "person__name", "sector_id", "sector__name", "party_id", "party__name",
        "activity_group_id", "activity_group__name", "role_rank", "stroke_key", "manual_order", "term_id")
    chosen: dict[int, RankMember] = {}
    for pk, person, name, sector, sector_name, party, party_name, group, group_name, rank, stroke, manual, term in rows:
        if person in chosen and chosen[person].term_id > term:
            continue
        chosen[person] = RankMember(pk, person, name, sector, sector_name or "", party, party_name or "", group,
                                    group_name or "", (rank, stroke, manual, pk), term)
    members = {m.pk: m for m in chosen.values()}
    through = Membership.special_committees.through.objects.filter(membership__committee=committee)
    for membership_id, special_id, special_name in through.values_list(
            "membership_id", "specialcommittee_id", "specialcommittee__name"):
        if membership_id in members:
            members[membership_id].specials[special_id] = special_name
    return sorted(members.values(), key=lambda m: m.order)


@dataclass
class RankRow:
    rank: int
    membership: RankMember
    score: MemberScore


@dataclass
class Ranking:
    committee: Committee
    year: int
    ruleset: ScoringRuleSet | None
    rows: list[RankRow] = field(default_factory=list)
    counted: int = 0  # members ranked, before the filters


def ranking(user: Any, committee: Committee, year: int, filters: dict[str, Any] | None = None) -> Ranking:
    """The committee's members for the year ranked by score (ties share a rank; then the roster's order), each
    score current; then the filters: sector, party, group, special_committee, grade, list (LISTS)."""
    require(user, Cap.DUTY_VIEW, committee)
    filters = filters or {}
    ruleset = ruleset_for(committee, year)
    result = Ranking(committee=committee, year=year, ruleset=ruleset)
    if ruleset is None:
        return result
    members = ranked_members(committee, year)
    scores = current_scores(committee_id=committee.pk, year=year, person_ids=[m.person_id for m in members],
                            ruleset=ruleset, breakdown=False)
    members.sort(key=lambda m: (-scores[m.person_id].total, m.order))
    rank, previous = 0, None
    for i, m in enumerate(members, start=1):
        total = scores[m.person_id].total
        if total != previous:
            rank, previous = i, total
        result.rows.append(RankRow(rank=rank, membership=m, score=scores[m.person_id]))
    result.counted = len(result.rows)
    result.rows = [r for r in result.rows if _matches(r, filters)]
    return result


def _matches(row: RankRow, filters: dict[str, Any]) -> bool:
    m, s = row.membership, row.score
    for key, value in (("sector", m.sector_id), ("party", m.party_id), ("group", m.group_id)):
        if filters.get(key) and int(filters[key]) != value:
            return False
    if filters.get("special_committee") and int(filters["special_committee"]) not in m.specials:
        return False
    if filters.get("grade") and s.grade != filters["grade"]:
        return False
    chosen = filters.get("list")
    if chosen == "only_plenary" and not s.only_plenary:
        return False
    return not (chosen == "below_minimum" and s.minimum_met)


def get_score_membership_for_user(user: Any, pk: int | str, *, export: bool = False) -> Membership:
    """The membership whose score `user` may read: their own, or one of a committee where they have duty.view
    (leaders over the subtree). Another's score read is audited; a refusal too."""
    from lvzhi.audit.services import audit_read

    raw = str(pk)
    membership = (Membership.objects.select_related("person", "committee", "sector", "party", "activity_group")
                  .filter(pk=int(raw)).first() if raw.isdigit() else None)
    if membership is None:
        raise Http404("未找到该委员。")
    if is_own(user, membership):
        return membership
    if not can(user, Cap.DUTY_VIEW, membership.committee):
        deny(user, detail="duty.score_read", committee=membership.committee, obj=membership, message=SCORE_REFUSAL)
    audit_read(actor=user, obj=membership, action="duty.score_read", what="履职得分",
               detail="导出Excel" if export else "")
    return membership


def own_memberships(user: Any) -> list[Membership]:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return []
    return list(Membership.objects.filter(person=person).select_related("committee", "term")
                .order_by("committee__path", "-term__number"))


@dataclass
class ScoreLine:
    record: DutyRecord | None
    url: str
    event: str
    outcome: str
    points: Decimal
    note: str

    @property
    def event_label(self) -> str:
        return str(dict(DutyEvent.choices).get(self.event, self.event))

    @property
    def outcome_label(self) -> str:
        return str(dict(Outcome.choices).get(self.outcome, self.outcome))


@dataclass
class CategoryView:
    name: str
    cap: Decimal | None
    gained: Decimal
    deducted: Decimal
    counted: Decimal
    lines: list[ScoreLine]


@dataclass
class ScoreView:
    """A member's score for a committee's year, current, with each line's record and where it links to."""

    membership: Membership
    year: int
    ruleset: ScoringRuleSet | None
    score: MemberScore | None
    categories: list[CategoryView] = field(default_factory=list)


def _line_order(line: ScoreLine) -> tuple[datetime.date, int]:
    return (line.record.date, line.record.pk) if line.record is not None else (datetime.date.min, 0)


def member_score(membership: Membership, year: int) -> ScoreView:
    ruleset = ruleset_for(membership.committee, year)
    view = ScoreView(membership=membership, year=year, ruleset=ruleset, score=None)
    if ruleset is None:
        return view
    scores = current_scores(committee_id=membership.committee_id, year=year, person_ids=[membership.person_id],
                            ruleset=ruleset)
    view.score = scores[membership.person_id]
    lines = view.score.breakdown.get("lines", [])
    records = {r.pk: r for r in DutyRecord.objects.filter(pk__in=sorted({ln["record"] for ln in lines}))}
    urls = source_urls(records.values())
    notes = dict(ScoringRule.objects.filter(pk__in={ln["rule"] for ln in lines}).values_list("pk", "note"))
    by_category: dict[int, list[ScoreLine]] = defaultdict(list)
    for ln in lines:
        record = records.get(ln["record"])
        by_category[ln["category"]].append(ScoreLine(record=record, url=urls.get(ln["record"], ""), event=ln["event"],
                                                     outcome=ln["outcome"], points=Decimal(ln["points"]),
                                                     note=notes.get(ln["rule"], "")))
    for c in view.score.breakdown.get("categories", []):
        rows = sorted(by_category.get(c["id"], []), key=_line_order, reverse=True)
        view.categories.append(CategoryView(name=c["name"], cap=Decimal(c["cap"]) if c["cap"] is not None else None,
                                            gained=Decimal(c["gained"]), deducted=Decimal(c["deducted"]),
                                            counted=Decimal(c["counted"]), lines=rows))
    return view


def scores_of(committee_id: int, year: int, person_ids: Sequence[int]) -> dict[int, MemberScore]:
    """Current scores of these members (for exports and reports of other lines)."""
    return current_scores(committee_id=committee_id, year=year, person_ids=person_ids)
