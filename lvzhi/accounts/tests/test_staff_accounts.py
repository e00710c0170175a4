"""Staff accounts from a unit or an office: the screen and `manage.py create_staff_accounts`, one-time passwords."""
from __future__ import annotations

import io
from pathlib import Path
from typing import cast

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.testing import World


def test_screen_opens_office_staff_accounts_and_skips_existing(world: World) -> None:
    c = Client()
    c.force_login(world.sysadmin)
    assert "开通工作人员账号" in c.get("/manage/users/staff/").content.decode()
    data = {"committee": world.district.pk, "role": "proposal_staff", "names": "钱多\n孙亮\n钱多\n"}
    response = c.post("/manage/users/staff/", data)
    page = response.content.decode()
    assert "开通 2 个" in page and "qianduo" in page and "sunliang" in page
    for row in response.context["batch"].created:
        assert row.password in page
        user = User.objects.get(username=row.username)
        assert user.check_password(row.password) and user.must_change_password
        assert list(user.grants.values_list("role", "committee")) == [(Role.PROPOSAL_STAFF, world.district.pk)]
    again = c.post("/manage/users/staff/", data).content.decode()
    assert "开通 0 个，跳过 2 个" in again and "已有账号，未重复开通" in again


def test_screen_explains_what_is_missing(world: World) -> None:
    c = Client()
    c.force_login(world.sysadmin)
    page = c.post("/manage/users/staff/", {"committee": world.city.pk, "role": "special_committee_staff",
                                           "names": "钱多"}).content.decode()
    assert "专委会工作人员须选择专门委员会" in page
    page = c.post("/manage/users/staff/", {"committee": world.district.pk, "role": "unit_staff",
                                           "handling_unit": world.unit.pk, "names": "钱多"}).content.decode()
    assert "承办单位不属于该政协组织" in page
    assert not User.objects.filter(display_name="钱多").exists()


def test_leaders_and_administrators_are_not_issued_here(world: World) -> None:
    c = Client()
    c.force_login(world.sysadmin)
    page = c.post("/manage/users/staff/", {"committee": world.city.pk, "role": "leader", "names": "钱多"})
    assert "leader" in page.content.decode() and not User.objects.filter(display_name="钱多").exists()


def test_only_the_system_administrator(world: World) -> None:
    for user in (world.secadmin, world.carol, world.uma):
        c = Client()
        c.force_login(user)
        assert c.get("/manage/users/staff/").status_code == 403


def test_command_for_a_handling_unit_writes_the_list(world: World, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "unit.xlsx"
    call_command("create_staff_accounts", "--committee", "长春市", "--role", "unit_staff", "--unit", "长春市教育局",
                 "--output", str(target), "周敏", stdout=out)
    assert "开通 1 个账号，跳过 0 个" in out.getvalue()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    rows = list(cast(Worksheet, load_workbook(target).active).values)
    user = User.objects.get(username="zhoumin")
    assert rows[1][4] == "zhoumin" and user.check_password(str(rows[1][5]))
    assert RoleGrant.objects.get(user=user).handling_unit == world.unit
    with pytest.raises(CommandError, match="没有名为“财政局”的承办单位"):
        call_command("create_staff_accounts", "--committee", "长春市", "--role", "unit_staff", "--unit", "财政局", "x")
