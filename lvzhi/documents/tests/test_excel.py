"""The shared Excel writer: header, widths for Chinese text, text kept as text, the download header."""
from __future__ import annotations

import datetime
import io
from typing import cast

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.documents.excel import content_disposition, display_width, workbook_bytes, workbook_response


def test_workbook_layout() -> None:
    data = workbook_bytes("委员名册", ["姓名", "身份证号", "日期"],
                          [["张三", "220102198001011234", datetime.date(2020, 1, 2)], ["李四", "", None]])
    sheet = cast(Worksheet, load_workbook(io.BytesIO(data)).active)
    assert sheet.title == "委员名册"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["B2"].value == "220102198001011234"  # an ID number stays text, not 2.2E+17
    assert sheet.column_dimensions["B"].width >= 18
    assert sheet.max_row == 3


def test_formula_like_text_and_control_characters_stay_harmless() -> None:
    data = workbook_bytes("a/b:c*d?[e]", ["单位"], [["=HYPERLINK(\"x\")"], ["长春\x07市"]])
    sheet = cast(Worksheet, load_workbook(io.BytesIO(data)).active)
    assert sheet.title == "abcde"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=HYPERLINK(\"x\")"
    assert sheet["A3"].value == "长春市"


def test_display_width_counts_chinese_twice() -> None:
    assert display_width("张三") == 4 and display_width("ab") == 2 and display_width(None) == 0


def test_content_disposition_rfc5987() -> None:
    header = content_disposition("长春市政协委员名册-20250101.xlsx")
    assert header.startswith('attachment; filename="20250101.xlsx"; ')
    assert "filename*=UTF-8''%E9%95%BF%E6%98%A5" in header
    assert content_disposition("名册.xlsx").startswith('attachment; filename="download.xlsx"')


def test_workbook_response() -> None:
    response = workbook_response("名册.xlsx", "名册", ["姓名"], [["张三"]])
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response["Cache-Control"] == "no-store"
    assert cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)["A2"].value == "张三"
