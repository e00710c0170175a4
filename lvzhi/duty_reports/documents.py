"""A duty report as Word, in the layout of an official document: title centred, 黑体 headings, 仿宋 body."""
from __future__ import annotations

from lvzhi.documents import word
from lvzhi.duty_reports.drafting import sections_of
from lvzhi.duty_reports.models import DutyReport


def report_document(report: DutyReport) -> bytes:
    document = word.new_document()
    word.add_title(document, report.title)
    membership = report.membership
    byline = "　".join(x for x in (membership.committee.name, membership.get_role_display(), report.person.name) if x)
    word.add_paragraph(document, byline, indent=False, align="center")
    preamble, sections = sections_of(report.figures, report.body)
    for text in preamble:
        word.add_paragraph(document, text)
    for section in sections:
        word.add_heading(document, section.heading)
        for text in [*section.generated, *section.own]:
            word.add_paragraph(document, text)
    return word.document_bytes(document)


def report_filename(report: DutyReport) -> str:
    return f"{report.title}.docx".replace("/", "／")
