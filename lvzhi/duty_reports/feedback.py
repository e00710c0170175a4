"""Year-end feedback on each member's duties (年终履职情况反馈) to the party's organisation department (组织部), its
united-front department (统战部) and each member's own unit: one table and one letter per recipient.

Both departments receive every member of the committee for the year. A member's own unit is read from
`Person.workplace` (工作单位及职务), which holds the unit and the post together: `unit_of` takes the text before
the first separator (space, comma, 、, ;, /) and strips a trailing post (副局长, 党委书记, 主任医师 ...), so
"长春市教育局副局长" and "长春市教育局 局长" both belong to 长春市教育局. Members with no workplace are listed in a
sheet of their own (工作单位未填写) for staff to complete, and get no letter."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents import word
from lvzhi.documents.excel import workbook_sheets_bytes
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.duty_reports.drafting import told_as
from lvzhi.duty_reports.models import DutyReport, ReportState
from lvzhi.duty_reports.scores import NOT_SCORED, ScoreSummary, scores_of
from lvzhi.members.models import Membership
from lvzhi.text.chinese import normalise

ORGANISATION, UNITED_FRONT = "org", "ufd"
NO_UNIT = "工作单位未填写"
# The columns of counts, each the sum of some kinds of duty record.
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("proposals", "提案", (DutyKind.PROPOSAL_FIRST, DutyKind.PROPOSAL_COSIGN, DutyKind.PROPOSAL_COLLECTIVE)),
    ("opinions", "社情民意", (DutyKind.OPINION_SUBMITTED,)),
    ("present", "出席会议", (DutyKind.ATTENDANCE_PRESENT,)),
    ("excused", "请假", (DutyKind.ATTENDANCE_EXCUSED,)),
    ("absent", "缺席", (DutyKind.ATTENDANCE_ABSENT,)),
    ("activities", "协商视察调研", (DutyKind.CONSULTATION, DutyKind.INSPECTION, DutyKind.RESEARCH)),
    ("training", "学习培训", (DutyKind.TRAINING,)),
)
HEADERS = ["姓名", "界别", "党派", "工作单位及职务", *(label for _, label, _ in COLUMNS), "得分", "等次", "备注"]
REPORT_REMARKS: dict[str, str] = {
    ReportState.ACKNOWLEDGED: "履职报告已确认", ReportState.SUBMITTED: "已提交履职报告",
    ReportState.RESUBMITTED: "已提交履职报告", ReportState.RETURNED: "履职报告退回修改中",
    ReportState.DRAFT: "履职报告未提交",
}

_SEPARATORS = re.compile(r"[\s,，、;；/／]+")
_POSTS = sorted({
    "党委书记", "党组书记", "党总支书记", "支部书记", "书记", "董事长", "总经理", "经理", "总裁", "校长", "院长", "局长",
    "主任医师", "主治医师", "医师", "主任", "所长", "处长", "科长", "部长", "会长", "秘书长", "主席", "总监", "教授",
    "研究员", "工程师", "教师", "律师", "负责人", "厂长", "行长", "社长", "站长", "主编", "馆长", "园长", "调研员",
}, key=len, reverse=True)
_POST_AT_END = re.compile(r"(?:常务|执行)?副?(?:" + "|".join(_POSTS) + r")$")


def unit_of(workplace: str) -> str:
    """The unit in a 工作单位及职务 text: "长春市教育局副局长" → "长春市教育局"; "" when none is given."""
    text = _SEPARATORS.split(normalise(workplace))[0]
    while True:
        shorter = _POST_AT_END.sub("", text)
        if shorter == text or len(shorter) < 2:
            return text
        text = shorter


@dataclass(frozen=True)
class FeedbackRow:
    membership: Membership
    counts: dict[str, int]
    score: ScoreSummary | None
    remarks: str

    @property
    def unit(self) -> str:
        return unit_of(self.membership.person.workplace)

    def cells(self) -> list[object]:
        m = self.membership
        return [m.person.name, m.sector.name if m.sector else "", m.party.name if m.party else "",
                m.person.workplace, *(self.counts[key] for key, _, _ in COLUMNS),
                f"{self.score.total.normalize():f}" if self.score else NOT_SCORED,
                self.score.grade if self.score else "", self.remarks]

    def labelled(self) -> list[tuple[str, object]]:
        return list(zip(HEADERS, self.cells(), strict=True))


@dataclass(frozen=True)
class Recipient:
    key: str  # ORGANISATION, UNITED_FRONT, or the unit's name
    name: str
    rows: list[FeedbackRow]

    @property
    def is_unit(self) -> bool:
        return self.key not in (ORGANISATION, UNITED_FRONT)


def members_of_year(committee: Committee, year: int) -> list[Membership]:
    """The committee's members who served in the year: joined by its end, not left before its start."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(Membership.objects.filter(committee=committee)
                .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
                .filter(Q(is_active=True) | Q(left_on__gte=start))
                .select_related("person", "sector", "party")
                .order_by("role_rank", "stroke_key", "manual_order", "id"))


def feedback_rows(committee: Committee, year: int) -> list[FeedbackRow]:
    members = members_of_year(committee, year)
    by_kind: dict[int, dict[str, int]] = {}
    for row in (DutyRecord.objects.filter(committee=committee, year=year, person_id__in=[m.person_id for m in members])
                .values("person_id", "kind", "event").annotate(n=Count("id")).order_by()):
        kinds = by_kind.setdefault(row["person_id"], {})
        kind = told_as(row["kind"], row["event"])
        kinds[kind] = kinds.get(kind, 0) + row["n"]
    reports: dict[int, str] = dict(DutyReport.objects.filter(committee=committee, year=year).values_list("person_id", "state"))
    scores = scores_of(committee=committee, person_ids=[m.person_id for m in members], year=year)
    rows = []
    for m in members:
        kinds = by_kind.get(m.person_id, {})
        counts = {key: sum(kinds.get(k, 0) for k in members_kinds) for key, _, members_kinds in COLUMNS}
        score = scores.get(m.person_id)
        remarks = [REPORT_REMARKS.get(reports.get(m.person_id, ""), "未撰写履职报告")]
        if score is not None and not score.minimum_met:
            remarks.append("未达到最低履职要求" + (f"：{'、'.join(score.missed)}" if score.missed else ""))
        rows.append(FeedbackRow(m, counts, score, "；".join(remarks)))
    return rows


def department_name(committee: Committee, which: str) -> str:
    """中共长春市委组织部 / 中共长春市委统战部: the party committee at the committee's level, by its short name."""
    place = committee.display_name.removesuffix("政协")
    return f"中共{place}委{'组织部' if which == ORGANISATION else '统战部'}"


def recipients(committee: Committee, year: int) -> list[Recipient]:
    rows = feedback_rows(committee, year)
    units: dict[str, list[FeedbackRow]] = {}
    for row in rows:
        units.setdefault(row.unit or NO_UNIT, []).append(row)
    found = [Recipient(ORGANISATION, department_name(committee, ORGANISATION), rows),
             Recipient(UNITED_FRONT, department_name(committee, UNITED_FRONT), rows)]
    found += [Recipient(name, name, unit_rows) for name, unit_rows in sorted(units.items()) if name != NO_UNIT]
    if NO_UNIT in units:
        found.append(Recipient(NO_UNIT, NO_UNIT, units[NO_UNIT]))
    return found


def workbook(recipients: Iterable[Recipient]) -> bytes:
    """One sheet per recipient, the same columns on each."""
    return workbook_sheets_bytes([(r.name, HEADERS, [row.cells() for row in r.rows]) for r in recipients])


def _member_paragraph(row: FeedbackRow, year: int) -> str:
    c = row.counts
    facts = [f"提出提案{c['proposals']}件", f"报送社情民意信息{c['opinions']}篇",
             f"出席会议{c['present']}次、请假{c['excused']}次、缺席{c['absent']}次",
             f"参加协商、视察、调研活动{c['activities']}次", f"参加学习培训{c['training']}次"]
    if row.score is None:
        score = "履职考核尚未评分。"
    else:
        score = f"履职考核得分{row.score.total.normalize():f}分，等次为“{row.score.grade}”。"
        if not row.score.minimum_met:
            score += "未达到最低履职要求" + (f"（{'、'.join(row.score.missed)}）" if row.score.missed else "") + "。"
    return f"{year}年度{'，'.join(facts)}。{score}"


def letter(committee: Committee, year: int, recipient: Recipient, *, today: datetime.date) -> bytes:
    """The official letter to one recipient: a paragraph per member with the year's figures and score."""
    document = word.new_document()
    word.add_title(document, f"关于{year}年度政协委员履职情况的反馈函")
    word.add_paragraph(document, f"{recipient.name}：", indent=False, align="left")
    whom = (f"在贵单位工作的{len(recipient.rows)}名{committee.name}委员" if recipient.is_unit
            else f"{committee.name}{len(recipient.rows)}名委员")
    word.add_paragraph(document, f"根据委员履职管理有关规定，现将{whom}{year}年度履行职责情况反馈如下：")
    for index, row in enumerate(recipient.rows, start=1):
        m = row.membership
        about = "，".join(x for x in (f"{m.sector.name}界别" if m.sector else "", m.person.workplace) if x)
        label = f"{index}. {m.person.name}" + (f"（{about}）" if about else "") + "："
        word.add_paragraph(document, _member_paragraph(row, year), bold_label=label)
    word.add_paragraph(document, "请贵单位继续支持委员依法履职。特此函告。")
    word.add_paragraph(document, "")
    word.add_paragraph(document, committee.name, indent=False, align="right")
    word.add_paragraph(document, f"{today.year}年{today.month}月{today.day}日", indent=False, align="right")
    return word.document_bytes(document)


def letter_filename(year: int, recipient: Recipient) -> str:
    return f"{year}年度委员履职情况反馈函（{recipient.name}）.docx"


def letters_zip(committee: Committee, year: int, found: Iterable[Recipient], *, today: datetime.date) -> bytes:
    """Every recipient's letter (not the 工作单位未填写 list, which has no one to write to), in one .zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for r in found:
            if r.key != NO_UNIT:
                archive.writestr(letter_filename(year, r).replace("/", "／"), letter(committee, year, r, today=today))
    return buffer.getvalue()


def find(found: Iterable[Recipient], key: str) -> Recipient | None:
    return next((r for r in found if r.key == key and r.key != NO_UNIT), None)


def audit_feedback(*, actor: Actor, committee: Committee, year: int, what: str, export: bool = False) -> None:
    """Every look at the feedback and every download of it, in the audit trail (it carries members' records)."""
    audit_record(actor=actor, action="duty_reports.feedback_export" if export else "duty_reports.feedback_read",
                 obj=committee, committee_id=committee.pk, detail=f"{year}年度委员履职情况反馈：{what}")
