"""Similar proposals: for help while writing (with how they were answered) and as merge candidates in review."""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone

from lvzhi.proposals.models import Assignment, Proposal, ReplyClass, State
from lvzhi.proposals.models_search import ProposalTerm
from lvzhi.proposals.search import capped_counts
from lvzhi.proposals.search_index import weighted_terms

# Not shown as similar: nobody has submitted them (or they were taken back).
HIDDEN_STATES = frozenset({State.DRAFT, State.COSIGNING, State.WITHDRAWN})
MERGE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.FILED)
QUERY_TERMS = 30  # the query's heaviest words (by tf-idf) that are scored
DF_LOOKUP_TERMS = 60  # words whose document frequency is looked up (by weight in the query)
CANDIDATE_TERMS = 8  # at most this many of the rarest heavy words bring candidates in
POSTINGS_BUDGET = 8000  # index rows read for candidates, whatever the committee's size
SHORTLIST = 100  # candidates scored on all the query's words
DF_CAP = 3000  # frequencies are counted up to this: beyond it a word is common, and counting costs time
DF_TTL = 600


class SimilarProposal(NamedTuple):
    """A similar proposal and its score (1.0: the same words as the query); unpacks as (proposal, score)."""

    proposal: Proposal
    score: float

    @property
    def reply_classes(self) -> list[ReplyClass]:
        seen: dict[int, ReplyClass] = {}
        for assignment in self.proposal.assignments.all():
            if assignment.reply_class is not None:
                seen.setdefault(assignment.reply_class.pk, assignment.reply_class)
        return list(seen.values())

    @property
    def outcome(self) -> str:
        """What became of it, as a member reads it: 已办结（A类）, 不予立案 ..."""
        label = self.proposal.get_state_display()
        codes = "、".join(f"{c.code}类" for c in self.reply_classes)
        return f"{label}（{codes}）" if codes else label


def _df_key(committee_id: int) -> str:
    return f"proposals:df:{committee_id}"


def forget_document_frequencies(committee_id: int) -> None:
    cache.delete(_df_key(committee_id))


def document_frequencies(committee_id: int, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
    """How many of the committee's proposals are indexed, and how many contain each word; cached for a while
    per committee (the numbers move slowly, and a stale idf only nudges the ranking)."""
    terms = list(terms)
    entry: dict[str, Any] = cache.get(_df_key(committee_id)) or {}
    if "n" not in entry:
        entry = {"n": Proposal.objects.filter(committee_id=committee_id).count(), "df": {}}
    known: dict[str, int] = entry["df"]
    missing = [t for t in terms if t not in known]
    if missing:
        known.update(capped_counts(missing, committee_id=committee_id, cap=DF_CAP))
        cache.set(_df_key(committee_id), entry, DF_TTL)
    return entry["n"], {t: known[t] for t in terms}


def _query_weights(text_or_proposal: str | Proposal) -> dict[str, float]:
    if isinstance(text_or_proposal, Proposal):
        proposal = text_or_proposal
        if proposal.pk:
            rows = dict(ProposalTerm.objects.filter(proposal_id=proposal.pk).values_list("term", "weight"))
            if rows:
                return rows
        body = "\n".join(p for p in (proposal.situation, proposal.analysis, proposal.suggestions) if p)
        return weighted_terms(proposal.title, body)
    return weighted_terms("", text_or_proposal or "")


def similar_proposals(
    committee: Any, text_or_proposal: str | Proposal, limit: int = 10, exclude: Iterable[Any] | None = None, *,
    year: int | None = None, same_year: bool = False, states: Iterable[str] | None = None,
) -> list[SimilarProposal]:
    """The committee's proposals of `year` (default: the proposal's, or this year) and earlier that share the
    most weighted words with the text, best first.

    Scoring is a cosine of tf-idf weights over the query's heaviest words; candidates come only from the index
    rows of its rarest heavy words, so the cost does not grow with the committee's size.
    """
    committee_id = getattr(committee, "pk", committee)
    query = _query_weights(text_or_proposal)
    if not query:
        return []
    excluded = {getattr(e, "pk", e) for e in (exclude or [])}
    if isinstance(text_or_proposal, Proposal):
        if text_or_proposal.pk:
            excluded.add(text_or_proposal.pk)
        year = year or text_or_proposal.year
    year = year or timezone.localdate().year

    heavy = sorted(query, key=lambda t: (-query[t], t))[:DF_LOOKUP_TERMS]
    total, df = document_frequencies(committee_id, heavy)
    idf = {t: math.log((total + 1) / (df[t] + 1)) + 1.0 for t in heavy if df[t] > 0}
    if not idf:
        return []
    vector = {t: query[t] * idf[t] for t in idf}
    picked = sorted(vector, key=lambda t: (-vector[t], t))[:QUERY_TERMS]
    norm = math.sqrt(sum(vector[t] ** 2 for t in picked))
    vector = {t: vector[t] / norm for t in picked}
    # What an identical text scores; dividing by it puts a duplicate at 1.0.
    plain = math.sqrt(sum(query[t] ** 2 for t in picked)) or 1.0
    best = sum(vector[t] * query[t] / plain for t in picked) or 1.0

    # The query proposal's own index rows are not evidence of anything similar: a word only it uses would
    # otherwise look like the best (rarest) seed and find nothing else.
    own: set[str] = set()
    if isinstance(text_or_proposal, Proposal) and text_or_proposal.pk:
        own = set(ProposalTerm.objects.filter(proposal_id=text_or_proposal.pk, term__in=picked)
                  .values_list("term", flat=True))
    others = {t: df[t] - (1 if t in own else 0) for t in picked}
    budget, seeds = POSTINGS_BUDGET, list[str]()
    for term in sorted((t for t in picked if others[t] > 0), key=lambda t: (others[t], t)):
        if len(seeds) >= CANDIDATE_TERMS:
            break
        if others[term] <= budget or not seeds:
            seeds.append(term)
            budget -= others[term]
    postings = ProposalTerm.objects.filter(committee_id=committee_id, term__in=seeds)
    postings = postings.filter(year=year) if same_year else postings.filter(year__lte=year)
    scores: dict[int, float] = {}
    for proposal_id, term, weight in postings.values_list("proposal_id", "term", "weight"):
        if proposal_id not in excluded:
            scores[proposal_id] = scores.get(proposal_id, 0.0) + vector[term] * weight
    shortlist = sorted(scores, key=lambda pk: -scores[pk])[:SHORTLIST]
    rest = [t for t in picked if t not in seeds]
    if shortlist and rest:
        for proposal_id, term, weight in ProposalTerm.objects.filter(
            proposal_id__in=shortlist, term__in=rest,
        ).values_list("proposal_id", "term", "weight"):
            scores[proposal_id] += vector[term] * weight

    allowed = set(states) if states is not None else None
    ranked = sorted(shortlist, key=lambda pk: (-scores[pk], -pk))
    state_of = dict(Proposal.objects.filter(pk__in=ranked).order_by().values_list("pk", "state"))
    chosen = [pk for pk in ranked if state_of.get(pk) not in HIDDEN_STATES
              and (allowed is None or state_of.get(pk) in allowed)][:limit]
    objects = Proposal.objects.select_related("category", "session", "term").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "reply_class")),
    ).in_bulk(chosen)
    return [SimilarProposal(objects[pk], round(min(scores[pk] / best, 1.0), 3)) for pk in chosen if pk in objects]


def merge_candidates(proposal: Proposal, limit: int = 10) -> list[SimilarProposal]:
    """Proposals of the same committee and year, submitted, in review or filed, that the reviewer may merge."""
    return similar_proposals(proposal.committee_id, proposal, limit=limit, same_year=True, states=MERGE_STATES)
