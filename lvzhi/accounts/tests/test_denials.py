"""A refusal is recorded even when it happens inside a service's transaction that is rolled back."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from lvzhi.accounts.permissions import record_denial
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import person_create
from lvzhi.testing import World


def test_refusal_inside_a_rolled_back_service_is_recorded_again(world: World) -> None:
    with pytest.raises(PermissionDenied) as caught:
        person_create(actor=world.olga, committee=world.city, name="王小明")
    assert not AuditEvent.objects.filter(action="access.denied", actor_name="olga").exists()
    record_denial(caught.value)
    record_denial(caught.value)  # idempotent
    event = AuditEvent.objects.get(action="access.denied", actor_name="olga")
    assert event.committee_id == world.city.pk and event.detail == "member.edit" and event.outcome == "denied"


def test_refused_page_is_chinese_403_and_recorded(world: World, client: Client) -> None:
    client.force_login(world.olga)
    response = client.get(f"/members/{world.memberships['alice'].pk}/")
    assert response.status_code == 403
    assert "您没有权限" in response.content.decode()
    assert AuditEvent.objects.filter(action="access.denied", actor_name="olga", outcome="denied").count() == 1
