"""The report screens: the member drafts, edits on the page and submits; staff see the counts and acknowledge or
return; another member is refused; the Word export is audited."""
from __future__ import annotations

import io
from typing import Any

from docx import Document

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind
from lvzhi.duty_reports.drafting import OUTLOOK_PROMPT
from lvzhi.duty_reports.models import DutyReport, ReportState
from lvzhi.duty_reports.tests.support import YEAR, drafted, record, submitted
from lvzhi.testing import World


def test_the_member_drafts_edits_and_submits(client: Any, world: World) -> None:
    record(world, "alice", DutyKind.OPINION_SUBMITTED, "关于学校周边交通拥堵的建议")
    client.force_login(world.alice)
    page = client.get("/duty-reports/").content.decode()
    assert "生成履职报告草稿" in page and "长春市政协" in page
    response = client.post("/duty-reports/draft/", {"membership": world.memberships["alice"].pk, "year": YEAR},
                           follow=True)
    page = response.content.decode()
    assert "已根据履职档案生成报告草稿" in page and "《关于学校周边交通拥堵的建议》" in page
    report = DutyReport.objects.get()
    url = f"/duty-reports/reports/{report.pk}/"
    page = client.post(f"{url}edit/", {"title": report.title, "body": report.body, "version": report.version,
                                       "submit": "1"}).content.decode()
    assert "请先填写“五、存在的不足和今后努力方向”" in page
    body = report.body.replace(OUTLOOK_PROMPT, "今后多到基层听取意见。")
    report.refresh_from_db()
    response = client.post(f"{url}edit/", {"title": report.title, "body": body, "version": report.version,
                                           "submit": "1"}, follow=True)
    assert "履职报告已提交" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and "今后多到基层听取意见。" in report.body


def test_a_stale_save_keeps_what_was_typed(client: Any, world: World) -> None:
    report = drafted(world)
    client.force_login(world.alice)
    url = f"/duty-reports/reports/{report.pk}/edit/"
    client.post(url, {"title": "第一稿", "body": report.body, "version": report.version})
    page = client.post(url, {"title": "第二稿", "body": "我在另一个窗口写的内容", "version": 1}).content.decode()
    assert "该记录已被他人修改" in page and "我在另一个窗口写的内容" in page
    report.refresh_from_db()
    assert report.title == "第一稿"


def test_staff_list_counts_and_acknowledge(client: Any, world: World) -> None:
    report = submitted(world)
    client.force_login(world.carol)
    page = client.get(f"/duty-reports/reports/?committee={world.city.pk}&year={YEAR}").content.decode()
    assert report.title in page
    assert 'data-count="waiting"' in page
    waiting = page.split('data-count="waiting"')[1].split("</a>")[0]
    not_yet = page.split('data-count="not_yet"')[1].split("</a>")[0]
    assert '<div class="stat">1</div>' in waiting and '<div class="stat">1</div>' in not_yet  # bob has none
    missing = client.get(f"/duty-reports/reports/?committee={world.city.pk}&year={YEAR}&state=missing")
    assert "薄波" in missing.content.decode()
    page = client.get(f"/duty-reports/reports/{report.pk}/").content.decode()
    assert "确认（已阅）" in page and "保存并提交" not in page
    response = client.post(f"/duty-reports/reports/{report.pk}/do/acknowledge/", {"version": report.version},
                           follow=True)
    assert "已确认该履职报告" in response.content.decode()
    assert AuditEvent.objects.filter(action="duty_reports.report_read", actor=world.carol).exists()


def test_return_needs_a_reason_on_the_page(client: Any, world: World) -> None:
    report = submitted(world)
    client.force_login(world.carol)
    page = client.post(f"/duty-reports/reports/{report.pk}/do/return/", {"reason": "", "version": report.version})
    assert "请填写退回理由" in page.content.decode()
    client.post(f"/duty-reports/reports/{report.pk}/do/return/", {"reason": "请补充调研体会", "version": report.version})
    client.force_login(world.alice)
    page = client.get("/duty-reports/").content.decode()
    assert "退回理由：请补充调研体会" in page


def test_another_member_and_other_staff_are_refused(client: Any, world: World) -> None:
    report = submitted(world)
    for who in ("bob", "olga", "pete"):
        client.force_login(world.users[who])
        assert client.get(f"/duty-reports/reports/{report.pk}/").status_code == 403, who
        assert client.get(f"/duty-reports/reports/{report.pk}/report.docx").status_code == 403, who
    client.force_login(world.bob)
    assert client.post(f"/duty-reports/reports/{report.pk}/do/submit/").status_code == 403
    assert client.post("/duty-reports/draft/", {"membership": world.memberships["alice"].pk,
                                                "year": YEAR}).status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=world.bob).exists()
    client.force_login(world.alice)
    assert client.post(f"/duty-reports/reports/{report.pk}/do/acknowledge/").status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_word_export(client: Any, world: World) -> None:
    report = submitted(world)
    client.force_login(world.leo)
    response = client.get(f"/duty-reports/reports/{report.pk}/report.docx")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == report.title
    assert AuditEvent.objects.filter(action="duty_reports.report_export", actor=world.leo).exists()
