"""The rule-table services: presets, copying a year, editing rows (versioned, audited), bad input, refusals."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, Outcome, ScoringPreset, ScoringRule, ScoringRuleSet
from lvzhi.duty.services_rules import (
    band_add,
    band_delete,
    category_add,
    category_delete,
    category_update,
    minimum_add,
    minimum_update,
    rule_add,
    rule_delete,
    rule_update,
    ruleset_copy,
    ruleset_create,
)
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_create_from_each_preset(world: World) -> None:
    a = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.BASE_BONUS)
    assert (a.base_points, a.version, a.preset) == (Decimal(70), 1, "base_bonus")
    assert [(c.name, c.cap) for c in a.categories.order_by("order")] == [("履职加分", Decimal(50)), ("缺勤扣分", None)]
    assert a.rules.get(event=DutyEvent.PLENARY, outcome=Outcome.ABSENT).points == Decimal(-30)
    assert [(b.label, b.min_points) for b in a.bands.all()] == [("优秀", 85), ("称职", 60), ("不称职", 0)]
    assert a.minimums.count() == 3
    b = ruleset_create(actor=world.carol, committee=world.city, year=2025, preset=ScoringPreset.PER_ITEM)
    assert b.base_points == 0
    assert {c.name: c.cap for c in b.categories.all()} == {"会议": 50, "提案": 25, "活动": 10, "社情民意": 15}
    assert AuditEvent.objects.filter(action="duty.ruleset_create").count() == 2
    with pytest.raises(ValidationError) as exc:
        ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    assert "已有考核规则" in _messages(exc)
    with pytest.raises(ValidationError, match="年度须在"):
        ruleset_create(actor=world.carol, committee=world.city, year=1999, preset=ScoringPreset.PER_ITEM)
    with pytest.raises(ValidationError, match="请选择参照的考核模板"):
        ruleset_create(actor=world.carol, committee=world.city, year=2024, preset="nope")


def test_copy_last_years_table(world: World) -> None:
    source = ruleset_create(actor=world.carol, committee=world.city, year=2025, preset=ScoringPreset.BASE_BONUS)
    category_add(actor=world.carol, ruleset=source, expected_version=1, name="特别加分", cap="5")
    copy = ruleset_copy(actor=world.carol, source=source, year=2026)
    assert (copy.year, copy.version, copy.base_points) == (2026, 1, Decimal(70))
    assert list(copy.categories.values_list("name", "cap")) == list(source.categories.values_list("name", "cap"))
    rows = lambda r: sorted(r.rules.values_list("category__name", "event", "role_code", "outcome", "level", "points"))  # noqa: E731
    assert rows(copy) == rows(source) and len(rows(copy)) == 28
    assert list(copy.minimums.values_list("label", "alternatives")) == list(
        source.minimums.values_list("label", "alternatives"))
    with pytest.raises(ValidationError, match="已有考核规则"):
        ruleset_copy(actor=world.carol, source=source, year=2026)


def test_edits_move_the_version_on_and_refuse_a_stale_one(world: World) -> None:
    rs = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    category = category_add(actor=world.carol, ruleset=rs, expected_version=1, name="加分", cap="")
    assert category.cap is None and rs.version == 2
    rule = rule_add(actor=world.carol, ruleset=rs, expected_version=2, category=category.pk,
                    event=DutyEvent.COMMENDATION, role_code="", outcome=Outcome.ADVANCED, level="", points="2.5",
                    note="先进个人")
    assert rule.points == Decimal("2.50") and rs.version == 3
    # Someone else read version 2: their change is refused, with the version now current.
    with pytest.raises(ValidationError) as exc:
        rule_update(actor=world.carol, rule=rule, expected_version=2, points="4")
    assert "已被他人修改（现为第 3 版）" in _messages(exc)
    assert ScoringRule.objects.get(pk=rule.pk).points == Decimal("2.50")
    rule_update(actor=world.carol, rule=rule, expected_version=3, points="4")
    assert ScoringRuleSet.objects.get(pk=rs.pk).version == 4
    with pytest.raises(ValidationError, match="还有 1 条计分规则"):
        category_delete(actor=world.carol, category=category, expected_version=4)
    rule_delete(actor=world.carol, rule=rule, expected_version=4)
    category_delete(actor=world.carol, category=category, expected_version=5)
    assert ScoringRuleSet.objects.get(pk=rs.pk).version == 6
    actions = list(AuditEvent.objects.filter(action__startswith="duty.").order_by("id").values_list("action", flat=True))
    assert actions == ["duty.ruleset_create", "duty.category_add", "duty.rule_add", "duty.rule_update",
                       "duty.rule_delete", "duty.category_delete"]


def test_bad_input_is_told_in_chinese_and_changes_nothing(world: World) -> None:
    rs = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    meetings = rs.categories.get(name="会议")
    rules_before = list(rs.rules.values_list("pk", "points"))
    cases: list[tuple[dict[str, object], str]] = [
        ({"points": ""}, "请填写分值"),
        ({"points": "五"}, "须填写数字"),
        ({"points": "1.234"}, "最多保留两位小数"),
        ({"points": "5000"}, "须在 -1000.00 到 1000.00 之间"),
        ({"points": "0"}, "分值不能为 0"),
        ({"event": "nope"}, "请选择履职事项"),
        ({"outcome": ""}, "请选择结果"),
        ({"note": "備註"}, "繁体字"),
        ({"note": "很" * 101}, "不能超过 100 个字"),
        ({"event": DutyEvent.PLENARY, "outcome": Outcome.ATTENDED}, "已有相同的计分规则"),
    ]
    for change, message in cases:
        values: dict[str, object] = {"category": meetings.pk, "event": DutyEvent.STANDING, "role_code": "",
                                     "outcome": Outcome.EXCUSED, "level": "", "points": "-2", "note": ""}
        values.update(change)
        with pytest.raises(ValidationError) as exc:
            rule_add(actor=world.carol, ruleset=rs, expected_version=1, **values)
        assert message in _messages(exc), change
    with pytest.raises(ValidationError, match="上限须大于 0"):
        category_update(actor=world.carol, category=meetings, expected_version=1, name="会议", cap="0", order=1)
    with pytest.raises(ValidationError, match="请填写类别名称"):
        category_add(actor=world.carol, ruleset=rs, expected_version=1, name="  ")
    with pytest.raises(ValidationError, match="分数线不能相同"):
        band_add(actor=world.carol, ruleset=rs, expected_version=1, label="基本称职", min_points="60")
    with pytest.raises(ValidationError, match="不是可计入的履职事项"):
        minimum_add(actor=world.carol, ruleset=rs, expected_version=1, label="参加协商", alternatives=["x:y"])
    with pytest.raises(ValidationError, match="请至少选择一项"):
        minimum_add(actor=world.carol, ruleset=rs, expected_version=1, label="参加协商", alternatives=[])
    assert ScoringRuleSet.objects.get(pk=rs.pk).version == 1
    assert list(rs.rules.values_list("pk", "points")) == rules_before


def test_bands_and_minimums(world: World) -> None:
    rs = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.BASE_BONUS)
    band = band_add(actor=world.carol, ruleset=rs, expected_version=1, label="基本称职", min_points="50")
    assert list(rs.bands.values_list("label", flat=True)) == ["优秀", "称职", "基本称职", "不称职"]
    band_delete(actor=world.carol, band=band, expected_version=2)
    minimum = rs.minimums.get(label="参加视察或调研至少一次")
    minimum_update(actor=world.carol, minimum=minimum, expected_version=3, label="参加视察、调研或协商至少两次",
                   alternatives="inspection:took_part,research:took_part,consultation:took_part", at_least=2, order=3)
    minimum.refresh_from_db()
    assert minimum.alternatives == ["consultation:took_part", "inspection:took_part", "research:took_part"]
    assert minimum.at_least == 2


@pytest.mark.parametrize("who", ["alice", "leo", "olga", "pete"])
def test_only_duty_managers_of_the_committee_change_the_table(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        ruleset_create(actor=world.users[who], committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    rs = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    with pytest.raises(PermissionDenied):
        category_add(actor=world.users[who], ruleset=rs, expected_version=1, name="加分")
    with pytest.raises(PermissionDenied):
        ruleset_copy(actor=world.users[who], source=rs, year=2027)
    assert ScoringRuleSet.objects.get(pk=rs.pk).version == 1
