"""The consultation journey in a real browser: register an activity, add a member and an official, confirm it
was held, record a suggestion and follow it through; the member finds it among their own; the figures count it."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.consultations.models import ConsultationActivity, SuggestionState
from lvzhi.duty.models import DutyRecord
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def _signed_in(chromium: Any, live_server: Any, username: str, width: int = 1280) -> Any:
    page = chromium.new_page(viewport={"width": width, "height": 860}, locale="zh-CN")
    browser_login(page, live_server, username)
    return page


def test_activity_from_registration_to_adopted_suggestion(
    transactional_db: Any, world: World, live_server: Any, chromium: Any
) -> None:
    carol = _signed_in(chromium, live_server, "carol")
    carol.goto(f"{live_server.url}/consultations/")
    carol.get_by_role("link", name="登记协商活动").click()
    carol.select_option("select[name=form]", label="基层协商")
    carol.fill("input[name=title]", "夜话会：小区绿植覆盖")
    carol.fill("input[name=date]", "2026-05-12")
    carol.fill("input[name=station_name]", "欣园街道委员工作站")
    carol.fill("input[name=other_headcount]", "25")
    carol.get_by_role("button", name="保存").click()
    carol.wait_for_selector("text=请继续登记参加人员")
    activity = ConsultationActivity.objects.get()

    form = carol.locator("#participant-form")
    form.locator("input[type=search]").fill("al")  # 艾丽's initials narrow the members to her
    shown = form.locator("select[name=person] option[data-search]").evaluate_all(
        "options => options.filter(o => !o.hidden).map(o => o.textContent)")
    assert shown == ["艾丽"]
    form.locator("select[name=person]").select_option(label="艾丽")
    form.locator("input[name=speech_title]").fill("绿化地块认领")
    form.get_by_role("button", name="增加").click()
    carol.wait_for_selector("text=已增加参加人员“艾丽”")
    form = carol.locator("#participant-form")
    form.locator("select[name=kind]").select_option(label="政府部门")
    form.locator("input[name=name]").fill("王主任")
    form.locator("input[name=unit]").fill("欣园街道办事处")
    form.get_by_role("button", name="增加").click()
    carol.wait_for_selector("text=已增加参加人员“王主任”")

    carol.get_by_role("button", name="确认已举行").click()
    carol.wait_for_selector("text=参加委员的履职档案已记录")
    assert DutyRecord.objects.filter(person=world.people["alice"]).count() == 2

    carol.fill("#suggestion-form textarea[name=text]", "开展绿化地块认领，由驻区单位和居民共同养护。")
    carol.locator("#suggestion-form").get_by_role("button", name="登记").click()
    carol.wait_for_selector("text=已登记第1条意见建议")
    carol.locator("details.move summary", has_text="报送").click()
    send = carol.locator("form[action$='/do/send/']")
    send.locator("input[name=sent_to]").fill("欣园街道党工委")
    send.locator("input[name=date]").fill("2026-05-20")
    send.get_by_role("button", name="确定").click()
    carol.wait_for_selector("text=第1条意见建议：已报送")
    carol.locator("details.move summary", has_text="采纳").first.click()
    adopt = carol.locator("form[action$='/do/adopt/']")
    adopt.locator("input[name=date]").fill("2026-06-01")
    adopt.get_by_role("button", name="确定").click()
    carol.wait_for_selector("text=第1条意见建议：已采纳")
    assert activity.suggestions.get().state == SuggestionState.ADOPTED

    # The member, on a phone, finds the activity among their own and reads the outcome.
    alice = _signed_in(chromium, live_server, "alice", width=390)
    alice.goto(f"{live_server.url}/consultations/?scope=mine")
    alice.get_by_role("link", name="夜话会：小区绿植覆盖").click()
    alice.wait_for_selector("text=开展绿化地块认领")
    assert alice.locator("#participant-form").count() == 0

    # The figures count it: one grassroots activity, 2 listed + 25 others, one of one sent adopted.
    carol.goto(f"{live_server.url}/consultations/figures/?year=2026")
    cards = dict(zip(carol.locator(".stat-grid .label").all_inner_texts(),
                     carol.locator(".stat-grid .stat").all_inner_texts(), strict=True))
    assert (cards["基层协商"], cards["参加人次"], cards["采纳率（%）"]) == ("1", "27", "100.0")
