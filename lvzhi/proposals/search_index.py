"""The proposals' word index: each proposal's search text and its heaviest words (`ProposalTerm`), written by
the services whenever a title or body changes. Reading it (search, similar proposals) is `search.py`'s; this
module imports only the models and the text helpers, so any service may call it."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from django.db import transaction

from lvzhi.proposals.models import Proposal
from lvzhi.proposals.models_search import ProposalTerm
from lvzhi.text.segment import tokens

TITLE_BOOST = 3  # a word in the 案由 counts as much as three in the body
MAX_TERMS = 80  # per proposal: its heaviest words; enough to find it and to compare it, and the index stays small
MAX_TERM_LENGTH = 32
BATCH = 500


def proposal_text(proposal: Proposal) -> str:
    return "\n".join(part for part in (proposal.situation, proposal.analysis, proposal.suggestions) if part)


def weighted_terms(title: str, body: str) -> dict[str, float]:
    """Each word's weight: 1 + log(count), title words counted TITLE_BOOST times, unit length overall."""
    counts: Counter[str] = Counter(t for t in tokens(body) if len(t) <= MAX_TERM_LENGTH)
    for t in tokens(title):
        if len(t) <= MAX_TERM_LENGTH:
            counts[t] += TITLE_BOOST
    raw = {t: 1.0 + math.log(c) for t, c in counts.items()}
    if len(raw) > MAX_TERMS:
        raw = dict(sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    return {t: w / norm for t, w in raw.items()}


def _index(proposal: Proposal) -> tuple[str, list[ProposalTerm]]:
    title_tokens = tokens(proposal.title)
    body = proposal_text(proposal)
    body_tokens = tokens(body)
    search_text = " ".join(dict.fromkeys(title_tokens + body_tokens))
    rows = [
        ProposalTerm(proposal_id=proposal.pk, committee_id=proposal.committee_id, year=proposal.year, term=t, weight=w)
        for t, w in weighted_terms(proposal.title, body).items()
    ]
    return (f" {search_text} " if search_text else ""), rows


def refresh_search(proposal: Proposal) -> None:
    """Recompute the proposal's words after its title or text changed (drafting, review, import)."""
    refresh_search_many([proposal])


def refresh_search_many(proposals: Iterable[Proposal]) -> int:
    """Reindex many proposals, in batches; `updated_at` is left alone. Returns how many were indexed."""
    count = 0
    batch: list[Proposal] = []
    for proposal in proposals:
        batch.append(proposal)
        if len(batch) >= BATCH:
            count += _refresh_batch(batch)
            batch = []
    if batch:
        count += _refresh_batch(batch)
    return count


def _refresh_batch(proposals: list[Proposal]) -> int:
    indexed = [(p, *_index(p)) for p in proposals]
    with transaction.atomic():
        ProposalTerm.objects.filter(proposal_id__in=[p.pk for p in proposals]).delete()
        ProposalTerm.objects.bulk_create([row for _, _, rows in indexed for row in rows], batch_size=2000)
        for proposal, search_text, _rows in indexed:
            if proposal.search_text != search_text:
                Proposal.objects.filter(pk=proposal.pk).update(search_text=search_text)
                proposal.search_text = search_text
    return len(proposals)


