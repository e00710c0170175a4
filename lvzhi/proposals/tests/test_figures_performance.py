"""100,000 proposals in the table: one committee-year's figures within 200 ms (run with FIGURES_BENCH=1)."""
from __future__ import annotations

import datetime
import os
import time

import pytest
from django.db import connection
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

pytestmark = pytest.mark.skipif(not os.environ.get("FIGURES_BENCH"), reason="benchmark: set FIGURES_BENCH=1")
N = 100_000
STATES = [State.CLOSED] * 5 + [State.REPLIED, State.ASSIGNED, State.FILED, State.NOT_FILED, State.IN_REVIEW,
                                State.CONVERTED_SUGGESTION, State.MERGED, State.WITHDRAWN, State.DRAFT]


def _populate(world: World, years: int) -> None:
    """N proposals of the city spread evenly over `years` years ending 2025 (years=1: all in one year)."""
    city = world.city
    proposal_defaults(city)
    cats = list(ProposalCategory.objects.filter(committee=city))
    classes = list(ReplyClass.objects.filter(committee=city))
    people = [world.people["alice"], world.people["bob"]]
    when = timezone.make_aware(datetime.datetime(2025, 3, 1, 9))

    def year(i: int) -> int:
        return 2025 - i % years

    Proposal.objects.bulk_create(
        Proposal(committee=city, term=world.city_term, year=year(i), kind=ProposalKind.INDIVIDUAL,
                 title=f"提案{i}", state=STATES[i % len(STATES)], category=cats[i % len(cats)],
                 created_by=world.alice,
                 submitted_at=when.replace(year=year(i)) + datetime.timedelta(minutes=i // years))
        for i in range(N)
    )
    ids = list(Proposal.objects.filter(committee=city).values_list("pk", "state"))
    Proposer.objects.bulk_create(Proposer(proposal_id=pk, person=people[pk % 2], role="first") for pk, _ in ids)
    handled = [pk for pk, state in ids if state in (State.CLOSED, State.REPLIED, State.ASSIGNED)]
    Assignment.objects.bulk_create(
        Assignment(proposal_id=pk, unit=world.unit, role=AssignmentRole.SOLE,
                   state=AssignmentState.ASSIGNED if pk % 7 == 0 else AssignmentState.REPLIED,
                   reply_class=classes[pk % 4], replied_at=when, assigned_at=when, due_date=datetime.date(2025, 6, 1),
                   reassign_until=datetime.date(2025, 3, 8))
        for pk in handled
    )
    assignments = list(Assignment.objects.values_list("pk", "proposal_id"))
    Contact.objects.bulk_create(
        Contact(assignment_id=a, phase=ContactPhase.BEFORE, date=datetime.date(2025, 4, 1), way="座谈",
                participants="双方", summary="见面", recorded_by=world.uma)
        for a, _ in assignments[::3]
    )
    Evaluation.objects.bulk_create(
        Evaluation(assignment_id=a, person=people[p % 2], rating=[Rating.SATISFIED, Rating.BASIC][a % 2])
        for a, p in assignments
    )


def _measure(world: World) -> float:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    scope, period = Scope(world.city), Period.for_year(2025)
    proposal_figures(scope, period)  # warm the caches, as a running server has them
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        figures = proposal_figures(scope, period)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    proposal_figures(scope, Period.between(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))
    dates = time.perf_counter() - started
    started = time.perf_counter()
    proposal_figures(scope, period, breakdowns=False)
    headline = time.perf_counter() - started
    print(f"\n{connection.vendor}: received={figures.received} best={min(timings) * 1000:.0f} ms "
          f"date range {dates * 1000:.0f} ms, headline only {headline * 1000:.0f} ms")
    if os.environ.get("FIGURES_BENCH") == "queries":
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            proposal_figures(scope, period)
        for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(q["time"], q["sql"])
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + ("ANALYZE " if connection.vendor == "postgresql" else "QUERY PLAN ")
                               + q["sql"])
                print("\n".join(str(r) for r in cursor.fetchall()))
    return min(timings)


def test_one_committee_year_within_200ms(world: World) -> None:
    """A large committee's year (2,500 proposals) among 100,000."""
    _populate(world, years=40)
    assert _measure(world) < 0.2


def test_all_proposals_in_one_committee_year(world: World) -> None:
    """The extreme: 100,000 proposals in one committee-year (reported, not held to 200 ms)."""
    _populate(world, years=1)
    _measure(world)
