"""Writing one-sheet Excel workbooks (bold frozen header, widths that fit Chinese text) and serving them."""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, cast
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH = 6
MAX_WIDTH = 60
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def display_width(value: Any) -> int:
    """Columns a value takes on screen: wide (CJK) characters count twice."""
    if value is None:
        return 0
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in longest)


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def safe_sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return (_SHEET_TITLE_BAD.sub("", title).strip() or "Sheet1")[:31]


def build_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Workbook:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = safe_sheet_title(title)
    _fill(sheet, headers, rows)
    return workbook


def _fill(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    widths = [display_width(h) for h in headers]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        values = [_cell_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if index < len(widths):
                widths[index] = max(widths[index], display_width(value))
    # Text that looks like a formula (a workplace "=..." typed by someone) must stay text.
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"


def workbook_sheets_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of several sheets (title, headers, rows), each laid out as `build_workbook` lays out its one;
    titles made safe and, where two come out the same, numbered."""
    workbook = Workbook()
    workbook.remove(cast(Worksheet, workbook.active))
    used: set[str] = set()
    for title, headers, rows in sheets or [("Sheet1", [], [])]:
        name, n = safe_sheet_title(title), 1
        while name.lower() in used:
            n += 1
            name = f"{safe_sheet_title(title)[:31 - len(str(n)) - 1]}-{n}"
        used.add(name.lower())
        _fill(workbook.create_sheet(name), headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.BytesIO()
    build_workbook(title, headers, rows).save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the real (Chinese) name per RFC 5987."""
    stem, dot, ext = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = "".join(c for c in stem if c.isascii() and c.isprintable() and c not in '"\\;').strip(" .-_")
    ascii_name = (ascii_stem or "download") + dot + ext
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def workbook_response(filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheet_title, headers, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    # Rosters carry personal data: no copies in shared caches or the browser cache.
    response["Cache-Control"] = "no-store"
    return response
