"""Supervision documents: a group's 监督报告 in official layout (Word) and the rows of the Excel lists."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from lvzhi.documents import word
from lvzhi.supervision.figures import HEADLINE, SupervisionFigures
from lvzhi.supervision.models import (
    GroupRole,
    MatterState,
    OutsideAttendance,
    SupervisionGroup,
    SupervisionMatter,
    SupervisorAppointment,
    SupervisorDuty,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERALS = "一二三四五六七八九十"


def _numeral(i: int) -> str:
    return NUMERALS[i - 1] if i <= 10 else str(i)


def group_report_docx(group: SupervisionGroup) -> bytes:
    """监督报告: who went where, and each matter through the loop (facts, opinions, feedback, verification)."""
    document = word.new_document()
    word.add_title(document, f"{group.committee.name}{group.name}\n民主监督工作报告")
    seats = list(group.memberships.select_related("person").order_by("role", "id"))
    leader = next((s.person.name for s in seats if s.role == GroupRole.LEADER), "")
    members = "、".join(s.person.name for s in seats if s.role == GroupRole.MEMBER)
    matters = list(group.matters.select_related("department").prefetch_related("opinions").order_by("id"))
    word.add_table(document, [
        ("监督组", group.name), ("监督主题", group.topic or "—"), ("派出日期", f"{group.sent_on:%Y年%-m月%-d日}"),
        ("组长", leader or "—"), ("组员", members or "—"),
        ("被监督单位", "、".join(u.name for u in group.departments.order_by("sort_order", "id"))),
        ("监督方式", "、".join(group.method_labels()) or "—"),
    ])
    closed = sum(1 for m in matters if m.state == MatterState.VERIFIED)
    opinions = sum(len(m.opinions.all()) for m in matters)
    word.add_heading(document, "一、总体情况")
    word.add_paragraph(document, f"本组共监督事项{len(matters)}项，提出监督意见{opinions}条，"
                                 f"已核实确认办结{closed}项，尚未办结{len(matters) - closed}项。")
    for i, m in enumerate(matters, start=2):
        word.add_heading(document, f"{_numeral(i)}、{m.department.name}：{m.title}")
        word.add_paragraph(document, m.description or "（未填写）", bold_label="实际情况：")
        texts = [o.text for o in m.opinions.all()]
        if texts:
            word.add_paragraph(document, "", bold_label=f"监督意见（{m.opinions_issued_on:%Y年%-m月%-d日}提出）：")
            for n, text in enumerate(texts, start=1):
                word.add_paragraph(document, f"{n}. {text}")
        if m.feedback:
            word.add_paragraph(document, m.feedback, bold_label=f"办理情况（{m.feedback_on:%Y年%-m月%-d日}反馈）：")
        elif m.is_overdue:
            word.add_paragraph(document, f"反馈期限为{m.feedback_due:%Y年%-m月%-d日}，已逾期{m.days_overdue}天未反馈。",
                               bold_label="办理情况：")
        if m.state == MatterState.VERIFIED:
            word.add_paragraph(document, m.verification, bold_label=f"核实情况（{m.verified_on:%Y年%-m月%-d日}）：")
        else:
            word.add_paragraph(document, m.get_state_display(), bold_label="当前状态：")
    word.add_paragraph(document, "")
    word.add_paragraph(document, f"{group.committee.name}", align="right", indent=False)
    word.add_paragraph(document, f"{timezone.localdate():%Y年%-m月%-d日}", align="right", indent=False)
    return word.document_bytes(document)


GROUP_HEADERS = ["序号", "监督组", "监督主题", "派出日期", "组长", "组员", "被监督单位", "监督方式", "监督事项", "已办结",
                 "逾期未反馈"]


def group_rows(groups: Iterable[SupervisionGroup]) -> Iterable[list[Any]]:
    for i, g in enumerate(groups, start=1):
        seats = list(g.memberships.all())
        yield [i, g.name, g.topic, g.sent_on,
               "、".join(s.person.name for s in seats if s.role == GroupRole.LEADER),
               "、".join(s.person.name for s in seats if s.role == GroupRole.MEMBER),
               "、".join(u.name for u in g.departments.all()), "、".join(g.method_labels()),
               getattr(g, "matter_count", 0), getattr(g, "closed_count", 0), getattr(g, "overdue_count", 0)]


MATTER_HEADERS = ["序号", "年度", "监督组", "被监督单位", "监督事项", "状态", "意见（条）", "提出意见日期", "反馈期限",
                  "反馈日期", "核实日期", "是否逾期"]


def matter_rows(matters: Iterable[SupervisionMatter]) -> Iterable[list[Any]]:
    for i, m in enumerate(matters, start=1):
        yield [i, m.year, m.group.name, m.department.name, m.title, m.get_state_display(),
               getattr(m, "opinion_count", 0),
               m.opinions_issued_on, m.feedback_due, m.feedback_on, m.verified_on,
               f"逾期{m.days_overdue}天" if m.is_overdue else ""]


APPOINTMENT_HEADERS = ["序号", "委员", "聘请单位", "监督员名称", "聘任日期", "期满日期"]


def appointment_rows(rows: Iterable[SupervisorAppointment]) -> Iterable[list[Any]]:
    for i, a in enumerate(rows, start=1):
        yield [i, a.person.name, a.body, a.title, a.appointed_on, a.ends_on]


DUTY_HEADERS = ["序号", "日期", "单位", "活动内容", "参加人员", "人次"]


def duty_rows(rows: Iterable[SupervisorDuty]) -> Iterable[list[Any]]:
    for i, d in enumerate(rows, start=1):
        names = [p.name for p in d.participants.all()]
        yield [i, d.date, d.body, d.title, "、".join(names), len(names)]


ATTENDANCE_HEADERS = ["序号", "日期", "类别", "单位", "会议或案件", "参加委员", "人次"]


def attendance_rows(rows: Iterable[OutsideAttendance]) -> Iterable[list[Any]]:
    for i, r in enumerate(rows, start=1):
        names = [p.name for p in r.attendees.all()]
        yield [i, r.date, r.get_kind_display(), r.body, r.title, "、".join(names), len(names)]


FIGURE_HEADERS = ["指标", "数值", "单位"]


def figure_rows(f: SupervisionFigures) -> list[list[Any]]:
    rows: list[list[Any]] = [[label, getattr(f, code), unit] for code, label, unit in HEADLINE]
    rows += [[f"监督事项：{label}", n, "项"] for _, label, n in f.state_rows()]
    return rows
