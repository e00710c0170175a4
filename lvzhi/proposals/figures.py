"""Every proposal figure (提交, 立案, 办结率, 满意率 ...), each defined once; docs/figures.md says what each one means."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lvzhi.committees.models import Session
from lvzhi.figures import Rate, Scope, day_start
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CollectiveKind,
    Contact,
    CosignStatus,
    Evaluation,
    KeyProposal,
    KeyStatus,
    Proposal,
    ProposalCategory,
    ProposalKind,
    ProposalSettings,
    Proposer,
    ProposerRole,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.workflow import ANSWERING_ROLES, FILED_STATES, NOT_RECEIVED_STATES

RECEIVED_STATES = frozenset(s for s in State.values if s not in NOT_RECEIVED_STATES)
# Received but without a review outcome yet: waiting, being reviewed, or sent back for revision.
PENDING_REVIEW_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.RETURNED})
# The units whose reply letter answers the proposal; co-units (会办) send their view to the lead instead.
UNCLASSIFIED = "未分类"
NO_SECTOR = "未确定界别"


# ---------------------------------------------------------------- scope and period


@dataclass(frozen=True)
class Period:
    """Which proposals a figure counts. Build with `Period.since_session`, `Period.for_year` or `Period.between`.

    A year period selects by the proposal's 年度 (`Proposal.year`). A date period (and a session-based one)
    dates a 大会提案 by its plenary's opening day and a 平时提案 by its submission time, so that proposals
    handed in before the opening still belong to that plenary.
    """

    start: datetime.date | None = None
    end: datetime.date | None = None  # inclusive; None: up to now
    year: int | None = None
    session: Session | None = None

    @classmethod
    def since_session(cls, session: Session, end: datetime.date | None = None) -> Period:
        return cls(start=session.start_date, end=end, session=session)

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls(year=year)

    @classmethod
    def between(cls, start: datetime.date | None, end: datetime.date | None) -> Period:
        return cls(start=start, end=end)

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"{self.year}年度"
        until = f"至{self.end:%Y年%-m月%-d日}" if self.end else "以来"
        if self.session is not None:
            return f"{self.session.label}{until}"
        since = f"{self.start:%Y年%-m月%-d日}" if self.start else ""
        return f"{since}{until}" if since or self.end else "全部"

    def q(self, prefix: str = "") -> Q:
        """The condition on Proposal (reached through `prefix`) that places a proposal in this period."""
        if self.year is not None:
            return Q(**{f"{prefix}year": self.year})
        plenary = Q(**{f"{prefix}session__isnull": False})
        ordinary = Q(**{f"{prefix}session__isnull": True})
        if self.start is not None:
            plenary &= Q(**{f"{prefix}session__start_date__gte": self.start})
            ordinary &= Q(**{f"{prefix}submitted_at__gte": day_start(self.start)})
        if self.end is not None:
            plenary &= Q(**{f"{prefix}session__start_date__lte": self.end})
            ordinary &= Q(**{f"{prefix}submitted_at__lt": day_start(self.end + datetime.timedelta(days=1))})
        return plenary | ordinary


def received_q(scope_ids: Iterable[int], period: Period, prefix: str = "") -> Q:
    """提交/收到 (received): the cohort every other figure is taken from."""
    return (
        Q(**{f"{prefix}committee_id__in": list(scope_ids), f"{prefix}state__in": sorted(RECEIVED_STATES),
             f"{prefix}submitted_at__isnull": False})
        & period.q(prefix)
    )


def cohort_q(scope_ids: Iterable[int], period: Period, path: str) -> Q:
    """Rows of another table whose proposal (reached through `path`) is received in the period.

    Written as `IN (the received proposals)` so that both databases start from the proposal indexes and then
    probe the other table's foreign-key index, rather than scanning the other table.
    """
    ids = Proposal.objects.filter(received_q(scope_ids, period)).values("pk")
    return Q(**{f"{path}__in": ids})


def received_proposals(scope: Scope, period: Period) -> QuerySet[Proposal]:
    return Proposal.objects.filter(received_q(scope.committee_ids(), period))


# ---------------------------------------------------------------- the counted conditions, one per figure


def _answering(prefix: str = "") -> Q:
    return Q(**{f"{prefix}role__in": sorted(ANSWERING_ROLES)}) & ~Q(**{f"{prefix}state": AssignmentState.WITHDRAWN})


_KEY = Q(key__status=KeyStatus.CONFIRMED)

# Each proposal count, defined once: the condition a received proposal must meet to be counted.
PROPOSAL_COUNTS: dict[str, Q] = {
    "received": Q(),
    "plenary": Q(session__isnull=False),
    "ordinary": Q(session__isnull=True),
    "individual": Q(kind=ProposalKind.INDIVIDUAL),
    "joint": Q(kind=ProposalKind.JOINT),
    "collective": Q(kind=ProposalKind.COLLECTIVE),
    **{f"collective_{k}": Q(kind=ProposalKind.COLLECTIVE, collective_kind=k) for k in CollectiveKind.values},
    "filed": Q(state__in=sorted(FILED_STATES)),
    "not_filed": Q(state=State.NOT_FILED),
    "converted_suggestion": Q(state=State.CONVERTED_SUGGESTION),
    "converted_opinion": Q(state=State.CONVERTED_OPINION),
    "merged": Q(state=State.MERGED),
    "in_review": Q(state__in=sorted(PENDING_REVIEW_STATES)),
    "closed": Q(state=State.CLOSED),
    "key": _KEY,
    "key_leader_led": _KEY & Q(key__leader_led=True),
}


def proposal_conditions(scope_ids: list[int], period: Period) -> dict[str, Q]:
    """PROPOSAL_COUNTS plus the key-proposal counts that look at the supervisors table.

    That table is looked up as a set built once for the cohort (`pk IN (subquery)`), which both databases
    hash, rather than probed per proposal.
    """
    supervised = KeyProposal.supervisors.through.objects.filter(cohort_q(scope_ids, period, "keyproposal__proposal"))
    has_supervisor = Q(pk__in=supervised.values("keyproposal__proposal_id"))
    return {
        **PROPOSAL_COUNTS,
        "key_supervised": _KEY & has_supervisor,
        "leader_supervised": _KEY & (Q(key__leader_led=True) | has_supervisor),
    }


def handling_counts(scope_ids: list[int], period: Period) -> dict[str, int]:
    """已交办 `assigned`, 已答复 `replied`, 有见面沟通 `with_contact`, in one query over the assigned proposals.

    assigned: filed, with at least one answering assignment (单办/分办/主办, not re-assigned away);
    replied: assigned, and none of its answering assignments is still unreplied;
    with_contact: assigned, with a recorded meeting on any of its assignments.
    """
    answering = Assignment.objects.filter(cohort_q(scope_ids, period, "proposal"), _answering())
    unreplied = answering.exclude(state=AssignmentState.REPLIED).values("proposal_id")
    contacts = Contact.objects.filter(cohort_q(scope_ids, period, "assignment__proposal"))
    return Proposal.objects.filter(
        received_q(scope_ids, period), state__in=sorted(FILED_STATES), pk__in=answering.values("proposal_id"),
    ).aggregate(
        assigned=Count("pk"),
        replied=Count("pk", filter=~Q(pk__in=unreplied)),
        with_contact=Count("pk", filter=Q(pk__in=contacts.values("assignment__proposal_id"))),
    )


def _counts(conditions: dict[str, Q], names: Iterable[str] | None = None) -> dict[str, Count]:
    # Aliased "n_<name>": an aggregate called "key" would hide the `key` relation the conditions use.
    return {f"n_{n}": Count("pk", filter=conditions[n]) if conditions[n] else Count("pk")
            for n in (names if names is not None else conditions)}


def _unalias(row: dict[str, Any]) -> dict[str, Any]:
    return {k[2:] if k.startswith("n_") else k: v for k, v in row.items()}


# ---------------------------------------------------------------- rates


def filing_rate(c: dict[str, int]) -> Rate:
    """立案率 = 立案 / 收到."""
    return Rate(c["filed"], c["received"])


def closing_rate(c: dict[str, int]) -> Rate:
    """办结率 = 已办结 / 立案."""
    return Rate(c["closed"], c["filed"])


def reply_rate(c: dict[str, int]) -> Rate:
    """答复率（办复率）= 每个答复单位都已答复的提案 / 已交办提案."""
    return Rate(c["replied"], c["assigned"])


def contact_rate(c: dict[str, int]) -> Rate:
    """面办率 = 至少有一次见面沟通的提案 / 已交办提案."""
    return Rate(c["with_contact"], c["assigned"])


def satisfaction_rate(c: dict[str, int]) -> Rate:
    """满意率 = 计为满意的评价 / 评价（每人每个答复单位取最后一轮）."""
    return Rate(c["satisfied_counted"], c["evaluations"])


# ---------------------------------------------------------------- evaluations and reply classes


def _basic_excluded(scope_ids: list[int]) -> list[int]:
    """Committees of the scope that do not count 基本满意 as satisfied (the default is to count it)."""
    return list(ProposalSettings.objects.filter(committee_id__in=scope_ids, basic_satisfied_counts=False)
                .values_list("committee_id", flat=True))


def latest_evaluations(scope_ids: list[int], period: Period) -> QuerySet[Evaluation]:
    """Each proposer's last-round rating of each answering unit, for received proposals of the period."""
    cohort = cohort_q(scope_ids, period, "assignment__proposal")
    # Superseded: the same proposer rated the same assignment again in a later round. Only assignments
    # handled more than once can have such ratings, which keeps the set small.
    superseded = Evaluation.objects.filter(
        cohort, assignment__round__gt=1, assignment__evaluations__person=F("person"),
        assignment__evaluations__round__gt=F("round"),
    ).values("pk")
    return Evaluation.objects.filter(cohort, _answering("assignment__")).exclude(pk__in=superseded)


def _evaluation_counts(scope_ids: list[int]) -> dict[str, Count]:
    counted = Q(rating=Rating.SATISFIED) | (
        Q(rating=Rating.BASIC) & ~Q(assignment__proposal__committee_id__in=_basic_excluded(scope_ids))
    )
    return {
        "evaluations": Count("pk"),
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "basic": Count("pk", filter=Q(rating=Rating.BASIC)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
        "satisfied_counted": Count("pk", filter=counted),
        "result_solved": Count("pk", filter=Q(result_solved=True)),
    }


def replied_answers(scope_ids: list[int], period: Period) -> QuerySet[Assignment]:
    """The answering units' replies (one per assignment) on received proposals of the period."""
    return Assignment.objects.filter(cohort_q(scope_ids, period, "proposal"), _answering(),
                                     state=AssignmentState.REPLIED)


def class_codes(scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the scope committee's reply classes, A B C D by default."""
    rows = ReplyClass.objects.filter(committee=scope.committee).order_by("sort_order", "code")
    codes = [(r.code, r.name) for r in rows]
    return codes or [("A", "已解决或基本解决"), ("B", "正在解决或已列入计划"),
                     ("C", "因条件限制暂时难以解决，已作说明"), ("D", "留作参考")]


@dataclass(frozen=True)
class ClassShare:
    code: str
    name: str
    count: int
    share: Rate


# ---------------------------------------------------------------- breakdowns


@dataclass(frozen=True)
class CountRow:
    """A breakdown row over proposals: category, kind of proposer or sector."""

    key: str
    label: str
    received: int
    filed: int
    closed: int = 0
    key_count: int = 0
    merged: int = 0

    @property
    def filing_rate(self) -> Rate:
        return Rate(self.filed, self.received)


@dataclass(frozen=True)
class UnitRow:
    """One handling unit's work on received proposals of the period."""

    unit_id: int
    name: str
    assignments: int  # every part it holds, co-handling included, re-assigned ones not
    answering: int  # 单办/分办/主办: a reply letter is due
    co: int  # 会办
    replied: int
    on_time: int
    late: int
    overdue: int  # not replied and past the due date today
    with_contact: int
    classes: dict[str, int]
    evaluations: int
    satisfied_counted: int

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.replied, self.answering)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(self.satisfied_counted, self.evaluations)


_ROW_COUNTS = ("received", "filed", "closed", "key", "merged")


def _count_row(key: str, label: str, row: dict[str, Any]) -> CountRow:
    return CountRow(key=key, label=label, received=row["received"], filed=row["filed"], closed=row["closed"],
                    key_count=row["key"], merged=row["merged"])


def by_category(scope_ids: list[int], period: Period) -> list[CountRow]:
    """Received proposals by category name (categories are per committee; a subtree merges equal names)."""
    rows = map(_unalias, Proposal.objects.filter(received_q(scope_ids, period)).values("category__name")
               .annotate(**_counts(PROPOSAL_COUNTS, _ROW_COUNTS)).order_by("category__name"))
    out = [_count_row(r["category__name"] or "", r["category__name"] or UNCLASSIFIED, r) for r in rows]
    # Unclassified last; the others in the order the committee configured, then by name.
    names = ProposalCategory.objects.filter(committee_id__in=scope_ids).order_by("sort_order", "id")
    order: dict[str, int] = {}
    for name in names.values_list("name", flat=True):
        order.setdefault(name, len(order))
    return sorted(out, key=lambda r: (r.key == "", order.get(r.key, len(order)), r.key))


def by_proposer_kind(scope_ids: list[int], period: Period) -> list[CountRow]:
    """Individual, joint, then collective proposals by kind of organisation."""
    rows = map(_unalias, Proposal.objects.filter(received_q(scope_ids, period)).values("kind", "collective_kind")
               .annotate(**_counts(PROPOSAL_COUNTS, _ROW_COUNTS)).order_by())
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = r["kind"] if r["kind"] != ProposalKind.COLLECTIVE else f"collective:{r['collective_kind']}"
        acc = found.setdefault(key, {n: 0 for n in _ROW_COUNTS})
        for n in _ROW_COUNTS:
            acc[n] += r[n]
    labels = [(ProposalKind.INDIVIDUAL.value, "个人提案"), (ProposalKind.JOINT.value, "联名提案")]
    labels += [(f"collective:{v}", f"集体提案·{label}") for v, label in CollectiveKind.choices]
    labels.append(("collective:", "集体提案·未注明"))
    return [_count_row(key, label, found[key]) for key, label in labels if key in found]


def by_sector(scope_ids: list[int], period: Period) -> list[CountRow]:
    """Proposals per sector of their signers: once per distinct sector among the confirmed signers who hold a
    membership of the proposal's committee in the proposal's term. A 集体提案's handling clerk brings none."""
    credited = Proposer.objects.filter(
        cohort_q(scope_ids, period, "proposal"),
        status=CosignStatus.CONFIRMED,
        person__memberships__committee_id=F("proposal__committee_id"),
        person__memberships__term_id=F("proposal__term_id"),
    ).exclude(role=ProposerRole.COLLECTIVE)
    counts = {
        f"n_{n}": Count("proposal", filter=_prefixed(PROPOSAL_COUNTS[n], "proposal__"), distinct=True)
        for n in _ROW_COUNTS
    }
    rows = map(_unalias, credited.values("person__memberships__sector__name", "person__memberships__sector__sort_order")
            .annotate(**counts)
            .order_by("person__memberships__sector__sort_order", "person__memberships__sector__name"))
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        # Equal sector names of different committees in a subtree are summed; distinct proposals per sector
        # are kept because one proposal belongs to one committee and so to one of the merged sector rows.
        name = r["person__memberships__sector__name"] or ""
        acc = out.setdefault(name, {n: 0 for n in _ROW_COUNTS})
        for n in _ROW_COUNTS:
            acc[n] += r[n]
    return sorted((_count_row(k, k or NO_SECTOR, v) for k, v in out.items()), key=lambda r: r.key == "")


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition, reached from a related model through `prefix`."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_prefixed(child, prefix))
        else:
            lookup, value = cast(tuple[str, Any], child)  # a Q's other children are (lookup, value) pairs
            out.children.append((prefix + lookup, value))
    return out


def by_unit(scope_ids: list[int], period: Period, codes: list[tuple[str, str]]) -> list[UnitRow]:
    """Each handling unit's assignments on received proposals of the period; re-assigned-away parts left out."""
    today = timezone.localdate()
    answering = Q(role__in=sorted(ANSWERING_ROLES))
    replied = answering & Q(state=AssignmentState.REPLIED)
    aggregates: dict[str, Count] = {
        "assignments": Count("pk"),
        "answering": Count("pk", filter=answering),
        "co": Count("pk", filter=Q(role=AssignmentRole.CO)),
        "replied": Count("pk", filter=replied),
        # on time = replied - late: the date cast runs once per row (SQLite does it in Python).
        "late": Count("pk", filter=replied & Q(replied_at__date__gt=F("due_date"))),
        "overdue": Count("pk", filter=answering & ~Q(state=AssignmentState.REPLIED) & Q(due_date__lt=today)),
        "with_contact": Count("pk", filter=Q(pk__in=Contact.objects.filter(
            cohort_q(scope_ids, period, "assignment__proposal")).values("assignment_id"))),
        **{f"class_{code}": Count("pk", filter=replied & Q(reply_class__code=code)) for code, _ in codes},
    }
    rows = (Assignment.objects.filter(cohort_q(scope_ids, period, "proposal"))
            .exclude(state=AssignmentState.WITHDRAWN)
            .values("unit_id", "unit__name", "unit__sort_order").annotate(**aggregates)
            .order_by("unit__sort_order", "unit__name"))
    evaluations = {
        r["assignment__unit_id"]: r for r in latest_evaluations(scope_ids, period)
        .values("assignment__unit_id").annotate(**_evaluation_counts(scope_ids)).order_by()
    }
    out = []
    for r in rows:
        ev = evaluations.get(r["unit_id"], {})
        out.append(UnitRow(
            unit_id=r["unit_id"], name=r["unit__name"], assignments=r["assignments"], answering=r["answering"],
            co=r["co"], replied=r["replied"], on_time=r["replied"] - r["late"], late=r["late"], overdue=r["overdue"],
            with_contact=r["with_contact"], classes={code: r[f"class_{code}"] for code, _ in codes},
            evaluations=ev.get("evaluations", 0), satisfied_counted=ev.get("satisfied_counted", 0),
        ))
    return out


# ---------------------------------------------------------------- the figures


@dataclass
class ProposalFigures:
    scope: Scope
    period: Period
    counts: dict[str, int]
    evaluation_counts: dict[str, int]
    classes: list[ClassShare]
    replied_answer_count: int
    by_category: list[CountRow] = field(default_factory=list)
    by_unit: list[UnitRow] = field(default_factory=list)
    by_proposer_kind: list[CountRow] = field(default_factory=list)
    by_sector: list[CountRow] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        # figures.received, figures.filed ... read from the counts, so each is named once.
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        evaluations = self.__dict__.get("evaluation_counts", {})
        if name in evaluations:
            return evaluations[name]
        raise AttributeError(name)

    @property
    def converted(self) -> int:
        """转作意见建议 and 转社情民意 together."""
        return self.counts["converted_suggestion"] + self.counts["converted_opinion"]

    @property
    def decided(self) -> int:
        """Received proposals with a review outcome."""
        c = self.counts
        return c["filed"] + c["not_filed"] + self.converted + c["merged"]

    @property
    def collective_by_kind(self) -> dict[str, int]:
        return {k: self.counts[f"collective_{k}"] for k in CollectiveKind.values}

    @property
    def party_and_organisation(self) -> int:
        """党派团体提案: collective proposals of parties and people's organisations."""
        return self.counts[f"collective_{CollectiveKind.PARTY}"] + self.counts[f"collective_{CollectiveKind.ORGANISATION}"]

    @property
    def filing_rate(self) -> Rate:
        return filing_rate(self.counts)

    @property
    def closing_rate(self) -> Rate:
        return closing_rate(self.counts)

    @property
    def reply_rate(self) -> Rate:
        return reply_rate(self.counts)

    @property
    def contact_rate(self) -> Rate:
        return contact_rate(self.counts)

    @property
    def satisfaction_rate(self) -> Rate:
        return satisfaction_rate(self.evaluation_counts)

    def class_share(self, code: str) -> ClassShare | None:
        return next((c for c in self.classes if c.code == code), None)


def proposal_counts(scope_ids: list[int], period: Period) -> dict[str, int]:
    """Every proposal count in one aggregate query over the received proposals."""
    counts = _unalias(Proposal.objects.filter(received_q(scope_ids, period))
                      .aggregate(**_counts(proposal_conditions(scope_ids, period))))
    return {**counts, **handling_counts(scope_ids, period)}


def evaluation_counts(scope_ids: list[int], period: Period) -> dict[str, int]:
    return latest_evaluations(scope_ids, period).aggregate(**_evaluation_counts(scope_ids))


def class_shares(scope_ids: list[int], period: Period, codes: list[tuple[str, str]]) -> tuple[list[ClassShare], int]:
    """A/B/C/D: replied answering assignments per class code, and their share of all such replies."""
    found = dict(replied_answers(scope_ids, period).values_list("reply_class__code").annotate(n=Count("pk"))
                 .order_by())
    total = sum(found.values())
    shares = [ClassShare(code, name, found.get(code, 0), Rate(found.get(code, 0), total)) for code, name in codes]
    unclassified = found.get(None, 0) + sum(n for code, n in found.items() if code and code not in dict(codes))
    if unclassified:
        shares.append(ClassShare("", UNCLASSIFIED, unclassified, Rate(unclassified, total)))
    return shares, total


def proposal_figures(scope: Scope, period: Period, *, breakdowns: bool = True) -> ProposalFigures:
    """All proposal figures of `scope` in `period`: headline counts, rates, shares and (optionally) breakdowns."""
    ids = scope.committee_ids()
    codes = class_codes(scope)
    classes, replied_total = class_shares(ids, period, codes)
    figures = ProposalFigures(
        scope=scope, period=period, counts=proposal_counts(ids, period),
        evaluation_counts=evaluation_counts(ids, period), classes=classes, replied_answer_count=replied_total,
    )
    if breakdowns:
        figures.by_category = by_category(ids, period)
        figures.by_unit = by_unit(ids, period, codes)
        figures.by_proposer_kind = by_proposer_kind(ids, period)
        figures.by_sector = by_sector(ids, period)
    return figures


# Chinese names of the headline figures, in the order the page and the export show them.
HEADLINE: list[tuple[str, str]] = [
    ("received", "收到提案"), ("plenary", "大会提案"), ("ordinary", "平时提案"),
    ("individual", "个人提案"), ("joint", "联名提案"), ("collective", "集体提案"),
    ("party_and_organisation", "党派团体提案"),
    ("filed", "立案"), ("not_filed", "不予立案"), ("converted_suggestion", "转作意见建议"),
    ("converted_opinion", "转社情民意"), ("converted", "转作意见建议及社情民意"), ("merged", "并案"),
    ("in_review", "审查中"), ("assigned", "已交办"), ("replied", "已答复"), ("with_contact", "有见面沟通"),
    ("closed", "已办结"),
    ("key", "重点提案"), ("key_leader_led", "党政领导领办"), ("key_supervised", "政协领导督办"),
    ("leader_supervised", "领导领衔督办"),
    ("evaluations", "评价"), ("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意"),
    ("result_solved", "结果满意（问题实际解决）"),
]
RATES: list[tuple[str, str]] = [
    ("filing_rate", "立案率"), ("closing_rate", "办结率"), ("reply_rate", "答复率（办复率）"),
    ("satisfaction_rate", "满意率"), ("contact_rate", "面办率"),
]
