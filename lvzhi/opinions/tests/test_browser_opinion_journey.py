"""The 社情民意 journey in a real browser: a member reports, the editors take it on, edit it, publish it in an
issue, record its adoption and a leader's 批示, and the figures show it."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.opinions.models import OpinionReport, State
from lvzhi.opinions.tests.support import BODY
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser
TITLE = "关于城区学校周边上下学时段交通拥堵的建议"


def _signed_in(chromium: Any, live_server: Any, username: str) -> Any:
    page = chromium.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN", accept_downloads=True)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, username)
    return page


def _move(page: Any, action: str) -> Any:
    """Open the move's panel on the report page and return its form."""
    page.click(f"details:has(#act-{action}) > summary")
    return page.locator(f"#act-{action}")


def _stat(page: Any, code: str) -> int:
    return int(page.inner_text(f"[data-figure={code}] .stat").strip())


def test_report_from_member_to_instruction(transactional_db: Any, world: World, live_server: Any,
                                           chromium: Any) -> None:
    # alice writes an urgent report and sends it in.
    alice = _signed_in(chromium, live_server, "alice")
    alice.click("nav >> text=社情民意")
    alice.click("text=撰写社情民意")
    alice.fill("input[name=title]", TITLE)
    alice.fill("textarea[name=body]", BODY)
    alice.check("input[name=urgent]")
    alice.click("button[value=submit]")
    alice.wait_for_selector("text=已报送。")
    report = OpinionReport.objects.get()
    assert report.state == State.SUBMITTED and report.urgent
    detail = f"{live_server.url}/opinions/{report.pk}/"

    # rita (研究室) takes it on and edits the title; the original stays on record.
    rita = _signed_in(chromium, live_server, "rita")
    rita.goto(f"{live_server.url}/opinions/?committee={world.city.pk}&q=交通拥堵")
    rita.click(f"text={TITLE}")
    _move(rita, "accept").get_by_role("button", name="采编").click()
    rita.wait_for_selector("text=已采编。")
    revise = _move(rita, "revise")
    revise.locator("input[name=title]").fill("关于缓解学校周边交通拥堵的建议")
    revise.locator("input[name=note]").fill("精简标题")
    revise.get_by_role("button", name="保存修改").click()
    rita.wait_for_selector("text=原稿和修改记录均已保留")

    # She opens the next issue of 《社情民意》, puts the report in it and prints it.
    rita.click("nav >> text=社情民意刊期")
    rita.click("#issue-create button")
    rita.wait_for_selector("h1:has-text('第1期')")
    rita.click("#issue-add button")
    rita.wait_for_selector("text=已编入本期。")
    with rita.expect_download() as download:
        rita.click("text=下载本期（Word）")
    assert download.value.suggested_filename.endswith("第1期.docx")
    rita.click("button:has-text('印发')")
    rita.wait_for_selector("text=所编信息均已编发")

    # The city adopts it and the mayor writes an instruction.
    rita.goto(detail)
    adopt = _move(rita, "adopt")
    adopt.locator("select[name=level]").select_option("city")
    adopt.locator("input[name=adopted_by]").fill("中共长春市委办公厅")
    adopt.get_by_role("button", name="记录采用").click()
    rita.wait_for_selector("text=已记录采用。")
    instruct = _move(rita, "instruct")
    instruct.locator("input[name=leader]").fill("市长")
    instruct.locator("textarea[name=text]").fill("请市交通局会同教育局研究落实。")
    instruct.get_by_role("button", name="记录批示").click()
    rita.wait_for_selector("text=已记录批示。")

    # alice sees where her report went; leo sees it in the figures.
    alice.goto(detail)
    assert alice.inner_text("#report-state") == "已编发"
    follow = alice.inner_text("#follow-up")
    assert "中共长春市委办公厅采用（市级）" in follow and "请市交通局会同教育局研究落实" in follow
    leo = _signed_in(chromium, live_server, "leo")
    leo.click("nav >> text=社情民意统计")
    assert (_stat(leo, "received"), _stat(leo, "urgent"), _stat(leo, "published"), _stat(leo, "adopted"),
            _stat(leo, "instructed")) == (1, 1, 1, 1, 1)
