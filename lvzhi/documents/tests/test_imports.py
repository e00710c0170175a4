"""The Excel import toolkit: malformed spreadsheets get a clear Chinese message naming the row and column."""
from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from lvzhi.documents.imports import (
    Column,
    FileRefused,
    FileTooLarge,
    ImportSheet,
    Preview,
    PreviewColumn,
    PreviewRow,
    RowCheck,
    parse_choice,
    parse_date,
    parse_int,
    parse_year,
)

SHEET = ImportSheet(name="表", columns=(
    Column("name", "姓名", required=True, max_length=4),
    Column("day", "日期", aliases=("日子",), compact=True),
    Column("count", "次数", compact=True),
), noun="记录", max_rows=3, max_bytes=100_000)


def _xlsx(rows: list[list[Any]], merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_headers_in_traditional_characters_and_aliases_are_recognised() -> None:
    parsed = SHEET.read(_xlsx([["姓 名*", "日子", "次數"], ["张伟", datetime.date(2024, 3, 1), 2]]), filename="a.xlsx")
    assert parsed.problems == []
    assert parsed.rows == [{"row": 2, "values": {"name": "张伟", "day": "2024-03-01", "count": "2"}}]


def test_wrong_and_missing_headers_are_named_by_column() -> None:
    parsed = SHEET.read(_xlsx([["名字", "日期", "日期"], ["张伟", "", ""]]), filename="a.xlsx")
    assert [(p.row, p.column, p.message) for p in parsed.problems] == [
        (1, "A 列", "无法识别的列“名字”，请使用模板中的列名"),
        (1, "C 列", "“日期”列重复出现"),
        (1, "姓名", "缺少必填列“姓名”"),
    ]


def test_merged_cells_below_the_header_are_a_problem_and_a_merged_title_is_not() -> None:
    data = _xlsx([["某某名册", None, None], ["姓名", "日期", "次数"], ["张伟", "2024-01-01", 1],
                  ["李娜", None, None]], merge="B3:B4")
    parsed = SHEET.read(data, filename="a.xlsx")
    assert [(p.row, p.column, p.message) for p in parsed.problems] == [
        (3, "B 列", "第 3–4 行、B 列是合并单元格：请取消合并，并在每一行填写各自的内容"),
    ]
    titled = _xlsx([["某某名册", None, None], ["姓名", "日期", "次数"], ["张伟", "", ""]], merge="A1:C1")
    assert SHEET.read(titled, filename="a.xlsx").problems == []


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"name\n", "a.csv", "文件不是有效的 Excel（.xlsx）文件：请在 Excel 或 WPS 中“另存为” .xlsx 格式后再上传。"),
    (b"garbage" * 10, "a.xlsx", "文件不是有效的 Excel（.xlsx）文件，请确认文件是用 Excel 或 WPS 保存的 .xlsx 格式。"),
    (_xlsx([]), "a.xlsx", "文件是空的：第一个工作表中没有表头和数据。请使用导入模板。"),
    (_xlsx([["姓名"]]), "a.xlsx", "文件中没有可导入的记录：表头下方没有数据。"),
    (_xlsx([["姓名"], ["甲"], ["乙"], ["丙"], ["丁"]]), "a.xlsx", "文件超过 3 行数据，请分批导入。"),
], ids=["csv", "garbage", "empty", "header-only", "too-many-rows"])
def test_files_that_cannot_be_read_are_refused_with_what_to_do(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(FileRefused) as caught:
        SHEET.read(data, filename=filename)
    assert str(caught.value) == message


def test_too_large_files_are_refused() -> None:
    with pytest.raises(FileTooLarge, match="文件超过 0 MB"):
        SHEET.size_refusal(100_001)


def test_row_check_names_the_row_and_column_of_each_problem() -> None:
    check = RowCheck({"row": 7, "values": {"name": "欧阳长名字", "day": "2024-02-30", "count": "三"}}, SHEET.columns)
    check.parse("day", parse_date, "日期")
    check.parse("count", parse_int, "次数")
    assert [(p.row, p.column, p.message) for p in check.problems] == [
        (7, "姓名", "姓名过长：不能超过 4 字（现有 5 字）"),
        (7, "日期", "日期“2024-02-30”不是有效日期"),
        (7, "次数", "次数应为不小于 0 的整数"),
    ]
    empty = RowCheck({"row": 8, "values": {}}, SHEET.columns)
    assert [(p.column, p.message) for p in empty.problems] == [("姓名", "姓名不能为空")]


def test_parsers() -> None:
    assert parse_date("1980年1月2日") == parse_date("19800102") == datetime.date(1980, 1, 2)
    assert parse_year("2023-07-01", "年度", first=1949, last=2025) == 2023
    with pytest.raises(ValueError, match="年度“1890”无效，应为 1949–2025 之间的四位年份"):
        parse_year("1890", "年度", first=1949, last=2025)
    assert parse_choice("已辦結", {"已办结": "closed"}, "状态") == "closed"  # Traditional characters
    with pytest.raises(ValueError, match="状态“完成”无效，只能是已办结、立案之一"):
        parse_choice("完成", {"已办结": "closed", "立案": "filed"}, "状态")


def test_preview_counts_what_will_happen_to_each_row() -> None:
    preview = Preview(columns=[PreviewColumn("姓名")], rows=[
        PreviewRow(2, ["张伟"]), PreviewRow(3, ["李娜"], action="update"), PreviewRow(4, [], action="skip")])
    assert preview.ok and len(preview.taken) == 2 and len(preview.skipped) == 1
    assert (preview.count("create"), preview.count("update"), preview.count("skip")) == (1, 1, 1)
    assert not Preview(columns=[], rows=[PreviewRow(4, [], action="skip")]).ok
