"""A member's duty record is read by the member, roster staff of that committee and leaders above; such reads
by others are audited. Nobody else may read it or export it."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.tests.review_support import in_review
from lvzhi.testing import World


def _url(world: World, who: str = "alice") -> str:
    return reverse("duty:member", args=[world.memberships[who].pk])


@pytest.mark.parametrize("suffix", ["", "?format=xlsx"])
def test_another_member_cannot_read_or_export_a_members_record(world: World, client: Client, suffix: str) -> None:
    in_review(world)
    client.force_login(world.bob)
    response = client.get(_url(world) + suffix)
    assert response.status_code == 403
    assert "艾丽的履职档案" not in response.content.decode("utf-8", "replace")
    assert AuditEvent.objects.filter(actor_name="bob", outcome="denied").exists()


def test_the_member_page_offers_the_record_link_only_to_those_who_may_open_it(world: World, client: Client) -> None:
    client.force_login(world.bob)
    page = client.get(reverse("members:detail", args=[world.memberships["alice"].pk])).content.decode()
    assert _url(world) not in page
    client.force_login(world.carol)
    page = client.get(reverse("members:detail", args=[world.memberships["alice"].pk])).content.decode()
    assert _url(world) in page


def test_the_member_reads_their_own_without_an_audit_event(world: World, client: Client) -> None:
    client.force_login(world.alice)
    assert client.get(_url(world)).status_code == 200
    assert not AuditEvent.objects.filter(action="duty.record_read").exists()


@pytest.mark.parametrize(("who", "suffix"), [("carol", ""), ("pete", "?format=xlsx"), ("sam", ""), ("leo", "")])
def test_staff_and_leaders_read_it_and_the_read_is_audited(world: World, client: Client, who: str,
                                                           suffix: str) -> None:
    in_review(world)
    client.force_login(world.users[who])
    response = client.get(_url(world) + suffix)
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="duty.record_read", actor_name=who)
    assert event.object_id == str(world.memberships["alice"].pk)
    assert event.committee_id == world.city.pk
    assert "艾丽" in event.object_repr
    assert ("导出" in event.detail) == bool(suffix)


def test_staff_of_another_committee_are_refused(world: World, client: Client) -> None:
    client.force_login(world.olga)
    assert client.get(_url(world) + "?format=xlsx").status_code == 403
