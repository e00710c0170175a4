"""The rule-table screen: members and duty staff read it, duty managers edit it on screen, bad input comes back
with the typed values and a Chinese message, a stale page is refused, outsiders are refused."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.duty.models import DutyEvent, Outcome, ScoringPreset, ScoringRule, ScoringRuleSet
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _page(world: World, who: str, year: int = 2026) -> tuple[int, str]:
    response = _client(world, who).get(reverse("duty:rules"), {"committee": world.city.pk, "year": year})
    return response.status_code, response.content.decode()


def test_create_from_a_preset_and_copy_to_next_year(world: World) -> None:
    carol = _client(world, "carol")
    status, text = _page(world, "carol")
    assert status == 200 and "按模板建立" in text
    response = carol.post(reverse("duty:ruleset_create"), {"committee": world.city.pk, "year": 2026,
                                                           "preset": ScoringPreset.BASE_BONUS})
    assert response.status_code == 302
    status, text = _page(world, "carol")
    assert "基础分 <strong>70.00</strong>" in text and "无故缺席全体会议" in text and "加分上限 50.00 分" in text
    ruleset = ScoringRuleSet.objects.get(committee=world.city, year=2026)
    carol.post(reverse("duty:ruleset_copy", args=[ruleset.pk]), {"year": 2027})
    status, text = _page(world, "carol", 2027)
    assert "基础分 <strong>70.00</strong>" in text and "第 1 版" in text
    # Copying onto a year that has a table is refused, told in Chinese.
    response = carol.post(reverse("duty:ruleset_copy", args=[ruleset.pk]), {"year": 2027}, follow=True)
    assert "2027年度已有考核规则" in response.content.decode()


def test_members_and_duty_staff_read_outsiders_do_not(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    for who in ("alice", "leo", "carol"):
        status, text = _page(world, who)
        assert status == 200 and "出席全体会议" in text
        assert ("新增计分规则" in text) == (who == "carol")
    assert _page(world, "olga")[0] == 403
    assert _page(world, "pete")[0] == 403


def test_edit_a_rule_on_screen(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    rule = ruleset.rules.get(event=DutyEvent.PLENARY, outcome=Outcome.ATTENDED)
    carol = _client(world, "carol")
    values = {"version": 1, "category": rule.category_id, "event": rule.event, "role_code": "",
              "outcome": rule.outcome, "level": "", "points": "25", "note": "出席全体会议"}
    response = carol.post(reverse("duty:rule_edit", args=[rule.pk]), values)
    assert response.status_code == 302
    assert ScoringRule.objects.get(pk=rule.pk).points == 25
    # The same form again (version 1, now stale): refused, nothing changed.
    response = carol.post(reverse("duty:rule_edit", args=[rule.pk]), {**values, "points": "30"})
    assert "已被他人修改（现为第 2 版）" in response.content.decode()
    assert ScoringRule.objects.get(pk=rule.pk).points == 25


def test_bad_input_comes_back_with_what_was_typed(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    category = ruleset.categories.get(name="活动")
    response = _client(world, "carol").post(reverse("duty:rule_add", args=[ruleset.pk]), {
        "version": 1, "category": category.pk, "event": DutyEvent.STATION, "role_code": "",
        "outcome": Outcome.TOOK_PART, "level": "", "points": "两分", "note": "工作站值班"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "分值须填写数字" in text and 'value="两分"' in text and 'value="工作站值班"' in text
    response = _client(world, "carol").post(reverse("duty:minimum_add", args=[ruleset.pk]), {
        "version": 1, "label": "参加委员工作站活动", "at_least": "2"})
    assert "请至少选择一项可计入的履职事项" in response.content.decode()
    assert ScoringRuleSet.objects.get(pk=ruleset.pk).version == 1


def test_every_row_kind_through_the_screen(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.BLANK)
    carol = _client(world, "carol")
    carol.post(reverse("duty:category_add", args=[ruleset.pk]), {"version": 1, "name": "加分", "cap": "30"})
    category = ruleset.categories.get()
    carol.post(reverse("duty:rule_add", args=[ruleset.pk]), {
        "version": 2, "category": category.pk, "event": DutyEvent.OPINION, "role_code": "",
        "outcome": Outcome.ADOPTED, "level": "national", "points": "8", "note": "被全国政协采用"})
    carol.post(reverse("duty:band_add", args=[ruleset.pk]), {"version": 3, "label": "基本称职", "min_points": "50"})
    carol.post(reverse("duty:minimum_add", args=[ruleset.pk]), {
        "version": 4, "label": "参加协商", "alternatives": ["consultation:took_part"], "at_least": "1"})
    carol.post(reverse("duty:category_edit", args=[category.pk]), {"version": 5, "name": "加分项", "cap": "",
                                                                   "order": "1"})
    ruleset.refresh_from_db()
    assert ruleset.version == 6
    status, text = _page(world, "carol")
    assert "加分项" in text and "不设上限" in text and "被全国政协采用" in text and "基本称职" in text
    assert "参加协商" in text
    band = ruleset.bands.get(label="基本称职")
    carol.post(reverse("duty:band_delete", args=[band.pk]), {"version": 6})
    minimum = ruleset.minimums.get()
    carol.post(reverse("duty:minimum_delete", args=[minimum.pk]), {"version": 7})
    rule = ruleset.rules.get()
    carol.post(reverse("duty:rule_delete", args=[rule.pk]), {"version": 8})
    carol.post(reverse("duty:category_delete", args=[category.pk]), {"version": 9})
    ruleset.refresh_from_db()
    assert ruleset.version == 10 and not ruleset.rules.exists() and not ruleset.categories.exists()


def test_only_duty_managers_edit(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    category = ruleset.categories.first()
    assert category is not None
    for who in ("alice", "leo", "olga"):
        client = _client(world, who)
        assert client.post(reverse("duty:category_edit", args=[category.pk]), {
            "version": 1, "name": "改", "cap": "", "order": 1}).status_code == 403
        assert client.post(reverse("duty:ruleset_create"), {"committee": world.city.pk, "year": 2030,
                                                            "preset": "per_item"}).status_code == 403
    assert ScoringRuleSet.objects.get(pk=ruleset.pk).version == 1
