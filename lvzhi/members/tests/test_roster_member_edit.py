"""Editing a member: saved through the services, errors in Chinese with input kept, stale forms refused."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.members.models import Membership
from lvzhi.members.services import membership_update, person_update
from lvzhi.testing import World


def _url(membership: Membership) -> str:
    return f"/members/{membership.pk}/edit/"


def _data(membership: Membership, **changes: Any) -> dict[str, Any]:
    membership.refresh_from_db()
    person = membership.person
    person.refresh_from_db()
    data: dict[str, Any] = {
        "name": person.name, "gender": person.gender, "ethnicity": person.ethnicity, "birth_date": "",
        "id_number": person.id_number, "phone": person.phone, "email": person.email, "education": person.education,
        "workplace": person.workplace, "role": membership.role, "sector": membership.sector_id or "",
        "party": membership.party_id or "", "activity_group": "", "manual_order": membership.manual_order,
        "joined_on": "", "left_on": "", "is_active": "on",
        "updated_at": membership.updated_at.isoformat(), "person_updated_at": person.updated_at.isoformat(),
    }
    data.update(changes)
    return data


def test_form_shows_current_values_and_version(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    page = client.get(_url(bob)).content.decode()
    assert 'value="薄波"' in page and 'value="13987654321"' in page and 'value="220102197505051235"' in page
    assert f'name="updated_at" value="{bob.updated_at.isoformat()}"' in page


def test_edit_saves_and_is_audited(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    sc = world.special["经济委员会"]
    response = client.post(_url(bob), _data(bob, workplace="吉林大学教授", role="standing",
                                                 special_committees=[sc.pk], manual_order="3"))
    assert response.status_code == 302 and response["Location"] == f"/members/{bob.pk}/"
    bob.refresh_from_db()
    assert bob.person.workplace == "吉林大学教授" and bob.role == "standing" and bob.role_rank == 4
    assert bob.manual_order == 3 and list(bob.special_committees.all()) == [sc]
    assert AuditEvent.objects.filter(action="person.update", actor_name="carol").exists()
    assert AuditEvent.objects.filter(action="membership.update", actor_name="carol").exists()
    assert "已保存薄波的信息" in client.get(response["Location"]).content.decode()


def test_rename_updates_sort_keys(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    client.post(_url(bob), _data(bob, name="丁波"))
    bob.refresh_from_db()
    assert bob.person.initials == "db" and bob.pinyin_key.startswith("ding")
    page = client.get("/members/").content.decode()
    assert page.index("丁波") < page.index("艾丽")


def test_leaving_date_marks_member_as_left(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    client.post(_url(bob), _data(bob, left_on="2024-06-30", is_active="on"))
    bob.refresh_from_db()
    assert not bob.is_active and str(bob.left_on) == "2024-06-30"
    assert ">薄波</a>" not in client.get("/members/").content.decode()


def test_traditional_name_is_refused_and_input_kept(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    response = client.post(_url(bob), _data(bob, name="張三", workplace="新单位"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "姓名含繁体字“張”，请改用简体字录入" in page
    assert 'value="張三"' in page and 'value="新单位"' in page
    bob.refresh_from_db()
    assert bob.person.name == "薄波" and bob.person.workplace == ""


def test_stale_form_is_refused_and_input_kept(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    loaded = _data(bob, workplace="我的修改")
    # Someone else saves in between.
    membership_update(actor=world.carol, membership=bob, role="standing")
    response = client.post(_url(bob), loaded)
    page = response.content.decode()
    assert response.status_code == 200
    assert "该委员信息已被他人修改，请刷新后重试。" in page and 'value="我的修改"' in page
    bob.refresh_from_db()
    assert bob.person.workplace == "" and bob.role == "standing"


def test_stale_person_is_refused(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    loaded = _data(bob, workplace="我的修改")
    person_update(actor=world.carol, person=bob.person, committee=world.city, workplace="别人的修改")
    page = client.post(_url(bob), loaded).content.decode()
    assert "该委员信息已被他人修改" in page
    bob.person.refresh_from_db()
    assert bob.person.workplace == "别人的修改"


def test_id_number_taken_by_another_person(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    client.force_login(world.carol)
    page = client.post(_url(bob), _data(bob, id_number="220102198001011234")).content.decode()
    assert "已有相同身份证号的其他人员" in page


def test_member_cannot_edit_even_own_page(world: World, client: Client) -> None:
    client.force_login(world.alice)
    alice = world.memberships["alice"]
    assert client.get(_url(alice)).status_code == 403
    assert client.post(_url(alice), _data(alice, workplace="x")).status_code == 403
    assert AuditEvent.objects.filter(actor_name="alice", outcome="denied", detail="member.edit").exists()


def test_leader_outsider_and_administrators_cannot_edit(world: World, client: Client) -> None:
    bob = world.memberships["bob"]
    for user in (world.leo, world.olga, world.auditor, world.sysadmin, world.secadmin, world.sam):
        client.force_login(user)
        assert client.get(_url(bob)).status_code == 403
        assert client.post(_url(bob), _data(bob, workplace="x")).status_code == 403
    bob.person.refresh_from_db()
    assert bob.person.workplace == ""


def test_deactivated_sector_is_kept_on_edit(world: World, client: Client) -> None:
    """A 界别 deactivated after it was assigned stays selectable for that member, so saving loses nothing."""
    from lvzhi.organisation.services import config_item_update

    membership = world.memberships["alice"]
    config_item_update(actor=world.sysadmin, item=world.sectors["经济界"], is_active=False)
    client.force_login(world.carol)
    page = client.get(f"/members/{membership.pk}/edit/").content.decode()
    assert f'<option value="{world.sectors["经济界"].pk}" selected>经济界</option>' in page
