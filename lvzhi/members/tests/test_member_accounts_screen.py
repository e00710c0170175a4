"""The system administrator's screen for a roster's accounts: filters, preview, result shown once, Excel list."""
from __future__ import annotations

import io
from typing import cast

from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.members.services import membership_create, person_create
from lvzhi.members.tests.import_support import id_number
from lvzhi.testing import World

ID_NUMBER = id_number("22010219850505", "123")
PHONE = "13911112222"


def _people(world: World) -> None:
    for name, sector in (("张三丰", "经济界"), ("李四", "教育界")):
        person = person_create(actor=None, check_actor=False, name=name, phone=PHONE if name == "张三丰" else "",
                               id_number=ID_NUMBER if name == "张三丰" else "")
        membership_create(actor=None, person=person, committee=world.city, check_actor=False,
                          sector=world.sectors[sector])


def _sysadmin(world: World) -> Client:
    c = Client()
    c.force_login(world.sysadmin)
    return c


def test_preview_lists_names_committees_and_accounts_without_personal_data(world: World) -> None:
    _people(world)
    c = _sysadmin(world)
    page = c.get(f"/members/accounts/?committee={world.city.pk}&only_new=0").content.decode()
    assert "张三丰" in page and "李四" in page and "alice（已有）" in page
    assert "共 4 人，其中 2 人将开通账号" in page
    assert PHONE not in page and ID_NUMBER not in page and PHONE[-4:] not in page
    # The roster's filters narrow it: one sector.
    page = c.get(f"/members/accounts/?committee={world.city.pk}&sector={world.sectors['教育界'].pk}").content.decode()
    assert "李四" in page and "张三丰" not in page and "共 1 人，其中 1 人将开通账号" in page


def test_confirm_opens_the_accounts_and_shows_the_one_time_passwords_once(world: World) -> None:
    _people(world)
    c = _sysadmin(world)
    response = c.post("/members/accounts/", {"committee": world.city.pk, "sector": world.sectors["经济界"].pk,
                                             "only_new": "1"})
    page = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "委员账号已开通" in page and "开通 1 个" in page
    row = response.context["batch"].created[0]
    assert (row.name, row.username) == ("张三丰", "zhangsanfeng") and row.password in page
    user = User.objects.get(username="zhangsanfeng")
    assert user.person.name == "张三丰" and user.must_change_password
    assert RoleGrant.objects.filter(user=user, role=Role.MEMBER, committee=world.city).exists()
    assert not User.objects.filter(display_name="李四").exists()  # outside the filter
    xlsx = c.post("/manage/users/issued.xlsx", {"token": response.context["token"]})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(xlsx.content)).active).values)
    assert rows[1][1:6] == ("张三丰", "长春市", "委员", "zhangsanfeng", row.password)
    # Nobody else can turn the list into a file, and a forged one is refused.
    other = Client()
    other.force_login(world.carol)
    assert other.post("/manage/users/issued.xlsx", {"token": response.context["token"]}).status_code == 403
    assert "账号清单无效" in c.post("/manage/users/issued.xlsx", {"token": "x"}).content.decode()
    # A second confirm finds nobody left without an account.
    page = c.get(f"/members/accounts/?committee={world.city.pk}&sector={world.sectors['经济界'].pk}").content.decode()
    assert "共 0 人，其中 0 人将开通账号" in page


def test_only_the_system_administrator_may_open_the_screen(world: World) -> None:
    for user in (world.carol, world.secadmin, world.auditor, world.alice, world.leo):
        c = Client()
        c.force_login(user)
        assert c.get(f"/members/accounts/?committee={world.city.pk}").status_code == 403
        assert c.post("/members/accounts/", {"committee": world.city.pk}).status_code == 403
