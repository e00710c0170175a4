"""No administrator reads personal data: the system administrator's screens show account phones masked."""
from __future__ import annotations

from django.test import Client

from lvzhi.testing import World

PHONE = "13812345678"


def _sysadmin(world: World) -> Client:
    world.alice.phone = PHONE
    world.alice.save(update_fields=["phone"])
    c = Client()
    c.force_login(world.sysadmin)
    return c


def test_account_list_and_page_mask_the_phone(world: World) -> None:
    c = _sysadmin(world)
    listing = c.get("/manage/users/?q=alice").content.decode()
    assert "138****5678" in listing and PHONE not in listing
    page = c.get(f"/manage/users/{world.alice.pk}/").content.decode()
    assert "当前：138****5678；留空则不修改" in page and PHONE not in page


def test_saving_the_page_without_a_phone_keeps_it(world: World) -> None:
    c = _sysadmin(world)
    c.post(f"/manage/users/{world.alice.pk}/", {"display_name": "艾丽丽", "phone": "", "email": ""})
    world.alice.refresh_from_db()
    assert world.alice.display_name == "艾丽丽" and world.alice.phone == PHONE
    c.post(f"/manage/users/{world.alice.pk}/", {"display_name": "艾丽丽", "phone": "13900000000", "email": ""})
    world.alice.refresh_from_db()
    assert world.alice.phone == "13900000000"


def test_no_administrator_opens_a_member_page_or_the_roster(world: World) -> None:
    membership = world.memberships["alice"]
    for user in (world.sysadmin, world.secadmin, world.auditor):
        c = Client()
        c.force_login(user)
        assert c.get(f"/members/{membership.pk}/").status_code == 403
        assert c.get(f"/members/?committee={world.city.pk}").status_code == 403
        assert c.get(f"/members/export.xlsx?committee={world.city.pk}").status_code == 403
