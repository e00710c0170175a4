"""The 社情民意 files: an issue of the journal in official Word layout, and the Excel lists."""
from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from lvzhi.committees.models import chinese_number
from lvzhi.documents.word import (
    BODY_FONT,
    BODY_SIZE,
    HEADING_FONT,
    TITLE_FONT,
    add_paragraph,
    add_text,
    add_title,
    document_bytes,
    new_document,
    set_run_font,
)
from lvzhi.opinions.models import JournalIssue, OpinionReport

RED = RGBColor(0xC0, 0x00, 0x00)
LIST_HEADERS = ["序号", "标题", "报送方式", "作者/报送单位", "紧急", "状态", "报送时间", "刊期", "采用", "批示"]


def _rule(paragraph: object) -> None:
    """A red line under the masthead (the 版头 of an internal journal)."""
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def author_line(report: OpinionReport) -> str:
    names = "、".join(a.person.name for a in report.authors.all())
    return report.collective_name or names


def issue_docx(issue: JournalIssue) -> bytes:
    """The issue: red masthead with the publication's name, 第N期, the committee and date, then each report."""
    document = new_document()
    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = set_run_font(masthead.add_run(issue.publication.name), TITLE_FONT, Pt(42), bold=True)
    run.font.color.rgb = RED
    number = add_paragraph(document, f"{issue.year}年第{issue.number}期", indent=False, align="center")
    number.runs[0].font.size = BODY_SIZE
    line = add_paragraph(document, "", indent=False)
    left = set_run_font(line.add_run(f"{issue.committee.name}办公室编"), BODY_FONT, Pt(14))
    left.font.color.rgb = RED
    set_run_font(line.add_run("　" * 6), BODY_FONT, Pt(14))
    set_run_font(line.add_run(f"{issue.date:%Y年%-m月%-d日}"), BODY_FONT, Pt(14))
    _rule(line)
    items = issue.items.select_related("report").prefetch_related("report__authors__person").order_by("order", "id")
    reports = [item.report for item in items]
    for index, report in enumerate(reports, start=1):
        if len(reports) > 1:
            add_paragraph(document, "", indent=False)
        add_title(document, report.title)
        for paragraph in add_text(document, report.body):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        who = author_line(report)
        if who:
            source = add_paragraph(document, "", indent=False, align="right")
            set_run_font(source.add_run(f"（{who}）"), BODY_FONT, BODY_SIZE)
        if index == len(reports):
            add_paragraph(document, "", indent=False)
    foot = add_paragraph(document, "", indent=False)
    set_run_font(foot.add_run(f"报：{issue.committee.name}领导　　共印{chinese_number(len(reports) or 1)}份"),
                 HEADING_FONT, Pt(14))
    _rule(foot)
    return document_bytes(document)


def report_docx(report: OpinionReport) -> bytes:
    """One report as sent on (报送件): title, body, then who reported it and when, right-aligned."""
    document = new_document()
    if report.urgent:
        mark = add_paragraph(document, "", indent=False)
        set_run_font(mark.add_run("特急"), HEADING_FONT, BODY_SIZE)
    add_title(document, report.title)
    for paragraph in add_text(document, report.body):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    add_paragraph(document, "", indent=False)
    who = author_line(report)
    if who:
        add_paragraph(document, f"反映人：{who}", indent=False, align="right")
    if report.submitted_at:
        add_paragraph(document, f"{timezone.localtime(report.submitted_at):%Y年%-m月%-d日}", indent=False, align="right")
    return document_bytes(document)


def list_rows(reports: Iterable[OpinionReport]) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, report in enumerate(reports, start=1):
        item = getattr(report, "issue_item", None) if hasattr(report, "issue_item") else None
        rows.append([
            index, report.title, report.get_submitter_kind_display(), author_line(report),
            "是" if report.urgent else "", report.get_state_display(),
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d") if report.submitted_at else "",
            str(item.issue) if item is not None else "",
            "；".join(f"{a.adopted_by}（{a.get_level_display()}）" for a in report.adoptions.all()),
            "；".join(f"{i.leader}（{i.get_level_display()}）" for i in report.instructions.all()),
        ])
    return rows
