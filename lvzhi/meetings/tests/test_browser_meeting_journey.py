"""The meeting journey in a real browser: staff create a sheet, invite and open sign-in, show the code and its QR
code; a member scans it on a phone (logging in on the way), a new code makes the old QR code stale, she types
the new one; another asks for leave; staff approve, close, and the figures show the year."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetState, Status
from lvzhi.testing import PASSWORD, World, browser_login

pytestmark = pytest.mark.browser


def _signed_in(chromium: Any, live_server: Any, username: str, phone: bool = False) -> Any:
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 860}
    page = chromium.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, username)
    return page


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("LVZHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_sheet_from_invitation_to_figures(transactional_db: Any, world: World, live_server: Any,
                                          chromium: Any) -> None:
    carol = _signed_in(chromium, live_server, "carol")
    carol.click("nav >> text=会议考勤")
    carol.click("text=新建签到表")
    carol.select_option("select[name=kind]", "training")
    carol.fill("input[name=title]", "委员履职能力提升培训班")
    carol.fill("input[name=date]", timezone.localdate().isoformat())
    carol.fill("input[name=place]", "市政协学习室")
    carol.click("form.sheet-form button[type=submit]")
    carol.wait_for_selector("text=签到表已创建，请邀请参会人员")
    sheet = AttendanceSheet.objects.get()
    carol.check("input[name=scope][value=all]")
    carol.click("form[action$='/do/invite/'] button[type=submit]")
    carol.wait_for_selector("text=已邀请 2 人")
    carol.click("text=开始签到")
    carol.wait_for_selector("text=已开始签到")
    sheet.refresh_from_db()
    assert sheet.state == SheetState.OPEN
    with carol.context.expect_page() as projector_info:
        carol.click("text=投屏显示签到码")
    projector = projector_info.value
    projector.wait_for_selector(".code")
    assert projector.inner_text(".code").strip() == sheet.code
    scanned = f"{live_server.url}/meetings/sign-in/?code={sheet.code}"
    assert projector.locator("svg.qr").is_visible()
    assert projector.inner_text("#qr-url").strip() == scanned
    _shot(projector, "meeting-code.png")

    # alice scans the QR code with her phone: the phone is not logged in yet, so login comes first.
    alice = chromium.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    alice.goto(scanned)
    alice.wait_for_selector("input[name=username]")
    alice.fill("input[name=username]", "alice")
    alice.fill("input[name=password]", PASSWORD)
    alice.click("button[type=submit]")
    alice.wait_for_url(scanned)
    assert "委员履职能力提升培训班" in alice.inner_text("#sign-in-meeting")
    _shot(alice, "meeting-sign-in-scanned.png")

    # Meanwhile staff change the code: the page on alice's phone now carries a stale one.
    carol.click("form[action$='/do/new_code/'] button")
    carol.wait_for_selector("text=已更换签到码")
    sheet.refresh_from_db()
    projector.reload()
    assert projector.inner_text("#qr-url").strip() == f"{live_server.url}/meetings/sign-in/?code={sheet.code}"
    alice.click("button:has-text('确认签到')")
    alice.wait_for_selector("text=签到码不正确或已失效")
    assert Attendance.objects.get(person__name="艾丽").status == Status.INVITED
    # She scans again (the refreshed projector) and taps the one button.
    alice.goto(projector.inner_text("#qr-url").strip())
    alice.click("button:has-text('确认签到')")
    alice.wait_for_selector("text=签到成功")
    _shot(alice, "meeting-sign-in.png")

    # bob cannot come: he first tries the typed way with a wrong code, then asks for leave; carol approves it.
    bob = _signed_in(chromium, live_server, "bob", phone=True)
    bob.goto(f"{live_server.url}/meetings/mine/")
    bob.wait_for_selector("text=委员履职能力提升培训班")
    bob.click("#results >> text=签到")
    bob.fill("input[name=code]", "000000" if sheet.code != "000000" else "111111")
    bob.click("button:has-text('签到')")
    bob.wait_for_selector("text=签到码不正确或已失效")
    bob.goto(f"{live_server.url}/meetings/mine/")
    bob.click("#results >> text=请假")
    bob.fill("textarea[name=reason]", "赴外地参加调研")
    bob.click("text=提交请假申请")
    bob.wait_for_selector("text=请假申请已提交")
    carol.goto(f"{live_server.url}/meetings/leave/")
    carol.wait_for_selector("text=赴外地参加调研")
    carol.click("form[action$='/do/decide_leave/']:has(input[value='approve']) button")
    carol.wait_for_selector("text=已批准薄波的请假")

    carol.goto(f"{live_server.url}/meetings/{sheet.pk}/")
    carol.click("form[action$='/do/close/'] button")
    carol.wait_for_selector("text=签到已结束")
    _shot(carol, "meeting-sheet.png")
    lines = {a.person.name: a.status for a in Attendance.objects.select_related("person")}
    assert lines == {"艾丽": Status.PRESENT, "薄波": Status.EXCUSED}

    carol.goto(f"{live_server.url}/meetings/figures/")
    carol.wait_for_selector("#by-kind")
    row = carol.locator("#by-kind tr", has_text="学习培训").inner_text()
    assert row.split() == ["学习培训", "1", "2", "1", "1", "0", "50.0%"]
    assert "100.0%" in carol.inner_text(".counts")  # present ÷ (invited − excused)
