"""A member's page: who may open it, what is masked for whom, and the person's other memberships."""
from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Term
from lvzhi.members.services import membership_create
from lvzhi.testing import World


def _page(client: Client, user: Any, pk: int) -> str:
    client.force_login(user)
    response = client.get(f"/members/{pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _bob_birthday(world: World) -> None:
    world.people["bob"].birth_date = datetime.date(1975, 5, 5)
    world.people["bob"].save(update_fields=["birth_date"])


def test_office_staff_sees_private_fields_and_edit_link(world: World, client: Client) -> None:
    _bob_birthday(world)
    page = _page(client, world.carol, world.memberships["bob"].pk)
    assert "13987654321" in page and "220102197505051235" in page and "1975年5月5日" in page
    assert "经济界" not in page and "教育界" in page and "民盟" in page and "第十五届" in page
    assert f"/members/{world.memberships['bob'].pk}/edit/" in page


def test_member_sees_others_masked(world: World, client: Client) -> None:
    _bob_birthday(world)
    page = _page(client, world.alice, world.memberships["bob"].pk)
    assert "139****4321" in page and "13987654321" not in page
    assert "2201**********1235" in page and "220102197505051235" not in page
    assert "1975" not in page and "无权查看" in page
    assert "/edit/" not in page


def test_member_sees_own_page_unmasked(world: World, client: Client) -> None:
    page = _page(client, world.alice, world.memberships["alice"].pk)
    assert "13812345678" in page and "220102198001011234" in page
    assert "/edit/" not in page


def test_outsider_is_refused_and_audited(world: World, client: Client) -> None:
    client.force_login(world.olga)
    response = client.get(f"/members/{world.memberships['alice'].pk}/")
    assert response.status_code == 403
    assert "13812345678" not in response.content.decode()
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk).exists()


def test_leader_may_view(world: World, client: Client) -> None:
    page = _page(client, world.leo, world.memberships["alice"].pk)
    assert "艾丽" in page and "13812345678" in page
    assert "/edit/" not in page


def test_administrators_are_refused(world: World, client: Client) -> None:
    for user in (world.auditor, world.sysadmin, world.secadmin):
        client.force_login(user)
        assert client.get(f"/members/{world.memberships['alice'].pk}/").status_code == 403


def test_unknown_member_is_404(world: World, client: Client) -> None:
    client.force_login(world.carol)
    assert client.get("/members/999999/").status_code == 404


def test_other_memberships_shown_only_where_viewer_may_see(world: World, client: Client) -> None:
    term = Term.objects.get(committee=world.district, is_current=True)
    district_membership = membership_create(actor=None, person=world.people["alice"], committee=world.district,
                                            term=term, check_actor=False, role="standing")
    city_pk = world.memberships["alice"].pk
    # The leader sees the subtree, so the district seat shows.
    page = _page(client, world.leo, city_pk)
    assert "其他委员身份" in page and "长春市宽城区政协" in page and f"/members/{district_membership.pk}/" in page
    # City office staff see only the city.
    page = _page(client, world.carol, city_pk)
    assert "其他委员身份" not in page and "长春市宽城区政协" not in page
    # District staff see the district seat, and from it not the city one.
    page = _page(client, world.olga, district_membership.pk)
    assert "常委" in page and f"/members/{city_pk}/" not in page
    # The member herself sees all her seats.
    page = _page(client, world.alice, city_pk)
    assert "长春市宽城区政协" in page
