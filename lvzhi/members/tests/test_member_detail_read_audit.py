"""Opening another member's page is audited, saying whether their numbers were shown in clear; one's own is not."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.testing import World


def _open(client: Client, user: Any, pk: int) -> None:
    client.force_login(user)
    assert client.get(f"/members/{pk}/").status_code == 200


def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="member.detail_read").order_by("seq"))


def test_staff_reading_numbers_in_clear_is_audited(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    _open(client, world.carol, bob.pk)
    [event] = _reads()
    assert event.actor_name == "carol" and event.outcome == "success"
    assert event.object_type == "members.membership" and event.object_id == str(bob.pk)
    assert "明文" in event.detail and "13987654321" not in event.detail


def test_a_member_reading_another_members_page_is_audited_as_masked(world: World, client: Client) -> None:
    _open(client, world.alice, world.memberships["bob"].pk)
    [event] = _reads()
    assert event.actor_name == "alice" and "已遮蔽" in event.detail


def test_reading_ones_own_page_is_not(world: World, client: Client) -> None:
    _open(client, world.alice, world.memberships["alice"].pk)
    assert _reads() == []


def test_the_edit_form_and_the_api_record_the_read_the_same_way(world: World, client: Client) -> None:
    from rest_framework.test import APIClient

    bob = world.memberships["bob"]
    client.force_login(world.carol)
    assert client.get(f"/members/{bob.pk}/edit/").status_code == 200
    api = APIClient()
    api.force_authenticate(world.carol)
    assert api.get(f"/api/members/{bob.pk}/").json()["phone"] == "13987654321"
    form, by_api = _reads()
    assert "修改表单" in form.detail and "接口" in by_api.detail and "明文" in by_api.detail
    # A list read with numbers in clear: one event naming whose; a member's own row is not a read of another.
    assert api.get(f"/api/members/?committee={world.city.pk}").status_code == 200
    [listed] = AuditEvent.objects.filter(action="member.list_read")
    assert "薄波" in listed.detail and "艾丽" in listed.detail and "13987654321" not in listed.detail
    mine = APIClient()
    mine.force_authenticate(world.alice)
    assert mine.get(f"/api/members/{world.memberships['alice'].pk}/").status_code == 200
    assert mine.get("/api/members/").status_code == 200
    assert AuditEvent.objects.filter(actor_name="alice", action__in=["member.detail_read", "member.list_read"]
                                     ).count() == 0
