"""The supervision journey in a real browser: send a group, take a matter round the loop, and see it counted."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.supervision.models import MatterState, SupervisionMatter
from lvzhi.supervision.tests.support import unit
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def _signed_in(chromium: Any, live_server: Any, username: str, **viewport: int) -> Any:
    page = chromium.new_page(viewport=viewport or {"width": 1280, "height": 860}, locale="zh-CN")
    browser_login(page, live_server, username)
    return page


def _figure(page: Any, code: str) -> int:
    return int(page.locator(f"[data-figure={code}] .stat").inner_text().strip())


def test_group_matter_loop_and_figures(transactional_db: Any, world: World, live_server: Any, chromium: Any) -> None:
    tax = unit(world, "长春市税务局")
    alice, bob = world.people["alice"], world.people["bob"]

    # carol (办公室) sends a group with alice as its leader.
    carol = _signed_in(chromium, live_server, "carol")
    carol.goto(f"{live_server.url}/supervision/")
    carol.get_by_role("link", name="派出监督组").click()
    carol.fill("input[name=name]", "第一民主监督组")
    carol.fill("input[name=topic]", "优化营商环境")
    carol.select_option("select[name=leader]", str(alice.pk))
    carol.check(f"input[name=members][value='{bob.pk}']")
    carol.check(f"input[name=departments][value='{tax.pk}']")
    carol.check("input[name=methods][value=hearing]")
    carol.get_by_role("button", name="派出").click()
    carol.wait_for_selector("text=已派出第一民主监督组")

    # A matter, then the loop: opinions, feedback, verification.
    carol.select_option("select[name=department]", str(tax.pk))
    carol.fill("input[name=title]", "涉企收费清单公开情况")
    carol.fill("textarea[name=description]", "走访企业12家，收费清单未在窗口公示。")
    carol.get_by_role("button", name="登记", exact=True).click()
    carol.wait_for_selector("text=监督事项已登记")
    carol.fill("textarea[name=opinions]", "在办事窗口公示收费清单\n设立投诉电话")
    carol.get_by_role("button", name="提出监督意见").click()
    carol.wait_for_selector("text=监督意见（2 条")
    assert "等待被监督单位反馈办理情况" in carol.inner_text("[data-next]")
    carol.locator("textarea[name=feedback]").fill("已在全部窗口公示收费清单并开通投诉电话。")
    carol.get_by_role("button", name="登记反馈").click()
    carol.wait_for_selector("text=已登记反馈")
    carol.locator("textarea[name=verification]").fill("监督组实地查看，整改到位。")
    carol.get_by_role("button", name="核实确认").click()
    carol.wait_for_selector("text=已核实确认，事项办结")
    assert SupervisionMatter.objects.get().state == MatterState.VERIFIED

    # The list finds it by a Traditional-character search; the figures count it.
    carol.goto(f"{live_server.url}/supervision/matters/?q=收費")
    carol.wait_for_selector("text=共 1 项")
    carol.goto(f"{live_server.url}/supervision/figures/")
    assert (_figure(carol, "groups"), _figure(carol, "closed"), _figure(carol, "opinions")) == (1, 1, 2)

    # alice, on a phone, sees her group and the closed matter but no actions.
    phone = _signed_in(chromium, live_server, "alice", width=390, height=844)
    phone.goto(f"{live_server.url}/supervision/")
    phone.get_by_role("link", name="第一民主监督组").click()
    phone.get_by_role("link", name="涉企收费清单公开情况").click()
    phone.wait_for_selector("text=已核实确认，事项办结")
    assert phone.locator("details.action").count() == 0
