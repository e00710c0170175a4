"""Helpers for the roster-import tests: workbooks built in memory with openpyxl, valid ID numbers."""
from __future__ import annotations

import io
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

HEADERS = ["姓名*", "性别", "民族", "出生日期", "身份证号", "手机号", "工作单位及职务", "职务*", "界别", "党派",
           "专门委员会", "活动小组", "同笔画排序"]


def id_number(region_and_birth: str, sequence: str) -> str:
    """A valid 18-digit ID number: 6 region digits + 8 birth digits + 3 sequence digits + check digit."""
    body = region_and_birth + sequence
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def xlsx(rows: list[list[Any]], headers: list[str] | None = None, sheet: str = "名册") -> bytes:
    workbook = Workbook()
    ws = cast(Worksheet, workbook.active)
    ws.title = sheet
    ws.append(HEADERS if headers is None else headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_row(name: str, *, gender: str = "", birth: Any = "", id_no: str | float = "", phone: str = "", role: str = "委员",
               sector: str = "", party: str = "", special: str = "", group: str = "", workplace: str = "",
               order: Any = "") -> list[Any]:
    return [name, gender, "汉族", birth, id_no, phone, workplace, role, sector, party, special, group, order]


# Five people, with surnames of 2, 4, 7, 7 and 9 strokes (丁, 王, 李, 杜, 赵).
ID_WANG = id_number("22010219700305", "123")  # odd sequence digit: male
ID_LI = id_number("22010219820714", "246")  # even: female


def good_rows() -> list[list[Any]]:
    return [
        person_row("赵敏", gender="女", birth="1985-06-01", sector="经济界", party="民革", special="经济委员会"),
        person_row("王强", id_no=ID_WANG, phone="13900001111", sector="中共", party="中共",
                   special="提案委员会、经济委员会", workplace="长春市某局局长", role="常委"),
        person_row("李娜", gender="女", birth="1982/7/14", id_no=ID_LI, sector="教育界", party="无党派"),
        person_row("丁一", gender="男", birth="1990年1月2日", sector="教育界"),
        person_row("杜甫", gender="男", birth="19750203", party="民盟"),
    ]
