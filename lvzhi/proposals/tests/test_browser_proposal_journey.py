"""The proposal journey in a real browser: draft a joint proposal, co-sign, review in three stages, assign,
reply, rate, and see the figures change."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from lvzhi.proposals.models import Proposal, ProposalCategory, State
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.tests.review_support import ANALYSIS, SITUATION, SUGGESTIONS, TITLE
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def _signed_in(chromium: Any, live_server: Any, username: str) -> Any:
    page = chromium.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN", accept_downloads=True)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, username)
    return page


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("LVZHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _figures(page: Any, live_server: Any) -> dict[str, int]:
    page.goto(f"{live_server.url}/proposals/figures/")
    page.wait_for_selector("[data-figure=received]")
    values = {}
    for code in ("received", "filed", "replied", "satisfied"):
        # The page leaves out the later headline figures while they are zero.
        stat = page.query_selector(f"[data-figure={code}] .stat")
        values[code] = int(stat.inner_text().strip()) if stat else 0
    return values


def _act(page: Any, action: str, button: str) -> None:
    page.locator(f"form[action$='/do/{action}/']").get_by_role("button", name=button).click()


def test_joint_proposal_from_draft_to_rating(
    transactional_db: Any, world: World, live_server: Any, chromium: Any
) -> None:
    proposal_defaults(world.city)
    category = ProposalCategory.objects.get(committee=world.city, name="社会事业")
    bob = world.people["bob"]

    pete = _signed_in(chromium, live_server, "pete")
    before = _figures(pete, live_server)

    # alice drafts a joint proposal, finds bob by his pinyin initials, and submits.
    alice = _signed_in(chromium, live_server, "alice")
    alice.click("nav >> text=提案")
    alice.click("text=撰写提案")
    alice.check("input[name=kind][value=joint]")
    alice.fill("input[name=cosigner_q]", bob.initials)
    alice.check(f"#cosigner-picker input[value='{bob.pk}']")
    alice.fill("input[name=title]", TITLE)
    alice.select_option("select[name=category]", str(category.pk))
    alice.fill("textarea[name=situation]", SITUATION)
    alice.fill("textarea[name=analysis]", ANALYSIS)
    alice.fill("textarea[name=suggestions]", SUGGESTIONS)
    alice.click("aside.help-panel button")
    # Earlier checks (sent on each blur) may still be arriving; wait for the one of the whole text.
    alice.wait_for_function("() => { const t = document.querySelector('#help').innerText;"
                            " return t.includes('检查结果') && !t.includes('缺少') && !t.includes('过短'); }")
    _shot(alice, "proposal-draft.png")
    alice.click("#draft-form button[value=submit]")
    alice.wait_for_selector("text=已提交，等待联名提案人确认")
    proposal = Proposal.objects.get()
    assert proposal.state == State.COSIGNING
    detail = f"{live_server.url}/proposals/{proposal.pk}/"

    # bob confirms.
    bob_page = _signed_in(chromium, live_server, "bob")
    assert "确认联名" in bob_page.inner_text("#todo")
    bob_page.goto(detail)
    bob_page.click("button:has-text('确认联名')")
    bob_page.wait_for_selector("text=已确认联名")

    # pete reviews through every stage, files it with a category, and assigns it to the unit alone.
    pete.goto(detail)
    for stage in ("初审", "复审"):
        assert f"审查：{stage}" in pete.inner_text("#review-panel")
        pete.check("form[action$='/do/review/'] input[name=decision][value=pass]")
        _act(pete, "review", "提交审查结论")
        pete.wait_for_selector("text=审查通过，进入下一环节")
    assert "审查：终审" in pete.inner_text("#review-panel")
    _shot(pete, "proposal-review.png")
    review = pete.locator("form[action$='/do/review/']")
    review.locator("input[name=decision][value=file]").check()
    review.locator("select[name=category]").select_option(str(category.pk))
    _act(pete, "review", "提交审查结论")
    pete.wait_for_selector("text=已立案，编号")
    proposal.refresh_from_db()
    assert proposal.state == State.FILED and proposal.number
    assert proposal.number in pete.inner_text("#proposal-number")
    assign = pete.locator("form[action$='/do/assign/']")
    assign.locator("input[name=mode][value=sole]").check()
    assign.locator(f"input[name=units][value='{world.unit.pk}']").check()
    _act(pete, "assign", "交办")
    pete.wait_for_selector("text=已交办")

    # uma replies with class A.
    uma = _signed_in(chromium, live_server, "uma")
    uma.goto(f"{live_server.url}/proposals/unit/")
    uma.click(f"text={TITLE}")
    _shot(uma, "proposal-unit.png")
    reply = uma.locator("form[action$='/do/reply/']")
    reply.locator("textarea[name=text]").fill("我局已将社区养老服务设施纳入年度计划，补贴标准明年提高。")
    reply.locator("select[name=reply_class]").select_option(label="A类（已解决或基本解决）")
    _act(uma, "reply", "提交答复")
    uma.wait_for_selector("text=答复已提交")

    # alice reads the reply and rates it 满意.
    alice.goto(detail)
    assert "纳入年度计划" in alice.inner_text(".reply-text")
    assert re.search("A类", alice.inner_text(".reply-class"))
    alice.check("form[action$='/do/evaluate/'] input[name=rating][value=satisfied]")
    _act(alice, "evaluate", "提交评价")
    alice.wait_for_selector("text=感谢您的评价")
    _shot(alice, "proposal-rated.png")

    # pete sees the figures move.
    after = _figures(pete, live_server)
    assert {k: after[k] - before[k] for k in after} == {"received": 1, "filed": 1, "replied": 1, "satisfied": 1}
