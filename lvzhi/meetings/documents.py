"""Files of 会议与考勤: the attendance list (签到表) in official Word layout; Excel rows of sheets, rolls,
leave requests, a member's own meetings, speeches and figures. Everything here gets rows the caller has already fetched with permissions applied."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from docx.shared import Mm, Pt

from lvzhi.documents import word
from lvzhi.documents.excel import workbook_response
from lvzhi.meetings.figures import MeetingFigures
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetKind, Speech, SpeechKind

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SHEET_HEADERS = ["日期", "名称", "类型", "地点", "状态", "应到", "出席", "请假", "缺席", "未签到", "出席率"]
ROLL_HEADERS = ["序号", "姓名", "出席情况", "签到时间", "签到方式", "请假事由", "请假审批", "备注"]
LEAVE_HEADERS = ["会议", "日期", "会议类型", "委员", "请假事由", "申请时间", "审批状态", "审批人", "审批时间",
                 "审批意见", "出席情况"]
MY_HEADERS = ["日期", "会议", "政协组织", "类型", "地点", "出席情况", "签到时间", "请假事由", "请假审批"]
SPEECH_HEADERS = ["日期", "发言类型", "题目", "发言人/发言单位", "全体会议"]


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _rate(sheet: AttendanceSheet) -> str:
    if not sheet.invited_count:
        return "—"
    return f"{sheet.present_count * 100 / sheet.invited_count:.1f}%"


def sheet_rows(sheets: Iterable[AttendanceSheet]) -> list[list[Any]]:
    return [[s.date, s.title, s.get_kind_display(), s.place, s.get_state_display(), s.invited_count,
             s.present_count, s.excused_count, s.absent_count, s.pending_count, _rate(s)] for s in sheets]


def roll_rows(lines: Iterable[Attendance]) -> list[list[Any]]:
    return [[i, a.person.name, a.get_status_display(), _local(a.signed_in_at), a.get_sign_in_method_display(),
             a.leave_reason, a.get_leave_state_display() if a.leave_state else "", a.remarks]
            for i, a in enumerate(lines, start=1)]


def leave_rows(lines: Iterable[Attendance]) -> list[list[Any]]:
    return [[a.sheet.title, a.sheet.date, a.sheet.get_kind_display(), a.person.name, a.leave_reason,
             _local(a.leave_requested_at), a.get_leave_state_display() if a.leave_state else "",
             str(a.leave_decided_by or ""), _local(a.leave_decided_at),
             a.leave_remarks, a.get_status_display()] for a in lines]


def my_rows(lines: Iterable[Attendance]) -> list[list[Any]]:
    return [[a.date, a.sheet.title, a.sheet.committee.name, a.sheet.get_kind_display(), a.sheet.place,
             a.get_status_display(), _local(a.signed_in_at), a.leave_reason,
             a.get_leave_state_display() if a.leave_state else ""] for a in lines]


def speech_rows(speeches: Iterable[Speech]) -> list[list[Any]]:
    return [[s.date, s.get_kind_display(), s.title, s.speaker_name, s.session.label if s.session is not None else ""]
            for s in speeches]


def figure_rows(f: MeetingFigures) -> list[list[Any]]:
    """The figures page as rows: (figure, value)."""
    rows: list[list[Any]] = [["统计范围", f.scope.label], ["统计期间", f.period.label],
                             ["召开会议（活动）", f.held]]
    rows += [[f"其中：{SheetKind(k).label}", n] for k, n in f.by_kind.items()]
    t = f.totals
    rows += [["邀请（应到）人次", t.invited], ["出席人次", t.present], ["请假人次", t.excused],
             ["缺席人次", t.absent], ["未签到人次", t.pending], ["出席率（出席÷应到）", str(t.rate_of_invited)],
             ["出席率（出席÷（应到−请假））", str(t.rate_of_expected)], ["学习培训（次）", f.training_count],
             ["学习培训（人次）", f.training_person_times], ["发言（篇）", f.speech_total]]
    rows += [[f"其中：{SpeechKind(k).label}", n] for k, n in f.speeches_by_kind.items()]
    rows += [[f"委员发言：{name}", n] for name, n in f.speeches_by_member]
    rows += [[f"单位发言：{name}", n] for name, n in f.speeches_by_organisation]
    if not f.per_member:
        return rows + [["委员出席情况", "含下级政协统计时不逐人列出，请按单个政协组织导出"]]
    rows += [["只出席全体会议的委员", "、".join(name for _, name in f.plenary_only)]]
    rows += [[f"委员出席：{m.name}", f"应到{m.totals.invited} 出席{m.totals.present} 请假{m.totals.excused} "
                                    f"缺席{m.totals.absent}"] for m in f.members]
    return rows


def xlsx(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return workbook_response(filename, title, headers, rows)


def sheet_docx(sheet: AttendanceSheet, lines: Sequence[Attendance]) -> bytes:
    """签到表 in official layout: title, the occasion, the counts, then the roll with a signature column."""
    document = word.new_document()
    word.add_title(document, f"{sheet.committee.name}\n{sheet.title}签到表")
    when = f"{sheet.date:%Y年%-m月%-d日}"
    if sheet.start_time:
        when += f" {sheet.start_time:%H:%M}" + (f"—{sheet.end_time:%H:%M}" if sheet.end_time else "")
    word.add_paragraph(document, when, indent=False, bold_label="时间：")
    if sheet.place:
        word.add_paragraph(document, sheet.place, indent=False, bold_label="地点：")
    word.add_paragraph(
        document, f"应到{sheet.invited_count}人，出席{sheet.present_count}人，请假{sheet.excused_count}人，"
                  f"缺席{sheet.absent_count}人。", indent=False, bold_label="出席情况：")
    headers = ["序号", "姓名", "出席情况", "签到时间", "本人签名"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = [Mm(14), Mm(32), Mm(28), Mm(40), Mm(42)]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        word.set_run_font(cell.paragraphs[0].add_run(text), word.HEADING_FONT, Pt(14))
    for i, line in enumerate(lines, start=1):
        note = line.get_status_display()
        if line.leave_reason and line.status == "excused":
            note += f"（{line.leave_reason[:20]}）"
        signed = timezone.localtime(line.signed_in_at).strftime("%H:%M") if line.signed_in_at else ""
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(i), line.person.name, note, signed, ""], strict=True):
            word.set_run_font(cell.paragraphs[0].add_run(text), word.BODY_FONT, Pt(14))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    word.add_paragraph(document, "")
    word.add_paragraph(document, f"{sheet.committee.name}办公室", indent=False, align="right")
    word.add_paragraph(document, f"{timezone.localdate():%Y年%-m月%-d日}", indent=False, align="right")
    return word.document_bytes(document)
