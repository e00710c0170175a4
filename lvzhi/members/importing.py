"""The roster import (名册导入): read an .xlsx, check every row, keep it for the preview, then import all or nothing."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.models import Outcome
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import ActivityGroup, Committee, Party, Sector, SpecialCommittee, Term
from lvzhi.documents.uploads import UploadExpired as StoreExpired
from lvzhi.documents.uploads import UploadMissing, UploadStore, UploadTaken
from lvzhi.members.models import Gender, MemberRole, Membership, Person
from lvzhi.members.services import clean_person_fields, id_number_problem, membership_create, person_create
from lvzhi.text.chinese import normalise, to_simplified

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A 5 MB .xlsx is a zip; refuse archives that would inflate to something absurd (a zip bomb).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
UPLOAD_TTL_SECONDS = 3600
DONE_TTL_SECONDS = 24 * 3600
SHEET_NAME = "名册"
HELP_SHEET_NAME = "说明"
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    max_length: int = 100
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", required=True, max_length=40),
    Column("gender", "性别", max_length=4),
    Column("ethnicity", "民族", max_length=20),
    Column("birth_date", "出生日期", max_length=30, aliases=("出生年月日",)),
    Column("id_number", "身份证号", max_length=30, aliases=("身份证号码", "公民身份号码")),
    Column("phone", "手机号", max_length=20, aliases=("手机号码", "手机")),
    Column("workplace", "工作单位及职务", max_length=200, aliases=("工作单位",)),
    Column("role", "职务", required=True, max_length=10, aliases=("政协职务",)),
    Column("sector", "界别"),
    Column("party", "党派"),
    Column("special_committees", "专门委员会", max_length=500, aliases=("专委会",)),
    Column("activity_group", "活动小组", aliases=("委员活动小组",)),
    Column("manual_order", "同笔画排序", max_length=10),
)
LABELS = {c.key: c.label for c in COLUMNS}
# Columns people often keep in their own rosters; they carry nothing to import.
IGNORED_HEADERS = frozenset({"序号", "编号", "备注"})
_HEADER_KEYS = {name: c.key for c in COLUMNS for name in (c.label, *c.aliases)}

ROLE_BY_LABEL = {label: value for value, label in MemberRole.choices} | {"常务委员": MemberRole.STANDING}
GENDER_BY_LABEL = {"男": Gender.MALE, "女": Gender.FEMALE}
# Full names of the parties as written in official rosters, to the short names of the configured list.
PARTY_ALIASES = {
    "中国共产党": "中共", "中共党员": "中共", "中国国民党革命委员会": "民革", "中国民主同盟": "民盟",
    "中国民主建国会": "民建", "中国民主促进会": "民进", "中国农工民主党": "农工党", "农工": "农工党",
    "中国致公党": "致公党", "九三": "九三学社", "台湾民主自治同盟": "台盟", "无党派人士": "无党派",
}
# The example on the 说明 sheet; a row copied from it into 名册 is recognised and skipped.
EXAMPLE = {
    "name": "王芳", "gender": "女", "ethnicity": "汉族", "birth_date": "1949-12-31", "id_number": "11010519491231002X",
    "phone": "13800000000", "workplace": "某某大学教授", "role": "委员", "manual_order": "",
}

_SPLIT_RE = re.compile(r"[、,，;；/]+")
_DATE_RES = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_TIME_SUFFIX_RE = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class FileRefused(Exception):
    """The upload is not something we can read at all (not .xlsx, too big, empty): no row list to show."""


class ImportProblems(Exception):
    """The rows do not pass the checks; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"文件有 {len(problems)} 处问题，未导入任何数据。")
        self.problems = problems


class UploadNotFound(Exception):
    """No such upload for this user (or it is someone else's: we do not say which)."""


class UploadExpired(UploadNotFound):
    pass


class AlreadyImported(Exception):
    pass


@dataclass
class ParsedRoster:
    rows: list[dict[str, Any]]  # {"row": 5, "values": {"name": "...", ...}} with every value a string
    problems: list[Problem]


@dataclass
class PlannedRow:
    row: int
    person: dict[str, Any]
    membership: dict[str, Any]
    existing: Person | None = None

    @property
    def name(self) -> str:
        return str(self.person.get("name", ""))

    @property
    def gender_label(self) -> str:
        return Gender(self.person["gender"]).label if self.person.get("gender") else ""

    @property
    def role_label(self) -> str:
        return MemberRole(self.membership["role"]).label

    @property
    def special_names(self) -> str:
        return "、".join(sc.name for sc in self.membership.get("special_committees", []))

    @property
    def status(self) -> str:
        return "已有人员，新增委员身份" if self.existing else "新建"


@dataclass
class ImportPlan:
    committee: Committee
    term: Term | None
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if r.existing is None)

    @property
    def existing_count(self) -> int:
        return sum(1 for r in self.rows if r.existing is not None)


@dataclass(frozen=True)
class ImportResult:
    total: int
    created_people: int
    existing_people: int


# --- Reading the file -------------------------------------------------------------------------------------------


def _header_text(value: Any) -> str:
    text = normalise(str(value)) if value is not None else ""
    text = re.sub(r"\s+", "", text)
    return text.rstrip("*").replace("（必填）", "").replace("(必填)", "")


def _looks_like_header(row: tuple[Any, ...]) -> bool:
    return sum(1 for v in row if _header_text(v) in _HEADER_KEYS) >= 2


def _map_headers(header: tuple[Any, ...], row_no: int) -> tuple[dict[int, str], list[Problem]]:
    mapping: dict[int, str] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(header):
        text = _header_text(value)
        if not text or text in IGNORED_HEADERS:
            continue
        key = _HEADER_KEYS.get(text)
        letter = get_column_letter(index + 1)
        if key is None:
            problems.append(Problem(row_no, f"{letter} 列", f"无法识别的列“{text}”，请使用模板中的列名"))
        elif key in seen:
            problems.append(Problem(row_no, f"{letter} 列", f"“{LABELS[key]}”列重复出现"))
        else:
            seen[key] = index
            mapping[index] = key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            problems.append(Problem(row_no, column.label, f"缺少必填列“{column.label}”"))
    return mapping, problems


def _cell_text(key: str, value: Any, row_no: int) -> tuple[str, Problem | None]:
    """A cell as the text the checks read; numbers and dates as Excel stores them."""
    if value is None:
        return "", None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), None
    if isinstance(value, datetime.date):
        return value.isoformat(), None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if key == "id_number":
            # 18 digits do not fit in a double: Excel has already dropped the last ones.
            return format(value, ".0f"), Problem(
                row_no, LABELS[key], "身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新录入"
            )
        return (str(int(value)) if value.is_integer() else repr(value)), None
    text = normalise(str(value))
    if key in ("id_number", "phone", "birth_date", "manual_order", "gender", "role"):
        text = re.sub(r"\s+", "", text)
    else:
        text = re.sub(r"\s+", " ", text)
    return text, None


def _is_example(values: dict[str, str]) -> bool:
    return values.get("name") == EXAMPLE["name"] and values.get("id_number", "").upper() == EXAMPLE["id_number"]


def _read_rows(rows: Iterator[tuple[Any, ...]]) -> ParsedRoster:
    buffered: list[tuple[Any, ...]] = []
    for row in rows:
        buffered.append(row)
        if _looks_like_header(row) or len(buffered) >= 5:
            break
    if not any(any(v not in (None, "") for v in r) for r in buffered):
        raise FileRefused("文件是空的：第一个工作表中没有表头和数据。请使用导入模板。")
    header_index = next((i for i, r in enumerate(buffered) if _looks_like_header(r)), 0)
    header_row_no = header_index + 1
    mapping, problems = _map_headers(buffered[header_index], header_row_no)
    if problems:
        return ParsedRoster(rows=[], problems=problems)

    parsed: list[dict[str, Any]] = []
    count = 0
    for row_no, row in enumerate(_chain(buffered[header_index + 1:], rows), start=header_row_no + 1):
        values: dict[str, str] = {}
        for index, key in mapping.items():
            text, problem = _cell_text(key, row[index] if index < len(row) else None, row_no)
            values[key] = text
            if problem:
                problems.append(problem)
        if not any(values.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileRefused(f"文件超过 {MAX_ROWS} 行数据，请分批导入。")
        if _is_example(values):
            continue
        parsed.append({"row": row_no, "values": values})
    if not parsed and not problems:
        raise FileRefused("文件中没有可导入的委员：表头下方没有数据。")
    return ParsedRoster(rows=parsed, problems=problems)


def _chain(first: Iterable[tuple[Any, ...]], rest: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    yield from first
    yield from rest


def open_xlsx(data: bytes | IO[bytes], *, filename: str = "") -> Any:
    """An uploaded .xlsx opened read-only; FileRefused (with what to do) when it is not one or too large.

    Shared by every Excel import (the roster, earlier years' proposals).
    """
    if filename and not filename.lower().endswith(".xlsx"):
        if filename.lower().endswith((".xls", ".et", ".csv", ".wps")):
            raise FileRefused(f"{NOT_XLSX}：请在 Excel 或 WPS 中“另存为” .xlsx 格式后再上传。")
        raise FileRefused(f"{NOT_XLSX}：只接受 .xlsx 文件。")
    raw = data if isinstance(data, bytes) else data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise FileRefused(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请删去图片等多余内容或分批导入。")
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


def parse_roster(data: bytes | IO[bytes], *, filename: str = "") -> ParsedRoster:
    """Read the 名册 sheet (or the first sheet) of an .xlsx; raises FileRefused when it is not one."""
    workbook = open_xlsx(data, filename=filename)
    try:
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        return _read_rows(sheet.iter_rows(values_only=True))
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused(f"{NOT_XLSX}：文件内容已损坏，无法读取。") from exc
    finally:
        workbook.close()


# --- Checking the rows --------------------------------------------------------------------------------------------


def parse_date(text: str) -> datetime.date:
    """1980-01-02, 1980/1/2, 1980.1.2, 1980年1月2日, 19800102 (and Excel dates, stored as 1980-01-02)."""
    text = _TIME_SUFFIX_RE.sub("", text)
    for pattern in _DATE_RES:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise ValueError(f"出生日期“{text}”不是有效日期") from None
    raise ValueError(f"出生日期“{text}”无法识别，请写成 1980-01-02 的形式或设为日期格式")


def _few(names: Iterable[str], limit: int = 8) -> str:
    names = list(names)
    if not names:
        return "（尚未设置，请先在基础数据中添加）"
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 项" if len(names) > limit else "")


class _Choices:
    """Name → object for one configuration list, tolerant of spaces and Traditional characters."""

    def __init__(self, items: Iterable[Any], aliases: dict[str, str] | None = None) -> None:
        self.items = list(items)
        self.by_name: dict[str, Any] = {}
        for item in self.items:
            key = self._key(item.name)
            self.by_name.setdefault(key, item)
            self.by_name.setdefault(to_simplified(key), item)
        for alias, target in (aliases or {}).items():
            if target in self.by_name:
                self.by_name.setdefault(alias, self.by_name[target])

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"\s+", "", normalise(text))

    def find(self, text: str) -> Any | None:
        key = self._key(text)
        return self.by_name.get(key) or self.by_name.get(to_simplified(key))

    def names(self) -> list[str]:
        return [i.name for i in self.items]


def _choices_for(committee: Committee) -> dict[str, _Choices]:
    return {
        "sector": _Choices(Sector.objects.filter(committee=committee, is_active=True)),
        "party": _Choices(Party.objects.filter(is_active=True), PARTY_ALIASES),
        "special_committees": _Choices(SpecialCommittee.objects.filter(committee=committee, is_active=True)),
        "activity_group": _Choices(ActivityGroup.objects.filter(committee=committee, is_active=True)),
    }


def _check_row(raw: dict[str, Any], choices: dict[str, _Choices]) -> tuple[PlannedRow, list[Problem]]:
    row_no: int = raw["row"]
    values: dict[str, str] = {c.key: str(raw["values"].get(c.key) or "") for c in COLUMNS}
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(row_no, LABELS.get(key, ""), message))

    for column in COLUMNS:
        value = values[column.key]
        if column.required and not value:
            bad(column.key, f"{column.label}不能为空")
        elif len(value) > column.max_length:
            bad(column.key, f"{column.label}过长：不能超过 {column.max_length} 字（现有 {len(value)} 字）")
            values[column.key] = ""

    person: dict[str, Any] = {}
    for key in ("name", "ethnicity", "phone", "workplace"):
        if values[key]:
            person[key] = values[key]
    if values["gender"]:
        if values["gender"] in GENDER_BY_LABEL:
            person["gender"] = GENDER_BY_LABEL[values["gender"]]
        else:
            bad("gender", f"性别“{values['gender']}”无效，只能填“男”或“女”")
    if values["birth_date"]:
        try:
            person["birth_date"] = parse_date(values["birth_date"])
        except ValueError as exc:
            bad("birth_date", str(exc))
    id_number = values["id_number"].upper()
    if id_number:
        person["id_number"] = id_number
        if id_number_problem(id_number) is None:
            id_birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            id_gender = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
            if person.get("birth_date") and person["birth_date"] != id_birth:
                bad("birth_date", f"出生日期 {person['birth_date']:%Y-%m-%d} 与身份证号中的 {id_birth:%Y-%m-%d} 不一致")
            elif "birth_date" not in person and not values["birth_date"]:
                person["birth_date"] = id_birth
            if person.get("gender") and person["gender"] != id_gender:
                bad("gender", f"性别“{values['gender']}”与身份证号不一致（身份证号表示{Gender(id_gender).label}）")
            elif "gender" not in person and not values["gender"]:
                person["gender"] = id_gender
    try:
        person = clean_person_fields(person)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            if key == "birth_date" and not values["birth_date"]:
                key = "id_number"  # the date came from the ID number
            bad(key, messages[0].rstrip("。"))

    membership: dict[str, Any] = {"role": MemberRole.MEMBER, "manual_order": 0}
    if values["role"]:
        role = ROLE_BY_LABEL.get(values["role"])
        if role is None:
            bad("role", f"职务“{values['role']}”无效，只能是{_few(MemberRole.labels)}之一")
        else:
            membership["role"] = role
    for key, what in (("sector", "界别"), ("party", "党派"), ("activity_group", "活动小组")):
        if values[key]:
            found = choices[key].find(values[key])
            if found is None:
                scope = "系统" if key == "party" else "本政协"
                bad(key, f"{what}“{values[key]}”不在{scope}的{what}列表中，可选：{_few(choices[key].names())}")
            else:
                membership[key] = found
    if values["special_committees"]:
        found_list: list[SpecialCommittee] = []
        for name in (n.strip() for n in _SPLIT_RE.split(values["special_committees"])):
            if not name:
                continue
            sc = choices["special_committees"].find(name)
            if sc is None:
                bad("special_committees", f"专门委员会“{name}”不存在，可选：{_few(choices['special_committees'].names())}")
            elif sc not in found_list:
                found_list.append(sc)
        membership["special_committees"] = found_list
    if values["manual_order"]:
        if re.fullmatch(r"\d{1,6}", values["manual_order"]):
            membership["manual_order"] = int(values["manual_order"])
        else:
            bad("manual_order", "同笔画排序应为不小于 0 的整数")
    return PlannedRow(row=row_no, person=person, membership=membership), problems


def _check_duplicates(rows: list[PlannedRow]) -> list[Problem]:
    """The same person twice: same ID number, or (without one) same name unless the birth dates tell them apart."""
    problems: list[Problem] = []

    def both(first: PlannedRow, second: PlannedRow, column: str, what: str) -> None:
        problems.append(Problem(first.row, column, f"与第 {second.row} 行{what}（重复人员）"))
        problems.append(Problem(second.row, column, f"与第 {first.row} 行{what}（重复人员）"))

    by_id: dict[str, PlannedRow] = {}
    by_name: dict[str, list[PlannedRow]] = {}
    for row in rows:
        id_number = row.person.get("id_number")
        if id_number:
            first = by_id.setdefault(id_number, row)
            if first is not row:
                both(first, row, "身份证号", "身份证号相同")
            continue
        if not row.name:
            continue
        birth = row.person.get("birth_date")
        for other in by_name.get(row.name, []):
            other_birth = other.person.get("birth_date")
            if birth and other_birth and birth != other_birth:
                continue
            what = "姓名和出生日期相同" if birth and other_birth else "同名，且都没有身份证号、缺少出生日期，无法区分"
            both(other, row, "姓名", what)
            break
        by_name.setdefault(row.name, []).append(row)
    return problems


def _check_existing(rows: list[PlannedRow], term: Term) -> list[Problem]:
    """Attach people already in the database (same ID number); refuse those already in this term."""
    problems: list[Problem] = []
    ids = sorted({r.person["id_number"] for r in rows if r.person.get("id_number")})
    people: dict[str, Person] = {}
    for start in range(0, len(ids), 500):
        people.update({p.id_number: p for p in Person.objects.filter(id_number__in=ids[start:start + 500])})
    in_term = set(
        Membership.objects.filter(term=term, person__in=list(people.values())).values_list("person_id", flat=True)
    ) if people else set()
    term_members: dict[str, list[Person]] = {}
    for m in Membership.objects.filter(term=term).select_related("person"):
        term_members.setdefault(m.person.name, []).append(m.person)
    for row in rows:
        id_number = row.person.get("id_number")
        if id_number and id_number in people:
            person = people[id_number]
            if row.name and person.name != row.name:
                problems.append(Problem(
                    row.row, "身份证号", f"身份证号与系统中已有人员“{person.name}”相同，但姓名不一致，请核对",
                ))
            elif person.pk in in_term:
                problems.append(Problem(row.row, "姓名", f"{person.name}已是本届委员（{term}），无需重复导入"))
            else:
                row.existing = person
        elif not id_number and row.name in term_members:
            birth = row.person.get("birth_date")
            same = [p for p in term_members[row.name] if birth and p.birth_date == birth]
            unsure = [p for p in term_members[row.name] if not birth or p.birth_date is None]
            if same:
                problems.append(Problem(row.row, "姓名", f"{row.name}已是本届委员（{term}），无需重复导入"))
            elif unsure:
                problems.append(Problem(
                    row.row, "姓名", f"本届已有同名委员“{row.name}”；如是同一人无需导入，如是另一人请填写身份证号以区分",
                ))
    return problems


def plan_import(*, committee: Committee, rows: list[dict[str, Any]]) -> ImportPlan:
    """Check every row against the rules and the database; the plan lists all problems, or what will be done."""
    plan = ImportPlan(committee=committee, term=committee.current_term())
    if plan.term is None:
        plan.problems.append(Problem(None, "", "该政协组织没有当前届次，请先在组织机构中设置本届。"))
        return plan
    choices = _choices_for(committee)
    for raw in rows:
        planned, problems = _check_row(raw, choices)
        plan.rows.append(planned)
        plan.problems.extend(problems)
    plan.problems.extend(_check_duplicates(plan.rows))
    plan.problems.extend(_check_existing(plan.rows, plan.term))
    order = {c.label: i for i, c in enumerate(COLUMNS)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 99)))
    return plan


# --- Importing -----------------------------------------------------------------------------------------------------


def _audit_failure(actor: Actor, committee: Committee, detail: str) -> None:
    audit_record(actor=actor, action="member.import", obj=committee, committee_id=committee.pk,
                 outcome=Outcome.FAILURE, detail=detail)


def import_commit(*, actor: Actor, committee: Committee, rows: list[dict[str, Any]], filename: str = "") -> ImportResult:
    """Check again, then create every person and membership in one transaction; any problem rolls all back."""
    require(actor, Cap.MEMBER_IMPORT, committee)
    try:
        with transaction.atomic():
            term = Term.objects.select_for_update().filter(committee=committee, is_current=True).first()
            plan = plan_import(committee=committee, rows=rows)
            if plan.problems or term is None or plan.term is None or term.pk != plan.term.pk:
                raise ImportProblems(plan.problems or [Problem(None, "", "本届届次已变化，请重新上传。")])
            if not plan.rows:
                raise ImportProblems([Problem(None, "", "文件中没有可导入的委员。")])
            for planned in plan.rows:
                try:
                    person = planned.existing or person_create(actor=actor, committee=committee, **planned.person)
                    membership_create(actor=actor, person=person, committee=committee, term=term,
                                      **planned.membership)
                except ValidationError as exc:
                    messages = [m.rstrip("。") for m in exc.messages]
                    raise ImportProblems([Problem(planned.row, "", "；".join(messages))]) from exc
            result = ImportResult(total=len(plan.rows), created_people=plan.new_count,
                                  existing_people=plan.existing_count)
            audit_record(
                actor=actor, action="member.import", obj=committee, committee_id=committee.pk,
                detail=f"导入 {result.total} 人", after={
                    "文件": filename, "届": str(term), "新建人员": result.created_people,
                    "已有人员": result.existing_people,
                },
            )
    except ImportProblems as exc:
        _audit_failure(actor, committee, f"导入未完成：{len(exc.problems)} 处问题")
        raise
    except DatabaseError as exc:
        # Someone changed the roster at the same moment (a unique constraint fired): nothing was kept.
        _audit_failure(actor, committee, f"导入未完成：数据库错误 {type(exc).__name__}")
        raise ImportProblems([Problem(None, "", "保存时发生冲突（可能有人同时修改了名册），未导入任何数据，请重试。")]) from exc
    return result


# --- Keeping an upload between the check and the confirmation --------------------------------------------------------


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
    imported: int = 0
    imported_at: float | None = None

    @property
    def imported_time(self) -> datetime.datetime | None:
        return datetime.datetime.fromtimestamp(self.imported_at, tz=datetime.UTC) if self.imported_at else None


_STORE = UploadStore(pending_ttl=UPLOAD_TTL_SECONDS, done_ttl=DONE_TTL_SECONDS)  # no prefix: the original names


def _upload_dir() -> Path:
    return _STORE.directory()


def _path(token: str, suffix: str) -> Path:
    return _STORE.path(token, suffix)


def upload_save(*, user: Any, committee: Committee, filename: str, parsed: ParsedRoster) -> str:
    _STORE.pending_ttl, _STORE.done_ttl = UPLOAD_TTL_SECONDS, DONE_TTL_SECONDS  # the purge follows the constants
    return _STORE.save(user=user, committee=committee, filename=filename, rows=parsed.rows,
                       problems=[p.as_dict() for p in parsed.problems])


def upload_receive(*, user: Any, committee: Committee, file: IO[bytes], filename: str, size: int | None = None) -> str:
    """Check the uploader's right, read the file and keep it for the preview; returns the token."""
    require(user, Cap.MEMBER_IMPORT, committee)
    if size is not None and size > MAX_BYTES:
        raise FileRefused(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请删去图片等多余内容或分批导入。")
    parsed = parse_roster(file, filename=filename)
    token = upload_save(user=user, committee=committee, filename=filename, parsed=parsed)
    audit_record(actor=user, action="member.import_upload", obj=committee, committee_id=committee.pk,
                 detail=f"上传“{filename[:100]}”：{len(parsed.rows)} 行")
    return token


def upload_get(*, token: str, user: Any) -> StoredUpload:
    """The upload behind `token`, only for the user who made it; expired uploads are removed."""
    try:
        stored = _STORE.load(token, user, pending_ttl=UPLOAD_TTL_SECONDS)
    except UploadMissing as exc:
        raise UploadNotFound("未找到该导入文件，或已过期。" if exc.vanished else "未找到该导入文件。") from None
    except StoreExpired:
        raise UploadExpired("上传已超过 1 小时，请重新上传文件。") from None
    return StoredUpload(
        token=token, state=stored.state, user_id=stored.user_id, committee_id=stored.committee_id,
        filename=stored.filename, created_at=stored.created_at, rows=stored.rows,
        problems=[Problem(**p) for p in stored.problems], imported=stored.imported, imported_at=stored.imported_at,
    )


def upload_review(upload: StoredUpload, committee: Committee) -> ImportPlan:
    """What the preview shows: the file's own problems, or the rows checked against today's data."""
    if upload.problems:
        return ImportPlan(committee=committee, term=committee.current_term(), problems=list(upload.problems))
    return plan_import(committee=committee, rows=upload.rows)


def upload_confirm(*, token: str, actor: Actor) -> ImportResult:
    """Import an upload once: the pending file is claimed by an atomic rename, so a second confirm finds it gone."""
    upload = upload_get(token=token, user=actor)
    if upload.state == "done":
        raise AlreadyImported(f"该文件已导入（{upload.imported} 人），请勿重复提交。")
    if upload.state == "working":
        raise AlreadyImported("该文件正在导入，请勿重复提交。")
    if upload.problems:
        raise ImportProblems(upload.problems)
    committee = Committee.objects.get(pk=upload.committee_id)
    try:
        _STORE.claim(token)
    except UploadTaken:
        again = upload_get(token=token, user=actor)
        raise AlreadyImported(
            f"该文件已导入（{again.imported} 人），请勿重复提交。" if again.state == "done" else "该文件正在导入，请勿重复提交。"
        ) from None
    try:
        result = import_commit(actor=actor, committee=committee, rows=upload.rows, filename=upload.filename)
    except BaseException:
        # Not imported: give the upload back so the user can see the problems and try again.
        _STORE.release(token)
        raise
    # The rows (personal data) are not kept once imported; the note remains to answer a repeated confirm.
    _STORE.finish(token, result.total)
    return result


# --- The template ------------------------------------------------------------------------------------------------


def _allowed_lists(committee: Committee) -> list[tuple[str, list[str]]]:
    return [
        ("性别", list(GENDER_BY_LABEL)),
        ("职务", [label for _, label in MemberRole.choices]),
        ("界别", list(Sector.objects.filter(committee=committee, is_active=True).values_list("name", flat=True))),
        ("党派", list(Party.objects.filter(is_active=True).values_list("name", flat=True))),
        ("专门委员会", list(SpecialCommittee.objects.filter(committee=committee, is_active=True)
                          .values_list("name", flat=True))),
        ("活动小组", list(ActivityGroup.objects.filter(committee=committee, is_active=True)
                        .values_list("name", flat=True))),
    ]


def build_template(committee: Committee) -> bytes:
    """The .xlsx to fill in: 名册 with the header row and drop-downs; 说明 with the rules, an example, allowed values."""
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = SHEET_NAME
    help_sheet = workbook.create_sheet(HELP_SHEET_NAME)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="F0F2F5")
    last_row = MAX_ROWS + 1
    letters: dict[str, str] = {}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        letters[column.label] = letter
        cell = sheet.cell(row=1, column=index, value=f"{column.label}*" if column.required else column.label)
        cell.font = Font(bold=True, color="B3261E" if column.required else "1F2328")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        width = {"workplace": 30, "id_number": 21, "special_committees": 22, "birth_date": 12, "phone": 14}
        sheet.column_dimensions[letter].width = width.get(column.key, max(8, len(column.label) * 2 + 2))
    # Typed as text so Excel keeps all 18 digits and leading zeros; dates shown as dates.
    sheet.column_dimensions[letters["身份证号"]].number_format = "@"
    sheet.column_dimensions[letters["手机号"]].number_format = "@"
    sheet.column_dimensions[letters["出生日期"]].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    term = committee.current_term()
    rules = [
        f"{committee.name}{term.label if term else ''}委员名册导入说明",
        "1. 在“名册”工作表中从第 2 行起每行填写一位委员，不要修改第 1 行表头；带 * 的列必须填写。",
        "2. 姓名请用简体字；少数民族姓名可用“·”分隔。",
        "3. 出生日期可填 1980-01-02、1980/1/2、1980年1月2日 或 19800102；填了身份证号可不填出生日期和性别。",
        "4. 身份证号为 18 位，请保持“文本”格式，否则 Excel 会丢失末几位。",
        "5. 职务、界别、党派、专门委员会、活动小组须从下方“可选值”中选择；多个专门委员会用“、”分隔。",
        "6. 同一身份证号的人员已在系统中（如在其他政协任委员）时，将为其新增本届委员身份，不重复建人。",
        f"7. 每次最多 {MAX_ROWS} 人，文件不超过 {MAX_BYTES // (1024 * 1024)} MB。任一行有问题时整个文件不导入，"
        "请按提示修改后重新上传。",
    ]
    for row_no, text in enumerate(rules, start=1):
        help_sheet.cell(row=row_no, column=1, value=text).font = Font(bold=row_no == 1, size=14 if row_no == 1 else 11)
    example_row = len(rules) + 2
    help_sheet.cell(row=example_row, column=1, value="填写示例（仅供参考，不会被导入）").font = bold
    allowed = _allowed_lists(committee)
    example = dict(EXAMPLE)
    for key, label in (("sector", "界别"), ("party", "党派"), ("special_committees", "专门委员会"),
                       ("activity_group", "活动小组")):
        values = dict(allowed)[label]
        example[key] = values[0] if values else ""
    grey = Font(italic=True, color="808080")
    for index, column in enumerate(COLUMNS, start=1):
        help_sheet.cell(row=example_row + 1, column=index, value=column.label).font = bold
        value: Any = example.get(column.key, "")
        if column.key == "birth_date":
            value = datetime.date.fromisoformat(str(value))
        cell = help_sheet.cell(row=example_row + 2, column=index, value=value)
        cell.font = grey
        if column.key == "birth_date":
            cell.number_format = "yyyy-mm-dd"
        help_sheet.column_dimensions[get_column_letter(index)].width = sheet.column_dimensions[
            get_column_letter(index)].width
    lists_row = example_row + 4
    help_sheet.cell(row=lists_row, column=1, value="可选值").font = bold
    for index, (label, values) in enumerate(allowed, start=1):
        help_sheet.cell(row=lists_row + 1, column=index, value=label).font = bold
        for offset, text in enumerate(values, start=2):
            help_sheet.cell(row=lists_row + offset, column=index, value=text)
        target = letters.get(label)
        if not values or target is None or label == "专门委员会":
            continue  # 专门委员会 may hold several names, which a drop-down cannot
        source = get_column_letter(index)
        formula = (f"{quote_sheetname(HELP_SHEET_NAME)}!${source}${lists_row + 2}:"
                   f"${source}${lists_row + 1 + len(values)}")
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorTitle="请从列表中选择", error=f"{label}须从“说明”工作表的可选值中选择。")
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
