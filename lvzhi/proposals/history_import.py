"""Importing earlier years' proposals with their outcomes from Excel: the sheet, the checks and the preview.

Reading, parsers, problems and uploads are the shared toolkit's (documents/imports.py); creating the proposals
is the service `proposal_import_historical` (services/history.py), which records each one as the other moves do.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.committees.models import (
    ActivityGroup,
    Committee,
    HandlingUnit,
    Party,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from lvzhi.documents.imports import (
    Choices,
    Column,
    ImportSheet,
    ParsedSheet,
    Preview,
    PreviewColumn,
    PreviewRow,
    Problem,
    RowCheck,
    few,
    match_key,
    parse_choice,
    parse_year,
    sort_problems,
    split_list,
)
from lvzhi.members.models import Person
from lvzhi.proposals.models import (
    CollectiveKind,
    Proposal,
    ProposalCategory,
    ProposalKind,
    ProposerRole,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.text.chinese import to_simplified

SHEET_NAME = "历年提案"
FIRST_YEAR = 1949

COLUMNS: tuple[Column, ...] = (
    Column("year", "年度", required=True, max_length=10, compact=True),
    Column("term", "届次", required=True, max_length=10, compact=True),
    Column("session", "会议次数", max_length=10, compact=True),
    Column("number", "提案号", required=True, max_length=40),
    Column("title", "案由", required=True, max_length=200, aliases=("案由（标题）",)),
    Column("kind", "提案方式", required=True, max_length=10, compact=True),
    Column("first", "第一提案人", required=True, max_length=60),
    Column("cosigners", "联名提案人", max_length=2000),
    Column("collective", "提案单位", max_length=100),
    Column("category", "类别", max_length=100),
    Column("state", "状态", required=True, max_length=20, compact=True),
    Column("units", "承办单位", max_length=1000),
    Column("reply_class", "答复分类", max_length=20, compact=True),
    Column("rating", "满意度", max_length=10, compact=True),
    Column("body", "正文", max_length=50000, multiline=True),
    Column("id_number", "身份证号", max_length=30, aliases=("第一提案人身份证号",), compact=True, digits=True),
)
LABELS = {c.key: c.label for c in COLUMNS}
SHEET = ImportSheet(name=SHEET_NAME, columns=COLUMNS, noun="提案", max_rows=20000, max_bytes=10 * 1024 * 1024)
KIND_BY_LABEL = {"个人": ProposalKind.INDIVIDUAL, "个人提案": ProposalKind.INDIVIDUAL, "联名": ProposalKind.JOINT,
                 "联名提案": ProposalKind.JOINT, "集体": ProposalKind.COLLECTIVE, "集体提案": ProposalKind.COLLECTIVE}
STATE_BY_LABEL = {"立案": State.FILED, "不予立案": State.NOT_FILED, "转作意见建议": State.CONVERTED_SUGGESTION,
                  "转社情民意": State.CONVERTED_OPINION, "并案": State.MERGED, "已办结": State.CLOSED,
                  "办结": State.CLOSED}
RATING_BY_LABEL = {"满意": Rating.SATISFIED, "基本满意": Rating.BASIC, "不满意": Rating.UNSATISFIED}
# Names in one cell: the roster's separators, and spaces (a name has none).
_SPLIT_RE = re.compile(r"[、,，;；/\s]+")
_NAME_ID_RE = re.compile(r"^(?P<name>[^()（）]+)[(（](?P<id>[0-9Xx]{6,18})[)）]$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class PlannedProposal:
    row: int
    fields: dict[str, Any]
    people: list[tuple[Person, str]]  # (person, ProposerRole) in order
    units: list[HandlingUnit] = field(default_factory=list)
    reply_class: ReplyClass | None = None
    rating: str = ""

    @property
    def proposer_names(self) -> list[str]:
        if self.fields.get("collective_name"):
            return [self.fields["collective_name"]]
        return [person.name for person, _ in self.people]


@dataclass
class HistoryPlan:
    committee: Committee
    rows: list[PlannedProposal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass(frozen=True)
class HistoryImportResult:
    total: int
    years: list[int]


def parse_history(data: bytes | IO[bytes], *, filename: str = "") -> ParsedSheet:
    """Read the 历年提案 sheet (or the first sheet) of an .xlsx; FileRefused when it cannot be read at all."""
    return SHEET.read(data, filename=filename)


# --- Checking --------------------------------------------------------------------------------------------------------


def _number(text: str) -> int | None:
    """届次/会议次数 as 15, 十五, 第十五届, 2 or 二次."""
    text = re.sub(r"^第|[届次]$|会议$", "", text.strip()).strip("届次")
    if text.isdigit():
        return int(text)
    if text and all(c in _CHINESE_DIGITS for c in text):
        if text.startswith("十"):
            return 10 + (_CHINESE_DIGITS[text[1]] if len(text) > 1 else 0)
        if len(text) == 1:
            return _CHINESE_DIGITS[text]
        if len(text) == 2 and text[1] == "十":
            return _CHINESE_DIGITS[text[0]] * 10
        if len(text) == 3 and text[1] == "十":
            return _CHINESE_DIGITS[text[0]] * 10 + _CHINESE_DIGITS[text[2]]
    return None


def _seq(number: str) -> int | None:
    match = re.search(r"(\d+)\D*$", number)
    return int(match.group(1)) if match else None


class _Lookup:
    """The committee's lists, by name tolerant of spaces and Traditional characters."""

    def __init__(self, committee: Committee) -> None:
        self.terms = {t.number: t for t in Term.objects.filter(committee=committee)}
        self.sessions = {(s.term.number, s.number): s for s in Session.objects.filter(term__committee=committee)
                         .select_related("term")}
        self.categories = Choices(ProposalCategory.objects.filter(committee=committee))
        self.units = Choices(HandlingUnit.objects.filter(committee=committee))
        classes = list(ReplyClass.objects.filter(committee=committee))
        self.classes: dict[str, ReplyClass] = {}
        for rc in classes:
            for alias in (rc.code, f"{rc.code}类", rc.name):
                self.classes.setdefault(alias.upper(), rc)
                self.classes.setdefault(alias.lower(), rc)
        self.class_codes = sorted({rc.code for rc in classes})
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(memberships__committee=committee).distinct():
            self.people.setdefault(match_key(person.name), []).append(person)
        self.collective_kinds: dict[str, str] = {}
        lists: list[tuple[QuerySet[Any], str]] = [
            (Party.objects.all(), CollectiveKind.PARTY),  # parties are the same for every committee
            (Sector.objects.filter(committee=committee), CollectiveKind.SECTOR),
            (SpecialCommittee.objects.filter(committee=committee), CollectiveKind.SPECIAL_COMMITTEE),
            (ActivityGroup.objects.filter(committee=committee), CollectiveKind.GROUP),
        ]
        for qs, kind in lists:
            for item in qs:
                self.collective_kinds.setdefault(match_key(item.name), kind)


def _person(lookup: _Lookup, check: RowCheck, key: str, text: str, id_number: str) -> Person | None:
    match = _NAME_ID_RE.match(text)
    if match:
        text, id_number = match.group("name"), match.group("id")
    candidates = lookup.people.get(match_key(text), [])
    if id_number:
        id_number = id_number.strip().upper()
        candidates = [p for p in candidates if p.id_number and p.id_number.upper().endswith(id_number)]
        if not candidates:
            check.bad(key, f"没有姓名为“{text}”、身份证号为“{id_number}”的本政协委员")
            return None
    if not candidates:
        check.bad(key, f"“{text}”不是本政协的委员（按姓名查找），请先导入委员名册或核对姓名")
        return None
    if len(candidates) > 1:
        hint = "填写“身份证号”列" if key == "first" else "写成“姓名（身份证号）”"
        check.bad(key, f"本政协有 {len(candidates)} 位委员名为“{text}”，请{hint}以区分")
        return None
    return candidates[0]


def _check_row(raw: dict[str, Any], lookup: _Lookup, this_year: int) -> tuple[PlannedProposal | None, list[Problem]]:
    kind_text = str(raw["values"].get("kind") or "").strip()
    kind = KIND_BY_LABEL.get(match_key(kind_text)) if kind_text else None
    # A collective proposal's proposer is the organisation (提案单位), not a member.
    check = RowCheck(raw, COLUMNS, optional=("first",) if kind == ProposalKind.COLLECTIVE else ())
    values = check.values
    fields: dict[str, Any] = {"title": to_simplified(values["title"]) if values["title"] else ""}
    year = check.parse("year", parse_year, LABELS["year"], first=FIRST_YEAR, last=this_year)
    if year is not None:
        fields["year"] = year
    term = None
    if values["term"]:
        number = _number(values["term"])
        term = lookup.terms.get(number) if number else None
        if term is None:
            known = "、".join(f"第{n}届" for n in sorted(lookup.terms))
            check.bad("term", f"届次“{values['term']}”不存在，本政协已设置：{known or '（无）'}")
        else:
            fields["term"] = term
    fields["session"] = None
    if values["session"] and term is not None:
        number = _number(values["session"])
        session = lookup.sessions.get((term.number, number)) if number else None
        if session is None:
            check.bad("session", f"{term.label}没有第“{values['session']}”次会议；平时提案请留空")
        else:
            fields["session"] = session
    if values["number"]:
        fields["number"] = to_simplified(values["number"])
        fields["seq"] = _seq(fields["number"])
    if values["kind"]:
        if kind is None:
            check.bad("kind", f"提案方式“{values['kind']}”无效，只能是个人、联名或集体")
        else:
            fields["kind"] = kind
    people: list[tuple[Person, str]] = []
    if values["first"]:
        person = _person(lookup, check, "first", values["first"], values["id_number"])
        if person is not None:
            people.append((person, ProposerRole.COLLECTIVE if kind == ProposalKind.COLLECTIVE else ProposerRole.FIRST))
    cosigners = split_list(values["cosigners"], _SPLIT_RE)
    if cosigners and kind in (ProposalKind.INDIVIDUAL, ProposalKind.COLLECTIVE):
        check.bad("cosigners", "个人提案和集体提案不能有联名提案人；联名提案请把提案方式填为“联名”")
    elif kind == ProposalKind.JOINT and not cosigners:
        check.bad("cosigners", "联名提案须填写联名提案人（多人用“、”分隔）")
    for name in cosigners:
        person = _person(lookup, check, "cosigners", name, "")
        if person is not None:
            if any(p.pk == person.pk for p, _ in people):
                check.bad("cosigners", f"“{name}”重复出现在提案人中")
            else:
                people.append((person, ProposerRole.COSIGNER))
    if kind == ProposalKind.COLLECTIVE:
        if not values["collective"]:
            check.bad("collective", "集体提案须填写提案单位")
        fields["collective_name"] = to_simplified(values["collective"])
        fields["collective_kind"] = lookup.collective_kinds.get(match_key(values["collective"]),
                                                                CollectiveKind.ORGANISATION)
    elif values["collective"]:
        check.bad("collective", "只有集体提案填写提案单位")
    fields["category"] = None
    if values["category"]:
        fields["category"] = lookup.categories.find(values["category"])
        if fields["category"] is None:
            check.bad("category", f"类别“{values['category']}”不存在，可选：{few(lookup.categories.names())}")
    state = check.parse("state", parse_choice, STATE_BY_LABEL, LABELS["state"],
                        hint=f"只能是{few(list(STATE_BY_LABEL)[:6])}之一")
    filed = state in (State.FILED, State.CLOSED)
    units: list[HandlingUnit] = []
    for name in split_list(values["units"], _SPLIT_RE):
        unit = lookup.units.find(name)
        if unit is None:
            check.bad("units", f"承办单位“{name}”不存在，可选：{few(lookup.units.names())}")
        elif unit in units:
            check.bad("units", f"承办单位“{name}”重复")
        else:
            units.append(unit)
    reply_class = check.parse("reply_class", parse_choice, lookup.classes, LABELS["reply_class"],
                              hint=f"可选：{few(lookup.class_codes)}")
    rating = check.parse("rating", parse_choice, RATING_BY_LABEL, LABELS["rating"],
                         hint="只能是满意、基本满意或不满意") or ""
    if state is not None and not filed and (values["units"] or values["reply_class"] or values["rating"]):
        check.bad("state", f"状态为“{values['state']}”的提案不应填写承办单位、答复分类或满意度")
    if filed and (values["reply_class"] or values["rating"]) and not values["units"]:
        check.bad("units", "填写了答复分类或满意度，须同时填写承办单位")
    if values["rating"] and not values["reply_class"]:
        check.bad("reply_class", "填写了满意度，须同时填写答复分类")
    if state == State.FILED:
        state = State.REPLIED if reply_class else State.ASSIGNED if units else State.FILED
    fields["state"] = state
    if values["body"]:
        fields["situation"] = values["body"]
    if check.problems:
        return None, check.problems
    return PlannedProposal(row=check.row, fields=fields, people=people, units=units, reply_class=reply_class,
                           rating=rating), check.problems


def plan_history(*, committee: Committee, rows: list[dict[str, Any]]) -> HistoryPlan:
    """Check every row against the rules and the database; the plan lists every problem, or what will be done.
    The committee's proposal settings must exist (`services.common.proposal_defaults`): categories and reply
    classes are looked up in them."""
    plan = HistoryPlan(committee=committee)
    lookup = _Lookup(committee)
    this_year = timezone.localdate().year
    seen: dict[tuple[int, str], int] = {}
    for raw in rows:
        planned, problems = _check_row(raw, lookup, this_year)
        plan.problems.extend(problems)
        number = match_key(str(raw["values"].get("number") or ""))
        term_number = _number(str(raw["values"].get("term") or ""))
        if number and term_number:
            first = seen.setdefault((term_number, number), raw["row"])
            if first != raw["row"]:
                plan.problems.append(Problem(raw["row"], LABELS["number"], f"提案号“{number}”与第 {first} 行重复"))
                planned = None
        if planned is not None:
            plan.rows.append(planned)
    existing: set[tuple[int, str]] = set()
    numbers = sorted({p.fields["number"] for p in plan.rows})
    for start in range(0, len(numbers), 500):
        existing.update(Proposal.objects.filter(committee=committee, number__in=numbers[start:start + 500])
                        .values_list("term_id", "number"))
    for planned in plan.rows:
        if (planned.fields["term"].pk, planned.fields["number"]) in existing:
            plan.problems.append(Problem(planned.row, LABELS["number"],
                                         f"提案号“{planned.fields['number']}”在{planned.fields['term'].label}已存在"))
    sort_problems(plan.problems, COLUMNS)
    return plan


# --- The preview -------------------------------------------------------------------------------------------------


def history_preview(plan: HistoryPlan) -> Preview:
    """The plan as the shared preview screen shows it: every row is a new proposal."""
    preview = Preview(columns=[PreviewColumn("年度"), PreviewColumn("届次"), PreviewColumn("提案号"),
                               PreviewColumn("案由", wide=True), PreviewColumn("提案人", wide=True),
                               PreviewColumn("类别"), PreviewColumn("状态"), PreviewColumn("承办单位", wide=True),
                               PreviewColumn("答复分类")], problems=plan.problems)
    if plan.problems:
        return preview
    for r in plan.rows:
        f = r.fields
        preview.rows.append(PreviewRow(row=r.row, cells=[
            str(f["year"]), f["term"].label + (f" {f['session'].label}" if f.get("session") else ""), f["number"],
            f["title"], "、".join(r.proposer_names), str(f["category"] or ""), State(f["state"]).label,
            "、".join(u.name for u in r.units), r.reply_class.code if r.reply_class else "",
        ]))
    return preview


# --- The template ------------------------------------------------------------------------------------------------


def build_history_template(committee: Committee) -> bytes:
    """The .xlsx to fill in: the header row (required columns marked *) and a 说明 sheet with the rules."""
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)
    sheet.title = SHEET_NAME
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.label}*" if column.required else column.label)
        cell.font = Font(bold=True, color="B3261E" if column.required else "1F2328")
        cell.fill = PatternFill("solid", fgColor="F0F2F5")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = {"title": 40, "body": 60, "units": 30,
                                                                    "cosigners": 24}.get(column.key, 12)
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("说明")
    lines = [
        f"{committee.name}历年提案导入说明",
        "1. 每行一件提案；带 * 的列必须填写（集体提案可不填第一提案人）。",
        "2. 会议次数留空表示平时提案；届次、会议次数可填数字或“十五”“二”。",
        "3. 提案方式：个人、联名、集体；联名提案人、承办单位多个用“、”分隔，承办单位第一个为主办。",
        "4. 状态：立案、不予立案、转作意见建议、转社情民意、并案、已办结；答复分类 A/B/C/D；满意度 满意/基本满意/不满意。",
        "5. 提案人须是本政协已有委员，按姓名匹配；同名时填写“身份证号”列（第一提案人）或写成“姓名（身份证号）”。",
        "6. 繁体字会自动转为简体后匹配。任一行有问题时整个文件不导入，请按提示修改后重新上传。",
    ]
    for i, text in enumerate(lines, start=1):
        notes.cell(row=i, column=1, value=text).font = Font(bold=i == 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
