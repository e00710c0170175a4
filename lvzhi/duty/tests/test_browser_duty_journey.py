"""The duty journey in a real browser: a member reads her score on a phone and reports a research trip with a
photo; staff approve it; her score rises by the rule's points, with a line linking to the activity, and her draft
duty report, regenerated, names it; staff export the ranking to Excel and the year-end feedback letters."""
from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.consultations.models import Form, ParticipantKind
from lvzhi.consultations.services import activities as consultations
from lvzhi.duty.models import DutyEvent, Outcome, ScoringPreset
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.duty_reports.services.reports import duty_report_draft
from lvzhi.members.services import person_update
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 860}}
TITLE = "参加“优化营商环境”专题调研"


def _png() -> bytes:
    """A real 8×8 PNG photo (a grey square), as a phone's camera would hand over a JPEG or PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _signed_in(chromium: Any, live_server: Any, username: str, device: dict[str, Any]) -> Any:
    context = chromium.new_context(locale="zh-CN", accept_downloads=True, **device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, username)
    return page


def _menu(page: Any, label: str) -> None:
    """Open a page from the main menu; on a phone the menu is behind ☰ first."""
    toggle = page.locator("[data-nav-toggle]")
    if toggle.is_visible():
        toggle.tap()
    page.locator("#sidenav").get_by_role("link", name=label, exact=True).click()


def _total(page: Any) -> Decimal:
    return Decimal(page.inner_text("#score-summary [data-total]").strip())


def _visible_in_width(page: Any, selector: str) -> None:
    """The element is on screen across: not cut off at the phone's right edge."""
    box = page.locator(selector).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1, box


def _fits(page: Any) -> None:
    """Nothing on the phone's page needs sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide on a phone"


def test_member_reports_on_a_phone_staff_approve_and_export(transactional_db: Any, world: World, live_server: Any,
                                                             chromium: Any, tmp_path: Path) -> None:
    shots = Path(os.environ.get("LVZHI_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)

    def shot(page: Any, name: str) -> None:
        page.screenshot(path=str(shots / name), full_page=True)

    today = timezone.localdate()
    year = today.year
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=year, preset=ScoringPreset.BASE_BONUS)
    points = {(r.event, r.outcome): r.points for r in ruleset.rules.filter(role_code="", level="")}
    # alice's real record: an inspection she took part in, held through the consultations line.
    inspection = consultations.activity_create(actor=world.carol, committee=world.city, form=Form.INSPECTION,
                                               title="视察城区养老服务设施建设", date=today)
    consultations.participant_add(actor=world.carol, activity=inspection, kind=ParticipantKind.MEMBER,
                                  person=world.people["alice"])
    consultations.activity_hold(actor=world.carol, activity=inspection, expected_version=None)
    # The feedback goes to each member's unit too.
    for who, workplace in (("alice", "长春市教育局副局长"), ("bob", "吉林大学教授")):
        person_update(actor=world.carol, person=world.people[who], committee=world.city, workplace=workplace)
    report = duty_report_draft(actor=world.alice, membership=world.memberships["alice"], year=year)

    # alice, on her phone: her score first.
    alice = _signed_in(chromium, live_server, "alice", PHONE)
    _menu(alice, "我的履职得分")
    alice.wait_for_selector("#score-summary")
    assert "我的履职得分" in alice.inner_text("h1")
    before = _total(alice)
    assert before == ruleset.base_points + points[(DutyEvent.INSPECTION, Outcome.TOOK_PART)]
    assert "视察城区养老服务设施建设" in alice.inner_text("main")
    _fits(alice)
    shot(alice, "duty-score-phone-before.png")

    # She reports a research trip with a photo taken on the spot.
    _menu(alice, "申报履职活动")
    alice.select_option("select[name=kind]", label="调研")
    alice.fill("input[name=date]", today.isoformat())
    alice.fill("input[name=title]", TITLE)
    alice.fill("input[name=place]", "长春新区")
    alice.set_input_files("input[name=evidence_files]", files=[
        {"name": "调研现场.png", "mimeType": "image/png", "buffer": _png()}])
    _visible_in_width(alice, "button[name=submit]")
    _fits(alice)
    shot(alice, "duty-activity-form-phone.png")
    alice.locator("button[name=submit]").tap()
    alice.wait_for_selector("text=已提交审核，请等待工作人员认定。")
    assert alice.inner_text("[data-state]").strip() == "待审核"
    assert "调研现场.png" in alice.inner_text("#evidence")
    _fits(alice)
    shot(alice, "duty-activity-phone.png")

    # carol, at her desk: the queue, alice's activity, approved.
    carol = _signed_in(chromium, live_server, "carol", DESKTOP)
    _menu(carol, "履职活动审核")
    row = carol.locator("#results tr", has_text=TITLE)
    assert "艾丽" in row.inner_text() and "待审核" in row.inner_text()
    row.get_by_role("link", name=TITLE).click()
    assert "调研现场.png" in carol.inner_text("#evidence")
    carol.click("details.action summary:text-is('认定')")
    carol.fill("textarea[name=remarks]", "材料齐全，予以认定")
    carol.click("form[action$='/do/approve/'] button[type=submit]")
    carol.wait_for_selector("text=已认定，已计入委员履职档案。")
    assert carol.inner_text("[data-state]").strip() == "已认定"
    shot(carol, "duty-activity-approved.png")

    # alice again: the score has risen by what the rule table gives a research trip, and says why.
    _menu(alice, "我的履职得分")
    alice.wait_for_selector("#score-summary")
    after = _total(alice)
    gained = points[(DutyEvent.RESEARCH, Outcome.TOOK_PART)]
    assert gained > 0 and after == before + gained
    line = alice.locator("[data-line]", has_text=TITLE)
    assert f"+{gained}" in line.inner_text()
    _fits(alice)
    shot(alice, "duty-score-phone.png")
    line.get_by_role("link").tap()
    alice.wait_for_url(re.compile(r"/merits/activities/\d+/$"))
    assert TITLE in alice.inner_text("h1") and alice.inner_text("[data-state]").strip() == "已认定"
    _fits(alice)

    # Her draft report, regenerated from the record, now names the trip.
    _menu(alice, "我的履职报告")
    alice.get_by_role("link", name=report.title).first.tap()
    drafted = alice.inner_text("#report-text")
    assert TITLE not in drafted and f"履职得分{before.normalize():f}分" in drafted
    _visible_in_width(alice, "form[action$='/do/regenerate/'] button")
    alice.get_by_role("button", name="重新生成数据").tap()
    alice.wait_for_selector("text=已按履职档案重新生成数据")
    text = alice.inner_text("#report-text")
    # The approved 调研 is told with the research trips (section 三), not with the other activities.
    assert f"参加调研1次（调研：{TITLE}）" in text and f"履职得分{after.normalize():f}分" in text
    _fits(alice)
    shot(alice, "duty-report-phone.png")

    # carol: the ranking, exported to Excel.
    _menu(carol, "履职考核排名")
    ranked = carol.locator("#ranking tr[data-person='艾丽']").inner_text()
    assert ranked.split()[:2] == ["1", "艾丽"] and str(after) in ranked  # bob has the base 70 only
    shot(carol, "duty-ranking.png")
    with carol.expect_download() as download_info:
        carol.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = cast(Worksheet, load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active)
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    mine = next(r for r in rows[1:] if r[header.index("姓名")] == "艾丽")
    assert Decimal(str(mine[header.index("总分")])) == after
    assert mine[header.index("界别")] == "经济界"

    # The year-end feedback: a letter per recipient, alice's unit's naming her score.
    _menu(carol, "年终履职反馈")
    recipients = [h.split("（")[0].strip() for h in carol.locator("main section.card h2").all_inner_texts()]
    assert {"中共长春市委组织部", "中共长春市委统战部", "长春市教育局", "吉林大学"} <= set(recipients)
    shot(carol, "duty-feedback.png")
    with carol.expect_download() as download_info:
        carol.get_by_role("link", name="下载全部反馈函（zip）").click()
    archive = zipfile.ZipFile(download_info.value.path())
    names = set(archive.namelist())
    assert names == {f"{year}年度委员履职情况反馈函（{name}）.docx" for name in recipients}
    letter = Document(io.BytesIO(archive.read(f"{year}年度委员履职情况反馈函（长春市教育局）.docx")))
    body = "\n".join(p.text for p in letter.paragraphs)
    assert "艾丽" in body and f"履职考核得分{after.normalize():f}分" in body and "薄波" not in body
