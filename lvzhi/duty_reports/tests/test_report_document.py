"""The report as Word: title, 黑体 headings, 仿宋 body in 三号, official margins; the member's and the generated text."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from lvzhi.duty.models import DutyKind
from lvzhi.duty_reports.documents import report_document
from lvzhi.duty_reports.tests.support import drafted, record, written
from lvzhi.testing import World


def _east_asian(run: object) -> str:
    fonts = run._element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return str(fonts.get(qn("w:eastAsia")))


def test_the_report_in_official_layout(world: World) -> None:
    record(world, "alice", DutyKind.PROPOSAL_FIRST, "关于加强校园食品安全的建议")
    report = drafted(world)
    report.body = written(report.body)
    document = Document(io.BytesIO(report_document(report)))
    paragraphs = [p for p in document.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == report.title and title.alignment == 1  # centred
    assert _east_asian(title.runs[0]) in ("方正小标宋简体", "黑体")
    headings = {p.text: p for p in paragraphs if p.text.startswith(("一、", "二、", "三、", "四、", "五、"))}
    assert list(headings) == ["一、基本情况", "二、参政议政情况", "三、参加协商、视察调研和民主监督", "四、学习培训和其他",
                              "五、存在的不足和今后努力方向"]
    assert all(_east_asian(p.runs[0]) == "黑体" for p in headings.values())
    proposal = next(p for p in paragraphs if "《关于加强校园食品安全的建议》" in p.text)
    assert _east_asian(proposal.runs[0]).startswith("仿宋") and proposal.runs[0].font.size == Pt(16)
    assert any("调研深度还不够" in p.text for p in paragraphs)
    section = document.sections[0]
    # Word stores margins in twentieths of a point: 37 mm and 28 mm, to the nearest twip.
    assert section.top_margin is not None and section.left_margin is not None
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
