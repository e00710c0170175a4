"""Choosing among a committee's members in a real browser: a search box that takes names, pinyin and initials."""
from __future__ import annotations

from typing import Any

import pytest

from lvzhi.meetings.testing import make_sheet
from lvzhi.members.models import Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser

NAMES = ["张三丰", "张珊", "赵四方", "周树芬", "李四"]


def _roster(world: World) -> dict[str, Person]:
    people = {}
    for name in NAMES:
        person = person_create(actor=None, check_actor=False, name=name)
        membership_create(actor=None, person=person, committee=world.city, check_actor=False)
        people[name] = person
    return people


def _visible(page: Any, picker: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{picker} [data-search]", "items => items.filter(i => i.offsetParent !== null)"
                                   ".map(i => i.textContent.trim())")


def test_the_invitation_list_narrows_by_initials_pinyin_and_name(world: World, page: Any,
                                                                  live_server: Any) -> None:
    _roster(world)
    sheet = make_sheet(world, title="专题协商会")
    browser_login(page, live_server, "carol")
    page.goto(f"{live_server.url}/meetings/{sheet.pk}/")
    page.locator("summary", has_text="邀请参会人员").click()
    picker = "[data-picker]:has(input[name=people])"
    box = page.locator(f"{picker} input[type=search]")
    assert box.is_visible()
    everyone = _visible(page, picker)
    assert set(NAMES) <= set(everyone) and "艾丽" in everyone

    box.fill("zsf")  # three people share these initials
    assert sorted(_visible(page, picker)) == sorted(["张三丰", "赵四方", "周树芬"])
    box.fill("ZhangSan")
    assert _visible(page, picker) == ["张三丰"]
    box.fill("zhang")
    assert sorted(_visible(page, picker)) == sorted(["张三丰", "张珊"])
    box.fill("四")
    assert sorted(_visible(page, picker)) == sorted(["赵四方", "李四"])
    # A chosen person stays in view while the search moves on; Enter does not send the form.
    page.get_by_label("李四").check()
    box.fill("zhangsan")
    box.press("Enter")
    assert sorted(_visible(page, picker)) == sorted(["张三丰", "李四"])
    assert page.url.endswith(f"/meetings/{sheet.pk}/")
    box.fill("xyz")
    assert _visible(page, picker) == ["李四"]
    box.fill("")
    assert set(_visible(page, picker)) == set(everyone)


def test_co_authors_and_group_members_have_the_search_box(world: World, page: Any, live_server: Any) -> None:
    _roster(world)
    browser_login(page, live_server, "alice")
    page.goto(f"{live_server.url}/opinions/new/?committee={world.city.pk}")
    picker = "[data-picker]:has(input[name=co_authors])"
    page.locator(f"{picker} input[type=search]").fill("zs")
    assert sorted(_visible(page, picker)) == sorted(["张三丰", "张珊", "赵四方", "周树芬"])

    page.context.clear_cookies()
    browser_login(page, live_server, "carol")
    page.goto(f"{live_server.url}/supervision/groups/new/?committee={world.city.pk}")
    members = "[data-picker]:has(input[name=members])"
    page.locator(f"{members} input[type=search]").fill("zhaosi")
    assert _visible(page, members) == ["赵四方"]
    leader = "[data-picker]:has(select[name=leader])"
    page.locator(f"{leader} input[type=search]").fill("zhoushu")
    assert _visible(page, leader) == []  # options are not laid out; read them instead
    shown = page.eval_on_selector_all(f"{leader} option[data-search]",
                                      "options => options.filter(o => !o.hidden).map(o => o.textContent.trim())")
    assert shown == ["周树芬"]
