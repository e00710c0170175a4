"""Reading and checking a roster file, and importing it all or nothing (importing.py without the screens)."""
from __future__ import annotations

import datetime
import io
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.members import importing, services
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import roster
from lvzhi.members.tests.import_support import HEADERS, ID_LI, ID_WANG, good_rows, id_number, person_row, xlsx
from lvzhi.testing import World


def _plan(world: World, rows: list[list[Any]], headers: list[str] | None = None) -> importing.ImportPlan:
    parsed = importing.parse_roster(xlsx(rows, headers), filename="名册.xlsx")
    if parsed.problems:
        return importing.ImportPlan(committee=world.city, term=world.city_term, problems=parsed.problems)
    return importing.plan_import(committee=world.city, rows=parsed.rows)


def _messages(plan: importing.ImportPlan) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.column, p.message) for p in plan.problems]


def _import(world: World, data: bytes) -> importing.ImportResult:
    parsed = importing.parse_roster(data, filename="名册.xlsx")
    return importing.import_commit(actor=world.carol, committee=world.city, rows=parsed.rows, filename="名册.xlsx")


def test_good_file_imports_everyone_and_the_roster_lists_them_in_stroke_order(world: World) -> None:
    plan = _plan(world, good_rows())
    assert plan.problems == [] and len(plan.rows) == 5 and plan.new_count == 5

    result = _import(world, xlsx(good_rows()))

    assert (result.total, result.created_people, result.existing_people) == (5, 5, 0)
    names = [m.person.name for m in roster(world.carol, {"committee": world.city.pk})]
    # 常委 first, then 委员 by surname strokes: 丁(2) 艾(5) 杜(7) 李(7) 赵(9) 薄(16).
    assert names == ["王强", "丁一", "艾丽", "杜甫", "李娜", "赵敏", "薄波"]
    wang = Membership.objects.get(person__name="王强")
    assert wang.get_role_display() == "常委" and wang.sector == world.sectors["中共"]
    assert sorted(sc.name for sc in wang.special_committees.all()) == ["提案委员会", "经济委员会"]
    # Birth date and gender come from the ID number when the columns are blank.
    assert wang.person.birth_date == datetime.date(1970, 3, 5) and wang.person.gender == "male"
    assert wang.person.phone == "13900001111" and wang.person.workplace == "长春市某局局长"
    assert Person.objects.get(name="丁一").birth_date == datetime.date(1990, 1, 2)
    assert Person.objects.get(name="杜甫").birth_date == datetime.date(1975, 2, 3)
    event = AuditEvent.objects.get(action="member.import")
    assert event.detail == "导入 5 人" and event.committee_id == world.city.pk and event.actor_name == "carol"
    assert AuditEvent.objects.filter(action="person.create").count() == 5 + 2  # the two personas


def test_headers_tolerate_order_spaces_and_full_width_spaces(world: World) -> None:
    headers = ["　职务＊", " 姓　名 ", "界别", "出生日期 ", "序号"]
    plan = _plan(world, [["委员", "张伟", "经济界", "1980-01-02", 1]], headers)
    assert plan.problems == []
    assert plan.rows[0].name == "张伟" and plan.rows[0].membership["sector"] == world.sectors["经济界"]


def test_wrong_headers_are_named(world: World) -> None:
    plan = _plan(world, [["张伟", "委员", "x"]], ["名字", "职务", "爱好"])
    messages = [m for _, _, m in _messages(plan)]
    assert "无法识别的列“名字”，请使用模板中的列名" in messages
    assert "无法识别的列“爱好”，请使用模板中的列名" in messages
    assert "缺少必填列“姓名”" in messages
    assert all(row == 1 for row, _, _ in _messages(plan))


def test_missing_required_column(world: World) -> None:
    plan = _plan(world, [["张伟", "男"]], ["姓名", "性别"])
    assert _messages(plan) == [(1, "职务", "缺少必填列“职务”")]


def test_same_id_number_twice_names_both_rows(world: World) -> None:
    rows = [person_row("王强", id_no=ID_WANG), person_row("李娜", id_no=ID_LI), person_row("王强", id_no=ID_WANG)]
    plan = _plan(world, rows)
    assert _messages(plan) == [
        (2, "身份证号", "与第 4 行身份证号相同（重复人员）"),
        (4, "身份证号", "与第 2 行身份证号相同（重复人员）"),
    ]


def test_same_name_and_birth_date_without_id_is_a_duplicate(world: World) -> None:
    rows = [person_row("张伟", birth="1980-01-02"), person_row("张伟", birth="1981-01-02"),
            person_row("张伟", birth=datetime.datetime(1980, 1, 2))]
    plan = _plan(world, rows)
    assert [(r, m) for r, _, m in _messages(plan)] == [
        (2, "与第 4 行姓名和出生日期相同（重复人员）"), (4, "与第 2 行姓名和出生日期相同（重复人员）"),
    ]


def test_same_name_without_id_or_birth_date_cannot_be_told_apart(world: World) -> None:
    plan = _plan(world, [person_row("张伟", birth="1980-01-02"), person_row("张伟")])
    assert [(r, m) for r, _, m in _messages(plan)] == [
        (2, "与第 3 行同名，且都没有身份证号、缺少出生日期，无法区分（重复人员）"),
        (3, "与第 2 行同名，且都没有身份证号、缺少出生日期，无法区分（重复人员）"),
    ]


@pytest.mark.parametrize("value", [
    "1980-01-02", "1980/1/2", "1980年1月2日", "1980年01月02日", "19800102", 19800102, "1980.1.2",
    datetime.datetime(1980, 1, 2), datetime.date(1980, 1, 2), "１９８０－０１－０２",
])
def test_accepted_dates(world: World, value: Any) -> None:
    plan = _plan(world, [person_row("张伟", birth=value)])
    assert plan.problems == [] and plan.rows[0].person["birth_date"] == datetime.date(1980, 1, 2)


@pytest.mark.parametrize(("value", "message"), [
    ("1980-13-45", "出生日期“1980-13-45”不是有效日期"),
    ("去年春天", "出生日期“去年春天”无法识别，请写成 1980-01-02 的形式或设为日期格式"),
    ("1980-02-30", "出生日期“1980-02-30”不是有效日期"),
    ("1880-01-01", "出生日期不合理"),
])
def test_bad_dates(world: World, value: str, message: str) -> None:
    plan = _plan(world, [person_row("张伟", birth=value)])
    assert _messages(plan) == [(2, "出生日期", message)]


def test_empty_required_cells(world: World) -> None:
    plan = _plan(world, [person_row("", gender="男"), person_row("张伟", role="")])
    assert _messages(plan) == [(2, "姓名", "姓名不能为空"), (3, "职务", "职务不能为空")]


def test_traditional_characters_in_a_name(world: World) -> None:
    plan = _plan(world, [person_row("張偉")])
    assert _messages(plan) == [(2, "姓名", "姓名含繁体字“張偉”，请改用简体字录入")]


def test_unknown_sector_party_special_committee_and_group(world: World) -> None:
    rows = [person_row("张伟", sector="工商界", party="共和党", special="提案委员会、文史委员会", group="一组")]
    assert _messages(_plan(world, rows)) == [
        (2, "界别", "界别“工商界”不在本政协的界别列表中，可选：中共、经济界、教育界"),
        (2, "党派", "党派“共和党”不在系统的党派列表中，可选：中共、民革、民盟、无党派"),
        (2, "专门委员会", "专门委员会“文史委员会”不存在，可选：提案委员会、经济委员会"),
        (2, "活动小组", "活动小组“一组”不在本政协的活动小组列表中，可选：（尚未设置，请先在基础数据中添加）"),
    ]


def test_a_district_sector_is_not_the_city_s(world: World) -> None:
    from lvzhi.organisation import services as org

    org.config_item_create(actor=None, list_key="sectors", name="农业界", committee=world.district, check_actor=False)
    plan = _plan(world, [person_row("张伟", sector="农业界")])
    assert plan.problems[0].column == "界别"


def test_traditional_and_full_names_of_lists_are_recognised(world: World) -> None:
    plan = _plan(world, [person_row("张伟", sector="經濟界", party="中国民主同盟", special="提案委员会，经济委员会")])
    assert plan.problems == []
    membership = plan.rows[0].membership
    assert membership["sector"] == world.sectors["经济界"] and membership["party"] == world.parties["民盟"]
    assert len(membership["special_committees"]) == 2


@pytest.mark.parametrize(("row", "column", "message"), [
    (person_row("张伟", id_no="220102198001011235"), "身份证号", "身份证号校验位不正确"),
    (person_row("张伟", id_no="22010219800101"), "身份证号", "身份证号应为 18 位，最后一位可为数字或 X"),
    (person_row("王强", id_no=ID_WANG, birth="1970-03-06"), "出生日期",
     "出生日期 1970-03-06 与身份证号中的 1970-03-05 不一致"),
    (person_row("王强", id_no=ID_WANG, gender="女"), "性别", "性别“女”与身份证号不一致（身份证号表示男）"),
    (person_row("王强", id_no=2.20102197003051e17), "身份证号",
     "身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新录入"),
    (person_row("张伟", phone="1381234"), "手机号", "手机号应为 11 位数字（或带区号的固定电话）"),
    (person_row("张伟", gender="男性"), "性别", "性别“男性”无效，只能填“男”或“女”"),
    (person_row("张伟", role="主任"), "职务", "职务“主任”无效，只能是主席、副主席、秘书长、常委、委员之一"),
    (person_row("张伟", workplace="长" * 201), "工作单位及职务", "工作单位及职务过长：不能超过 200 字（现有 201 字）"),
    (person_row("张伟", order="第一"), "同笔画排序", "同笔画排序应为不小于 0 的整数"),
])
def test_cell_problems(world: World, row: list[Any], column: str, message: str) -> None:
    assert _messages(_plan(world, [row])) == [(2, column, message)]


def test_lower_case_x_full_width_digits_and_spaces_are_normalised(world: World) -> None:
    id_x = next(i for i in (id_number("22010219491231", f"{n:03d}") for n in range(1000)) if i.endswith("X"))
    plan = _plan(world, [person_row("张伟", id_no=" " + id_x.lower(), phone="１３８ ００００ ０１１１", order=3)])
    assert plan.problems == []
    assert plan.rows[0].person["id_number"] == id_x and plan.rows[0].person["phone"] == "13800000111"
    assert plan.rows[0].membership["manual_order"] == 3


def test_blank_rows_are_skipped_and_row_numbers_are_the_sheet_s(world: World) -> None:
    plan = _plan(world, [person_row("张伟"), [None] * 13, ["", " ", None], person_row("張三")])
    assert len(plan.rows) == 2
    assert _messages(plan) == [(5, "姓名", "姓名含繁体字“張”，请改用简体字录入")]


def test_a_title_row_above_the_header_is_tolerated(world: World) -> None:
    workbook = Workbook()
    ws = cast(Worksheet, workbook.active)
    ws.append(["长春市政协第十五届委员名册"])
    ws.append(HEADERS)
    ws.append(person_row("張三"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = importing.parse_roster(buffer.getvalue(), filename="x.xlsx")
    plan = importing.plan_import(committee=world.city, rows=parsed.rows)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "姓名")]


def test_someone_already_in_this_term_is_refused(world: World) -> None:
    plan = _plan(world, [person_row("艾丽", id_no="220102198001011234"), person_row("薄波")])
    assert _messages(plan) == [
        (2, "姓名", "艾丽已是本届委员（长春市政协第十五届），无需重复导入"),
        (3, "姓名", "本届已有同名委员“薄波”；如是同一人无需导入，如是另一人请填写身份证号以区分"),
    ]


def test_someone_in_the_database_gets_a_new_membership_not_a_new_person(world: World) -> None:
    person = services.person_create(actor=None, check_actor=False, name="王强", id_number=ID_WANG)
    services.membership_create(actor=None, check_actor=False, person=person, committee=world.district)
    plan = _plan(world, [person_row("王强", id_no=ID_WANG, sector="中共")])
    assert plan.problems == [] and plan.rows[0].existing == person
    assert plan.rows[0].status == "已有人员，新增委员身份"

    result = _import(world, xlsx([person_row("王强", id_no=ID_WANG, sector="中共")]))

    assert (result.created_people, result.existing_people) == (0, 1)
    assert Person.objects.filter(id_number=ID_WANG).count() == 1
    assert sorted(m.committee.name for m in person.memberships.all()) == ["长春市宽城区政协", "长春市政协"]


def test_same_id_but_another_name_in_the_database_is_refused(world: World) -> None:
    plan = _plan(world, [person_row("艾莉", id_no="220102198001011234")])
    assert _messages(plan) == [(2, "身份证号", "身份证号与系统中已有人员“艾丽”相同，但姓名不一致，请核对")]


def test_one_bad_row_refuses_the_whole_file(world: World) -> None:
    people_before = Person.objects.count()
    rows = [*good_rows(), person_row("張三")]
    with pytest.raises(importing.ImportProblems) as caught:
        _import(world, xlsx(rows))
    assert [(p.row, p.column) for p in caught.value.problems] == [(7, "姓名")]
    assert Person.objects.count() == people_before
    assert AuditEvent.objects.filter(action="member.import", outcome="failure").count() == 1


def test_a_failure_half_way_rolls_everything_back(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importing.membership_create
    calls = {"n": 0}

    def flaky(**kwargs: Any) -> Membership:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError({"person": "模拟的保存失败。"})
        return real(**kwargs)

    monkeypatch.setattr(importing, "membership_create", flaky)
    people_before, members_before = Person.objects.count(), Membership.objects.count()
    with pytest.raises(importing.ImportProblems) as caught:
        _import(world, xlsx(good_rows()))
    assert [(p.row, p.message) for p in caught.value.problems] == [(4, "模拟的保存失败")]
    assert (Person.objects.count(), Membership.objects.count()) == (people_before, members_before)
    assert not AuditEvent.objects.filter(action="person.create", object_repr="赵敏").exists()


@pytest.mark.parametrize(("data", "filename"), [
    ("姓名,职务\n张伟,委员\n".encode(), "名册.xlsx"),
    (b"\x00\x01garbage" * 100, "名册.xlsx"),
    (b"PK\x03\x04 not really a zip", "名册.xlsx"),
    (xlsx(good_rows()), "名册.xls"),
    ("姓名,职务\n".encode(), "名册.csv"),
], ids=["csv-renamed-xlsx", "garbage", "fake-zip", "real-xlsx-named-xls", "csv"])  # stable ids for xdist
def test_files_that_are_not_xlsx_are_refused_clearly(world: World, data: bytes, filename: str) -> None:
    with pytest.raises(importing.FileRefused) as caught:
        importing.parse_roster(data, filename=filename)
    assert str(caught.value).startswith("文件不是有效的 Excel（.xlsx）文件")


def test_a_zip_that_is_not_a_workbook_is_refused(world: World) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(importing.FileRefused, match="文件不是有效的 Excel"):
        importing.parse_roster(buffer.getvalue(), filename="a.xlsx")


def test_too_many_rows_and_too_big_files_are_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing.SHEET, "max_rows", 3)
    with pytest.raises(importing.FileRefused, match="文件超过 3 行数据"):
        importing.parse_roster(xlsx(good_rows()), filename="a.xlsx")
    monkeypatch.setattr(importing.SHEET, "max_bytes", 1000)
    with pytest.raises(importing.FileRefused, match="文件超过"):
        importing.parse_roster(xlsx(good_rows()), filename="a.xlsx")


def test_an_empty_sheet_is_refused(world: World) -> None:
    with pytest.raises(importing.FileRefused, match="文件是空的"):
        importing.parse_roster(xlsx([], headers=[]), filename="a.xlsx")
    with pytest.raises(importing.FileRefused, match="表头下方没有数据"):
        importing.parse_roster(xlsx([]), filename="a.xlsx")


def test_template_has_headers_help_allowed_values_and_drop_downs(world: World) -> None:
    workbook = load_workbook(io.BytesIO(importing.build_template(world.city)))
    assert workbook.sheetnames == ["名册", "说明"]
    sheet = workbook["名册"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 1
    validations = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert set(validations) == {"B2:B5001", "H2:H5001", "I2:I5001", "J2:J5001"}
    help_values = [c.value for row in workbook["说明"].iter_rows() for c in row if c.value]
    for expected in ("经济界", "教育界", "民盟", "提案委员会", "主席", "王芳"):
        assert expected in help_values
    example = next(row for row in workbook["说明"].iter_rows() if row[0].value == "王芳")
    assert example[0].font.italic and isinstance(example[3].value, datetime.datetime)


def test_template_filled_in_imports_and_its_example_row_is_ignored(world: World) -> None:
    workbook = load_workbook(io.BytesIO(importing.build_template(world.city)))
    sheet = workbook["名册"]
    example = next(row for row in workbook["说明"].iter_rows(values_only=True) if row[0] == "王芳")
    sheet.append(list(example))
    for row in good_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(world, buffer.getvalue())
    assert result.total == 5 and not Person.objects.filter(name="王芳").exists()
