"""Chinese full-text search over proposals: the word index (ProposalTerm), its refresh, and the search itself."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from lvzhi.proposals.models import Assignment, Proposal
from lvzhi.proposals.models_search import ProposalTerm
from lvzhi.proposals.selectors import proposals_for_user
from lvzhi.text.chinese import normalise, to_simplified, to_traditional
from lvzhi.text.segment import search_terms

RELEVANCE_LIMIT = 5000  # above this many matches, results come newest first instead of by relevance


def capped_counts(terms: list[str], *, committee_id: int | None = None, cap: int) -> dict[str, int]:
    """How many proposals contain each word (of one committee, or all), counting at most `cap` of them; each part
    of the query is an index range that stops at `cap`."""
    table = ProposalTerm._meta.db_table
    where = "term = %s" if committee_id is None else "term = %s AND committee_id = %s"
    found: dict[str, int] = {}
    for start in range(0, len(terms), 100):
        chunk = terms[start:start + 100]
        sql = " UNION ALL ".join(
            f"SELECT {i} AS k, COUNT(*) AS n FROM (SELECT 1 AS one FROM {table} WHERE {where} LIMIT {int(cap)}) AS s{i}"
            for i in range(len(chunk))
        )
        params: list[Any] = []
        for term in chunk:
            params.extend([term] if committee_id is None else [term, committee_id])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found.update({chunk[k]: n for k, n in cursor.fetchall()})
    return {t: found.get(t, 0) for t in terms}


@dataclass
class SearchFilters:
    """What the proposal list can be narrowed by, besides the words. None means "any"."""

    committee: Any = None  # a Committee or its id
    include_subtree: bool = False  # with committee: also the committees below it
    year: int | None = None
    state: str | Iterable[str] | None = None
    category: Any = None
    kind: str | None = None
    session: Any = None  # a Session or id; "none" for 平时提案 only
    is_key: bool | None = None
    unit: Any = None  # a HandlingUnit or id: proposals assigned to it

    @classmethod
    def of(cls, value: SearchFilters | Mapping[str, Any] | None) -> SearchFilters:
        if isinstance(value, SearchFilters):
            return value
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (value or {}).items() if k in names and v not in ("", None)})


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def apply_filters(qs: QuerySet[Proposal], filters: SearchFilters) -> QuerySet[Proposal]:
    if filters.committee is not None:
        committee = filters.committee
        if filters.include_subtree and hasattr(committee, "subtree_q"):
            qs = qs.filter(committee__in=type(committee).objects.filter(committee.subtree_q()))
        else:
            qs = qs.filter(committee_id=_pk(committee))
    if filters.year is not None:
        qs = qs.filter(year=int(filters.year))
    if filters.state is not None:
        states = [filters.state] if isinstance(filters.state, str) else list(filters.state)
        qs = qs.filter(state__in=states)
    if filters.category is not None:
        qs = qs.filter(category_id=_pk(filters.category))
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind)
    if filters.session is not None:
        qs = qs.filter(session__isnull=True) if filters.session == "none" else qs.filter(session_id=_pk(filters.session))
    if filters.is_key is not None:
        qs = qs.filter(is_key=bool(filters.is_key))
    if filters.unit is not None:
        qs = qs.filter(pk__in=Assignment.objects.filter(unit_id=_pk(filters.unit)).values("proposal_id"))
    return qs


def search(user: Any, query: str = "", filters: SearchFilters | Mapping[str, Any] | None = None) -> QuerySet[Proposal]:
    """The proposals `user` may read that contain every word of `query` (either script), or whose number is
    exactly `query`; most relevant first, then newest."""
    filters = SearchFilters.of(filters)
    qs = apply_filters(proposals_for_user(user), filters)
    # One committee asked for: count and pick candidates within its own index rows only.
    one_committee = None if filters.committee is None or filters.include_subtree else _pk(filters.committee)
    term_rows = ProposalTerm.objects.filter(committee_id=one_committee) if one_committee else ProposalTerm.objects
    text = normalise(query)
    newest = (F("submitted_at").desc(nulls_last=True), F("created_at").desc(), F("id").desc())
    if not text:
        return qs.order_by(*newest)
    number_q = Q(number=text) | Q(number=to_simplified(text))
    terms = search_terms(text)
    if not terms:
        # Only stop-words (建议, 关于 ...): fall back to the plain title text.
        title_q = Q(title__contains=text) | Q(title__contains=to_simplified(text))
        return qs.filter(number_q | title_q | Q(title__contains=to_traditional(text))).order_by(*newest)
    # The rarest word picks the candidates through the index; each other word is one probe per candidate.
    counts = capped_counts(terms, committee_id=one_committee, cap=RELEVANCE_LIMIT + 1)
    terms.sort(key=lambda t: (counts[t], t))
    words_q = Q(pk__in=term_rows.filter(term=terms[0]).values("proposal_id"))
    for term in terms[1:]:
        words_q &= Q(Exists(ProposalTerm.objects.filter(proposal_id=OuterRef("pk"), term=term)))
    if counts[terms[0]] > RELEVANCE_LIMIT:
        # Thousands of matches: ranking them all would cost more than it tells; newest first.
        return qs.filter(words_q | number_q).order_by(*newest)
    score = Subquery(
        ProposalTerm.objects.filter(proposal_id=OuterRef("pk"), term__in=terms)
        .values("proposal_id").annotate(total=Sum("weight")).values("total")[:1],
        output_field=FloatField(),
    )
    relevance = Coalesce(score, Value(0.0)) + Case(When(number_q, then=Value(10.0)), default=Value(0.0),
                                                    output_field=FloatField())
    return qs.filter(words_q | number_q).annotate(relevance=relevance).order_by("-relevance", *newest)
