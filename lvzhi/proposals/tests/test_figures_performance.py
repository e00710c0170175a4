"""Figures over many bulk-loaded proposals: the counts a recount by hand gives, in a fixed number of queries
whatever the number of proposals. (How long they take is the benchmark's: `make bench`, bench/run.py.)"""
from __future__ import annotations

import datetime
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.proposals.figures import Period, Scope, proposal_figures
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Contact,
    ContactPhase,
    Evaluation,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Proposer,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.testing import World

STATES = [State.CLOSED] * 5 + [State.REPLIED, State.ASSIGNED, State.FILED, State.NOT_FILED, State.IN_REVIEW,
                                State.CONVERTED_SUGGESTION, State.MERGED, State.WITHDRAWN, State.DRAFT]
HANDLED = (State.CLOSED, State.REPLIED, State.ASSIGNED)
WHEN = timezone.make_aware(datetime.datetime(2025, 3, 1, 9))


def _populate(world: World, n: int, years: int) -> None:
    """`n` proposals of the city spread evenly over `years` years ending 2025, cycling through STATES; the
    handled ones with one unit each (every seventh still open), a meeting on every third, and one rating each."""
    city = world.city
    proposal_defaults(city)
    cats = list(ProposalCategory.objects.filter(committee=city))
    classes = list(ReplyClass.objects.filter(committee=city).order_by("code"))
    people = [world.people["alice"], world.people["bob"]]
    first = Proposal.objects.count()

    def year(i: int) -> int:
        return 2025 - i % years

    Proposal.objects.bulk_create(
        Proposal(committee=city, term=world.city_term, year=year(i), kind=ProposalKind.INDIVIDUAL,
                 title=f"提案{i}", state=STATES[i % len(STATES)], category=cats[i % len(cats)],
                 created_by=world.alice,
                 submitted_at=None if STATES[i % len(STATES)] == State.DRAFT
                 else WHEN.replace(year=year(i)) + datetime.timedelta(minutes=i // years))
        for i in range(first, first + n)
    )
    new = list(Proposal.objects.filter(committee=city).order_by("pk").values_list("pk", "state")[first:])
    Proposer.objects.bulk_create(Proposer(proposal_id=pk, person=people[pk % 2], role="first") for pk, _ in new)
    Assignment.objects.bulk_create(
        Assignment(proposal_id=pk, unit=world.unit, role=AssignmentRole.SOLE,
                   state=AssignmentState.ASSIGNED if pk % 7 == 0 or state == State.ASSIGNED
                   else AssignmentState.REPLIED,
                   reply_class=classes[pk % 4], replied_at=WHEN, assigned_at=WHEN, due_date=datetime.date(2025, 6, 1),
                   reassign_until=datetime.date(2025, 3, 8))
        for pk, state in new if state in HANDLED
    )
    assignments = list(Assignment.objects.filter(proposal_id__in=[pk for pk, _ in new]).values_list("pk", flat=True))
    Contact.objects.bulk_create(
        Contact(assignment_id=a, phase=ContactPhase.BEFORE, date=datetime.date(2025, 4, 1), way="座谈",
                participants="双方", summary="见面", recorded_by=world.uma)
        for a in assignments[::3]
    )
    Evaluation.objects.bulk_create(
        Evaluation(assignment_id=a, person=people[a % 2], rating=[Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED][a % 3])
        for a in assignments
    )


def _recount(year: int) -> dict[str, int]:
    """The headline counts of the city's `year`, counted row by row in Python."""
    received = [p for p in Proposal.objects.filter(year=year)
                if p.state not in (State.DRAFT, State.WITHDRAWN) and p.submitted_at is not None]
    ids = {p.pk for p in received}
    parts = [a for a in Assignment.objects.all() if a.proposal_id in ids]
    by_proposal: dict[int, list[Assignment]] = {}
    for a in parts:
        by_proposal.setdefault(a.proposal_id, []).append(a)
    met = set(Contact.objects.values_list("assignment__proposal_id", flat=True))
    ratings = Counter(e.rating for e in Evaluation.objects.select_related("assignment") if e.assignment.proposal_id in ids)
    states = Counter(p.state for p in received)
    return {
        "received": len(received),
        "filed": sum(states[s] for s in (State.FILED, *HANDLED)),
        "not_filed": states[State.NOT_FILED],
        "closed": states[State.CLOSED],
        "merged": states[State.MERGED],
        "in_review": states[State.IN_REVIEW],
        "assigned": len(by_proposal),
        "replied": sum(all(a.state == AssignmentState.REPLIED for a in rows) for rows in by_proposal.values()),
        "with_contact": len(met & set(by_proposal)),
        "evaluations": sum(ratings.values()),
        "satisfied": ratings[Rating.SATISFIED],
        "basic": ratings[Rating.BASIC],
        "unsatisfied": ratings[Rating.UNSATISFIED],
    }


def _figures(world: World, year: int) -> dict[str, int]:
    figures = proposal_figures(Scope(world.city), Period.for_year(year))
    return {name: getattr(figures, name) for name in _recount(year)}


def _queries(world: World, year: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        proposal_figures(Scope(world.city), Period.for_year(year))
    return len(captured.captured_queries)


def test_a_committee_year_among_many_counts_what_a_recount_finds(world: World) -> None:
    """1,400 proposals over four years: the year's figures are the row-by-row recount, and the rates follow."""
    _populate(world, 1400, years=4)
    found = _figures(world, 2025)
    assert found == _recount(2025)
    # 2025 holds every fourth proposal (350): the even places of STATES, 50 each: three closed, assigned,
    # not filed, converted and withdrawn (not received).
    assert (found["received"], found["filed"], found["closed"], found["assigned"]) == (300, 200, 150, 200)
    figures = proposal_figures(Scope(world.city), Period.for_year(2025))
    assert str(figures.filing_rate) == "66.7%" and str(figures.closing_rate) == "75.0%"
    assert sum(c.count for c in figures.classes) == figures.replied_answer_count
    assert [row.name for row in figures.by_unit] == ["长春市教育局"]
    assert figures.by_unit[0].answering == found["assigned"]


def test_the_number_of_queries_does_not_grow_with_the_proposals(world: World) -> None:
    """Ten times the proposals, the same queries: nothing is fetched per proposal, unit or rating."""
    _populate(world, 140, years=1)
    few = _queries(world, 2025)
    assert _figures(world, 2025) == _recount(2025)
    _populate(world, 1400, years=1)
    assert _queries(world, 2025) == few
    assert _figures(world, 2025) == _recount(2025)
    assert few <= 13  # what the figures take today: one aggregate per table and breakdown, none per row
