"""The foundation's main journey in a real browser (Chromium through Playwright).

A staff user signs in, downloads the template, imports a roster from Excel, finds a member by pinyin
initials, and the roster shows in surname-stroke order; the same roster works on a phone-sized screen.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lvzhi.members.tests.import_support import good_rows, xlsx
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser

def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("LVZHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _names(page: Any) -> list[str]:
    return [n.strip() for n in page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()]


def test_staff_imports_a_roster_and_finds_a_member(
    transactional_db: Any, world: World, live_server: Any, chromium: Any, tmp_path: Path
) -> None:
    roster_file = tmp_path / "名册.xlsx"
    roster_file.write_bytes(xlsx(good_rows()))
    page = chromium.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN", accept_downloads=True)

    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/accounts/login/**")
    browser_login(page, live_server, "carol")
    assert "办公室待办" in page.inner_text("main")

    page.click("nav >> text=委员名册")
    page.wait_for_selector("#results")
    page.click("text=导入名册")
    with page.expect_download() as download:
        page.click("text=下载导入模板")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.set_input_files("input[name=file]", str(roster_file))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("text=检查通过")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=已导入 5 人")

    # Leaders first (王强 is a 常委), then by surname strokes: 丁2 艾5 杜7 李7 (杜 1234121 < 李 1234521) 赵9 薄16.
    assert _names(page) == ["王强", "丁一", "艾丽", "杜甫", "李娜", "赵敏", "薄波"]
    assert "共 7 人" in page.inner_text("main")
    _shot(page, "journey-roster.png")

    page.fill("input[name=q]", "dy")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert _names(page) == ["丁一"]
    assert "q=dy" in page.url

    page.click("#results >> text=丁一")
    page.wait_for_selector("h1")
    assert "丁一" in page.inner_text("h1")
    assert "1990" in page.inner_text("main")  # staff see the birth date

    # The same roster on a phone: the navigation folds into the menu button, rows become cards.
    phone = chromium.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/members/?committee={world.city.pk}&ordering=pinyin")
    assert not phone.is_visible("nav#sidenav a:has-text('委员名册')")
    phone.click("[data-nav-toggle]")
    phone.wait_for_selector("nav#sidenav a:has-text('委员名册')", state="visible")
    phone.click("[data-nav-toggle]")
    phone.wait_for_selector("nav#sidenav a:has-text('委员名册')", state="hidden")
    # Pinyin order: ai < bo < ding < du < li < wang < zhao, leaders not first in this order.
    assert _names(phone) == ["艾丽", "薄波", "丁一", "杜甫", "李娜", "王强", "赵敏"]
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    _shot(phone, "journey-roster-phone.png")
