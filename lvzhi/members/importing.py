"""The roster import (名册导入): read an .xlsx, check every row, keep it for the preview, then import all or nothing.

The sheet, the cell parsers, the problems and the upload store are the shared toolkit's (documents/imports.py);
what a row means — a person and a membership of this term — is here.
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.models import Outcome
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import ActivityGroup, Committee, Party, Sector, SpecialCommittee, Term
from lvzhi.documents.imports import (
    SKIP,
    UPDATE,
    XLSX_CONTENT_TYPE,
    AlreadyImported,
    Choices,
    Column,
    FileRefused,
    ImportProblems,
    ImportSheet,
    ImportUploads,
    ParsedSheet,
    Preview,
    PreviewColumn,
    PreviewRow,
    Problem,
    RowCheck,
    StoredUpload,
    UploadExpired,
    UploadGone,
    few,
    parse_date,
    parse_int,
    sort_problems,
    split_list,
)
from lvzhi.members.models import Gender, MemberRole, Membership, Person
from lvzhi.members.services import clean_person_fields, id_number_problem, membership_create, person_create

__all__ = ["XLSX_CONTENT_TYPE", "AlreadyImported", "FileRefused", "ImportProblems", "Problem", "StoredUpload",
           "UploadExpired", "UploadGone"]

SHEET_NAME = "名册"
HELP_SHEET_NAME = "说明"

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", required=True, max_length=40),
    Column("gender", "性别", max_length=4, compact=True),
    Column("ethnicity", "民族", max_length=20),
    Column("birth_date", "出生日期", max_length=30, aliases=("出生年月日",), compact=True),
    Column("id_number", "身份证号", max_length=30, aliases=("身份证号码", "公民身份号码"), compact=True, digits=True),
    Column("phone", "手机号", max_length=20, aliases=("手机号码", "手机"), compact=True),
    Column("workplace", "工作单位及职务", max_length=200, aliases=("工作单位",)),
    Column("role", "职务", required=True, max_length=10, aliases=("政协职务",), compact=True),
    Column("sector", "界别"),
    Column("party", "党派"),
    Column("special_committees", "专门委员会", max_length=500, aliases=("专委会",)),
    Column("activity_group", "活动小组", aliases=("委员活动小组",)),
    Column("manual_order", "同笔画排序", max_length=10, compact=True),
)
LABELS = {c.key: c.label for c in COLUMNS}

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


def _example_row(values: dict[str, str]) -> str:
    if values.get("name") == EXAMPLE["name"] and values.get("id_number", "").upper() == EXAMPLE["id_number"]:
        return "模板“说明”中的填写示例，不导入"
    return ""


ParsedRoster = ParsedSheet  # the roster's file as read

SHEET = ImportSheet(name=SHEET_NAME, columns=COLUMNS, noun="委员", max_rows=5000, max_bytes=5 * 1024 * 1024,
                    skip=_example_row)
UPLOADS = ImportUploads("", unit="人")  # no prefix: the roster's files kept their first names


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


def parse_roster(data: bytes | IO[bytes], *, filename: str = "") -> ParsedSheet:
    """Read the 名册 sheet (or the first sheet) of an .xlsx; FileRefused when it cannot be read."""
    return SHEET.read(data, filename=filename)


# --- Checking the rows --------------------------------------------------------------------------------------------


def _choices_for(committee: Committee) -> dict[str, Choices]:
    return {
        "sector": Choices(Sector.objects.filter(committee=committee, is_active=True)),
        "party": Choices(Party.objects.filter(is_active=True), PARTY_ALIASES),
        "special_committees": Choices(SpecialCommittee.objects.filter(committee=committee, is_active=True)),
        "activity_group": Choices(ActivityGroup.objects.filter(committee=committee, is_active=True)),
    }


def _check_row(raw: dict[str, Any], choices: dict[str, Choices]) -> tuple[PlannedRow, list[Problem]]:
    check = RowCheck(raw, COLUMNS)
    values = check.values

    person: dict[str, Any] = {}
    for key in ("name", "ethnicity", "phone", "workplace"):
        if values[key]:
            person[key] = values[key]
    if values["gender"]:
        if values["gender"] in GENDER_BY_LABEL:
            person["gender"] = GENDER_BY_LABEL[values["gender"]]
        else:
            check.bad("gender", f"性别“{values['gender']}”无效，只能填“男”或“女”")
    birth = check.parse("birth_date", parse_date, LABELS["birth_date"])
    if birth is not None:
        person["birth_date"] = birth
    id_number = values["id_number"].upper()
    if id_number:
        person["id_number"] = id_number
        if id_number_problem(id_number) is None:
            id_birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            id_gender = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
            if person.get("birth_date") and person["birth_date"] != id_birth:
                check.bad("birth_date",
                          f"出生日期 {person['birth_date']:%Y-%m-%d} 与身份证号中的 {id_birth:%Y-%m-%d} 不一致")
            elif "birth_date" not in person and not values["birth_date"]:
                person["birth_date"] = id_birth
            if person.get("gender") and person["gender"] != id_gender:
                check.bad("gender", f"性别“{values['gender']}”与身份证号不一致（身份证号表示{Gender(id_gender).label}）")
            elif "gender" not in person and not values["gender"]:
                person["gender"] = id_gender
    try:
        person = clean_person_fields(person)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            if key == "birth_date" and not values["birth_date"]:
                key = "id_number"  # the date came from the ID number
            check.bad(key, messages[0].rstrip("。"))

    membership: dict[str, Any] = {"role": MemberRole.MEMBER, "manual_order": 0}
    if values["role"]:
        role = ROLE_BY_LABEL.get(values["role"])
        if role is None:
            check.bad("role", f"职务“{values['role']}”无效，只能是{few(MemberRole.labels)}之一")
        else:
            membership["role"] = role
    for key, what in (("sector", "界别"), ("party", "党派"), ("activity_group", "活动小组")):
        if values[key]:
            found = choices[key].find(values[key])
            if found is None:
                scope = "系统" if key == "party" else "本政协"
                check.bad(key, f"{what}“{values[key]}”不在{scope}的{what}列表中，可选：{few(choices[key].names())}")
            else:
                membership[key] = found
    if values["special_committees"]:
        found_list: list[SpecialCommittee] = []
        for name in split_list(values["special_committees"]):
            sc = choices["special_committees"].find(name)
            if sc is None:
                check.bad("special_committees",
                          f"专门委员会“{name}”不存在，可选：{few(choices['special_committees'].names())}")
            elif sc not in found_list:
                found_list.append(sc)
        membership["special_committees"] = found_list
    order = check.parse("manual_order", parse_int, LABELS["manual_order"])
    if order is not None:
        membership["manual_order"] = order
    return PlannedRow(row=check.row, person=person, membership=membership), check.problems


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
    sort_problems(plan.problems, COLUMNS)
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


def upload_save(*, user: Any, committee: Committee, filename: str, parsed: ParsedSheet) -> str:
    return UPLOADS.save(user=user, committee=committee, filename=filename, parsed=parsed)


def upload_receive(*, user: Any, committee: Committee, file: IO[bytes], filename: str, size: int | None = None) -> str:
    """Check the uploader's right, read the file and keep it for the preview; returns the token."""
    require(user, Cap.MEMBER_IMPORT, committee)
    SHEET.size_refusal(size)
    parsed = parse_roster(file, filename=filename)
    token = upload_save(user=user, committee=committee, filename=filename, parsed=parsed)
    audit_record(actor=user, action="member.import_upload", obj=committee, committee_id=committee.pk,
                 detail=f"上传“{filename[:100]}”：{len(parsed.rows)} 行")
    return token


def upload_get(*, token: str, user: Any) -> StoredUpload:
    """The upload behind `token`, only for the user who made it (UploadGone otherwise, or once expired)."""
    return UPLOADS.load(token, user)


def upload_review(upload: StoredUpload, committee: Committee) -> ImportPlan:
    """What the preview shows: the file's own problems, or the rows checked against today's data."""
    if upload.problems:
        return ImportPlan(committee=committee, term=committee.current_term(), problems=list(upload.problems))
    return plan_import(committee=committee, rows=upload.rows)


def roster_preview(plan: ImportPlan, skipped: list[dict[str, Any]] | None = None) -> Preview:
    """The plan as the shared preview screen (and its readers) show it."""
    preview = Preview(
        columns=[PreviewColumn(label) for label in ("姓名", "性别", "出生日期", "身份证号", "手机号", "职务", "界别",
                                                   "党派")]
        + [PreviewColumn("专门委员会", wide=True), PreviewColumn("活动小组"), PreviewColumn("工作单位及职务", wide=True)],
        problems=plan.problems, note_label="人员",
        summary=f"，其中新建人员 {plan.new_count} 人，已有人员新增委员身份 {plan.existing_count} 人",
    )
    if plan.problems:
        return preview
    for r in plan.rows:
        birth = r.person.get("birth_date")
        preview.rows.append(PreviewRow(row=r.row, cells=[
            r.name, r.gender_label, f"{birth:%Y-%m-%d}" if birth else "", r.person.get("id_number", ""),
            r.person.get("phone", ""), r.role_label, str(r.membership.get("sector") or ""),
            str(r.membership.get("party") or ""), r.special_names, str(r.membership.get("activity_group") or ""),
            r.person.get("workplace", ""),
        ], action=UPDATE if r.existing else "create", note=r.status))
    preview.rows.extend(PreviewRow(row=s["row"], cells=[], action=SKIP, note=s["reason"]) for s in skipped or [])
    preview.rows.sort(key=lambda r: r.row)
    return preview


def upload_confirm(*, token: str, actor: Actor) -> ImportResult:
    """Import an upload once: the pending file is claimed by an atomic rename, so a second confirm finds it gone."""
    upload = upload_get(token=token, user=actor)
    committee = Committee.objects.get(pk=upload.committee_id)

    def commit(rows: list[dict[str, Any]], filename: str) -> ImportResult:
        return import_commit(actor=actor, committee=committee, rows=rows, filename=filename)

    return UPLOADS.confirm(upload, actor, commit, lambda result: result.total)


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
    last_row = SHEET.max_rows + 1
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
        f"7. 每次最多 {SHEET.max_rows} 人，文件不超过 {SHEET.max_bytes // (1024 * 1024)} MB。任一行有问题时整个文件不导入，"
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
