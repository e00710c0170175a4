"""Test fixtures for proposals: records in a given state, built directly for figure and handling tests.

Workflow tests must go through the services; these builders are for tests that need many records in known
states (figures against hand-counted fixtures) or a starting point (a filed proposal to assign).
"""
from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lvzhi.members.models import Person
from lvzhi.proposals.models import (
    Proposal,
    ProposalKind,
    Proposer,
    ProposerRole,
    State,
)
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.testing import World


def make_proposal(
    world: World, *, title: str = "关于加强城市社区养老服务的建议", state: str = State.FILED,
    proposers: list[Person] | None = None, kind: str = ProposalKind.INDIVIDUAL, committee: Any = None,
    session: Any = None, submitted: datetime.datetime | None = None, number: str = "", seq: int | None = None,
    category: Any = None, **fields: Any,
) -> Proposal:
    committee = committee or world.city
    proposal_defaults(committee)
    term = committee.current_term()
    submitted = submitted or timezone.now()
    people = proposers if proposers is not None else [world.people["alice"]]
    filed = state not in (State.DRAFT, State.COSIGNING, State.IN_REVIEW, State.RETURNED, State.WITHDRAWN,
                          State.NOT_FILED, State.CONVERTED_OPINION, State.CONVERTED_SUGGESTION, State.MERGED)
    proposal = Proposal.objects.create(
        committee=committee, term=term, session=session, year=timezone.localdate(submitted).year, kind=kind,
        title=title, situation="情况" * 60, analysis="分析" * 60, suggestions="建议" * 60, state=state,
        created_by=people[0].user or world.carol, submitted_at=submitted if state != State.DRAFT else None,
        filed_at=submitted if filed else None, number=number, seq=seq,
        category=category, **fields,
    )
    for i, person in enumerate(people):
        Proposer.objects.create(proposal=proposal, person=person, order=i,
                                role=ProposerRole.FIRST if i == 0 else ProposerRole.COSIGNER)
    return proposal
