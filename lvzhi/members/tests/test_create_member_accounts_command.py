"""`manage.py create_member_accounts --committee X [--output file.xlsx]`: the roster's accounts from the console."""
from __future__ import annotations

import io
from pathlib import Path
from typing import cast

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def _member(world: World, name: str) -> None:
    person = person_create(actor=None, check_actor=False, name=name)
    membership_create(actor=None, person=person, committee=world.city, check_actor=False)


def test_prints_the_accounts_then_skips_them_the_second_time(world: World) -> None:
    _member(world, "张三丰")
    out = io.StringIO()
    call_command("create_member_accounts", "--committee", str(world.city.pk), stdout=out)
    text = out.getvalue()
    assert "zhangsanfeng" in text and "开通 1 个账号，跳过 2 个" in text  # alice and bob have theirs
    password = next(line.split()[3] for line in text.splitlines() if "zhangsanfeng" in line)
    assert User.objects.get(username="zhangsanfeng").check_password(password)
    again = io.StringIO()
    call_command("create_member_accounts", "--committee", "长春市", stdout=again)
    assert "开通 0 个账号，跳过 3 个" in again.getvalue()
    assert AuditEvent.objects.filter(action="account.batch_create", committee_id=world.city.pk).count() == 2


def test_output_file_and_actor(world: World, tmp_path: Path) -> None:
    _member(world, "李四")
    target = tmp_path / "accounts.xlsx"
    out = io.StringIO()
    call_command("create_member_accounts", "--committee", "长春市政协", "--output", str(target), "--actor",
                 "sysadmin", stdout=out)
    assert "已写入" in out.getvalue() and "lisi" not in out.getvalue()
    rows = list(cast(Worksheet, load_workbook(target).active).values)
    assert [r[4] for r in rows[1:]][:1] == ["lisi"]
    assert AuditEvent.objects.filter(action="member.account_link", actor_name="sysadmin").exists()
    with pytest.raises(CommandError, match="没有开通账号的权限"):
        call_command("create_member_accounts", "--committee", "长春市", "--actor", "carol")
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_member_accounts", "--committee", "不存在的政协")
