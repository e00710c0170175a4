"""The proposals' word index: one row per (proposal, word) with its weight, the same on SQLite and PostgreSQL."""
from __future__ import annotations

from django.db import models


class ProposalTerm(models.Model):
    """A word of a proposal (jieba, Simplified) and its weight in it: log-scaled frequency, title words counting
    more, normalised to unit length per proposal. Committee and year are copied here so similar-proposal
    candidates come from the index alone. Rows are rewritten by `lvzhi.proposals.search_index.refresh_search`."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="terms")
    committee = models.ForeignKey("committees.Committee", on_delete=models.CASCADE, related_name="+",
                                  db_constraint=False)
    year = models.PositiveSmallIntegerField()
    term = models.CharField(max_length=32)
    weight = models.FloatField()

    class Meta:
        verbose_name = "提案检索词"
        verbose_name_plural = "提案检索词"
        constraints = [models.UniqueConstraint(fields=["proposal", "term"], name="proposal_term_unique")]
        indexes = [models.Index(fields=["term", "committee", "year", "proposal"], name="proposal_term_lookup_idx")]

    def __str__(self) -> str:
        return self.term
