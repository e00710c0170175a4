"""The roster in a real browser: filtering updates the results in place and the address bar."""
from __future__ import annotations

import os
from typing import Any

import pytest

from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def test_filter_by_initials_in_place(transactional_db: Any, world: World, live_server: Any, page: Any) -> None:
    browser_login(page, live_server, "carol")
    page.goto(f"{live_server.url}/members/")
    assert page.locator("#results tbody tr").count() == 2
    page.fill("input[name=q]", "bb")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert "薄波" in page.inner_text("#results") and "艾丽" not in page.inner_text("#results")
    assert "q=bb" in page.url
    assert "q=bb" in page.get_attribute("#results a:has-text('导出Excel')", "href")
    page.select_option("select[name=sector]", label="经济界")
    page.wait_for_function("document.querySelector('#results').innerText.includes('没有符合条件的委员')")
    if os.environ.get("LVZHI_SCREENSHOTS"):
        page.fill("input[name=q]", "")
        page.select_option("select[name=sector]", label="全部")
        page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 2")
        page.screenshot(path=os.path.join(os.environ["LVZHI_SCREENSHOTS"], "roster.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=os.path.join(os.environ["LVZHI_SCREENSHOTS"], "roster-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{live_server.url}/members/new/")
        page.fill("input[name=name]", "張三")
        page.click("button:has-text('保存')")
        page.screenshot(path=os.path.join(os.environ["LVZHI_SCREENSHOTS"], "form.png"), full_page=True)
        page.goto(f"{live_server.url}/members/{world.memberships['alice'].pk}/")
        page.screenshot(path=os.path.join(os.environ["LVZHI_SCREENSHOTS"], "detail.png"), full_page=True)


def test_leader_switches_committee(transactional_db: Any, world: World, live_server: Any, page: Any) -> None:
    browser_login(page, live_server, "leo")
    page.goto(f"{live_server.url}/members/")
    page.select_option("select[name=committee]", label="长春市宽城区政协")
    page.wait_for_function("document.querySelector('#results').innerText.includes('还没有委员')")
    assert f"committee={world.district.pk}" in page.url
