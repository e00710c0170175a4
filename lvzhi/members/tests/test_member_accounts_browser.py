"""In a real browser: the system administrator opens a roster's accounts, downloads the list, and a member signs in
with the one-time password and must change it before anything else."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def test_accounts_for_a_roster_then_a_first_sign_in(transactional_db: Any, world: World, live_server: Any,
                                                    chromium: Any) -> None:
    person = person_create(actor=None, check_actor=False, name="张三丰", phone="13911112222")
    membership_create(actor=None, person=person, committee=world.city, check_actor=False)

    admin = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN", accept_downloads=True)
    page = admin.new_page()
    browser_login(page, live_server, "sysadmin")
    page.goto(f"{live_server.url}/manage/users/")
    page.click("text=为委员开通账号")
    page.select_option("select[name=committee]", label=world.city.name)
    page.wait_for_selector("text=共 1 人，其中 1 人将开通账号")
    assert "13911112222" not in page.inner_text("main")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('为以上 1 位委员开通账号')")
    page.wait_for_selector("text=以下一次性密码只显示这一次")
    row = page.locator("tbody tr").first
    assert "zhangsanfeng" in row.inner_text()
    password = row.locator("code").inner_text().strip()
    with page.expect_download() as download:
        page.click("text=下载 Excel 清单")
    assert download.value.suggested_filename.endswith(".xlsx")
    admin.close()

    member = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    member.goto(f"{live_server.url}/accounts/login/")
    member.fill("input[name=username]", "zhangsanfeng")
    member.fill("input[name=password]", password)
    member.click("button[type=submit]")
    member.wait_for_url("**/accounts/password/")
    member.fill("input[name=old_password]", password)
    member.fill("input[name=new_password]", "Password1")
    member.fill("input[name=new_password2]", "Password1")
    member.click("main button[type=submit]")
    member.wait_for_selector("text=密码过于常见")
    member.fill("input[name=old_password]", password)
    member.fill("input[name=new_password]", "Changchun#2026new")
    member.fill("input[name=new_password2]", "Changchun#2026new")
    member.click("main button[type=submit]")
    member.wait_for_selector("text=密码已修改")
    member.goto(f"{live_server.url}/proposals/new/")
    assert "撰写提案" in member.inner_text("main")
