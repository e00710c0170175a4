"""Every proposal figure against a hand-counted set of proposals (the counting is written next to each assert)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lvzhi.committees.models import HandlingUnit, Session
from lvzhi.members.models import Person
from lvzhi.proposals.figures import Period, Rate, Scope, proposal_figures
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CollectiveKind,
    Contact,
    ContactPhase,
    CosignStatus,
    Evaluation,
    KeyProposal,
    KeyStatus,
    Proposal,
    ProposalCategory,
    ProposalKind,
    ProposalSettings,
    Proposer,
    ProposerRole,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

YEAR = 2025


def at(month: int, day: int, year: int = YEAR) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@dataclass
class Fixture:
    world: World
    session: Session  # 十五届四次会议, opened 2025-01-12
    earlier_session: Session  # 十五届三次会议, opened 2024-01-10
    unit1: HandlingUnit
    unit2: HandlingUnit
    p: dict[int, Proposal]


def _assign(proposal: Proposal, unit: HandlingUnit, role: str, state: str = AssignmentState.ASSIGNED, *,
            code: str | None = None, replied: datetime.datetime | None = None, due: datetime.date | None = None,
            round: int = 1) -> Assignment:
    reply_class = ReplyClass.objects.get(committee=proposal.committee, code=code) if code else None
    return Assignment.objects.create(
        proposal=proposal, unit=unit, role=role, state=state, round=round, assigned_at=at(4, 1),
        due_date=due or datetime.date(YEAR, 6, 30), reassign_until=datetime.date(YEAR, 4, 8),
        reply_class=reply_class, replied_at=replied,
    )


def _contact(world: World, assignment: Assignment) -> Contact:
    return Contact.objects.create(assignment=assignment, phase=ContactPhase.BEFORE, date=datetime.date(YEAR, 4, 10),
                                  way="当面座谈", participants="承办单位、提案人", summary="商定办理方案",
                                  recorded_by=world.uma)


def _rate(assignment: Assignment, person: Person, rating: str, round: int = 1) -> Evaluation:
    return Evaluation.objects.create(assignment=assignment, person=person, rating=rating, round=round)


def build_fixture(world: World) -> Fixture:
    """Fifteen proposals of the city in 2025 (twelve received), one of the district, one of 2024.

    P1  closed     individual alice  经济建设 大会提案  U1 单办 replied A on time (+ U2 单办 re-assigned away)
                   contact; alice 满意; key (confirmed, 党政领导领办, no supervisor)
    P2  closed     joint alice+bob   科教文化 大会提案 (handed in 2024-12-28, 年度 2025)
                   U2 单办 replied B late; alice 基本满意, bob 满意; key (confirmed, one supervisor)
    P3  replied    individual bob    经济建设  U1 主办 replied C on time, U2 会办 view sent, contact on the co-unit
    P4  replied    individual alice  劳动保障  U1 单办 round 2 replied B late; alice 不满意 (round 1), 基本满意 (round 2)
    P5  assigned   individual bob    经济建设  U1 分办 replied A on time, U2 分办 open and overdue; bob 不满意 on U1;
                   key only proposed (not confirmed)
    P6  filed      collective 党派 (alice as the clerk)  医疗卫生
    P7  not_filed  individual alice (bob invited as co-signer, declined)
    P8  converted_suggestion  individual bob
    P9  converted_opinion     joint bob+alice
    P10 merged into P1        individual bob
    P11 in_review  collective 人民团体 (alice as the clerk)
    P12 returned   individual alice
    P13 withdrawn, P14 draft, P15 cosigning: not received
    P16 district (宽城区) filed individual alice; P17 city, 2024, filed, 十五届三次会议 大会提案
    """
    city = world.city
    alice, bob = world.people["alice"], world.people["bob"]
    earlier = Session.objects.create(term=world.city_term, number=3, start_date=datetime.date(2024, 1, 10),
                                     end_date=datetime.date(2024, 1, 14))
    session = Session.objects.create(term=world.city_term, number=4, start_date=datetime.date(YEAR, 1, 12),
                                     end_date=datetime.date(YEAR, 1, 16))
    make_proposal(world, state=State.DRAFT, submitted=at(1, 2))  # creates the city's defaults
    cat = {c.name: c for c in ProposalCategory.objects.filter(committee=city)}
    u1 = world.unit
    u2 = HandlingUnit.objects.create(committee=city, name="长春市卫生健康委员会", sort_order=20)
    u1.sort_order = 10
    u1.save(update_fields=["sort_order"])
    p: dict[int, Proposal] = {}

    def mk(n: int, state: str, people: list[Person], month: int, **kw: Any) -> Proposal:
        p[n] = make_proposal(world, title=f"提案{n}", state=state, proposers=people, submitted=at(month, n), **kw)
        return p[n]

    mk(1, State.CLOSED, [alice], 1, category=cat["经济建设"], session=session)
    mk(2, State.CLOSED, [alice, bob], 1, kind=ProposalKind.JOINT, category=cat["科教文化"], session=session)
    Proposal.objects.filter(pk=p[2].pk).update(submitted_at=at(12, 28, YEAR - 1), year=YEAR)
    mk(3, State.REPLIED, [bob], 3, category=cat["经济建设"])
    mk(4, State.REPLIED, [alice], 3, category=cat["劳动保障"])
    mk(5, State.ASSIGNED, [bob], 3, category=cat["经济建设"])
    mk(6, State.FILED, [alice], 3, kind=ProposalKind.COLLECTIVE, collective_kind=CollectiveKind.PARTY,
       collective_name="民盟长春市委", category=cat["医疗卫生"])
    mk(7, State.NOT_FILED, [alice, bob], 3)
    Proposer.objects.filter(proposal=p[7], person=bob).update(status=CosignStatus.DECLINED)
    mk(8, State.CONVERTED_SUGGESTION, [bob], 3)
    mk(9, State.CONVERTED_OPINION, [bob, alice], 3, kind=ProposalKind.JOINT)
    mk(10, State.MERGED, [bob], 3, merged_into=p[1])
    mk(11, State.IN_REVIEW, [alice], 3, kind=ProposalKind.COLLECTIVE, collective_kind=CollectiveKind.ORGANISATION,
       collective_name="长春市总工会")
    mk(12, State.RETURNED, [alice], 3)
    Proposer.objects.filter(proposal__in=[p[6], p[11]]).update(role=ProposerRole.COLLECTIVE)
    mk(13, State.WITHDRAWN, [alice], 3)
    mk(14, State.DRAFT, [alice], 3)
    mk(15, State.COSIGNING, [alice, bob], 3, kind=ProposalKind.JOINT)
    p[16] = make_proposal(world, title="区提案", state=State.FILED, committee=world.district, submitted=at(3, 16))
    p[17] = make_proposal(world, title="去年的提案", state=State.CLOSED, submitted=at(1, 5, YEAR - 1),
                          session=earlier)

    a = _assign(p[1], u1, AssignmentRole.SOLE, AssignmentState.REPLIED, code="A", replied=at(5, 1))
    _assign(p[1], u2, AssignmentRole.SOLE, AssignmentState.WITHDRAWN)
    _contact(world, a)
    _rate(a, alice, Rating.SATISFIED)
    a = _assign(p[2], u2, AssignmentRole.SOLE, AssignmentState.REPLIED, code="B", replied=at(7, 15))
    _rate(a, alice, Rating.BASIC)
    _rate(a, bob, Rating.SATISFIED)
    _assign(p[3], u1, AssignmentRole.LEAD, AssignmentState.REPLIED, code="C", replied=at(6, 1))
    _contact(world, _assign(p[3], u2, AssignmentRole.CO, AssignmentState.VIEW_SENT))
    a = _assign(p[4], u1, AssignmentRole.SOLE, AssignmentState.REPLIED, code="B", replied=at(8, 1), round=2)
    _rate(a, alice, Rating.UNSATISFIED, round=1)
    _rate(a, alice, Rating.BASIC, round=2)
    a = _assign(p[5], u1, AssignmentRole.SEPARATE, AssignmentState.REPLIED, code="A", replied=at(6, 20))
    _rate(a, bob, Rating.UNSATISFIED)
    _assign(p[5], u2, AssignmentRole.SEPARATE, due=datetime.date(YEAR, 6, 30))
    _assign(p[17], u1, AssignmentRole.SOLE, AssignmentState.REPLIED, code="D", replied=at(3, 1, YEAR - 1))

    leader = Person.objects.create(name="钱主席")
    KeyProposal.objects.create(proposal=p[1], status=KeyStatus.CONFIRMED, leader_led=True, proposed_by=world.pete)
    key2 = KeyProposal.objects.create(proposal=p[2], status=KeyStatus.CONFIRMED, proposed_by=world.pete)
    key2.supervisors.add(leader)
    KeyProposal.objects.create(proposal=p[5], status=KeyStatus.PROPOSED, proposed_by=world.pete)
    return Fixture(world=world, session=session, earlier_session=earlier, unit1=u1, unit2=u2, p=p)


def city_2025(fx: Fixture) -> Any:
    return proposal_figures(Scope(fx.world.city), Period.for_year(YEAR))


def test_received_and_review_outcomes(world: World) -> None:
    f = city_2025(build_fixture(world))
    assert f.received == 12  # P1..P12; withdrawn P13, draft P14, cosigning P15 are not received
    assert f.plenary == 2 and f.ordinary == 10  # P1, P2 at 十五届四次会议
    assert (f.individual, f.joint, f.collective) == (8, 2, 2)  # joint P2, P9; collective P6, P11
    assert f.collective_by_kind[CollectiveKind.PARTY] == 1 and f.collective_by_kind[CollectiveKind.ORGANISATION] == 1
    assert f.party_and_organisation == 2
    assert f.filed == 6  # P1 P2 closed, P3 P4 replied, P5 assigned, P6 filed
    assert f.not_filed == 1  # P7
    assert (f.converted_suggestion, f.converted_opinion, f.converted) == (1, 1, 2)  # P8, P9
    assert f.merged == 1  # P10
    assert f.in_review == 2  # P11 in review, P12 returned for revision
    assert f.decided == 10  # 6 filed + 1 not filed + 2 converted + 1 merged
    assert f.filing_rate == Rate(6, 12) and f.filing_rate.percent == Decimal("50.0")


def test_handling_rates(world: World) -> None:
    f = city_2025(build_fixture(world))
    assert f.closed == 2  # P1, P2
    assert f.closing_rate.percent == Decimal("33.3")  # 2 / 6 filed
    assert f.assigned == 5  # P1..P5 have an answering unit; P6 is not yet assigned
    assert f.replied == 4  # P5 waits for U2; P1's re-assigned-away U2 and P3's co-unit do not count
    assert f.reply_rate.percent == Decimal("80.0")
    assert f.with_contact == 2  # P1 (with U1), P3 (with the co-unit U2)
    assert f.contact_rate.percent == Decimal("40.0")


def test_satisfaction_counts_last_round_and_basic(world: World) -> None:
    f = city_2025(build_fixture(world))
    # Last round per proposer per unit: P1 alice 满意, P2 alice 基本满意 + bob 满意, P4 alice round 2 基本满意
    # (round 1 不满意 superseded), P5 bob 不满意.
    assert f.evaluations == 5
    assert (f.satisfied, f.basic, f.unsatisfied) == (2, 2, 1)
    assert f.satisfaction_rate == Rate(4, 5) and str(f.satisfaction_rate) == "80.0%"


def test_basic_satisfied_switch(world: World) -> None:
    fx = build_fixture(world)
    ProposalSettings.objects.filter(committee=world.city).update(basic_satisfied_counts=False)
    f = city_2025(fx)
    assert f.satisfaction_rate == Rate(2, 5) and f.satisfaction_rate.percent == Decimal("40.0")
    assert [(u.name, u.satisfied_counted, u.evaluations) for u in f.by_unit] == [
        ("长春市教育局", 1, 3), ("长春市卫生健康委员会", 1, 2)]


def test_reply_class_shares(world: World) -> None:
    f = city_2025(build_fixture(world))
    # Replies of answering units: P1-U1 A, P2-U2 B, P3-U1 C, P4-U1 B, P5-U1 A (P17's D is 2024).
    assert f.replied_answer_count == 5
    assert [(c.code, c.count, c.share.percent) for c in f.classes] == [
        ("A", 2, Decimal("40.0")), ("B", 2, Decimal("40.0")), ("C", 1, Decimal("20.0")), ("D", 0, Decimal("0.0"))]


def test_key_and_leaders(world: World) -> None:
    f = city_2025(build_fixture(world))
    assert f.key == 2  # P1, P2 confirmed; P5 only proposed
    assert f.key_leader_led == 1  # P1
    assert f.key_supervised == 1  # P2 has a supervising leader
    assert f.leader_supervised == 2


def test_by_category(world: World) -> None:
    f = city_2025(build_fixture(world))
    rows = [(r.label, r.received, r.filed, r.closed, r.key_count) for r in f.by_category]
    assert rows == [
        ("经济建设", 3, 3, 1, 1),  # P1 (closed, key), P3, P5
        ("科教文化", 1, 1, 1, 1),  # P2
        ("劳动保障", 1, 1, 0, 0),  # P4
        ("医疗卫生", 1, 1, 0, 0),  # P6
        ("未分类", 6, 0, 0, 0),  # P7..P12 have no category (not filed)
    ]


def test_by_unit(world: World) -> None:
    fx = build_fixture(world)
    rows = {u.name: u for u in city_2025(fx).by_unit}
    u1, u2 = rows["长春市教育局"], rows["长春市卫生健康委员会"]
    # U1: P1 单办 A (5-01), P3 主办 C (6-01), P4 单办 B (8-01, late), P5 分办 A (6-20); due 6-30.
    assert (u1.assignments, u1.answering, u1.co, u1.replied) == (4, 4, 0, 4)
    assert (u1.on_time, u1.late, u1.overdue, u1.with_contact) == (3, 1, 0, 1)
    assert u1.classes == {"A": 2, "B": 1, "C": 1, "D": 0}
    assert (u1.evaluations, u1.satisfied_counted) == (3, 2)  # P1 满意, P4 基本满意, P5 不满意
    assert u1.reply_rate.percent == Decimal("100.0") and u1.satisfaction_rate.percent == Decimal("66.7")
    # U2: P2 单办 B (7-15, late), P3 会办, P5 分办 open past 6-30; P1's withdrawn part is left out.
    assert (u2.assignments, u2.answering, u2.co, u2.replied) == (3, 2, 1, 1)
    assert (u2.on_time, u2.late, u2.overdue, u2.with_contact) == (0, 1, 1, 1)
    assert u2.classes == {"A": 0, "B": 1, "C": 0, "D": 0}
    assert (u2.evaluations, u2.satisfied_counted) == (2, 2)
    assert u2.reply_rate.percent == Decimal("50.0")


def test_by_proposer_kind(world: World) -> None:
    f = city_2025(build_fixture(world))
    rows = [(r.label, r.received, r.filed) for r in f.by_proposer_kind]
    assert rows == [
        ("个人提案", 8, 4),  # P1 P3 P4 P5 P7 P8 P10 P12; filed P1 P3 P4 P5
        ("联名提案", 2, 1),  # P2 P9; filed P2
        ("集体提案·党派", 1, 1),  # P6
        ("集体提案·人民团体", 1, 0),  # P11
    ]


def test_by_sector_counts_each_proposal_once_per_sector(world: World) -> None:
    f = city_2025(build_fixture(world))
    rows = {r.label: (r.received, r.filed, r.merged) for r in f.by_sector}
    # alice (经济界) signs P1 P2 P4 P7 P9 P12 (P6, P11 only as clerk of a collective proposal)
    assert rows["经济界"] == (6, 3, 0)  # filed P1 P2 P4
    # bob (教育界) signs P2 P3 P5 P8 P9 P10 (his declined invitation to P7 does not count); P10 merged keeps credit
    assert rows["教育界"] == (6, 3, 1)  # filed P2 P3 P5
    assert set(rows) == {"经济界", "教育界"}


def test_subtree_sums_the_district(world: World) -> None:
    fx = build_fixture(world)
    whole = proposal_figures(Scope(world.city, include_subtree=True), Period.for_year(YEAR))
    assert (whole.received, whole.filed) == (13, 7)  # + P16 of 宽城区
    assert whole.filing_rate.percent == Decimal("53.8")
    district = proposal_figures(Scope(world.district), Period.for_year(YEAR))
    assert (district.received, district.filed, district.assigned) == (1, 1, 0)
    city = city_2025(fx)
    assert whole.received == city.received + district.received
    assert whole.evaluations == city.evaluations


def test_session_period_and_dates(world: World) -> None:
    fx = build_fixture(world)
    city = Scope(world.city)
    since = proposal_figures(city, Period.since_session(fx.session))
    assert since.received == 12  # P2 handed in 2024-12-28 still belongs to 十五届四次会议
    assert since.plenary == 2
    older = proposal_figures(city, Period.since_session(fx.earlier_session, end=datetime.date(YEAR - 1, 12, 31)))
    assert older.received == 1 and older.closed == 1  # P17 only: P2 is dated by its plenary (2025-01-12)
    assert older.classes[3].count == 1  # its D reply
    dates = proposal_figures(city, Period.between(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)))
    assert dates.counts == city_2025(fx).counts
    spring = proposal_figures(city, Period.between(datetime.date(YEAR, 3, 1), datetime.date(YEAR, 3, 5)))
    assert spring.received == 3  # Pn is handed in on day n of its month: P3 P4 P5
    assert proposal_figures(city, Period.between(None, None)).received == 13  # everything received, ever


def test_empty_scope_shows_dash(world: World) -> None:
    f = proposal_figures(Scope(world.other_district), Period.for_year(YEAR))
    assert f.received == 0 and f.filing_rate.percent is None and str(f.reply_rate) == "—"
    assert f.by_unit == [] and f.by_category == []
    assert all(c.count == 0 and c.share.percent is None for c in f.classes)
