"""The roster list: who sees which rows, masking, filters, search, order, paging and the htmx partial."""
from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Committee
from lvzhi.members.models import Membership
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def _add(world: World, name: str, committee: Committee | None = None, **values: Any) -> Membership:
    committee = committee or world.city
    person = person_create(actor=None, check_actor=False, name=name)
    return membership_create(actor=None, person=person, committee=committee, check_actor=False, **values)


def _page(client: Client, user: object, url: str = "/members/", **headers: str) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_staff_sees_unmasked_phones_and_count(world: World, client: Client) -> None:
    page = _page(client, world.carol)
    assert "艾丽" in page and "薄波" in page
    assert "13812345678" in page and "13987654321" in page
    assert "共 2 人" in page


def test_member_sees_others_masked_and_own_row_unmasked(world: World, client: Client) -> None:
    page = _page(client, world.alice)
    assert "139****4321" in page and "13987654321" not in page
    assert "13812345678" in page


def test_member_has_no_export_or_edit_buttons(world: World, client: Client) -> None:
    page = _page(client, world.alice)
    assert "导出Excel" not in page and "新增委员" not in page and "导入名册" not in page


def test_office_staff_toolbar(world: World, client: Client) -> None:
    page = _page(client, world.carol)
    assert "导出Excel" in page and "新增委员" in page and "导入名册" in page
    assert f"/members/export.xlsx?committee={world.city.pk}" in page


def test_special_committee_staff_may_export_but_not_edit(world: World, client: Client) -> None:
    page = _page(client, world.sam)
    assert "导出Excel" in page and "新增委员" not in page
    assert "138****5678" in page


def test_outsider_cannot_open_city_roster_and_refusal_is_audited(world: World, client: Client) -> None:
    client.force_login(world.olga)
    response = client.get(f"/members/?committee={world.city.pk}")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk).exists()


def test_outsider_default_is_own_committee_with_empty_state(world: World, client: Client) -> None:
    page = _page(client, world.olga)
    assert "长春市宽城区政协" in page and "艾丽" not in page
    assert "名册中还没有委员" in page


def test_administrators_cannot_see_the_roster(world: World, client: Client) -> None:
    for user in (world.auditor, world.sysadmin, world.secadmin):
        client.force_login(user)
        assert client.get("/members/").status_code == 403
        assert client.get(f"/members/?committee={world.city.pk}").status_code == 403
    assert AuditEvent.objects.filter(actor_name="auditor", outcome="denied").exists()


def test_leader_sees_city_and_can_switch_to_district(world: World, client: Client) -> None:
    _add(world, "宋江", committee=world.district)
    page = _page(client, world.leo)
    assert "艾丽" in page and "宋江" not in page
    assert "长春市宽城区政协" in page  # offered in the committee switch
    page = _page(client, world.leo, f"/members/?committee={world.district.pk}")
    assert "宋江" in page and "艾丽" not in page


def test_search_by_initials_full_pinyin_and_traditional(world: World, client: Client) -> None:
    _add(world, "张三")
    page = _page(client, world.carol, "/members/?q=al")
    assert "艾丽" in page and "薄波" not in page
    page = _page(client, world.carol, "/members/?q=bb")
    assert "薄波" in page and "艾丽" not in page
    page = _page(client, world.carol, "/members/?q=AiLi")
    assert "艾丽" in page and "薄波" not in page
    page = _page(client, world.carol, "/members/?q=張")
    assert "张三" in page and "艾丽" not in page
    page = _page(client, world.carol, "/members/?q=xyz")
    assert "没有符合条件的委员" in page


def test_stroke_order_and_pinyin_order(world: World, client: Client) -> None:
    for name in ("王五", "丁一", "李四", "张三"):
        _add(world, name)
    names = ["王五", "丁一", "李四", "张三"]
    # 丁 2 strokes, 王 4, 李 and 张 7 each: 李 begins with 横, 张 with 折.
    assert _order(_page(client, world.carol), names) == ["丁一", "王五", "李四", "张三"]
    # ding < li < wang < zhang
    assert _order(_page(client, world.carol, "/members/?ordering=pinyin"), names) == ["丁一", "李四", "王五", "张三"]


def test_leaders_come_first_in_stroke_order(world: World, client: Client) -> None:
    _add(world, "丁一")
    _add(world, "张主席", role="chair")
    page = _page(client, world.carol)
    assert _order(page, ["丁一", "张主席", "艾丽"]) == ["张主席", "丁一", "艾丽"]


def test_filters_by_sector_party_special_committee_role_and_status(world: World, client: Client) -> None:
    econ = world.sectors["经济界"]
    page = _page(client, world.carol, f"/members/?sector={econ.pk}")
    assert "艾丽" in page and "薄波" not in page and "共 1 人" in page
    sc = world.special["经济委员会"]
    _add(world, "张三", special_committees=[sc], party=world.parties["中共"], role="standing")
    page = _page(client, world.carol, f"/members/?special_committee={sc.pk}")
    assert "张三" in page and "艾丽" not in page and "经济委员会" in page
    page = _page(client, world.carol, f"/members/?party={world.parties['中共'].pk}&role=standing")
    assert "张三" in page and "艾丽" not in page
    left = _add(world, "李四")
    Membership.objects.filter(pk=left.pk).update(is_active=False)
    assert "李四" not in _page(client, world.carol)
    page = _page(client, world.carol, "/members/?status=left")
    assert "李四" in page and "艾丽" not in page
    page = _page(client, world.carol, "/members/?status=all")
    assert "李四" in page and "艾丽" in page


def test_filter_options_are_those_of_the_chosen_committee(world: World, client: Client) -> None:
    from lvzhi.committees.models import Sector

    Sector.objects.create(committee=world.district, name="宽城特色界")
    page = _page(client, world.carol)
    assert "经济界" in page and "宽城特色界" not in page
    page = _page(client, world.leo, f"/members/?committee={world.district.pk}")
    assert "宽城特色界" in page and "经济界" not in page


def test_foreign_filter_values_are_ignored(world: World, client: Client) -> None:
    page = _page(client, world.carol, "/members/?sector=999999&role=nope&ordering=x&status=x&page=x")
    assert "艾丽" in page and "薄波" in page


def test_htmx_request_gets_only_the_results_partial(world: World, client: Client) -> None:
    page = _page(client, world.carol, "/members/?q=al", HX_Request="true", HX_Target="results")
    assert "<html" not in page and 'id="results"' in page and "艾丽" in page and "薄波" not in page
    assert 'class="filters"' not in page


def test_htmx_committee_switch_gets_filters_and_results(world: World, client: Client) -> None:
    page = _page(client, world.leo, f"/members/?committee={world.district.pk}", HX_Request="true",
                 HX_Target="roster")
    assert "<html" not in page and 'id="roster"' in page and 'class="filters"' in page


def test_htmx_history_restore_gets_the_full_page(world: World, client: Client) -> None:
    page = _page(client, world.carol, "/members/", HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in page


def test_paging_and_no_query_per_row(world: World, client: Client) -> None:
    client.force_login(world.carol)
    with CaptureQueriesContext(connection) as few:
        client.get("/members/")
    sc = world.special["提案委员会"]
    for i in range(53):
        _add(world, f"张{'一二三四五六七八九十'[i % 10]}{'甲乙丙丁戊己庚辛壬癸'[i // 10]}", special_committees=[sc])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/members/")
    page = response.content.decode()
    assert "共 55 人" in page and "第 1 / 2 页" in page
    assert len(many.captured_queries) == len(few.captured_queries)
    page = _page(client, world.carol, "/members/?page=2")
    assert 'data-label="序号">51<' in page and 'data-label="序号">55<' in page
    assert 'data-label="序号">50<' not in page


def test_anonymous_is_sent_to_login(world: World, client: Client) -> None:
    response = client.get("/members/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
