"""Stored scores stay exact and current: after each change made through the real line services (and through the
duty writer directly: moves between years and committees, clears, replacements, rule edits), every score read
equals a computation from scratch."""
from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.consultations.models import Form, ParticipantKind
from lvzhi.consultations.services import activities
from lvzhi.duty.models import DutyEvent, DutyKind, MemberScore, Outcome, ScoringPreset, ScoringRuleSet
from lvzhi.duty.scoring import current_scores, recompute_from_scratch
from lvzhi.duty.services import DutyEntry, duty_record_clear, duty_record_set, duty_records_replace
from lvzhi.duty.services_rules import rule_update, ruleset_create
from lvzhi.meetings.models import Attendance, SheetKind, Status
from lvzhi.meetings.services.attendance import attendance_correct, attendance_staff_sign_in
from lvzhi.meetings.testing import make_sheet
from lvzhi.members.models import Person
from lvzhi.opinions.models import AdoptionLevel
from lvzhi.opinions.services.followup import opinion_adopt
from lvzhi.opinions.tests.support import accepted
from lvzhi.proposals.models import Decision, ProposalCategory, ProposalKind
from lvzhi.proposals.services import common, drafting, review
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
TEXT = "我市社区养老服务站点覆盖率不足五成，部分老旧小区没有助餐、助浴等基本服务，独居和失能老人的照护需求难以满足。" * 2


def _people(world: World) -> list[Person]:
    return [world.people["alice"], world.people["bob"]]


def check(world: World, *, years: tuple[int, ...], committees: tuple[Any, ...] | None = None) -> None:
    """Read every score (recomputing the out-of-date ones) and compare with a computation from scratch."""
    people = [p.pk for p in _people(world)]
    for committee in committees or (world.city,):
        for year in years:
            ruleset = ScoringRuleSet.objects.filter(committee=committee, year=year).first()
            if ruleset is None:
                continue
            stored = current_scores(committee_id=committee.pk, year=year, person_ids=people)
            expected = recompute_from_scratch(ruleset, people)
            for pk in people:
                row = MemberScore.objects.get(committee=committee, year=year, person_id=pk)
                assert row.is_current(ruleset)
                want = expected[pk]
                got = (stored[pk].total, stored[pk].grade, stored[pk].minimum_missed, stored[pk].only_plenary,
                       stored[pk].breakdown)
                assert got == (want.total, want.grade, want.minimum_missed, want.only_plenary, want.breakdown), (
                    f"{committee} {year} person {pk}")
                assert (row.total, row.breakdown) == (want.total, want.breakdown)


def test_line_services_keep_scores_current(world: World) -> None:
    year = timezone.localdate().year
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=year, preset=ScoringPreset.PER_ITEM)
    years = (year,)
    alice, bob = world.people["alice"], world.people["bob"]
    check(world, years=years)
    before = current_scores(committee_id=world.city.pk, year=year, person_ids=[alice.pk])[alice.pk].total

    # A joint proposal filed: alice first proposer, bob co-signer.
    common.proposal_defaults(world.city)
    joint = drafting.proposal_create_draft(actor=world.alice, committee=world.city, kind=ProposalKind.JOINT,
                                           title="关于改善城区交通的建议", cosigners=[bob], situation=TEXT,
                                           analysis=TEXT, suggestions=TEXT)
    drafting.proposal_submit(actor=world.alice, proposal=joint)
    check(world, years=years)
    drafting.cosign_respond(actor=world.bob, proposal=joint, accept=True)
    check(world, years=years)
    after = current_scores(committee_id=world.city.pk, year=year, person_ids=[alice.pk])[alice.pk].total
    assert after > before  # the proposal counts for her
    joint.refresh_from_db()
    for _ in common.stages(world.city)[:-1]:
        joint = review.review_decide(actor=world.pete, proposal=joint, decision=Decision.PASS, remarks="同意")
        check(world, years=years)
    review.review_decide(actor=world.pete, proposal=joint, decision=Decision.FILE,
                         category=ProposalCategory.objects.filter(committee=world.city).first())
    check(world, years=years)

    # An attendance signed in, then corrected to excused, then absent.
    sheet = make_sheet(world, kind=SheetKind.OTHER, title="常委会专题学习", open_it=True)
    line = Attendance.objects.get(sheet=sheet, person=alice)
    attendance_staff_sign_in(actor=world.carol, attendance=line)
    check(world, years=years)
    line.refresh_from_db()
    attendance_correct(actor=world.carol, attendance=line, status=Status.EXCUSED, reason="会前已电话请假")
    check(world, years=years)
    line.refresh_from_db()
    attendance_correct(actor=world.carol, attendance=line, status=Status.ABSENT, reason="核实未到会")
    check(world, years=years)

    # An opinion report accepted and adopted.
    report = accepted(world)
    check(world, years=years)
    opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政协")
    check(world, years=years)

    # A consultation held with bob taking part.
    activity = activities.activity_create(actor=world.carol, committee=world.city, form=Form.INSPECTION,
                                          title="视察城区养老服务", date=timezone.localdate())
    activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.MEMBER, person=bob)
    activities.activity_hold(actor=world.carol, activity=activity, expected_version=None)
    check(world, years=years)

    # A commendation, as the commendations line writes it.
    duty_record_set(person=bob, committee_id=world.city.pk, kind=DutyKind.COMMENDATION, source=world.city_term,
                    date=timezone.localdate(), title="优秀委员", outcomes=(Outcome.EXCELLENT_MEMBER,))
    check(world, years=years)

    # The rule table edited: every score is recomputed with the new version.
    rule = ruleset.rules.get(event=DutyEvent.PROPOSAL, role_code="first", outcome=Outcome.SUBMITTED)
    ruleset.refresh_from_db()
    rule_update(actor=world.carol, rule=rule, expected_version=ruleset.version, points="3")
    assert not MemberScore.objects.get(person=alice, year=year, committee=world.city).is_current(
        ScoringRuleSet.objects.get(pk=ruleset.pk))
    check(world, years=years)


KINDS = [DutyKind.CONSULTATION, DutyKind.INSPECTION, DutyKind.ATTENDANCE_PRESENT, DutyKind.OPINION_SUBMITTED,
         DutyKind.PROPOSAL_FIRST, DutyKind.COMMENDATION]
OUTCOMES = [(), (Outcome.SUBMITTED,), (Outcome.SUBMITTED, Outcome.FILED), (Outcome.ATTENDED,),
            (Outcome.EXCELLENT_MEMBER,), (Outcome.ABSENT,)]
EVENTS = [None, DutyEvent.PLENARY, DutyEvent.PROPOSAL]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_moves_and_clears(world: World, seed: int) -> None:
    """Random writes through the duty writer: records moving between years and committees, cleared, replaced."""
    rng = random.Random(seed)
    years = (2025, 2026)
    committees = (world.city, world.district)
    ruleset_create(actor=world.carol, committee=world.city, year=2025, preset=ScoringPreset.BASE_BONUS)
    ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    ruleset_create(actor=world.olga, committee=world.district, year=2026, preset=ScoringPreset.BASE_BONUS)
    sources = [world.city_term, world.sectors["中共"], world.sectors["经济界"], world.unit]
    for _step in range(40):
        person = rng.choice(_people(world))
        source = rng.choice(sources)
        action = rng.random()
        if action < 0.6:
            duty_record_set(person=person, committee_id=rng.choice(committees).pk, kind=rng.choice(KINDS),
                            source=source, date=datetime.date(rng.choice(years), rng.randint(1, 12), 1),
                            title="事项", event=rng.choice(EVENTS), outcomes=rng.choice(OUTCOMES))
        elif action < 0.8:
            duty_record_clear(source=source, persons=rng.choice([None, [person]]))
        else:
            entries = [DutyEntry(p, rng.choice(KINDS), outcomes=rng.choice(OUTCOMES))
                       for p in rng.sample(_people(world), rng.randint(0, 2))]
            duty_records_replace(source=source, committee_id=rng.choice(committees).pk,
                                 date=datetime.date(rng.choice(years), 6, 1), title="事项", entries=entries)
        check(world, years=years, committees=committees)


def test_unchanged_write_keeps_the_score(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    alice = world.people["alice"]
    day = datetime.date(2026, 4, 1)
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=world.unit,
                    date=day, title="协商")
    check(world, years=(2026,))
    stamp = MemberScore.objects.get(person=alice, year=2026).stamp
    # Only the title changes: nothing the score reads, so it stays current without a recomputation.
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=world.unit,
                    date=day, title="协商（改）")
    assert MemberScore.objects.get(person=alice, year=2026).stamp == stamp
    # Moved to another year: both years' scores are out of date.
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=world.unit,
                    date=datetime.date(2025, 4, 1), title="协商")
    assert MemberScore.objects.get(person=alice, year=2026).stale
    assert MemberScore.objects.get(person=alice, year=2025).stale


def test_a_change_committed_during_a_computation_is_not_lost(world: World) -> None:
    """The stamp read before the records: a change landing between the read and the write leaves it stale."""
    ruleset = ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    alice = world.people["alice"]
    current_scores(committee_id=world.city.pk, year=2026, person_ids=[alice.pk])
    row = MemberScore.objects.get(person=alice, year=2026)
    seen = row.stamp
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=world.unit,
                    date=datetime.date(2026, 4, 1), title="协商")
    # A computation that read the row before the change writes its (old) result afterwards.
    row.computed_stamp, row.ruleset_version, row.ruleset_id = seen, ruleset.version, ruleset.pk
    MemberScore.objects.bulk_update([row], ["computed_stamp", "ruleset_version", "ruleset"])
    assert MemberScore.objects.get(person=alice, year=2026).stale
    check(world, years=(2026,))


def test_recompute_command(world: World) -> None:
    ruleset_create(actor=world.carol, committee=world.city, year=2026, preset=ScoringPreset.PER_ITEM)
    alice = world.people["alice"]
    duty_record_set(person=alice, committee_id=world.city.pk, kind=DutyKind.CONSULTATION, source=world.unit,
                    date=datetime.date(2026, 4, 1), title="协商")
    # Bypass the writer, as a bulk import would: only a recomputation from the records sees it.
    MemberScore.objects.all().delete()
    call_command("duty_scores_recompute", "--committee", str(world.city.pk), "--year", "2026", stdout=open("/dev/null", "w"))
    rows = {r.person_id: r.total for r in MemberScore.objects.filter(committee=world.city, year=2026)}
    assert rows[alice.pk] == 2 and rows[world.people["bob"].pk] == 0
