"""GET /api/me/: the account, its roles and capabilities, and the committees it may view."""
from __future__ import annotations

from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.testing import World


def test_member_sees_own_account_roles_and_committees(world: World) -> None:
    body = api_client("alice").get("/api/me/").json()
    assert body["username"] == "alice" and body["display_name"] == "艾丽"
    assert body["person_id"] == world.people["alice"].pk
    assert body["roles"] == [{"role": "member", "role_display": "委员",
                              "committee": {"id": world.city.pk, "name": "长春市"}, "include_subtree": False}]
    assert body["committees"] == [{"id": world.city.pk, "name": "长春市"}]
    assert "member.view" in body["capabilities"] and "member.edit" not in body["capabilities"]


def test_auditor_has_only_the_audit_capabilities(world: World) -> None:
    body = api_client("auditor").get("/api/me/").json()
    assert body["roles"][0]["role"] == "audit_admin" and body["roles"][0]["committee"] is None
    assert body["capabilities"] == ["audit.export", "audit.view"]
    assert body["committees"] == [] and body["person_id"] is None


def test_leader_lists_the_subtree(world: World) -> None:
    body = api_client("leo").get("/api/me/").json()
    assert len(body["committees"]) == 3


def test_anonymous_is_refused(world: World) -> None:
    assert Client().get("/api/me/").status_code == 403
