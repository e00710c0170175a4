"""The demo's year of 委员履职 (lvzhi/front/demo_duty.py): rule tables, study and training, reported activities,
commendations, duty reports and a 述职 session, all through the real services; what the demo logins then see."""
from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyEvent, DutyRecord, MemberScore, ScoringRuleSet
from lvzhi.duty.scoring import recompute_from_scratch
from lvzhi.duty.selectors import ranked_members, ruleset_for
from lvzhi.duty_reports.models import DutyReport, ReportingSession, ReportState
from lvzhi.front.demo import DEMO_PASSWORD, build_demo
from lvzhi.front.demo_duty import grade_counts
from lvzhi.front.demo_people import quiet_members
from lvzhi.merits.models import ActivityState, Commendation, CommendationKind, ReportedActivity
from lvzhi.study.models import ReadingActivity, ReadingGroup, SessionKind, SessionState, StudySession

pytestmark = pytest.mark.django_db

# The lines the duty year does not read from, skipped to keep the test short (proposals give the member logins
# and a proposal to commend; meetings the plenary and the training sign-in sheets).
SKIPPED = ("demo_opinions", "demo_consultations", "demo_supervision")


@pytest.fixture
def demo(monkeypatch: Any) -> Committee:
    for module in SKIPPED:
        monkeypatch.setattr(importlib.import_module(f"lvzhi.front.{module}"), f"build_{module}",
                            lambda city, password: [])
    lines: list[str] = []
    build_demo(city_members=40, county_members=3, progress=lines.append)
    assert any("履职考核排名：长春市政协" in line for line in lines)
    return Committee.objects.get(name="长春市政协")


def _login(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_a_year_of_duty_records_scored(demo: Committee, client: Client) -> None:
    city, year = demo, timezone.localdate().year

    # Rule tables: last year's from the base-plus-bonus preset, this year's copied from it.
    tables = {t.year: t for t in ScoringRuleSet.objects.filter(committee=city)}
    assert set(tables) == {year - 1, year}
    assert tables[year].preset == tables[year - 1].preset == "base_bonus"
    assert tables[year].rules.count() == tables[year - 1].rules.count() > 0

    # Study and training: every kind held, a class of several days with its roll, trainings taking their
    # attendance from the meetings line's sign-in sheets and counting non-members, reading groups with activities.
    held = StudySession.objects.filter(committee=city, year=year, state=SessionState.HELD)
    for kind in (SessionKind.TOPIC, SessionKind.COLLECTIVE, SessionKind.SEMINAR, SessionKind.TRAINING):
        assert held.filter(kind=kind).exists(), kind
    assert held.filter(kind=SessionKind.TOPIC, member_count__gt=0).exists()
    course = StudySession.objects.get(committee=city, kind=SessionKind.CLASS)
    assert course.days == 7 and course.member_count > 0 and course.trainee_count > 0
    assert held.filter(kind=SessionKind.TRAINING, sheet__isnull=False, non_member_count__gt=0).exists()
    groups = ReadingGroup.objects.filter(committee=city)
    assert groups.count() >= 2
    assert all(ReadingActivity.objects.filter(group=g).exists() for g in groups)
    assert DutyRecord.objects.filter(committee=city, year=year, event=DutyEvent.STUDY,
                                     source_type="study.studysession").exists()

    # Reported activities: the demo member's in every state, one sent back with its reason; others' too.
    weiyuan = User.objects.get(username="weiyuan").person
    mine = ReportedActivity.objects.filter(person=weiyuan)
    assert {a.state for a in mine} == {ActivityState.APPROVED, ActivityState.SUBMITTED, ActivityState.RETURNED,
                                       ActivityState.DRAFT}
    returned = mine.get(state=ActivityState.RETURNED)
    assert returned.return_reason
    assert ReportedActivity.objects.exclude(person=weiyuan).filter(state=ActivityState.APPROVED).exists()

    # Commendations: last year's 优秀委员 and 提案先进个人 (lists of names), this year's 优秀提案 of a demo proposal.
    honours = Commendation.objects.filter(committee=city)
    assert honours.get(kind=CommendationKind.EXCELLENT_MEMBER).year == year - 1
    assert honours.get(kind=CommendationKind.ADVANCED_PROPOSER).commendees.count() > 0
    assert honours.get(kind=CommendationKind.EXCELLENT_MEMBER).commendees.count() > 1
    excellent = honours.get(kind=CommendationKind.EXCELLENT_PROPOSAL)
    assert excellent.proposal is not None and excellent.proposal.committee_id == city.pk

    # Duty reports: the demo member's a draft; others handed in, one acknowledged; a group's 述职 session.
    reports = DutyReport.objects.filter(committee=city, year=year)
    assert reports.get(person=weiyuan).state == ReportState.DRAFT
    assert reports.filter(state=ReportState.ACKNOWLEDGED).count() == 1
    assert reports.filter(state=ReportState.SUBMITTED).exists()
    session = ReportingSession.objects.get(committee=city)
    assert session.activity_group is not None and session.reporters.count() > 1

    # The scores: stored, current, equal to a computation from scratch; the quiet members are the 年委员.
    ruleset = ruleset_for(city, year)
    assert ruleset is not None
    people = [m.person_id for m in ranked_members(city, year)]
    stored = {s.person_id: s for s in MemberScore.objects.filter(committee=city, year=year)}
    for person_id, result in recompute_from_scratch(ruleset, people).items():
        assert stored[person_id].is_current(ruleset)
        assert (stored[person_id].total, stored[person_id].grade) == (result.total, result.grade)
    quiet = quiet_members(city)
    assert not DutyRecord.objects.filter(person_id__in=quiet, year=year).exclude(event=DutyEvent.PLENARY).exists()
    grades, only_plenary = grade_counts(city, year)
    assert sum(n for _, n in grades) == len(people)
    assert only_plenary == sum(1 for p in quiet if stored[p].only_plenary)

    # The member sees their score, the approved activity among the points, and their reports in 我的申报.
    page = _login(client, "weiyuan").get(reverse("duty:score_mine")).content.decode()
    assert "我的履职得分" in page and str(stored[weiyuan.pk].total) in page
    approved = mine.filter(state=ActivityState.APPROVED).first()
    assert approved is not None and approved.title in page
    listing = client.get(reverse("merits:mine")).content.decode()
    assert returned.title in listing and approved.title in listing
    # Staff see the ranking with the member on it.
    response = _login(client, "bangongshi").get(reverse("duty:ranking"), {"committee": city.pk, "year": year})
    assert response.status_code == 200 and weiyuan.name in response.content.decode()


NAV = {
    # username: the entries of issue 10 its home page must offer, and some it must not.
    "weiyuan": ({"我的履职得分", "我的履职档案", "申报履职活动", "我的申报", "我的履职报告", "学习培训", "读书群", "表彰"},
                {"履职考核排名", "履职活动审核", "委员履职报告"}),
    "bangongshi": ({"履职考核排名", "考核规则", "履职活动审核", "表彰", "委员履职报告", "述职会", "年终履职反馈",
                    "学习培训", "读书群", "学习培训统计"}, {"我的履职得分", "我的申报"}),
    "lingdao": ({"履职考核排名", "考核规则", "委员履职报告", "学习培训统计", "表彰"}, {"我的申报"}),
    "tianwei": (set(), {"履职考核排名", "学习培训", "委员履职报告", "履职活动审核"}),
}


def test_demo_logins_reach_the_duty_screens(demo: Committee, client: Client) -> None:
    from lvzhi.front.context_processors import navigation

    for username, (wanted, unwanted) in NAV.items():
        user = User.objects.get(username=username)
        entries = {e["label"]: e["url"] for e in navigation(user)}
        assert wanted <= set(entries), (username, wanted - set(entries))
        assert not unwanted & set(entries), (username, unwanted & set(entries))
        client.force_login(user)
        home = client.get("/").content.decode()
        for label in wanted:
            assert entries[label] in home, (username, label)
            assert client.get(entries[label]).status_code == 200, (username, label)
    assert client.login(username="weiyuan", password=DEMO_PASSWORD)
