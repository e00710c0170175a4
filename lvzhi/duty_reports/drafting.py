"""Writing a duty report from the record: the year's figures and the items behind them, as paragraphs in the
register of an official report, one list per section; and reading a report back as its sections.

The figures (`figures_snapshot`) and the member's own text (`DutyReport.body`) are stored apart. The body is
plain text in which a line holding exactly a section heading starts that section; the member writes under the
headings, and whatever sits under a heading is shown after that section's generated paragraphs."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lvzhi.committees.models import chinese_number
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, Outcome
from lvzhi.duty.selectors import duty_records
from lvzhi.duty_reports.models import ReportKind
from lvzhi.duty_reports.scores import score_of, score_text
from lvzhi.members.models import MemberRole, Membership

SECTIONS: tuple[tuple[str, str], ...] = (
    ("basic", "一、基本情况"),
    ("politics", "二、参政议政情况"),
    ("consult", "三、参加协商、视察调研和民主监督"),
    ("study", "四、学习培训和其他"),
    ("outlook", "五、存在的不足和今后努力方向"),
)
HEADINGS = {heading: key for key, heading in SECTIONS}
OUTLOOK_PROMPT = "（请在此写明本人履职中存在的不足和今后努力方向，提交前删去本提示。）"
MAX_TITLES = 10  # titles named in a paragraph; the rest are "等N项"
MAX_ITEMS = 200  # items of one kind kept in the snapshot
# Roles that sit on the standing committee (主席、副主席、秘书长 are 常委会组成人员): their report is a 常委履职报告.
STANDING_ROLES = frozenset({MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL,
                            MemberRole.STANDING})

PROPOSALS = (DutyKind.PROPOSAL_FIRST, DutyKind.PROPOSAL_COSIGN, DutyKind.PROPOSAL_COLLECTIVE)
SPEECHES = (DutyKind.SPEECH_PLENARY, DutyKind.SPEECH_WRITTEN, DutyKind.SPEECH_OTHER)
CONSULT = (DutyKind.CONSULTATION, DutyKind.INSPECTION, DutyKind.RESEARCH, DutyKind.SUPERVISION,
           DutyKind.SPECIAL_SUPERVISOR, DutyKind.ATTEND_OUTSIDE)
STUDY = (DutyKind.TRAINING, DutyKind.STATION_ACTIVITY, DutyKind.REPORTED, DutyKind.OTHER, DutyKind.COMMENDATION)
# How each kind reads in a sentence: "参加视察2次".
PHRASES: dict[str, tuple[str, str]] = {
    DutyKind.CONSULTATION: ("参加协商活动", "次"), DutyKind.INSPECTION: ("参加视察", "次"),
    DutyKind.RESEARCH: ("参加调研", "次"), DutyKind.SUPERVISION: ("参加民主监督", "次"),
    DutyKind.SPECIAL_SUPERVISOR: ("作为特约监督员履职", "次"), DutyKind.ATTEND_OUTSIDE: ("列席会议、旁听庭审", "次"),
    DutyKind.TRAINING: ("参加学习培训", "次"), DutyKind.STATION_ACTIVITY: ("参加委员工作站活动", "次"),
    DutyKind.REPORTED: ("自报履职活动", "项"), DutyKind.OTHER: ("参加其他履职活动", "次"),
    DutyKind.COMMENDATION: ("获得表彰", "项"),
}


def report_kind(membership: Membership) -> str:
    return ReportKind.STANDING if membership.role in STANDING_ROLES else ReportKind.MEMBER


def report_title(membership: Membership, year: int) -> str:
    kind = ReportKind(report_kind(membership)).label
    return f"{membership.person.name}{year}年度{kind}"


def initial_body() -> str:
    """The member's part of a new draft: the headings to write under, and the prompt of the last section."""
    lines: list[str] = []
    for key, heading in SECTIONS:
        lines += [heading, OUTLOOK_PROMPT if key == "outlook" else "", ""]
    return "\n".join(lines).rstrip() + "\n"


def _item(record: DutyRecord) -> dict[str, Any]:
    return {"title": record.title, "date": record.date.isoformat(), "role": record.role,
            "outcomes": record.outcome_list(), "level": record.level}


def _titles(items: Iterable[dict[str, Any]], *, quoted: bool) -> str:
    items = list(items)
    names = [f"《{i['title']}》" if quoted else i["title"] for i in items[:MAX_TITLES]]
    joined = ("" if quoted else "、").join(names)
    return joined + (f"等{len(items)}项" if len(items) > MAX_TITLES else "")


def _with(outcome: str, items: Iterable[dict[str, Any]]) -> int:
    return sum(1 for i in items if outcome in i["outcomes"])


# An approved self-reported activity (merits) that was a research trip, an inspection or a station activity is told
# with those, not with the other activities: the record's event says which it was.
REPORTED_AS: dict[str, str] = {
    DutyEvent.RESEARCH: DutyKind.RESEARCH, DutyEvent.INSPECTION: DutyKind.INSPECTION,
    DutyEvent.STATION: DutyKind.STATION_ACTIVITY,
}


def told_as(kind: str, event: str) -> str:
    """The kind a record is counted and listed with in the report and the feedback."""
    return REPORTED_AS.get(event, kind) if kind == DutyKind.REPORTED else kind


def figures_snapshot(membership: Membership, year: int, *, now: datetime.datetime) -> dict[str, Any]:
    """The member's figures for the committee and year: counts by kind (a reported activity as what it was), the
    items behind them, and the paragraphs of each section written from them."""
    person = membership.person
    counts: dict[str, int] = {}
    items: dict[str, list[dict[str, Any]]] = {}
    for record in duty_records(person, year=year, committee_id=membership.committee_id).order_by("date", "id"):
        kind = told_as(record.kind, record.event)
        counts[kind] = counts.get(kind, 0) + 1
        bucket = items.setdefault(kind, [])
        if len(bucket) < MAX_ITEMS:
            bucket.append(_item(record))
    paragraphs = {
        "basic": _basic(membership, year, counts),
        "politics": _politics(counts, items),
        "consult": _listed(CONSULT, counts, items, "本年度暂无参加协商、视察、调研和民主监督活动的记录。"),
        "study": _listed(STUDY, counts, items, "本年度暂无学习培训和其他履职活动的记录。"),
    }
    return {"year": year, "generated_at": now.isoformat(), "counts": counts, "items": items,
            "sections": paragraphs}


def _basic(membership: Membership, year: int, counts: dict[str, int]) -> list[str]:
    person = membership.person
    who = [f"本人{person.name}，{membership.committee.name}{_term(membership)}{membership.get_role_display()}"]
    if membership.sector_id:
        who.append(f"{membership.sector}界别")
    if membership.party_id:
        who.append(str(membership.party))
    if person.workplace:
        who.append(person.workplace)
    first = "，".join(who) + "。"
    total = sum(counts.values())
    present, excused, absent = (counts.get(k, 0) for k in (
        DutyKind.ATTENDANCE_PRESENT, DutyKind.ATTENDANCE_EXCUSED, DutyKind.ATTENDANCE_ABSENT))
    if total == 0:
        return [first, f"{year}年度，履职档案中暂无本人的履职记录。"]
    meetings = (f"全年出席会议{present}次，请假{excused}次，缺席{absent}次。" if present + excused + absent
                else "全年履职档案中暂无会议出席记录。")
    score = score_of(committee=membership.committee, person=person, year=year)
    scored = (f"按本会{year}年度委员履职量化考核办法，履职得分{score_text(score)}。" if score is not None else "")
    return [first, f"{year}年度，本人履职档案共记录履职事项{total}项。{meetings}{scored}"]


def _term(membership: Membership) -> str:
    return f"第{chinese_number(membership.term.number)}届" if membership.term_id else ""


def _politics(counts: dict[str, int], items: dict[str, list[dict[str, Any]]]) -> list[str]:
    paragraphs = []
    proposals = [i for k in PROPOSALS for i in items.get(k, [])]
    if proposals:
        first, cosign, collective = (counts.get(k, 0) for k in PROPOSALS)
        parts = [f"作为第一提案人{first}件" if first else "", f"联名提出{cosign}件" if cosign else "",
                 f"参与集体提案{collective}件" if collective else ""]
        filed, key = _with(Outcome.FILED, proposals), _with(Outcome.KEY, proposals)
        outcome = (f"，其中立案{filed}件" if filed else "") + (f"、确定为重点提案{key}件" if key and filed else
                                                            f"，其中确定为重点提案{key}件" if key else "")
        paragraphs.append(f"提出提案{first + cosign + collective}件（{'、'.join(p for p in parts if p)}）{outcome}："
                          f"{_titles(proposals, quoted=True)}。")
    opinions = items.get(DutyKind.OPINION_SUBMITTED, [])
    adopted, instructed = counts.get(DutyKind.OPINION_ADOPTED, 0), counts.get(DutyKind.OPINION_INSTRUCTED, 0)
    if opinions or adopted or instructed:
        tail = "".join([f"，被采用{adopted}篇次" if adopted else "", f"，获领导批示{instructed}篇次" if instructed else ""])
        listed = f"：{_titles(opinions, quoted=True)}" if opinions else ""
        paragraphs.append(f"报送社情民意信息{len(opinions)}篇{tail}{listed}。")
    speeches = [i for k in SPEECHES for i in items.get(k, [])]
    if speeches:
        plenary, written, other = (counts.get(k, 0) for k in SPEECHES)
        parts = [f"大会发言{plenary}次" if plenary else "", f"书面发言{written}次" if written else "",
                 f"其他会议发言{other}次" if other else ""]
        paragraphs.append(f"在会议上发言{len(speeches)}次（{'、'.join(p for p in parts if p)}）："
                          f"{_titles(speeches, quoted=False)}。")
    return paragraphs or ["本年度履职档案中暂无提案、社情民意信息和会议发言的记录。"]


def _listed(kinds: Iterable[str], counts: dict[str, int], items: dict[str, list[dict[str, Any]]],
            empty: str) -> list[str]:
    sentences = []
    for kind in kinds:
        n = counts.get(kind, 0)
        if not n:
            continue
        phrase, unit = PHRASES[kind]
        sentences.append(f"{phrase}{n}{unit}（{_titles(items.get(kind, []), quoted=False)}）")
    return [f"本年度，本人{'；'.join(sentences)}。"] if sentences else [empty]


# ---------------------------------------------------------------- reading a report back


@dataclass
class Section:
    key: str
    heading: str
    generated: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)


def split_body(body: str) -> tuple[list[str], dict[str, list[str]]]:
    """The member's paragraphs before the first heading, and under each heading (by section key). A heading the
    member removed merges its text into the section before it; nothing they wrote is dropped."""
    preamble: list[str] = []
    own: dict[str, list[str]] = {key: [] for key, _ in SECTIONS}
    current: list[str] = preamble
    for line in (body or "").splitlines():
        text = line.strip()
        if text in HEADINGS:
            current = own[HEADINGS[text]]
        elif text:
            current.append(text)
    return preamble, own


def sections_of(figures: dict[str, Any], body: str) -> tuple[list[str], list[Section]]:
    """The report as read: the member's opening paragraphs, then each section's generated and own paragraphs."""
    preamble, own = split_body(body)
    generated = figures.get("sections", {}) if isinstance(figures, dict) else {}
    return preamble, [Section(key, heading, list(generated.get(key, [])), own[key]) for key, heading in SECTIONS]


def still_prompting(body: str) -> bool:
    """The last section still holds the prompt, or nothing the member wrote."""
    _preamble, own = split_body(body)
    return OUTLOOK_PROMPT in body or not own["outlook"]
