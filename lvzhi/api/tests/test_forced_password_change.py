"""The API refuses an account that must change its password (temporary or expired), as the screens do."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lvzhi.accounts.models import SecurityPolicy
from lvzhi.accounts.policy import forget_policy
from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import World


def _temporary(world: World) -> None:
    world.alice.must_change_password = True
    world.alice.save(update_fields=["must_change_password"])


def _expired(world: World) -> None:
    policy = SecurityPolicy.current()
    policy.expiry_days = 90
    policy.save()
    forget_policy()
    world.alice.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    world.alice.save(update_fields=["password_changed_at"])


@pytest.mark.parametrize("make", [_temporary, _expired], ids=["temporary", "expired"])
def test_reads_and_writes_are_refused_until_the_password_is_changed(world: World, make: object) -> None:
    client = api_client("alice")
    make(world)  # type: ignore[operator]
    for response in (client.get("/api/proposals/"), client.get(f"/api/members/{world.memberships['alice'].pk}/"),
                     client.post("/api/proposals/", {"title": "关于加快发展社区养老服务的建议"},
                                 content_type="application/json")):
        assert response.status_code == 403
        assert "请先修改密码" in response.json()["detail"]
    assert AuditEvent.objects.filter(actor_name="alice", outcome="denied", detail="password.must_change").exists()


def test_the_account_itself_can_still_be_read(world: World) -> None:
    client = api_client("alice")
    _temporary(world)
    response = client.get("/api/me/")
    assert response.status_code == 200 and response.json()["username"] == "alice"


def test_a_current_password_gets_through(world: World) -> None:
    _expired(world)
    world.bob.password_changed_at = timezone.now()
    world.bob.save(update_fields=["password_changed_at"])
    assert api_client("bob").get("/api/proposals/").status_code == 200
