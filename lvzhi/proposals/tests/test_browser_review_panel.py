"""The final review panel in a real browser: only the chosen decision's fields, stars only where required."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.proposals.tests.review_support import at_last_stage, category, in_review
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser

STARRED = """panel => Array.from(panel.querySelectorAll('label, .field-label'))
  .filter(el => el.offsetParent !== null && getComputedStyle(el, '::after').content.includes('*'))
  .map(el => el.textContent.trim())"""


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#review-panel .field", "fields => fields.filter(f => !f.hidden).map(f => "
        "(f.querySelector(':scope > label, :scope > .field-label') || {}).textContent || '').map(t => t.trim())")


def test_the_final_review_shows_the_chosen_decisions_fields_only(world: World, page: Any, live_server: Any) -> None:
    category(world)
    proposal = at_last_stage(world, in_review(world))
    browser_login(page, live_server, "pete")
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    panel = page.locator("#review-panel")
    assert "审查：终审" in panel.inner_text()
    # Before a decision: the decisions and the remarks, one star (the decision), a short panel.
    assert _shown(page) == ["审查结论", "审查意见"]
    assert panel.evaluate(STARRED) == ["审查结论"]
    assert panel.bounding_box()["height"] < 600

    panel.get_by_label("立案", exact=True).check()
    assert _shown(page) == ["审查结论", "类别", "建议承办单位", "审查意见"]
    assert panel.evaluate(STARRED) == ["审查结论", "类别"]

    panel.get_by_label("不予立案", exact=True).check()
    assert _shown(page) == ["审查结论", "不予立案理由", "向提案人说明", "审查意见"]
    assert panel.evaluate(STARRED) == ["审查结论", "不予立案理由"]

    panel.get_by_label("转作意见建议", exact=True).check()
    assert _shown(page) == ["审查结论", "向提案人说明", "已征得提案人同意", "审查意见"]
    assert panel.evaluate(STARRED) == ["审查结论", "向提案人说明", "已征得提案人同意"]

    panel.get_by_label("退回修改", exact=True).check()
    assert _shown(page) == ["审查结论", "审查意见"]
    assert panel.evaluate(STARRED) == ["审查结论", "审查意见"]

    # A refused filing comes back with 立案 still chosen and its fields shown.
    panel.get_by_label("立案", exact=True).check()
    panel.get_by_role("button", name="提交审查结论").click()
    page.wait_for_selector("#review-panel .has-error")
    assert "立案须确定提案类别" in page.locator("#review-panel").inner_text()
    assert _shown(page) == ["审查结论", "类别", "建议承办单位", "审查意见"]
