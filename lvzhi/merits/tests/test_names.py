"""Batch lists of names matched to the committee's serving members: typed or from a sheet, Traditional characters
and spaces tolerated, namesakes told apart by a hint, unknown and ambiguous names reported in Chinese."""
from __future__ import annotations

import io

import pytest

from lvzhi.documents.excel import workbook_bytes
from lvzhi.members.models import Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.merits.names import match_names, names_from_sheet, split_names
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


def _member(world: World, name: str, workplace: str = "", sector: str | None = None) -> Person:
    person = person_create(actor=None, check_actor=False, name=name, workplace=workplace)
    membership_create(actor=None, person=person, committee=world.city, check_actor=False,
                      sector=world.sectors[sector] if sector else None)
    return person


def test_split_reads_lines_commas_and_spaces_inside_a_name() -> None:
    assert split_names("艾丽\n薄 波、张伟（经济界）,王芳；\n\n") == ["艾丽", "薄波", "张伟（经济界）", "王芳"]


def test_names_match_members_once_each_traditional_included(world: World) -> None:
    lin = _member(world, "林国华")
    match = match_names(world.city, ["艾丽", "林國華", "艾丽"])
    assert match.ok and match.people == [world.people["alice"], lin] and match.repeated == ["艾丽"]


def test_unknown_and_ambiguous_names_are_reported(world: World) -> None:
    _member(world, "张伟", workplace="长春市第一中学", sector="教育界")
    economist = _member(world, "张伟", workplace="长春银行", sector="经济界")
    match = match_names(world.city, ["张伟", "孙悟空"])
    assert not match.ok and match.people == []
    assert match.problems[0].startswith("“张伟”有 2 位同名委员：") and "请在姓名后用括号注明界别或工作单位" in match.problems[0]
    assert match.problems[1] == "“孙悟空”不是长春市政协的在任委员，请核对姓名。"
    assert match_names(world.city, ["张伟（经济界）"]).people == [economist]
    assert match_names(world.city, ["张伟(长春银行)"]).people == [economist]


def test_a_sheet_of_names_reads_its_hint_column(world: World) -> None:
    data = workbook_bytes("受表彰委员", ["序号", "姓名", "界别或工作单位"], [[1, "艾丽", ""], [2, "薄波", "教育界"]])
    names, problems = names_from_sheet(io.BytesIO(data), "名单.xlsx")
    assert problems == [] and names == ["艾丽", "薄波（教育界）"]
    assert match_names(world.city, names).people == [world.people["alice"], world.people["bob"]]
