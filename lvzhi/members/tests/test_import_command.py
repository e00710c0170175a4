"""`manage.py import_roster`: the same checks and import as the screens, for batch use."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lvzhi.audit.models import AuditEvent
from lvzhi.members.models import Membership, Person
from lvzhi.members.tests.import_support import good_rows, person_row, xlsx
from lvzhi.testing import World


def _file(tmp_path: Path, data: bytes, name: str = "名册.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_roster", *args, stdout=out)
    return out.getvalue()


def test_imports_a_good_file(world: World, tmp_path: Path) -> None:
    out = _run("--committee", str(world.city.pk), "--file", _file(tmp_path, xlsx(good_rows())), "--actor", "carol")
    assert "已导入 5 人到长春市政协（新建人员 5 人，已有人员 0 人）。" in out
    assert Membership.objects.filter(committee=world.city).count() == 7
    assert AuditEvent.objects.get(action="member.import").detail == "导入 5 人"


def test_dry_run_lists_the_people_and_writes_nothing(world: World, tmp_path: Path) -> None:
    out = _run("--committee", "长春市政协", "--file", _file(tmp_path, xlsx(good_rows())), "--actor", "carol",
               "--dry-run")
    assert "王强" in out and "常委" in out and "检查通过：共 5 人" in out and "--dry-run" in out
    assert Person.objects.count() == 2


def test_problems_are_printed_as_a_table_and_nothing_is_imported(world: World, tmp_path: Path) -> None:
    path = _file(tmp_path, xlsx([*good_rows(), person_row("張三"), person_row("钱进", sector="工商界")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="文件有 2 处问题，未导入任何数据"):
        call_command("import_roster", "--committee", "长春市", "--file", path, "--actor", "carol", stdout=out)
    table = out.getvalue().splitlines()
    assert table[0].split() == ["行号", "列", "问题"]
    assert any(line.startswith("7 ") and "姓名含繁体字“張”" in line for line in table)
    assert any(line.startswith("8 ") and "界别“工商界”" in line for line in table)
    assert Person.objects.count() == 2


def test_refusals(world: World, tmp_path: Path) -> None:
    good = _file(tmp_path, xlsx(good_rows()))
    with pytest.raises(CommandError, match="没有在长春市政协导入名册的权限"):
        _run("--committee", str(world.city.pk), "--file", good, "--actor", "olga")
    with pytest.raises(CommandError, match="账号“nobody”不存在"):
        _run("--committee", str(world.city.pk), "--file", good, "--actor", "nobody")
    with pytest.raises(CommandError, match="政协组织“火星政协”不存在"):
        _run("--committee", "火星政协", "--file", good, "--actor", "carol")
    with pytest.raises(CommandError, match="文件不是有效的 Excel（.xlsx）文件"):
        _run("--committee", str(world.city.pk), "--file", _file(tmp_path, b"a,b\n", "x.csv"), "--actor", "carol")
    with pytest.raises(CommandError, match="找不到文件"):
        _run("--committee", str(world.city.pk), "--file", str(tmp_path / "none.xlsx"), "--actor", "carol")
    assert Person.objects.count() == 2
