"""Issues on screen, and the Word file of an issue reopened."""
from __future__ import annotations

import io

from django.test import Client
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from lvzhi.opinions.models import JournalIssue, Publication, State
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.tests.support import BODY, accepted
from lvzhi.testing import World


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_issue_from_opening_to_word(world: World) -> None:
    opinion_defaults(world.city)
    report = accepted(world, title="关于学校周边交通的建议")
    client = _client(world.rita)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    client.post(f"/opinions/issues/?committee={world.city.pk}", {"publication": journal.pk, "date": "2026-03-02"})
    issue = JournalIssue.objects.get()
    assert str(issue) == "《社情民意》2026年第1期"
    client.post(f"/opinions/issues/{issue.pk}/do/add/", {"report": report.pk, "version": issue.version})
    issue.refresh_from_db()
    client.post(f"/opinions/issues/{issue.pk}/do/publish/", {"version": issue.version})
    report.refresh_from_db()
    assert report.state == State.PUBLISHED
    response = client.get(f"/opinions/issues/{issue.pk}/docx/")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "社情民意" and "2026年第1期" in texts
    assert "关于学校周边交通的建议" in texts and BODY in texts and "（艾丽）" in texts
    title_run = next(p for p in document.paragraphs if p.text == "关于学校周边交通的建议").runs[0]
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    listing = client.get(f"/opinions/issues/?committee={world.city.pk}&year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(listing.content)).active
    assert [c.value for c in sheet[1]] == ["刊物", "年度", "期号", "日期", "状态", "编发条数"]
    assert [c.value for c in sheet[2]][:3] == ["社情民意", 2026, 1] and sheet.cell(row=2, column=6).value == 1
    assert sheet.max_row == 2
    assert "2025年" not in client.get(f"/opinions/issues/?committee={world.city.pk}").content.decode()


def test_one_report_in_word(world: World) -> None:
    report = accepted(world, title="关于学校周边交通的建议", urgent=True)
    response = _client(world.alice).get(f"/opinions/{report.pk}/docx/")
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "特急" and "关于学校周边交通的建议" in texts and "反映人：艾丽" in texts
    assert _client(world.olga).get(f"/opinions/{report.pk}/docx/").status_code == 403


def test_issues_need_view_all(world: World) -> None:
    assert _client(world.alice).get("/opinions/issues/").status_code == 403
    assert _client(world.olga).get(f"/opinions/issues/?committee={world.city.pk}").status_code == 403
    page = _client(world.leo).get(f"/opinions/issues/?committee={world.city.pk}").content.decode()
    assert "新建一期" not in page
