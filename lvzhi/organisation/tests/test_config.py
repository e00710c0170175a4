"""The configuration lists: add, rename, reorder, deactivate; what member forms then offer."""
from __future__ import annotations

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Party, Sector
from lvzhi.organisation.services import config_choices
from lvzhi.testing import World


def _names(list_key: str, committee: object = None) -> list[str]:
    return [i.name for i in config_choices(list_key, committee)]  # type: ignore[arg-type]


def test_index_lists_every_list(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    page = client.get("/committees/config/").content.decode()
    for label in ("党派", "界别", "专门委员会", "委员活动小组", "承办单位"):
        assert label in page


def test_add_rename_deactivate_show_in_member_choices(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    url = f"/committees/config/sectors/?committee={world.city.pk}"
    response = client.post(url, {"name": "农业界"}, follow=True)
    assert "已新增界别“农业界”" in response.content.decode()
    assert _names("sectors", world.city)[-1] == "农业界"
    assert "农业界" not in _names("sectors", world.district)
    item = Sector.objects.get(name="农业界")
    assert item.committee == world.city
    client.post(f"/committees/config/sectors/{item.pk}/edit/", {"name": "农业和农村界"})
    assert "农业和农村界" in _names("sectors", world.city) and "农业界" not in _names("sectors", world.city)
    page = client.post(f"/committees/config/sectors/{item.pk}/active/", {"is_active": "0"}, follow=True)
    assert "“农业和农村界”已停用" in page.content.decode()
    assert "农业和农村界" not in _names("sectors", world.city)
    # A record that already uses a deactivated entry still shows it.
    assert item.pk in [i.pk for i in config_choices("sectors", world.city, current=item)]
    assert Sector.objects.filter(pk=item.pk).exists()
    actions = set(AuditEvent.objects.filter(actor_name="sysadmin").values_list("action", flat=True))
    assert {"config.sectors.create", "config.sectors.update"} <= actions


def test_deactivating_an_item_in_use_keeps_the_member_record(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    sector = world.sectors["经济界"]
    client.post(f"/committees/config/sectors/{sector.pk}/active/", {"is_active": "0"})
    world.memberships["alice"].refresh_from_db()
    assert world.memberships["alice"].sector_id == sector.pk
    assert "经济界" not in _names("sectors", world.city)


def test_reorder(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    assert _names("parties") == ["中共", "民革", "民盟", "无党派"]
    client.post(f"/committees/config/parties/{world.parties['民盟'].pk}/move/", {"direction": "up"})
    assert _names("parties") == ["中共", "民盟", "民革", "无党派"]
    client.post(f"/committees/config/parties/{world.parties['中共'].pk}/move/", {"direction": "up"})
    assert _names("parties") == ["中共", "民盟", "民革", "无党派"]
    client.post(f"/committees/config/parties/{world.parties['中共'].pk}/edit/", {"name": "中共", "sort_order": 99})
    assert _names("parties")[-1] == "中共"
    assert AuditEvent.objects.filter(action="config.parties.reorder").exists()


def test_duplicate_and_empty_names(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    page = client.post("/committees/config/parties/", {"name": "民革"}).content.decode()
    assert "“民革”已存在" in page
    page = client.post("/committees/config/parties/", {"name": ""}).content.decode()
    assert "该字段是必填项" in page
    item = world.parties["民盟"]
    page = client.post(f"/committees/config/parties/{item.pk}/edit/", {"name": "民革"}).content.decode()
    assert "“民革”已存在" in page and 'value="民革"' in page
    assert Party.objects.filter(name="民革").count() == 1


def test_committee_selector_and_handling_unit_fields(world: World, client: Client) -> None:
    client.force_login(world.sysadmin)
    page = client.get("/committees/config/handling-units/", {"committee": world.city.pk}).content.decode()
    assert "长春市教育局" in page and "联系人" in page and "长春市宽城区政协" in page
    page = client.get("/committees/config/handling-units/", {"committee": world.district.pk}).content.decode()
    assert "长春市教育局" not in page
    client.post(f"/committees/config/handling-units/?committee={world.district.pk}",
                {"name": "宽城区教育局", "kind": "政府部门", "contact_name": "张三"})
    assert _names("handling-units", world.district) == ["宽城区教育局"]
    assert client.get("/committees/config/nonsense/").status_code == 404
