"""Word and Excel documents of proposals, opened again and read back."""
from __future__ import annotations

import datetime
import io
from typing import cast
from urllib.parse import quote

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.proposals.documents import (
    assignment_letter_docx,
    catalogue_xlsx,
    handling_table_xlsx,
    proposal_docx,
    proposal_filename,
)
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Proposal,
    ProposalKind,
    ReplyClass,
    State,
)
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world: World) -> Proposal:
    proposal = make_proposal(world, state=State.REPLIED, number="15届1次第0007号", kind=ProposalKind.JOINT,
                             proposers=[world.people["alice"], world.people["bob"]])
    now = timezone.now()
    Assignment.objects.create(
        proposal=proposal, unit=world.unit, role=AssignmentRole.SOLE, assigned_at=now - datetime.timedelta(days=100),
        due_date=(now - datetime.timedelta(days=10)).date(), reassign_until=now.date(), state=AssignmentState.REPLIED,
        replied_at=now, reply_class=ReplyClass.objects.get(committee=world.city, code="B"),
    )
    return proposal


def _texts(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_proposal_docx(assigned: Proposal) -> None:
    data = proposal_docx(assigned)
    text = _texts(data)
    for expected in ("长春市政协提案", "15届1次第0007号", "平时提案", "联名提案", "艾丽", "薄波",
                     "关于加强城市社区养老服务的建议", "一、情况", "二、分析", "三、建议", "长春市教育局（单办）", "B类"):
        assert expected in text
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.top_margin is not None and section.left_margin is not None
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    body_runs = [r for p in document.paragraphs for r in p.runs if r.text == assigned.situation]
    assert body_runs and body_runs[0]._element.xpath("string(w:rPr/w:rFonts/@w:eastAsia)") == "仿宋_GB2312"
    title = document.paragraphs[0].runs[0]
    assert title._element.xpath("string(w:rPr/w:rFonts/@w:eastAsia)") == "方正小标宋简体" and title.font.size is not None and title.font.size.pt == 22
    assert "PAGE" in section.footer._element.xml


def test_assignment_letter(assigned: Proposal) -> None:
    text = _texts(assignment_letter_docx(assigned))
    assert "提案交办通知" in text and "长春市教育局：" in text and "单办" in text
    assert "15届1次第0007号" in text and "《关于加强城市社区养老服务的建议》" in text


def test_catalogue_and_handling_table(world: World, assigned: Proposal) -> None:
    draft = make_proposal(world, title="关于缓解交通拥堵的建议", state=State.IN_REVIEW)
    sheet = cast(Worksheet, load_workbook(io.BytesIO(catalogue_xlsx(Proposal.objects.filter(pk__in=[assigned.pk, draft.pk])
                                                     .order_by("pk")))).active)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "提案号", "案由", "提案人", "类别", "大会/平时", "状态", "承办单位")
    assert rows[1][:4] == (1, "15届1次第0007号", "关于加强城市社区养老服务的建议", "艾丽、薄波")
    assert rows[1][5:] == ("平时", "已答复", "长春市教育局（单办）")
    assert rows[2][6] == "审查中"
    table = list(cast(Worksheet, load_workbook(io.BytesIO(handling_table_xlsx([assigned, draft]))).active).iter_rows(values_only=True))
    assert table[0][0] == "提案号" and table[1][2] == "长春市教育局" and table[1][7] == "B"
    assert table[1][9] == "超期"  # replied ten days after the due date
    assert table[2][2] == "（未交办）"


def test_assignment_letter_writes_the_number_once_as_formatted(assigned: Proposal) -> None:
    assigned.number = "15届平时第0035号"
    assigned.save(update_fields=["number"])
    text = _texts(assignment_letter_docx(assigned))
    assert text.count("15届平时第0035号") == 1
    assert "号号" not in text and "第15届" not in text
    assert "现将长春市政协第十五届平时提案《关于加强城市社区养老服务的建议》（提案号：15届平时第0035号；" in text


def test_file_names_say_the_number_or_the_title_and_state(world: World, assigned: Proposal) -> None:
    assert proposal_filename(assigned) == "提案_15届1次第0007号.docx"
    assert proposal_filename(assigned, "交办函") == "交办函_15届1次第0007号.docx"
    draft = make_proposal(world, title="关于缓解交通/停车难的建议", state=State.IN_REVIEW)
    name = proposal_filename(draft)
    assert name == "提案_关于缓解交通-停车难的建议（审查中）.docx"
    assert "草稿" not in name


def test_word_download_is_named_by_title_and_state(client, world: World) -> None:
    draft = make_proposal(world, title="关于缓解交通拥堵的建议", state=State.IN_REVIEW)
    client.force_login(world.users["pete"])
    response = client.get(f"/proposals/{draft.pk}/proposal.docx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert quote("提案_关于缓解交通拥堵的建议（审查中）.docx") in disposition


def test_assignment_letter_of_a_session_proposal_names_the_term_once(world: World, assigned: Proposal) -> None:
    from lvzhi.committees.models import Session

    assigned.session = Session.objects.create(term=assigned.term, number=3, start_date=datetime.date(2026, 1, 5),
                                              end_date=datetime.date(2026, 1, 9))
    assigned.number = "15届三次会议第0012号"
    assigned.save(update_fields=["session", "number"])
    text = _texts(assignment_letter_docx(assigned))
    assert "现将长春市政协十五届三次会议提案《关于加强城市社区养老服务的建议》（提案号：15届三次会议第0012号；" in text
    assert text.count("十五届") == 1
