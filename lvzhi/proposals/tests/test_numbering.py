"""Numbering filed proposals: the committee's format, per term and session, never two alike."""
from __future__ import annotations

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from lvzhi.committees.models import Session
from lvzhi.proposals.models import Decision, Proposal, ProposalSettings, State
from lvzhi.proposals.services import common
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import at_last_stage, category, filed, in_review
from lvzhi.testing import World


def test_default_format_and_sequence(world):
    numbers = [filed(world).number for _ in range(3)]
    assert numbers == ["15届平时第0001号", "15届平时第0002号", "15届平时第0003号"]


def test_plenary_proposals_are_numbered_per_session(world):
    filed(world)  # 平时提案 0001
    today = timezone.localdate()
    Session.objects.create(term=world.city_term, number=4, start_date=today, end_date=today + datetime.timedelta(3))
    proposal = filed(world)
    assert proposal.session.number == 4
    assert proposal.number == "15届四次会议第0001号"


def test_committee_format_is_used(world):
    common.proposal_defaults(world.city)
    ProposalSettings.objects.filter(committee=world.city).update(number_format="{year}-{seq:03d}")
    proposal = filed(world)
    assert proposal.number == f"{proposal.year}-001"


def test_number_is_not_reused_after_other_outcomes(world):
    first = filed(world)
    second = at_last_stage(world, in_review(world))
    review_decide(actor=world.pete, proposal=second, decision=Decision.RETURN, remarks="请修改")
    third = filed(world)
    assert (first.seq, third.seq) == (1, 2)
    assert second.number == ""


@pytest.mark.django_db(transaction=True)
def test_two_staff_filing_at_once_get_distinct_numbers(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("SQLite's in-memory test database cannot serve several threads' transactions at once.")
    proposals = [at_last_stage(world, in_review(world)) for _ in range(4)]
    cat = category(world)
    barrier = threading.Barrier(len(proposals))
    errors: list[BaseException] = []

    def file(proposal: Proposal) -> None:
        try:
            barrier.wait(timeout=10)
            review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=cat)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=file, args=(p,)) for p in proposals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    numbers = sorted(Proposal.objects.filter(state=State.FILED).values_list("number", flat=True))
    assert numbers == ["15届平时第0001号", "15届平时第0002号", "15届平时第0003号", "15届平时第0004号"]
