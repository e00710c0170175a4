"""Importing earlier years' proposals with their outcomes from Excel: check the whole file, then all or nothing."""
from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.models import Outcome
from lvzhi.audit.services import audit_record
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
from lvzhi.members.importing import FileRefused, ImportProblems, Problem, open_xlsx
from lvzhi.members.models import Person
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CollectiveKind,
    Evaluation,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalKind,
    Proposer,
    ProposerRole,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.search import refresh_search_many
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.text.chinese import normalise, to_simplified

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20000
SHEET_NAME = "历年提案"
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件"
FIRST_YEAR = 1949


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    max_length: int = 100


COLUMNS: tuple[Column, ...] = (
    Column("year", "年度", required=True, max_length=10),
    Column("term", "届次", required=True, max_length=10),
    Column("session", "会议次数", max_length=10),
    Column("number", "提案号", required=True, max_length=40),
    Column("title", "案由", required=True, max_length=200),
    Column("kind", "提案方式", required=True, max_length=10),
    Column("first", "第一提案人", required=True, max_length=60),
    Column("cosigners", "联名提案人", max_length=2000),
    Column("collective", "提案单位", max_length=100),
    Column("category", "类别", max_length=100),
    Column("state", "状态", required=True, max_length=20),
    Column("units", "承办单位", max_length=1000),
    Column("reply_class", "答复分类", max_length=20),
    Column("rating", "满意度", max_length=10),
    Column("body", "正文", max_length=50000),
    Column("id_number", "身份证号", max_length=30),
)
LABELS = {c.key: c.label for c in COLUMNS}
_HEADER_KEYS = {c.label: c.key for c in COLUMNS} | {"案由（标题）": "title", "第一提案人身份证号": "id_number"}
IGNORED_HEADERS = frozenset({"序号", "备注"})
KIND_BY_LABEL = {"个人": ProposalKind.INDIVIDUAL, "个人提案": ProposalKind.INDIVIDUAL, "联名": ProposalKind.JOINT,
                 "联名提案": ProposalKind.JOINT, "集体": ProposalKind.COLLECTIVE, "集体提案": ProposalKind.COLLECTIVE}
STATE_BY_LABEL = {"立案": State.FILED, "不予立案": State.NOT_FILED, "转作意见建议": State.CONVERTED_SUGGESTION,
                  "转社情民意": State.CONVERTED_OPINION, "并案": State.MERGED, "已办结": State.CLOSED,
                  "办结": State.CLOSED}
RATING_BY_LABEL = {"满意": Rating.SATISFIED, "基本满意": Rating.BASIC, "不满意": Rating.UNSATISFIED}
_SPLIT_RE = re.compile(r"[、,，;；\s]+")
_NAME_ID_RE = re.compile(r"^(?P<name>[^()（）]+)[(（](?P<id>[0-9Xx]{6,18})[)）]$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class ParsedHistory:
    rows: list[dict[str, Any]]  # {"row": 2, "values": {"year": "2023", ...}} every value a string
    problems: list[Problem]


@dataclass
class PlannedProposal:
    row: int
    fields: dict[str, Any]
    people: list[tuple[Person, str]]  # (person, ProposerRole) in order
    units: list[HandlingUnit] = field(default_factory=list)
    reply_class: ReplyClass | None = None
    rating: str = ""


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


# --- Reading the file -----------------------------------------------------------------------------------------------


def _header_text(value: Any) -> str:
    text = re.sub(r"\s+", "", normalise(str(value))) if value is not None else ""
    return to_simplified(text.rstrip("*").replace("（必填）", "").replace("(必填)", ""))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return str(value.year)  # a 年度 typed as a date
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"[ \t]+", " ", normalise(str(value)))


def _read(rows: Iterator[tuple[Any, ...]]) -> ParsedHistory:
    header = next(rows, None)
    if header is None or not any(v not in (None, "") for v in header):
        raise FileRefused("文件是空的：第一行应为表头。请使用导入模板。")
    mapping: dict[int, str] = {}
    problems: list[Problem] = []
    for index, value in enumerate(header):
        text = _header_text(value)
        if not text or text in IGNORED_HEADERS:
            continue
        key = _HEADER_KEYS.get(text)
        letter = get_column_letter(index + 1)
        if key is None:
            problems.append(Problem(1, f"{letter} 列", f"无法识别的列“{text}”，请使用模板中的列名"))
        elif key in mapping.values():
            problems.append(Problem(1, f"{letter} 列", f"“{LABELS[key]}”列重复出现"))
        else:
            mapping[index] = key
    for column in COLUMNS:
        if column.required and column.key not in mapping.values():
            problems.append(Problem(1, column.label, f"缺少必填列“{column.label}”"))
    if problems:
        return ParsedHistory(rows=[], problems=problems)
    parsed: list[dict[str, Any]] = []
    for row_no, row in enumerate(rows, start=2):
        values = {key: _cell_text(row[i] if i < len(row) else None) for i, key in mapping.items()}
        if not any(values.values()):
            continue
        if len(parsed) >= MAX_ROWS:
            return ParsedHistory(rows=[], problems=[Problem(None, "", f"每次最多导入 {MAX_ROWS} 条，请分批导入。")])
        parsed.append({"row": row_no, "values": values})
    if not parsed:
        problems.append(Problem(None, "", "文件中没有数据行。"))
    return ParsedHistory(rows=parsed, problems=problems)


def parse_history(data: bytes | IO[bytes], *, filename: str = "") -> ParsedHistory:
    """Read the 历年提案 sheet (or the first sheet) of an .xlsx; FileRefused when it cannot be read at all."""
    workbook = open_xlsx(data, filename=filename)
    try:
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        return _read(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


# --- Checking --------------------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return to_simplified(re.sub(r"\s+", "", normalise(text)))


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
        self.categories = {_key(c.name): c for c in ProposalCategory.objects.filter(committee=committee)}
        self.units = {_key(u.name): u for u in HandlingUnit.objects.filter(committee=committee)}
        self.classes: dict[str, ReplyClass] = {}
        for rc in ReplyClass.objects.filter(committee=committee):
            for alias in (rc.code, f"{rc.code}类", rc.name):
                self.classes.setdefault(_key(alias).upper(), rc)
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(memberships__committee=committee).distinct():
            self.people.setdefault(_key(person.name), []).append(person)
        self.collective_kinds: dict[str, str] = {}
        for model, kind in ((Party, CollectiveKind.PARTY), (Sector, CollectiveKind.SECTOR),
                            (SpecialCommittee, CollectiveKind.SPECIAL_COMMITTEE), (ActivityGroup, CollectiveKind.GROUP)):
            qs = model.objects.all() if model is Party else model.objects.filter(committee=committee)
            for item in qs:
                self.collective_kinds.setdefault(_key(item.name), kind)


def _few(names: list[str], limit: int = 8) -> str:
    if not names:
        return "（尚未设置，请先在基础数据中添加）"
    return "、".join(names[:limit]) + (f" 等 {len(names)} 项" if len(names) > limit else "")


def _person(lookup: _Lookup, text: str, id_number: str, bad: Any, column: str) -> Person | None:
    match = _NAME_ID_RE.match(text)
    if match:
        text, id_number = match.group("name"), match.group("id")
    candidates = lookup.people.get(_key(text), [])
    if id_number:
        id_number = id_number.strip().upper()
        candidates = [p for p in candidates if p.id_number and p.id_number.upper().endswith(id_number)]
        if not candidates:
            bad(column, f"没有姓名为“{text}”、身份证号为“{id_number}”的本政协委员")
            return None
    if not candidates:
        bad(column, f"“{text}”不是本政协的委员（按姓名查找），请先导入委员名册或核对姓名")
        return None
    if len(candidates) > 1:
        hint = "填写“身份证号”列" if column == LABELS["first"] else "写成“姓名（身份证号）”"
        bad(column, f"本政协有 {len(candidates)} 位委员名为“{text}”，请{hint}以区分")
        return None
    return candidates[0]


def _check_row(raw: dict[str, Any], lookup: _Lookup, this_year: int) -> tuple[PlannedProposal | None, list[Problem]]:
    row_no: int = raw["row"]
    values = {c.key: str(raw["values"].get(c.key) or "").strip() for c in COLUMNS}
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(row_no, column, message))

    kind = KIND_BY_LABEL.get(_key(values["kind"])) if values["kind"] else None
    for column in COLUMNS:
        if column.required and not values[column.key] and not (column.key == "first" and kind == ProposalKind.COLLECTIVE):
            bad(column.label, f"{column.label}不能为空")
        elif len(values[column.key]) > column.max_length:
            bad(column.label, f"{column.label}过长：不能超过 {column.max_length} 字")
            values[column.key] = ""
    fields: dict[str, Any] = {"title": to_simplified(values["title"]) if values["title"] else ""}
    if values["year"]:
        year = int(values["year"]) if re.fullmatch(r"\d{4}", values["year"]) else None
        if year is None or not FIRST_YEAR <= year <= this_year:
            bad(LABELS["year"], f"年度“{values['year']}”无效，应为 {FIRST_YEAR}–{this_year} 之间的四位年份")
        else:
            fields["year"] = year
    term = None
    if values["term"]:
        number = _number(values["term"])
        term = lookup.terms.get(number) if number else None
        if term is None:
            known = "、".join(f"第{n}届" for n in sorted(lookup.terms))
            bad(LABELS["term"], f"届次“{values['term']}”不存在，本政协已设置：{known or '（无）'}")
        else:
            fields["term"] = term
    fields["session"] = None
    if values["session"] and term is not None:
        number = _number(values["session"])
        session = lookup.sessions.get((term.number, number)) if number else None
        if session is None:
            bad(LABELS["session"], f"{term.label}没有第“{values['session']}”次会议；平时提案请留空")
        else:
            fields["session"] = session
    if values["number"]:
        fields["number"] = to_simplified(values["number"])
        fields["seq"] = _seq(fields["number"])
    if values["kind"]:
        if kind is None:
            bad(LABELS["kind"], f"提案方式“{values['kind']}”无效，只能是个人、联名或集体")
        else:
            fields["kind"] = kind
    people: list[tuple[Person, str]] = []
    if values["first"]:
        person = _person(lookup, values["first"], values["id_number"], bad, LABELS["first"])
        if person is not None:
            people.append((person, ProposerRole.COLLECTIVE if kind == ProposalKind.COLLECTIVE else ProposerRole.FIRST))
    cosigners = [n for n in _SPLIT_RE.split(values["cosigners"]) if n]
    if cosigners and kind in (ProposalKind.INDIVIDUAL, ProposalKind.COLLECTIVE):
        bad(LABELS["cosigners"], "个人提案和集体提案不能有联名提案人；联名提案请把提案方式填为“联名”")
    elif kind == ProposalKind.JOINT and not cosigners:
        bad(LABELS["cosigners"], "联名提案须填写联名提案人（多人用“、”分隔）")
    for name in cosigners:
        person = _person(lookup, name, "", bad, LABELS["cosigners"])
        if person is not None:
            if any(p.pk == person.pk for p, _ in people):
                bad(LABELS["cosigners"], f"“{name}”重复出现在提案人中")
            else:
                people.append((person, ProposerRole.COSIGNER))
    if kind == ProposalKind.COLLECTIVE:
        if not values["collective"]:
            bad(LABELS["collective"], "集体提案须填写提案单位")
        fields["collective_name"] = to_simplified(values["collective"])
        fields["collective_kind"] = lookup.collective_kinds.get(_key(values["collective"]),
                                                                CollectiveKind.ORGANISATION)
    elif values["collective"]:
        bad(LABELS["collective"], "只有集体提案填写提案单位")
    fields["category"] = None
    if values["category"]:
        fields["category"] = lookup.categories.get(_key(values["category"]))
        if fields["category"] is None:
            names = [c.name for c in lookup.categories.values()]
            bad(LABELS["category"], f"类别“{values['category']}”不存在，可选：{_few(names)}")
    state = STATE_BY_LABEL.get(_key(values["state"])) if values["state"] else None
    if values["state"] and state is None:
        bad(LABELS["state"], f"状态“{values['state']}”无效，只能是{_few(list(STATE_BY_LABEL)[:6])}之一")
    filed = state in (State.FILED, State.CLOSED)
    units: list[HandlingUnit] = []
    for name in (n for n in _SPLIT_RE.split(values["units"]) if n):
        unit = lookup.units.get(_key(name))
        if unit is None:
            bad(LABELS["units"], f"承办单位“{name}”不存在，可选：{_few([u.name for u in lookup.units.values()])}")
        elif unit in units:
            bad(LABELS["units"], f"承办单位“{name}”重复")
        else:
            units.append(unit)
    reply_class = None
    if values["reply_class"]:
        reply_class = lookup.classes.get(_key(values["reply_class"]).upper())
        if reply_class is None:
            codes = sorted({rc.code for rc in lookup.classes.values()})
            bad(LABELS["reply_class"], f"答复分类“{values['reply_class']}”无效，可选：{_few(codes)}")
    rating = ""
    if values["rating"]:
        rating = RATING_BY_LABEL.get(_key(values["rating"]), "")
        if not rating:
            bad(LABELS["rating"], f"满意度“{values['rating']}”无效，只能是满意、基本满意或不满意")
    if state is not None and not filed and (values["units"] or values["reply_class"] or values["rating"]):
        bad(LABELS["state"], f"状态为“{values['state']}”的提案不应填写承办单位、答复分类或满意度")
    if filed and (values["reply_class"] or values["rating"]) and not values["units"]:
        bad(LABELS["units"], "填写了答复分类或满意度，须同时填写承办单位")
    if values["rating"] and not values["reply_class"]:
        bad(LABELS["reply_class"], "填写了满意度，须同时填写答复分类")
    if state == State.FILED:
        state = State.REPLIED if reply_class else State.ASSIGNED if units else State.FILED
    fields["state"] = state
    body = values["body"]
    if body:
        fields["situation"] = body
    if problems:
        return None, problems
    return PlannedProposal(row=row_no, fields=fields, people=people, units=units, reply_class=reply_class,
                           rating=rating), problems


def plan_history(*, committee: Committee, rows: list[dict[str, Any]]) -> HistoryPlan:
    """Check every row against the rules and the database; the plan lists every problem, or what will be done."""
    proposal_defaults(committee)
    plan = HistoryPlan(committee=committee)
    lookup = _Lookup(committee)
    this_year = timezone.localdate().year
    seen: dict[tuple[int, str], int] = {}
    for raw in rows:
        planned, problems = _check_row(raw, lookup, this_year)
        plan.problems.extend(problems)
        number = _key(str(raw["values"].get("number") or ""))
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
    order = {c.label: i for i, c in enumerate(COLUMNS)}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 99)))
    return plan


# --- Importing -------------------------------------------------------------------------------------------------------


def _moment(year: int, session: Session | None) -> datetime.datetime:
    """When a historical proposal is taken to have been submitted: the plenary's opening, else 1 July."""
    day = session.start_date if session is not None else datetime.date(year, 7, 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _create(actor: Actor, committee: Committee, planned: PlannedProposal) -> Proposal:
    f = planned.fields
    submitted = _moment(f["year"], f["session"])
    state = f["state"]
    filed = state in (State.FILED, State.ASSIGNED, State.REPLIED, State.CLOSED)
    assigned = submitted + datetime.timedelta(days=30) if planned.units else None
    settings_row = proposal_defaults(committee)
    due = (assigned + datetime.timedelta(days=settings_row.reply_days)) if assigned else None
    replied = due if planned.reply_class is not None else None
    proposal = Proposal.objects.create(
        committee=committee, term=f["term"], session=f["session"], year=f["year"], kind=f["kind"],
        collective_kind=f.get("collective_kind", ""), collective_name=f.get("collective_name", ""), title=f["title"],
        situation=f.get("situation", ""), category=f["category"], state=state, number=f["number"], seq=f["seq"],
        created_by=actor, submitted_at=submitted, filed_at=submitted if filed else None, assigned_at=assigned,
        closed_at=replied if state == State.CLOSED else None,
    )
    Proposer.objects.bulk_create([Proposer(proposal=proposal, person=person, role=role, order=i)
                                  for i, (person, role) in enumerate(planned.people)])
    lead: Assignment | None = None
    for i, unit in enumerate(planned.units):
        role = AssignmentRole.SOLE if len(planned.units) == 1 else AssignmentRole.LEAD if i == 0 else AssignmentRole.CO
        answered = replied is not None and i == 0
        assignment = Assignment.objects.create(
            proposal=proposal, unit=unit, role=role,
            state=AssignmentState.REPLIED if answered else AssignmentState.VIEW_SENT if replied else
            AssignmentState.ASSIGNED,
            assigned_at=assigned, due_date=timezone.localdate(due), reassign_until=timezone.localdate(
                assigned + datetime.timedelta(days=settings_row.reassign_days)),
            reply_class=planned.reply_class if answered else None, replied_at=replied if answered else None,
        )
        lead = lead or assignment
    if planned.rating and lead is not None:
        raters = [p for p, role in planned.people if role != ProposerRole.COLLECTIVE][:1] or [planned.people[0][0]]
        Evaluation.objects.create(assignment=lead, person=raters[0], rating=planned.rating)
    return proposal


def history_import_commit(*, actor: Actor, committee: Committee, rows: list[dict[str, Any]],
                          filename: str = "") -> HistoryImportResult:
    """Check again, then create every proposal with its proposers, assignments and ratings in one transaction."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    try:
        with transaction.atomic():
            plan = plan_history(committee=committee, rows=rows)
            if plan.problems:
                raise ImportProblems(plan.problems)
            if not plan.rows:
                raise ImportProblems([Problem(None, "", "文件中没有可导入的提案。")])
            created = [_create(actor, committee, planned) for planned in plan.rows]
            ProposalEvent.objects.bulk_create([
                ProposalEvent(proposal=p, actor=actor, action="history_import", to_state=p.state,
                              remarks=f"历史提案导入{('：' + filename) if filename else ''}"[:2000])
                for p in created
            ])
            refresh_search_many(created)
            years = sorted({p.year for p in created})
            audit_record(actor=actor, action="proposal.history_import", obj=committee, committee_id=committee.pk,
                         detail=f"导入历史提案 {len(created)} 件", after={
                             "文件": filename, "件数": len(created), "年度": "、".join(str(y) for y in years)})
    except ImportProblems as exc:
        audit_record(actor=actor, action="proposal.history_import", obj=committee, committee_id=committee.pk,
                     outcome=Outcome.FAILURE, detail=f"导入未完成：{len(exc.problems)} 处问题")
        raise
    except DatabaseError as exc:
        audit_record(actor=actor, action="proposal.history_import", obj=committee, committee_id=committee.pk,
                     outcome=Outcome.FAILURE, detail=f"导入未完成：数据库错误 {type(exc).__name__}")
        raise ImportProblems([Problem(None, "", "保存时发生冲突（可能有人同时录入了相同提案号），未导入任何数据，请重试。")]) from exc
    return HistoryImportResult(total=len(created), years=years)


def import_history_file(*, actor: Actor, committee: Committee, data: bytes | IO[bytes],
                        filename: str = "") -> HistoryImportResult:
    """Parse and import in one step (the management command; a screen would show the plan first)."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    parsed = parse_history(data, filename=filename)
    if parsed.problems:
        raise ImportProblems(parsed.problems)
    return history_import_commit(actor=actor, committee=committee, rows=parsed.rows, filename=filename)


# --- The template ------------------------------------------------------------------------------------------------


def build_history_template(committee: Committee) -> bytes:
    """The .xlsx to fill in: the header row (required columns marked *) and a 说明 sheet with the rules."""
    workbook = Workbook()
    sheet = workbook.active
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
