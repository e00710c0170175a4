"""The committee tree: each user sees the committees their grants reach; the system administrator builds it."""
from __future__ import annotations

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Committee
from lvzhi.testing import World


def _tree(client: Client, user: object) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/committees/tree/")
    assert response.status_code == 200
    return response.content.decode()


def test_district_staff_sees_only_her_district(world: World, client: Client) -> None:
    page = _tree(client, world.olga)
    assert "长春市宽城区政协" in page and "长春市九台区政协" not in page and ">长春市政协<" not in page
    assert "第十届" in page


def test_leader_sees_city_and_districts_nested(world: World, client: Client) -> None:
    page = _tree(client, world.leo)
    city, district, other = page.index("长春市政协"), page.index("长春市宽城区政协"), page.index("长春市九台区政协")
    assert city < district and city < other
    assert "第十五届" in page and "在任委员 2 人" in page and "<ul>" in page[city:district]


def test_member_sees_own_committee_with_counts(world: World, client: Client) -> None:
    page = _tree(client, world.alice)
    assert "长春市政协" in page and "宽城区政协" not in page and "在任委员 2 人" in page


def test_unit_staff_sees_committee_without_member_counts(world: World, client: Client) -> None:
    page = _tree(client, world.uma)
    assert "长春市政协" in page and "在任委员" not in page


def test_security_admin_has_no_tree(world: World, client: Client) -> None:
    client.force_login(world.secadmin)
    assert client.get("/committees/tree/").status_code == 403
    assert AuditEvent.objects.filter(actor_name="secadmin", outcome="denied", detail="committee.view").exists()


def test_sysadmin_creates_a_committee_from_the_tree(world: World, client: Client) -> None:
    page = _tree(client, world.sysadmin)
    assert "新增政协组织" in page and "长春市九台区政协" in page
    response = client.post("/committees/new/", {"name": "长春市双阳区政协", "short_name": "双阳区",
                                                 "level": "county", "parent": world.city.pk}, follow=True)
    assert "已新增政协组织“长春市双阳区政协”" in response.content.decode()
    new = Committee.objects.get(name="长春市双阳区政协")
    assert new.path == f"{world.city.path}{new.pk}/"
    assert AuditEvent.objects.filter(action="committee.create", actor_name="sysadmin").exists()
    page = client.post("/committees/new/", {"name": "长春市双阳区政协", "level": "county",
                                            "parent": world.city.pk}).content.decode()
    assert "“长春市双阳区政协”已存在" in page
    page = client.post("/committees/new/", {"name": "某某镇", "level": "city",
                                            "parent": world.district.pk}).content.decode()
    assert "下级政协的层级须低于上级政协" in page and 'value="某某镇"' in page


def test_office_staff_cannot_create_committees(world: World, client: Client) -> None:
    client.force_login(world.carol)
    assert client.post("/committees/new/", {"name": "X", "level": "county"}).status_code == 403
    assert "新增政协组织" not in _tree(client, world.carol)
