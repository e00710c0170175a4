"""The score screens: a member's own score on a phone with each line linked, staff ranking and lists with filters,
Excel exports read back, refusals, and a query count that does not grow with the members."""
from __future__ import annotations

import io
from typing import cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, DutyKind, Outcome, ScoringPreset
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.duty.tests.scoring_support import add_member, record
from lvzhi.opinions.models import OpinionReport
from lvzhi.opinions.tests.support import submitted
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
DAY = timezone.localdate()


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _setup(world: World) -> OpinionReport:
    """alice: an opinion report (10, linked to its page) and a plenary attended (20); bob: a plenary only."""
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    report = submitted(world, title="关于改善城区停车的建议")
    record(world, world.people["alice"], DutyKind.ATTENDANCE_PRESENT, event=DutyEvent.PLENARY, date=DAY,
           title="十五届三次会议")
    record(world, world.people["bob"], DutyKind.ATTENDANCE_PRESENT, event=DutyEvent.PLENARY, date=DAY,
           title="十五届三次会议")
    return report


def test_member_sees_own_score_with_lines_linked(world: World) -> None:
    report = _setup(world)
    response = _client(world, "alice").get(reverse("duty:score_mine"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "我的履职得分" in text
    assert 'data-total>30.00<' in text and "data-grade>不称职<" in text
    assert "关于改善城区停车的建议" in text
    assert f'href="{reverse("opinions:detail", args=[report.pk])}"' in text
    assert "+10.00" in text and "+20.00" in text
    assert 'data-minimum="missed"' in text and "参加视察或调研至少一次" in text
    assert 'name="viewport"' in text  # the phone layout of base.html


def test_member_cannot_read_another_members_score(world: World) -> None:
    _setup(world)
    url = reverse("duty:score_member", args=[world.memberships["bob"].pk])
    assert _client(world, "alice").get(url).status_code == 403
    assert _client(world, "olga").get(url).status_code == 403
    assert _client(world, "pete").get(url).status_code == 403  # roster staff, not duty staff
    assert AuditEvent.objects.filter(action="access.denied", detail="duty.score_read").count() == 3
    own = reverse("duty:score_member", args=[world.memberships["alice"].pk])
    assert _client(world, "alice").get(own).status_code == 200
    assert _client(world, "alice").get(reverse("duty:ranking")).status_code == 403


def test_staff_open_a_members_score_and_it_is_audited(world: World) -> None:
    _setup(world)
    url = reverse("duty:score_member", args=[world.memberships["bob"].pk])
    for who in ("carol", "leo"):
        response = _client(world, who).get(url)
        assert response.status_code == 200
        assert "data-only-plenary" in response.content.decode()
    assert AuditEvent.objects.filter(action="duty.score_read").count() == 2


def test_ranking_lists_and_filters(world: World) -> None:
    _setup(world)
    dan = add_member(world, "丁丹")
    record(world, dan.person, DutyKind.CONSULTATION, date=DAY)
    bob = world.memberships["bob"]
    assert bob.sector == world.sectors["教育界"] and world.memberships["alice"].sector == world.sectors["经济界"]
    client = _client(world, "carol")
    response = client.get(reverse("duty:ranking"), {"year": str(YEAR)})
    text = response.content.decode()
    assert response.status_code == 200
    names = [n for n in ("艾丽", "薄波", "丁丹") if f'data-person="{n}"' in text]
    assert names == ["艾丽", "薄波", "丁丹"]  # 30, 20, 2
    assert text.index('data-person="艾丽"') < text.index('data-person="薄波"') < text.index('data-person="丁丹"')
    only = client.get(reverse("duty:ranking"), {"year": str(YEAR), "list": "only_plenary"}).content.decode()
    assert 'data-person="薄波"' in only and 'data-person="艾丽"' not in only
    below = client.get(reverse("duty:ranking"), {"year": str(YEAR), "list": "below_minimum"}).content.decode()
    assert all(f'data-person="{n}"' in below for n in ("艾丽", "薄波", "丁丹"))
    sector = client.get(reverse("duty:ranking"), {"year": str(YEAR), "sector": str(world.sectors["教育界"].pk)}).content.decode()
    assert 'data-person="薄波"' in sector and 'data-person="艾丽"' not in sector
    graded = client.get(reverse("duty:ranking"), {"year": str(YEAR), "grade": "优秀"}).content.decode()
    assert "没有符合条件的委员" in graded
    leo = _client(world, "leo").get(reverse("duty:ranking"), {"committee": str(world.city.pk), "year": str(YEAR)})
    assert leo.status_code == 200
    assert _client(world, "olga").get(reverse("duty:ranking"), {"committee": world.city.pk}).status_code == 403


def test_ranking_excel_export(world: World) -> None:
    _setup(world)
    response = _client(world, "carol").get(reverse("duty:ranking"), {"year": str(YEAR), "format": "xlsx"})
    assert response.status_code == 200
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["排名", "姓名", "界别", "党派", "活动小组", "专门委员会", "总分", "等次", "基本要求", "年委员"]
    assert rows[1][:2] == [1, "艾丽"] and rows[1][6] == 30 and rows[1][7] == "不称职"
    assert rows[1][8] == "未达到：参加视察或调研至少一次"
    assert rows[2][:2] == [2, "薄波"] and rows[2][6] == 20 and rows[2][9] == "是"
    only = _client(world, "carol").get(reverse("duty:ranking"), {"year": str(YEAR), "format": "xlsx",
                                                                  "list": "only_plenary"})
    assert "filename*=UTF-8''" in only["Content-Disposition"]
    sheet = cast(Worksheet, load_workbook(io.BytesIO(only.content)).active)
    assert [r[1].value for r in sheet.iter_rows(min_row=2)] == ["薄波"]


def test_no_rule_table_yet(world: World) -> None:
    response = _client(world, "carol").get(reverse("duty:ranking"), {"year": str(YEAR)})
    assert "尚未设置" in response.content.decode() and "去设置" in response.content.decode()
    response = _client(world, "alice").get(reverse("duty:score_mine"))
    assert "尚未设置" in response.content.decode()


def test_a_changed_record_shows_at_once(world: World) -> None:
    _setup(world)
    client = _client(world, "alice")
    assert "data-total>30.00<" in client.get(reverse("duty:score_mine")).content.decode()
    record(world, world.people["alice"], DutyKind.INSPECTION, date=DAY)
    text = client.get(reverse("duty:score_mine")).content.decode()
    assert "data-total>32.00<" in text and 'data-minimum="met"' in text


def _ranking_queries(world: World, members: int) -> tuple[int, int]:
    for i in range(members):
        m = add_member(world, f"委员{chr(0x4e00 + i)}{chr(0x4e00 + i)}")
        record(world, m.person, DutyKind.CONSULTATION, date=DAY)
        record(world, m.person, DutyKind.OPINION_SUBMITTED, date=DAY, outcomes=(Outcome.SUBMITTED,))
    client = _client(world, "carol")
    client.get(reverse("duty:rules"))  # the session and grants warmed up
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("duty:ranking"), {"year": str(YEAR)}).status_code == 200  # computes every score
    with CaptureQueriesContext(connection) as again:
        assert client.get(reverse("duty:ranking"), {"year": str(YEAR)}).status_code == 200  # all current
    return len(first), len(again)


def test_ranking_queries_do_not_grow_with_members(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    small_first, small_again = _ranking_queries(world, 3)  # 5 members with alice and bob
    large_first, large_again = _ranking_queries(world, 25)  # 30 members
    # Computing every score: the same statements whatever the number (the first count also made the rows of
    # alice and bob, who had no record yet).
    assert large_first <= small_first
    assert large_again == small_again
    assert small_again <= 20
