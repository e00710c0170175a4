"""Issues on screen, and the Word file of an issue reopened."""
from __future__ import annotations

import io
from typing import Any, cast

from django.test import Client
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

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
    client.post(f"/opinions/issues/{issue.pk}/do/add_to_issue/", {"report": report.pk, "version": issue.version})
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
    assert title_run._element.xpath("string(w:rPr/w:rFonts/@w:eastAsia)") == "方正小标宋简体"
    listing = client.get(f"/opinions/issues/?committee={world.city.pk}&year=2026&format=xlsx")
    sheet = cast(Worksheet, load_workbook(io.BytesIO(listing.content)).active)
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


def _issues(world: World) -> dict[str, JournalIssue]:
    """Four issues: 社情民意 2026 第1期 (published, the school report), 第2期 (empty), 2025 第1期 (empty), and
    政协专报 2026 第1期 (draft, the bus report)."""
    import datetime

    from lvzhi.opinions.services.issues import issue_add_report, issue_create, issue_publish

    opinion_defaults(world.city)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    special = Publication.objects.get(committee=world.city, name="政协专报")
    school = accepted(world, title="关于学校周边交通的建议")
    bus = accepted(world, who="bob", title="关于农村客运班线的建议")
    first = issue_create(actor=world.rita, publication=journal, date=datetime.date(2026, 3, 2))
    issue_add_report(actor=world.rita, issue=first, report=school)
    issue_publish(actor=world.rita, issue=first)
    second = issue_create(actor=world.rita, publication=journal, date=datetime.date(2026, 4, 1))
    old = issue_create(actor=world.rita, publication=journal, date=datetime.date(2025, 12, 1))
    brief = issue_create(actor=world.rita, publication=special, date=datetime.date(2026, 5, 10))
    issue_add_report(actor=world.rita, issue=brief, report=bus)
    return {"first": first, "second": second, "old": old, "brief": brief}


def _shown(client: Client, world: World, **filters: Any) -> list[str]:
    page = client.get("/opinions/issues/", {"committee": world.city.pk, **filters}).content.decode()
    labels = {"first": "《社情民意》2026年第1期", "second": "《社情民意》2026年第2期",
              "old": "《社情民意》2025年第1期", "brief": "《政协专报》2026年第1期"}
    return sorted(key for key, label in labels.items() if f">{label}</a>" in page)


def test_issue_list_search_and_filters(world: World) -> None:
    issues = _issues(world)
    client = _client(world.rita)
    assert _shown(client, world) == ["brief", "first", "old", "second"]
    assert _shown(client, world, q="周邊交通") == ["first"]       # a report it carries, Traditional input
    assert _shown(client, world, q="薄波") == ["brief"]           # the author of a report it carries
    assert _shown(client, world, q="專報") == ["brief"]           # the publication's name
    assert _shown(client, world, q="第2期") == ["second"]
    assert _shown(client, world, year=2025) == ["old"]
    assert _shown(client, world, state="published") == ["first"]
    assert _shown(client, world, publication=issues["brief"].publication_id) == ["brief"]
    assert _shown(client, world, year=2026, publication=issues["first"].publication_id, q="1") == ["first"]
    page = client.get("/opinions/issues/", {"committee": str(world.city.pk), "q": "没有这样的信息"}).content.decode()
    assert "没有符合条件的刊期" in page
    partial = client.get("/opinions/issues/", {"committee": str(world.city.pk), "q": "周边交通"},
                         headers={"HX-Request": "true", "HX-Target": "results"}).content.decode()
    assert partial.lstrip().startswith('<section id="results"') and "新建一期" not in partial


def test_issue_export_is_the_filtered_list(world: World) -> None:
    _issues(world)
    client = _client(world.leo)
    response = client.get("/opinions/issues/", {"committee": str(world.city.pk), "q": "周邊交通", "format": "xlsx"})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(values_only=True))
    assert rows[0] == ("刊物", "年度", "期号", "日期", "状态", "编发条数")
    assert len(rows) == 2 and rows[1][:3] == ("社情民意", 2026, 1) and rows[1][4:] == ("已印发", 1)
    response = client.get("/opinions/issues/", {"committee": str(world.city.pk), "year": "2026", "format": "xlsx"})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[2], r[5]) for r in rows) == [("政协专报", 1, 1), ("社情民意", 1, 1), ("社情民意", 2, 0)]
    assert _client(world.olga).get("/opinions/issues/", {"committee": str(world.city.pk), "format": "xlsx"}
                                   ).status_code == 403
    assert _client(world.alice).get("/opinions/issues/", {"committee": str(world.city.pk), "format": "xlsx"}
                                    ).status_code == 403


def test_issue_filters_in_the_api(world: World) -> None:
    from lvzhi.api.tests.helpers import api_client

    _issues(world)
    api = api_client("rita")
    found = api.get("/api/opinion-issues/", {"committee": str(world.city.pk), "q": "周邊交通"}).json()["results"]
    assert [(i["publication_name"], i["year"], i["number"]) for i in found] == [("社情民意", 2026, 1)]
    assert api.get("/api/opinion-issues/", {"committee": str(world.city.pk), "q": "专报"}).json()["count"] == 1
    assert api_client("olga").get("/api/opinion-issues/", {"committee": world.city.pk}).status_code == 403


def test_issue_list_queries_do_not_grow_with_the_issues(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.opinions.services.issues import issue_create

    _issues(world)
    client = _client(world.rita)
    params: dict[str, Any] = {"committee": world.city.pk, "q": "社情", "state": "draft"}
    with CaptureQueriesContext(connection) as few:
        client.get("/opinions/issues/", params)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    for _ in range(5):
        issue_create(actor=world.rita, publication=journal)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/opinions/issues/", params).content.decode()
    assert "共 7 期" in page  # the two drafts of 社情民意 and the five new ones
    assert len(many.captured_queries) == len(few.captured_queries)
