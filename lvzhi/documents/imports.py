"""The Excel import toolkit every import shares: declared columns, reading a sheet, cell parsers, problems named by
row and column, the preview a screen shows, and the upload kept between the preview and the confirmation.

A line declares its sheet (`ImportSheet` with its `Column`s), checks each row with `RowCheck` and the parsers
here, turns its plan into a `Preview` for `templates/documents/import_preview.html`, and keeps uploads in an
`ImportUploads`. What the rows mean (people, proposals, scores) stays in the line.
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from lvzhi.documents.excel import XLSX_CONTENT_TYPE
from lvzhi.documents.uploads import UploadExpired as StoreExpired
from lvzhi.documents.uploads import UploadMissing, UploadStore, UploadTaken
from lvzhi.text.chinese import normalise, to_simplified

__all__ = ["XLSX_CONTENT_TYPE"]  # re-exported: the screens serve their templates with it

NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件"
# A few MB of .xlsx is a zip; refuse archives that would inflate to something absurd (a zip bomb).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
IGNORED_HEADERS = frozenset({"序号", "编号", "备注"})
LIST_SPLIT_RE = re.compile(r"[、,，;；/]+")
_DATE_RES = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME_SUFFIX_RE = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')

T = TypeVar("T")


# --- Problems and refusals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str  # the column's label (姓名), or "C 列" for a header that is not one
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    @property
    def where(self) -> str:
        """第 3 行 姓名, or 文件 for the file as a whole (the API's error key)."""
        return f"{f'第 {self.row} 行' if self.row else '文件'} {self.column}".strip()


class FileRefused(Exception):
    """The upload is not something we can read at all (not .xlsx, too big, empty): no row list to show."""


class FileTooLarge(FileRefused):
    pass


class ImportProblems(Exception):
    """The rows do not pass the checks; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"文件有 {len(problems)} 处问题，未导入任何数据。")
        self.problems = problems


def problem_errors(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Problems in the API's error shape: by "第 N 行 列名" (or "文件"), each with its messages."""
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.where, []).append(p.message)
    return errors


def sort_problems(problems: list[Problem], columns: Iterable[Column]) -> None:
    """By row, then in the sheet's column order (the file's own problems first)."""
    order = {c.label: i for i, c in enumerate(columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 99)))


# --- Columns and the sheet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header in the template, and the column named in messages
    required: bool = False
    max_length: int = 100
    aliases: tuple[str, ...] = ()  # other headers people write for it (身份证号码 for 身份证号)
    compact: bool = False  # spaces mean nothing here (ID numbers, phones, dates, choices): drop them all
    multiline: bool = False  # keep line breaks (a proposal's text)
    digits: bool = False  # a number Excel may have stored as a float: warn that digits are lost (ID numbers)


def header_text(value: Any) -> str:
    """A header cell as the key it is matched by: no spaces, no * or （必填）, full-width folded, Simplified."""
    text = re.sub(r"\s+", "", normalise(str(value))) if value is not None else ""
    return to_simplified(text.rstrip("*").replace("（必填）", "").replace("(必填)", ""))


def cell_text(column: Column, value: Any) -> tuple[str, str]:
    """A cell as the text the checks read (numbers and dates as Excel stores them), and a problem message or ""."""
    if value is None:
        return "", ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), ""
    if isinstance(value, datetime.date):
        return value.isoformat(), ""
    if isinstance(value, bool):
        return ("是" if value else "否"), ""
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, float):
        if column.digits and value >= 1e15:
            # 18 digits do not fit in a double: Excel has already dropped the last ones.
            return format(value, ".0f"), (f"{column.label}被存成了数字，末几位已丢失；"
                                          "请把该列设为“文本”格式后重新录入")
        return (str(int(value)) if value.is_integer() else repr(value)), ""
    text = normalise(str(value))
    if column.compact:
        return re.sub(r"\s+", "", text), ""
    if column.multiline:
        return re.sub(r"[ \t]+", " ", text).strip(), ""
    return re.sub(r"\s+", " ", text).strip(), ""


@dataclass
class ParsedSheet:
    rows: list[dict[str, Any]]  # {"row": 5, "values": {"name": "...", ...}}, every value a string
    problems: list[Problem]
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"row": 3, "reason": "模板中的示例行"}


@dataclass
class ImportSheet:
    """One import's spreadsheet: its sheet, columns and limits. Not frozen, so a test may lower a limit."""

    name: str  # the worksheet read when present; otherwise the first
    columns: tuple[Column, ...]
    noun: str  # what a row is, in messages: 委员, 提案
    max_rows: int
    max_bytes: int
    header_search: int = 5  # a title row or two above the header is tolerated
    ignored_headers: frozenset[str] = IGNORED_HEADERS
    skip: Callable[[dict[str, str]], str] | None = None  # a reason to skip a row (the template's example), or ""

    @property
    def labels(self) -> dict[str, str]:
        return {c.key: c.label for c in self.columns}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header_keys(self) -> dict[str, str]:
        return {header_text(name): c.key for c in self.columns for name in (c.label, *c.aliases)}

    def size_refusal(self, size: int | None) -> None:
        if (size or 0) > self.max_bytes:
            raise FileTooLarge(f"文件超过 {self.max_bytes // (1024 * 1024)} MB，请删去图片等多余内容或分批导入。")

    def read(self, data: bytes | IO[bytes], *, filename: str = "") -> ParsedSheet:
        """Read the named sheet (or the first) of an .xlsx; FileRefused, saying what to do, when it cannot be."""
        workbook = open_xlsx(data, filename=filename, max_bytes=self.max_bytes)
        try:
            sheet = workbook[self.name] if self.name in workbook.sheetnames else workbook.worksheets[0]
            return self._read_rows(sheet.iter_rows(values_only=True), merged_ranges(sheet))
        except FileRefused:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged part
            raise FileRefused(f"{NOT_XLSX}：文件内容已损坏，无法读取。") from exc
        finally:
            workbook.close()

    def _looks_like_header(self, row: tuple[Any, ...], keys: Mapping[str, str]) -> bool:
        return sum(1 for v in row if header_text(v) in keys) >= min(2, len(self.columns))

    def _map_headers(self, header: tuple[Any, ...], row_no: int) -> tuple[dict[int, Column], list[Problem]]:
        keys = self.header_keys()
        ignored = {header_text(h) for h in self.ignored_headers}
        mapping: dict[int, Column] = {}
        problems: list[Problem] = []
        for index, value in enumerate(header):
            text = header_text(value)
            if not text or text in ignored:
                continue
            key = keys.get(text)
            letter = get_column_letter(index + 1)
            if key is None:
                problems.append(Problem(row_no, f"{letter} 列", f"无法识别的列“{text}”，请使用模板中的列名"))
            elif any(c.key == key for c in mapping.values()):
                problems.append(Problem(row_no, f"{letter} 列", f"“{self.labels[key]}”列重复出现"))
            else:
                mapping[index] = self.column(key)
        found = {c.key for c in mapping.values()}
        problems.extend(Problem(row_no, c.label, f"缺少必填列“{c.label}”")
                        for c in self.columns if c.required and c.key not in found)
        return mapping, problems

    def _read_rows(self, rows: Iterator[tuple[Any, ...]], merged: list[tuple[int, int, int, int]]) -> ParsedSheet:
        keys = self.header_keys()
        buffered: list[tuple[Any, ...]] = []
        for row in rows:
            buffered.append(row)
            if self._looks_like_header(row, keys) or len(buffered) >= self.header_search:
                break
        if not any(any(v not in (None, "") for v in r) for r in buffered):
            raise FileRefused("文件是空的：第一个工作表中没有表头和数据。请使用导入模板。")
        header_index = next((i for i, r in enumerate(buffered) if self._looks_like_header(r, keys)), 0)
        header_row_no = header_index + 1
        mapping, problems = self._map_headers(buffered[header_index], header_row_no)
        if problems:
            return ParsedSheet(rows=[], problems=problems)
        problems.extend(_merge_problems(merged, header_row_no))

        parsed: list[dict[str, Any]] = []
        skipped: list[dict[str, Any]] = []
        count = 0
        for row_no, row in enumerate(_chain(buffered[header_index + 1:], rows), start=header_row_no + 1):
            values: dict[str, str] = {}
            for index, column in mapping.items():
                text, message = cell_text(column, row[index] if index < len(row) else None)
                values[column.key] = text
                if message:
                    problems.append(Problem(row_no, column.label, message))
            if not any(values.values()):
                continue
            count += 1
            if count > self.max_rows:
                raise FileRefused(f"文件超过 {self.max_rows} 行数据，请分批导入。")
            reason = self.skip(values) if self.skip is not None else ""
            if reason:
                skipped.append({"row": row_no, "reason": reason})
                continue
            parsed.append({"row": row_no, "values": values})
        if not parsed and not problems:
            raise FileRefused(f"文件中没有可导入的{self.noun}：表头下方没有数据。")
        return ParsedSheet(rows=parsed, problems=problems, skipped=skipped)


def _chain(first: Iterable[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield from first
    yield from rest


def open_xlsx(data: bytes | IO[bytes], *, filename: str = "", max_bytes: int) -> Any:
    """An uploaded .xlsx opened read-only; FileRefused (with what to do) when it is not one or too large."""
    if filename and not filename.lower().endswith(".xlsx"):
        if filename.lower().endswith((".xls", ".et", ".csv", ".wps")):
            raise FileRefused(f"{NOT_XLSX}：请在 Excel 或 WPS 中“另存为” .xlsx 格式后再上传。")
        raise FileRefused(f"{NOT_XLSX}：只接受 .xlsx 文件。")
    raw = data if isinstance(data, bytes) else data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise FileTooLarge(f"文件超过 {max_bytes // (1024 * 1024)} MB，请删去图片等多余内容或分批导入。")
    stream = io.BytesIO(raw)
    if not zipfile.is_zipfile(stream):
        raise FileRefused(f"{NOT_XLSX}，请确认文件是用 Excel 或 WPS 保存的 .xlsx 格式。")
    try:
        with zipfile.ZipFile(stream) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileRefused(f"{NOT_XLSX}：解压后内容过大。")
        stream.seek(0)
        return load_workbook(stream, read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileRefused(f"{NOT_XLSX}，请确认文件是用 Excel 或 WPS 保存的 .xlsx 格式。") from exc


def merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged cells as (min_col, min_row, max_col, max_row).

    A read-only sheet does not list them, so its XML part is scanned for <mergeCell ref=...> in chunks.
    """
    archive = getattr(sheet.parent, "_archive", None)
    path = getattr(sheet, "_worksheet_path", None)
    if archive is None or path is None:  # not a read-only sheet: open_xlsx always gives one
        return []
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(path) as part:
        while chunk := part.read(1 << 20):
            text = tail + chunk
            for match in _MERGE_RE.finditer(text):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                if min_col and min_row and max_col and max_row and (min_col, min_row, max_col, max_row) not in found:
                    found.append((min_col, min_row, max_col, max_row))
            tail = text[-200:]
    return found


def _merge_problems(merged: list[tuple[int, int, int, int]], header_row: int) -> list[Problem]:
    """Merged cells below the header: the value sits in the first row only, so the others would lose it."""
    problems: list[Problem] = []
    for min_col, min_row, max_col, max_row in sorted(merged, key=lambda b: (b[1], b[0])):
        if max_row <= header_row:
            continue  # a title over the header, or the header itself
        first, last = get_column_letter(min_col), get_column_letter(max_col)
        columns = f"{first} 列" if first == last else f"{first}–{last} 列"
        rows = f"第 {min_row} 行" if min_row == max_row else f"第 {min_row}–{max_row} 行"
        problems.append(Problem(max(min_row, header_row + 1), columns,
                                f"{rows}、{columns}是合并单元格：请取消合并，并在每一行填写各自的内容"))
    return problems


# --- Reading cells ---------------------------------------------------------------------------------------------


def match_key(text: str) -> str:
    """What names are matched by: no spaces, full-width folded, Simplified (界別 finds 界别)."""
    return to_simplified(re.sub(r"\s+", "", normalise(text)))


def split_list(text: str, pattern: re.Pattern[str] = LIST_SPLIT_RE) -> list[str]:
    return [part.strip() for part in pattern.split(text) if part.strip()]


def few(names: Iterable[str], limit: int = 8) -> str:
    """The allowed values, shortened, for a message."""
    names = list(names)
    if not names:
        return "（尚未设置，请先在基础数据中添加）"
    return "、".join(names[:limit]) + (f" 等 {len(names)} 项" if len(names) > limit else "")


def parse_date(text: str, label: str = "日期") -> datetime.date:
    """1980-01-02, 1980/1/2, 1980.1.2, 1980年1月2日, 19800102 (and Excel dates, read as 1980-01-02)."""
    text = _TIME_SUFFIX_RE.sub("", text)
    for pattern in _DATE_RES:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise ValueError(f"{label}“{text}”不是有效日期") from None
    raise ValueError(f"{label}“{text}”无法识别，请写成 1980-01-02 的形式或设为日期格式")


def parse_year(text: str, label: str, *, first: int, last: int) -> int:
    """2023, 2023年, or a date typed in the cell (its year)."""
    match = re.fullmatch(r"(\d{4})(?:年度?|-\d{2}-\d{2})?", text)
    year = int(match.group(1)) if match else None
    if year is None or not first <= year <= last:
        raise ValueError(f"{label}“{text}”无效，应为 {first}–{last} 之间的四位年份")
    return year


def parse_int(text: str, label: str, *, minimum: int = 0, maximum: int = 999999) -> int:
    if not re.fullmatch(r"-?\d{1,9}", text) or not minimum <= int(text) <= maximum:
        raise ValueError(f"{label}应为不小于 {minimum} 的整数" if maximum >= 999999
                         else f"{label}应为 {minimum}–{maximum} 之间的整数")
    return int(text)


def parse_choice(text: str, choices: Mapping[str, T], label: str, *, hint: str = "") -> T:
    """One of `choices` (label → value), matched without spaces and in Simplified characters."""
    if text in choices:
        return choices[text]
    wanted = match_key(text)
    for name, value in choices.items():
        if match_key(name) == wanted:
            return value
    raise ValueError(f"{label}“{text}”无效，{hint or '只能是' + few(choices) + '之一'}")


class Choices:
    """Name → object for one configuration list (sectors, units ...), tolerant of spaces and Traditional
    characters; `aliases` maps other names (full party names) to a name in the list."""

    def __init__(self, items: Iterable[Any], aliases: Mapping[str, str] | None = None,
                 name: Callable[[Any], str] = lambda item: str(item.name)) -> None:
        self.items = list(items)
        self.name = name
        self.by_key: dict[str, Any] = {}
        for item in self.items:
            self.by_key.setdefault(match_key(name(item)), item)
        for alias, target in (aliases or {}).items():
            if match_key(target) in self.by_key:
                self.by_key.setdefault(match_key(alias), self.by_key[match_key(target)])

    def find(self, text: str) -> Any | None:
        return self.by_key.get(match_key(text))

    def names(self) -> list[str]:
        return [self.name(i) for i in self.items]


class RowCheck:
    """One row's values (required and too-long cells already reported) and its problems."""

    def __init__(self, raw: dict[str, Any], columns: Iterable[Column], *, optional: Iterable[str] = ()) -> None:
        self.row: int = raw["row"]
        self.columns = {c.key: c for c in columns}
        self.values: dict[str, str] = {k: str(raw["values"].get(k) or "").strip() for k in self.columns}
        self.problems: list[Problem] = []
        not_required = set(optional)
        for column in self.columns.values():
            value = self.values[column.key]
            if column.required and not value and column.key not in not_required:
                self.bad(column.key, f"{column.label}不能为空")
            elif len(value) > column.max_length:
                self.bad(column.key, f"{column.label}过长：不能超过 {column.max_length} 字（现有 {len(value)} 字）")
                self.values[column.key] = ""

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def bad(self, key: str, message: str) -> None:
        """A problem in this row, in the column `key` (or a label, for a column outside the sheet)."""
        column = self.columns.get(key)
        self.problems.append(Problem(self.row, column.label if column else key, message))

    def parse(self, key: str, parser: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """parser(value, *args) for a filled-in cell; its ValueError becomes this cell's problem."""
        if not self.values[key]:
            return None
        try:
            return parser(self.values[key], *args, **kwargs)
        except ValueError as exc:
            self.bad(key, str(exc))
            return None


# --- The preview -----------------------------------------------------------------------------------------------


CREATE, UPDATE, SKIP = "create", "update", "skip"


@dataclass(frozen=True)
class PreviewColumn:
    label: str
    wide: bool = False  # long text that wraps (a workplace, a title)


@dataclass
class PreviewRow:
    row: int
    cells: list[str]
    action: str = CREATE  # create, update (adds to something that exists) or skip
    note: str = ""  # what the action means for this row: 新建, 已有人员，新增委员身份, 模板中的示例行


@dataclass
class Preview:
    """What the preview screen and the API show: the rows and what will happen to each, or the problems."""

    columns: list[PreviewColumn]
    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""  # said after the count: "，其中新建人员 3 人，…"
    note_label: str = ""  # the heading of the column saying what happens to each row; none when empty

    @property
    def ok(self) -> bool:
        return not self.problems and any(r.action != SKIP for r in self.rows)

    @property
    def taken(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action != SKIP]

    @property
    def skipped(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action == SKIP]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def table(self) -> list[tuple[PreviewRow, list[tuple[PreviewColumn, str]]]]:
        """Each row with its cells beside their columns, for the template."""
        return [(r, list(zip(self.columns, r.cells, strict=False))) for r in self.rows]


@dataclass(frozen=True)
class ImportScreen:
    """The words and links of one import's preview page (documents/import_preview.html)."""

    heading: str  # 导入委员名册
    target: str  # 长春市政协 第十五届
    unit: str  # what the count counts: 人, 件提案 ("共 3 件提案")
    upload_url: str  # where to upload another file
    confirm_url: str
    list_url: str  # where the imported records are listed
    list_label: str  # 查看名册


# --- Keeping an upload between the preview and the confirmation ------------------------------------------------


class UploadGone(Exception):
    """No such upload for this user, or someone else's (we do not say which), or it has expired."""


class UploadExpired(UploadGone):
    pass


class AlreadyImported(Exception):
    pass


GONE = "未找到该导入文件，或已过期，请重新上传。"


@dataclass
class StoredUpload:
    token: str
    state: str  # "pending", "working" (being imported), "done"
    user_id: int
    committee_id: int
    filename: str
    created_at: float
    rows: list[dict[str, Any]]
    problems: list[Problem]
    skipped: list[dict[str, Any]] = field(default_factory=list)
    imported: int = 0
    imported_at: float | None = None

    @property
    def imported_time(self) -> datetime.datetime | None:
        return datetime.datetime.fromtimestamp(self.imported_at, tz=datetime.UTC) if self.imported_at else None


class ImportUploads:
    """One import's uploads: the parsed rows kept for the user who sent them, expiring after `pending_ttl`
    seconds; confirmed once (an atomic rename claims the file), after which only a note without the rows stays
    to answer a repeated confirmation. The screen and the API share them."""

    def __init__(self, prefix: str, *, unit: str, pending_ttl: float = 3600, done_ttl: float = 24 * 3600) -> None:
        self.store = UploadStore(prefix, pending_ttl=pending_ttl, done_ttl=done_ttl)
        self.unit = unit  # 人, 件: "该文件已导入（3 件）"

    def save(self, *, user: Any, committee: Any, filename: str, parsed: ParsedSheet) -> str:
        """Keep the parsed rows and the file's problems for `user`; the token names them."""
        return self.store.save(user=user, committee=committee, filename=filename, rows=parsed.rows,
                               problems=[p.as_dict() for p in parsed.problems], skipped=parsed.skipped)

    def load(self, token: str, user: Any) -> StoredUpload:
        """The upload behind `token`, only for the user who made it; an expired one is removed."""
        try:
            stored = self.store.load(token, user)
        except UploadMissing:
            raise UploadGone(GONE) from None
        except StoreExpired:
            raise UploadExpired(f"上传已超过 {round(self.store.pending_ttl / 3600) or 1} 小时，请重新上传文件。") from None
        return StoredUpload(
            token=token, state=stored.state, user_id=stored.user_id, committee_id=stored.committee_id,
            filename=stored.filename, created_at=stored.created_at, rows=stored.rows,
            problems=[Problem(**p) for p in stored.problems], skipped=stored.data.get("skipped", []),
            imported=stored.imported, imported_at=stored.imported_at,
        )

    def _refuse_again(self, upload: StoredUpload) -> AlreadyImported:
        if upload.state == "done":
            return AlreadyImported(f"该文件已导入（{upload.imported} {self.unit}），请勿重复提交。")
        return AlreadyImported("该文件正在导入，请勿重复提交。")

    def confirm(self, upload: StoredUpload, user: Any, commit: Callable[[list[dict[str, Any]], str], T],
                count: Callable[[T], int]) -> T:
        """Run `commit(rows, filename)` once for a pending upload without problems; a failure gives it back."""
        if upload.state != "pending":
            raise self._refuse_again(upload)
        if upload.problems:
            raise ImportProblems(upload.problems)
        try:
            self.store.claim(upload.token)
        except UploadTaken:
            try:
                again = self.load(upload.token, user)
            except UploadGone:
                raise AlreadyImported("该文件已导入，请勿重复提交。") from None
            raise self._refuse_again(again) from None
        try:
            result = commit(upload.rows, upload.filename)
        except BaseException:
            self.store.release(upload.token)  # not imported: the problems can be shown, and it may be retried
            raise
        self.store.finish(upload.token, count(result))
        return result
