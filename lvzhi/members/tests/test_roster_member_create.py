"""Adding a member: a new person, or an existing one found by ID number; errors in Chinese, input kept."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Sector, Term
from lvzhi.members.models import Membership, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World

ZHANG_ID = "11010519491231002X"  # a valid check digit


def _url(world: World) -> str:
    return f"/members/new/?committee={world.city.pk}"


def _data(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "张三", "gender": "male", "ethnicity": "汉族", "birth_date": "1949-12-31", "id_number": ZHANG_ID,
        "phone": "13600001111", "email": "", "education": "研究生", "workplace": "长春市第一中学校长",
        "role": "standing", "sector": world.sectors["教育界"].pk, "party": world.parties["中共"].pk,
        "special_committees": [world.special["提案委员会"].pk], "activity_group": "", "manual_order": "0",
        "joined_on": "2022-01-10",
    }
    data.update(changes)
    return data


def test_form_offers_only_this_committees_lists(world: World, client: Client) -> None:
    Sector.objects.create(committee=world.district, name="宽城特色界")
    client.force_login(world.carol)
    page = client.get(_url(world)).content.decode()
    assert "新增委员" in page and "同笔画排序" in page and "教育界" in page and "宽城特色界" not in page
    assert "无党派" in page and "提案委员会" in page and "副主席" in page


def test_create_member(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post(_url(world), _data(world))
    membership = Membership.objects.get(person__name="张三")
    assert response.status_code == 302 and response["Location"] == f"/members/{membership.pk}/"
    assert membership.committee == world.city and membership.role == "standing"
    assert list(membership.special_committees.all()) == [world.special["提案委员会"]]
    assert membership.person.id_number == ZHANG_ID and membership.person.initials == "zs"
    assert AuditEvent.objects.filter(action="person.create", actor_name="carol").exists()
    assert AuditEvent.objects.filter(action="membership.create", actor_name="carol").exists()
    page = client.get(response["Location"]).content.decode()
    assert "已添加委员张三" in page


def test_save_and_add_another(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post(_url(world), {**_data(world), "next": "new"})
    assert response.status_code == 302 and response["Location"] == _url(world)


def test_default_committee_is_the_users_editable_one(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post("/members/new/", _data(world))
    assert response.status_code == 302
    assert Membership.objects.get(person__name="张三").committee == world.city


def test_traditional_name_is_refused_in_chinese_and_input_kept(world: World, client: Client) -> None:
    client.force_login(world.carol)
    response = client.post(_url(world), _data(world, name="張三"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "繁体字" in page and "請" not in page
    assert 'value="張三"' in page and 'value="长春市第一中学校长"' in page and ZHANG_ID in page
    assert not Person.objects.filter(id_number=ZHANG_ID).exists()


def test_field_errors_are_chinese(world: World, client: Client) -> None:
    client.force_login(world.carol)
    page = client.post(_url(world), _data(world, id_number="110105194912310028", phone="12345")).content.decode()
    assert "身份证号校验位不正确" in page and "手机号应为 11 位数字" in page
    page = client.post(_url(world), _data(world, name="", birth_date="not a date")).content.decode()
    assert "请填写姓名" in page and "输入一个有效的日期" in page


def test_double_submit_gives_a_clear_message(world: World, client: Client) -> None:
    client.force_login(world.carol)
    assert client.post(_url(world), _data(world)).status_code == 302
    response = client.post(_url(world), _data(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "张三</strong>已是长春市政协第十五届委员，无需重复添加" in page
    assert Membership.objects.filter(person__name="张三").count() == 1


def test_existing_person_from_another_committee_is_offered_and_attached(world: World, client: Client) -> None:
    person = person_create(actor=None, check_actor=False, name="张三", id_number=ZHANG_ID, phone="13600001111")
    membership_create(actor=None, person=person, committee=world.district, check_actor=False,
                      term=Term.objects.get(committee=world.district, is_current=True))
    client.force_login(world.carol)
    page = client.post(_url(world), _data(world)).content.decode()
    assert "已登记为 <strong>张三</strong>" in page and "长春市宽城区政协" in page
    assert f'name="use_existing" value="{person.pk}"' in page
    assert not Membership.objects.filter(person=person, committee=world.city).exists()

    response = client.post(_url(world), {**_data(world), "use_existing": person.pk})
    assert response.status_code == 302
    assert Person.objects.filter(id_number=ZHANG_ID).count() == 1
    city = Membership.objects.get(person=person, committee=world.city)
    assert city.role == "standing" and city.sector == world.sectors["教育界"]
    # A second click on the same button is harmless.
    page = client.post(_url(world), {**_data(world), "use_existing": person.pk}).content.decode()
    assert "已是" in page and Membership.objects.filter(person=person, committee=world.city).count() == 1


def test_use_existing_requires_the_matching_id_number(world: World, client: Client) -> None:
    client.force_login(world.carol)
    page = client.post(_url(world), {**_data(world), "use_existing": world.people["bob"].pk}).content.decode()
    assert "身份证号与所选的已有人员不一致" in page
    assert Membership.objects.filter(person=world.people["bob"]).count() == 1


def test_member_leader_outsider_and_admins_cannot_add(world: World, client: Client) -> None:
    for user in (world.alice, world.leo, world.auditor, world.sysadmin):
        client.force_login(user)
        assert client.get("/members/new/").status_code == 403
        assert client.post(_url(world), _data(world)).status_code == 403
    client.force_login(world.olga)
    assert client.get(_url(world)).status_code == 403
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", detail="member.edit").exists()
    assert not Person.objects.filter(id_number=ZHANG_ID).exists()


def test_committee_without_current_term_is_explained(world: World, client: Client) -> None:
    Term.objects.filter(committee=world.city).update(is_current=False)
    client.force_login(world.carol)
    assert "尚未设置本届届次" in client.get(_url(world)).content.decode()
    page = client.post(_url(world), _data(world)).content.decode()
    assert "该政协组织没有当前届次" in page and 'value="张三"' in page
    assert not Person.objects.filter(id_number=ZHANG_ID).exists()
