"""履职量化考核 through the API: rule tables from a preset, copied, edited row by row with the version (409 when
stale), scores as the ranking with the screen's filters, a member's own and another's (refused)."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lvzhi.api.tests.helpers import api_client
from lvzhi.duty.models import DutyEvent, DutyKind, Outcome, ScoringPreset, ScoringRule, ScoringRuleSet
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.duty.tests.scoring_support import record
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _send(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(data or {}), content_type="application/json")


def test_rule_table_from_a_preset_copied_and_edited(world: World) -> None:
    carol = api_client("carol")
    created = _send(carol, "POST", "/api/duty-rulesets/", {"committee": world.city.pk, "year": 2026,
                                                          "preset": ScoringPreset.BASE_BONUS})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["base_points"] == "70.00" and body["version"] == 1
    assert [c["name"] for c in body["categories"]] == ["履职加分", "缺勤扣分"]
    assert [b["label"] for b in body["bands"]] == ["优秀", "称职", "不称职"]
    absent = next(r for c in body["categories"] for r in c["rules"] if r["outcome"] == "absent")
    assert absent["points"] == "-30.00" and absent["event_label"] == "全体会议"
    copy = _send(carol, "POST", f"/api/duty-rulesets/{body['id']}/copy/", {"year": 2027})
    assert copy.status_code == 201 and copy.json()["year"] == 2027
    again = _send(carol, "POST", f"/api/duty-rulesets/{body['id']}/copy/", {"year": 2027})
    assert again.status_code == 400 and "已有考核规则" in again.content.decode()

    rule = _send(carol, "PATCH", f"/api/duty-rules/{absent['id']}/", {"version": 1, "points": "-20"})
    assert rule.status_code == 200 and rule.json()["points"] == "-20.00"
    stale = _send(carol, "PATCH", f"/api/duty-rules/{absent['id']}/", {"version": 1, "points": "-10"})
    assert stale.status_code == 409 and "现为第 2 版" in stale.json()["detail"]
    assert ScoringRule.objects.get(pk=absent["id"]).points == Decimal(-20)
    no_version = _send(carol, "PATCH", f"/api/duty-rules/{absent['id']}/", {"points": "-10"})
    assert no_version.status_code == 400
    category = _send(carol, "POST", "/api/duty-categories/", {"ruleset": body["id"], "version": 2, "name": "附加分",
                                                              "cap": "5"})
    assert category.status_code == 201 and category.json()["cap"] == "5.00"
    band = _send(carol, "POST", "/api/duty-bands/", {"ruleset": body["id"], "version": 3, "label": "基本称职",
                                                     "min_points": "50"})
    assert band.status_code == 201
    minimum = _send(carol, "POST", "/api/duty-minimums/", {
        "ruleset": body["id"], "version": 4, "label": "参加协商", "alternatives": ["consultation:took_part"]})
    assert minimum.status_code == 201 and minimum.json()["at_least"] == 1
    assert carol.delete(f"/api/duty-bands/{band.json()['id']}/?version=5").status_code == 204
    assert carol.delete(f"/api/duty-bands/{band.json()['id']}/").status_code == 404
    detail = carol.get(f"/api/duty-rulesets/{body['id']}/").json()
    assert detail["version"] == 6 and "附加分" in [c["name"] for c in detail["categories"]]
    bad = _send(carol, "POST", "/api/duty-rules/", {
        "ruleset": body["id"], "version": 6, "category": category.json()["id"], "event": DutyEvent.STATION,
        "outcome": Outcome.TOOK_PART, "points": "0"})
    assert bad.status_code == 400 and "分值不能为 0" in bad.content.decode()


def test_who_reads_and_who_changes_a_table(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    for who, status in (("alice", 200), ("leo", 200), ("carol", 200), ("olga", 403), ("pete", 403)):
        assert api_client(who).get(f"/api/duty-rulesets/{ruleset.pk}/").status_code == status, who
    listed = api_client("alice").get("/api/duty-rulesets/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [ruleset.pk]
    assert api_client("olga").get("/api/duty-rulesets/").json() in ([], {"count": 0, "next": None, "previous": None,
                                                                        "results": []})
    for who in ("alice", "leo", "olga"):
        response = _send(api_client(who), "PATCH", f"/api/duty-rulesets/{ruleset.pk}/",
                         {"version": 1, "name": "改", "base_points": "0"})
        assert response.status_code == 403, who
    assert ScoringRuleSet.objects.get(pk=ruleset.pk).version == 1


def test_scores_ranking_detail_and_me(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    record(world, world.people["alice"], DutyKind.ATTENDANCE_PRESENT, event=DutyEvent.PLENARY,
           date=timezone.localdate(), title="全体会议")
    record(world, world.people["alice"], DutyKind.INSPECTION, date=timezone.localdate(), title="视察养老服务")
    record(world, world.people["bob"], DutyKind.ATTENDANCE_PRESENT, event=DutyEvent.PLENARY,
           date=timezone.localdate(), title="全体会议")
    carol = api_client("carol")
    rows = carol.get("/api/duty-scores/", {"year": str(YEAR)}).json()["results"]
    assert [(r["rank"], r["name"], r["total"]) for r in rows] == [(1, "艾丽", "22.00"), (2, "薄波", "20.00")]
    only = carol.get("/api/duty-scores/", {"year": str(YEAR), "list": "only_plenary"}).json()["results"]
    assert [r["name"] for r in only] == ["薄波"] and only[0]["only_plenary"] is True
    detail = carol.get(f"/api/duty-scores/{world.memberships['alice'].pk}/", {"year": str(YEAR)}).json()
    assert detail["score"]["total"] == "22.00"
    activities = next(c for c in detail["categories"] if c["name"] == "活动")
    assert [(ln["title"], ln["points"]) for ln in activities["lines"]] == [("视察养老服务", "2.00")]
    me = api_client("alice").get("/api/duty-scores/me/", {"year": str(YEAR)}).json()
    assert me["score"] == {**detail["score"], "rank": None}
    # A member reads no one else's score; nor does another committee's staff.
    assert api_client("bob").get(f"/api/duty-scores/{world.memberships['alice'].pk}/").status_code == 403
    assert api_client("olga").get(f"/api/duty-scores/{world.memberships['alice'].pk}/").status_code == 403
    assert api_client("alice").get("/api/duty-scores/").status_code == 403
    assert api_client("olga").get("/api/duty-scores/", {"committee": world.city.pk}).status_code == 403
    assert api_client("carol").get("/api/duty-scores/me/").status_code == 404
