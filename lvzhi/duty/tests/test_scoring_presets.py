"""Both presets against scores worked out by hand, caps, deductions, grade boundaries, minimum duties, 年委员."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lvzhi.duty.models import DutyEvent as E
from lvzhi.duty.models import DutyKind as K
from lvzhi.duty.models import DutyRole as R
from lvzhi.duty.models import Level, ScoringPreset
from lvzhi.duty.models import Outcome as Out
from lvzhi.duty.scoring import CategorySpec, CompiledRules, Facets, RuleLine, grade_for, score
from lvzhi.duty.selectors import member_score
from lvzhi.duty.services_rules import ruleset_create, ruleset_update
from lvzhi.duty.tests.scoring_support import YEAR, add_member, record
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


def _categories(view: object) -> dict[str, tuple[str, str, str]]:
    return {c.name: (str(c.gained), str(c.deducted), str(c.counted)) for c in view.categories}  # type: ignore[attr-defined]


def test_base_plus_bonus_by_hand(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.BASE_BONUS)
    alice = world.people["alice"]
    record(world, alice, K.PROPOSAL_FIRST, outcomes=(Out.SUBMITTED, Out.FILED, Out.KEY))  # filed 5 + key 5 = 10
    record(world, alice, K.PROPOSAL_COSIGN, outcomes=(Out.SUBMITTED, Out.FILED))  # cosigner filed: 2
    record(world, alice, K.COMMENDATION, outcomes=(Out.EXCELLENT,))  # 优秀提案: 10
    record(world, alice, K.OPINION_ADOPTED, level=Level.PROVINCE)  # adopted 3 + province 3 = 6
    record(world, alice, K.SPEECH_PLENARY)  # 大会发言: 5
    record(world, alice, K.INSPECTION)  # 2
    record(world, alice, K.COMMENDATION, outcomes=(Out.EXCELLENT_MEMBER, Out.ADVANCED))  # 10 + 5 = 15
    record(world, alice, K.CONSULTATION)  # 2 -> bonus 10+2+10+6+5+2+15+2 = 52, capped at 50
    record(world, alice, K.ATTENDANCE_ABSENT, event=E.PLENARY)  # -30
    record(world, alice, K.ATTENDANCE_EXCUSED, event=E.PLENARY, date=datetime.date(2026, 3, 1))  # excused: -10
    view = member_score(world.memberships["alice"], YEAR)
    assert view.score is not None
    # 70 + min(52, 50) + (-30 - 10) = 80: 称职 (60–84)
    assert view.score.total == Decimal("80.00")
    assert view.score.grade == "称职"
    assert _categories(view) == {"履职加分": ("52.00", "0.00", "50.00"), "缺勤扣分": ("0.00", "-40.00", "-40.00")}
    # No plenary attended: the first of the 三个一 is missed, the other two are met.
    assert view.score.minimum_met is False
    assert view.score.minimum_missed == ["出席全体会议"]
    assert view.score.only_plenary is False
    lines = [(ln.outcome, str(ln.points)) for c in view.categories for ln in c.lines if ln.record is not None
             and ln.record.kind == K.OPINION_ADOPTED]
    assert sorted(lines) == [("adopted", "3.00"), ("adopted", "3.00")]


def test_deductions_are_never_capped_away(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.BASE_BONUS)
    bob = world.people["bob"]
    for month in (1, 2, 3):  # three plenary sittings missed without leave: 70 - 90 = -20, still 不称职
        record(world, bob, K.ATTENDANCE_ABSENT, event=E.PLENARY, date=datetime.date(2026, month, 5))
    score = member_score(world.memberships["bob"], YEAR).score
    assert score is not None
    assert (score.total, score.grade) == (Decimal("-20.00"), "不称职")


def test_points_per_item_by_hand(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    bob = world.people["bob"]
    record(world, bob, K.ATTENDANCE_PRESENT, event=E.PLENARY)  # 20
    for _ in range(2):
        record(world, bob, K.ATTENDANCE_PRESENT, event=E.STANDING)  # 5 each: 10
    for _ in range(5):
        record(world, bob, K.ATTENDANCE_PRESENT)  # other meetings, 5 each: 25 -> meetings 55, capped at 50
    record(world, bob, K.PROPOSAL_FIRST, outcomes=(Out.SUBMITTED, Out.FILED))  # 10 + 15 = 25
    record(world, bob, K.PROPOSAL_COLLECTIVE, outcomes=(Out.SUBMITTED, Out.FILED))  # half: 5 + 7.5 = 12.5
    # proposals 37.5, capped at 25
    for _ in range(3):
        record(world, bob, K.CONSULTATION)  # 2 each: 6
    record(world, bob, K.INSPECTION)  # 2 -> activities 8, under the cap of 10
    record(world, bob, K.OPINION_SUBMITTED)  # 10
    record(world, bob, K.OPINION_ADOPTED, level=Level.CITY)  # 5
    record(world, bob, K.OPINION_SUBMITTED, title="第二篇")  # 10 -> opinions 25, capped at 15
    view = member_score(world.memberships["bob"], YEAR)
    assert view.score is not None
    # 0 + 50 + 25 + 8 + 15 = 98: 优秀
    assert (view.score.total, view.score.grade) == (Decimal("98.00"), "优秀")
    assert _categories(view) == {"会议": ("55.00", "0.00", "50.00"), "提案": ("37.50", "0.00", "25.00"),
                                 "活动": ("8.00", "0.00", "8.00"), "社情民意": ("25.00", "0.00", "15.00")}
    assert view.score.minimum_met is True and view.score.minimum_missed == []


def test_a_collective_proposals_lead_gets_half(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    alice, bob = world.people["alice"], world.people["bob"]
    record(world, alice, K.PROPOSAL_FIRST, outcomes=(Out.SUBMITTED, Out.FILED))  # 10 + 15
    record(world, bob, K.PROPOSAL_COLLECTIVE, outcomes=(Out.SUBMITTED, Out.FILED))  # 5 + 7.5
    alice_score = member_score(world.memberships["alice"], YEAR).score
    bob_score = member_score(world.memberships["bob"], YEAR).score
    assert alice_score is not None and bob_score is not None
    assert (alice_score.total, bob_score.total) == (Decimal("25.00"), Decimal("12.50"))
    assert bob_score.grade == "不称职"


def test_a_joint_proposals_first_proposer_gets_half_and_a_cosigner_two(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    alice, bob = world.people["alice"], world.people["bob"]
    # alice first proposer of a joint proposal, filed: 5 + 7.5 = 12.5 (half of 10 + 15); bob co-signed it: 2.
    record(world, alice, K.PROPOSAL_FIRST, role_code=R.JOINT_FIRST, outcomes=(Out.SUBMITTED, Out.FILED))
    record(world, bob, K.PROPOSAL_COSIGN, outcomes=(Out.SUBMITTED, Out.FILED))
    alice_score = member_score(world.memberships["alice"], YEAR).score
    bob_score = member_score(world.memberships["bob"], YEAR).score
    assert alice_score is not None and bob_score is not None
    assert (alice_score.total, bob_score.total) == (Decimal("12.50"), Decimal("2.00"))


def test_grade_boundaries(world: World) -> None:
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.BASE_BONUS)
    membership = world.memberships["alice"]  # no records: the score is the base
    for base, grade in (("84.99", "称职"), ("85", "优秀"), ("60", "称职"), ("59.99", "不称职")):
        ruleset = ruleset_update(actor=world.carol, ruleset=ruleset, expected_version=ruleset.version,
                                 name=ruleset.name, base_points=base)
        score = member_score(membership, YEAR).score
        assert score is not None
        assert (score.total, score.grade) == (Decimal(base).quantize(Decimal("0.01")), grade)
    bands = [("优秀", Decimal(85)), ("称职", Decimal(60)), ("不称职", Decimal(0))]
    assert grade_for(Decimal("-0.01"), bands) == "不称职"  # the lowest band takes everything below it
    assert grade_for(Decimal("85.00"), bands) == "优秀"
    assert grade_for(Decimal("84.99"), bands) == "称职"
    assert grade_for(Decimal(1), []) == ""


def test_minimum_duties_three_ones(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.BASE_BONUS)
    alice, bob = world.people["alice"], world.people["bob"]
    record(world, alice, K.ATTENDANCE_PRESENT, event=E.PLENARY)
    record(world, alice, K.OPINION_SUBMITTED)  # an opinion report stands for the proposal
    record(world, alice, K.RESEARCH)  # research stands for the inspection
    record(world, bob, K.ATTENDANCE_PRESENT, event=E.PLENARY)
    record(world, bob, K.PROPOSAL_COSIGN)  # co-signing is submitting a proposal too
    record(world, bob, K.CONSULTATION)  # not an inspection or research trip
    record(world, bob, K.ATTENDANCE_PRESENT, event=E.PLENARY, committee=world.district)  # another committee's
    a = member_score(world.memberships["alice"], YEAR).score
    b = member_score(world.memberships["bob"], YEAR).score
    assert a is not None and b is not None
    assert (a.minimum_met, a.minimum_missed) == (True, [])
    assert (b.minimum_met, b.minimum_missed) == (False, ["参加视察或调研至少一次"])


def test_only_plenary_flag(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.PER_ITEM)
    dan, eve, fay = (add_member(world, n) for n in ("丁丹", "易娥", "费雅"))
    record(world, dan.person, K.ATTENDANCE_PRESENT, event=E.PLENARY)  # seen only at the plenary
    record(world, dan.person, K.ATTENDANCE_EXCUSED, event=E.PLENARY, date=datetime.date(2026, 1, 3))
    record(world, eve.person, K.ATTENDANCE_PRESENT, event=E.PLENARY)
    record(world, eve.person, K.CONSULTATION)  # did something else too
    record(world, fay.person, K.ATTENDANCE_ABSENT, event=E.PLENARY)  # not even seen there
    flags = {m.person.name: member_score(m, YEAR).score.only_plenary  # type: ignore[union-attr]
             for m in (dan, eve, fay, world.memberships["alice"])}
    assert flags == {"丁丹": True, "易娥": False, "费雅": False, "艾丽": False}


def test_no_rule_table_no_score(world: World) -> None:
    record(world, world.people["alice"], K.CONSULTATION)
    view = member_score(world.memberships["alice"], YEAR)
    assert view.ruleset is None and view.score is None


def test_rules_match_role_and_level_only_when_given(world: World) -> None:
    rules = CompiledRules(
        ruleset_id=1, version=1, base=Decimal(0), categories=(CategorySpec(9, "社情民意", None),),
        by_key={(E.OPINION, Out.ADOPTED): (RuleLine(1, 9, "", "", Decimal(1)),
                                          RuleLine(2, 9, R.AUTHOR, Level.NATIONAL, Decimal("0.5")))},
        bands=(), minimums=())
    national = Facets(1, E.OPINION, R.AUTHOR, (Out.ADOPTED,), Level.NATIONAL)
    city = Facets(2, E.OPINION, R.AUTHOR, (Out.ADOPTED,), Level.CITY)
    other_role = Facets(3, E.OPINION, R.PARTICIPANT, (Out.ADOPTED,), Level.NATIONAL)
    assert score(rules, [national]).total == Decimal("1.50")
    assert score(rules, [city]).total == Decimal("1.00")
    assert score(rules, [other_role]).total == Decimal("1.00")
    # the same records in another order give the same breakdown
    assert score(rules, [city, national]).breakdown == score(rules, [national, city]).breakdown
