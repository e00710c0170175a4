"""PATCH /api/members/<id>/ carries the version it read, like the screen: a stale edit is refused with 409."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.members.models import Membership
from lvzhi.testing import World


def _patch(client: Client, pk: int, data: dict[str, Any]) -> Any:
    return client.patch(f"/api/members/{pk}/", data, content_type="application/json")


def test_an_edit_without_the_version_is_refused(world: World) -> None:
    pk = world.memberships["alice"].pk
    response = _patch(api_client("carol"), pk, {"phone": "13700001111"})
    assert response.status_code == 400 and "version" in response.json()["errors"]["version"][0]
    assert Membership.objects.get(pk=pk).person.phone == "13812345678"


def test_the_second_of_two_edits_from_the_same_reading_is_refused_with_409(world: World) -> None:
    pk = world.memberships["alice"].pk
    carol = api_client("carol")
    version = carol.get(f"/api/members/{pk}/").json()["version"]
    first = _patch(carol, pk, {"phone": "13700001111", "version": version})
    assert first.status_code == 200 and first.json()["version"] != version
    second = _patch(carol, pk, {"workplace": "长春市第一中学", "version": version})
    assert second.status_code == 409
    assert second.json()["detail"] == "该委员信息已被他人修改，请刷新后重试。"
    membership = Membership.objects.select_related("person").get(pk=pk)
    assert membership.person.phone == "13700001111" and membership.person.workplace == ""
    third = _patch(carol, pk, {"workplace": "长春市第一中学", "version": first.json()["version"]})
    assert third.status_code == 200 and third.json()["workplace"] == "长春市第一中学"


def test_an_edit_on_the_screen_makes_the_api_reading_stale(world: World, client: Client) -> None:
    from lvzhi.members.services import member_version

    pk = world.memberships["alice"].pk
    carol = api_client("carol")
    version = carol.get(f"/api/members/{pk}/").json()["version"]
    membership = Membership.objects.select_related("person").get(pk=pk)
    assert version == member_version(membership)
    client.force_login(world.carol)
    page = client.get(f"/members/{pk}/edit/").content.decode()
    assert membership.updated_at.isoformat() in page
    from lvzhi.members.services import person_update

    person_update(actor=world.carol, person=membership.person, committee=world.city, phone="13600000000")
    assert _patch(carol, pk, {"phone": "13700001111", "version": version}).status_code == 409
