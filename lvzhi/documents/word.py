"""Official-style Word documents (党政机关公文格式): A4, standard margins and fonts, East Asian fonts set properly."""
from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
LINE_SPACING = Pt(28)

def set_run_font(run: Run, east_asian: str, size: Pt | None = None, *, bold: bool | None = None,
                 latin: str = LATIN_FONT) -> Run:
    """Chinese text takes the w:eastAsia font; `font.name` alone only sets the Latin one."""
    run.font.name = latin
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    return run


def _fixed_spacing(paragraph: Paragraph, *, indent: bool) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        # Two characters of the body size, also written in character units so Word keeps it at any size.
        fmt.first_line_indent = Pt(BODY_SIZE.pt * 2)
        ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), "200")


def new_document() -> DocxDocument:
    """A4 with margins 上37 下35 左28 右26 mm, body style 仿宋_GB2312 三号, page numbers "— 1 —" in the footer."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    _page_number(section.footer.paragraphs[0])
    return document


def _field(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    set_run_font(run, "宋体", Pt(14), latin="宋体")
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), "宋体", Pt(14), latin="宋体")
    _field(paragraph, "PAGE")
    set_run_font(paragraph.add_run(" —"), "宋体", Pt(14), latin="宋体")


def add_title(document: DocxDocument, text: str) -> Paragraph:
    """方正小标宋简体 二号, centred; Word falls back to 宋体 where the font is not installed."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36)
    fmt.space_after = Pt(14)
    run = set_run_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
    return paragraph


def add_heading(document: DocxDocument, text: str) -> Paragraph:
    """A first-level heading: 黑体 三号, indented like the body (一、情况)."""
    paragraph = document.add_paragraph()
    _fixed_spacing(paragraph, indent=True)
    set_run_font(paragraph.add_run(text), HEADING_FONT, BODY_SIZE)
    return paragraph


def add_paragraph(document: DocxDocument, text: str = "", *, indent: bool = True,
                  align: str = "justify", bold_label: str = "") -> Paragraph:
    """A body paragraph: 仿宋_GB2312 三号, fixed 28 pt lines, first line indented two characters.
    `bold_label` is a lead-in in 黑体 (e.g. "案由：")."""
    paragraph = document.add_paragraph()
    paragraph.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    _fixed_spacing(paragraph, indent=indent)
    if bold_label:
        set_run_font(paragraph.add_run(bold_label), HEADING_FONT, BODY_SIZE)
    if text:
        set_run_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def add_text(document: DocxDocument, text: str) -> list[Paragraph]:
    """Body text with one paragraph per non-empty line."""
    return [add_paragraph(document, line.strip()) for line in (text or "").splitlines() if line.strip()]


def add_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    """A two-column label/value table (the proposal's cover data), in 仿宋 with labels in 黑体."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        for cell, text, font in ((cells[0], label, HEADING_FONT), (cells[1], value, BODY_FONT)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.paragraph_format.line_spacing = LINE_SPACING
            set_run_font(paragraph.add_run(text), font, Pt(14))
    for row in table.rows:
        row.cells[0].width = Mm(38)
        row.cells[1].width = Mm(118)


def document_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
