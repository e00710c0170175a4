"""The 协商 figures against a hand-counted fixture, for one committee and for the subtree."""
from __future__ import annotations

import dataclasses
import datetime

from lvzhi.consultations.figures import Period, Scope, consultation_figures, plan_progress
from lvzhi.consultations.models import TALLY_FIELDS, ActivityTally, ConsultationActivity, Form
from lvzhi.consultations.services import activities, plans, suggestions
from lvzhi.consultations.services.common import rebuild_tallies
from lvzhi.consultations.testing import held_activity

D = datetime.date


def _fixture(world):
    # City, 2026: a topic meeting (alice, bob, 3 residents, 20 unlisted), a grassroots one (alice, 40 unlisted),
    # an inspection (bob); one planned activity that does not count; one activity in 2025 that does not count.
    topic = held_activity(world, members=("alice", "bob"), others=3, headcount=20)
    grassroots = held_activity(world, form=Form.GRASSROOTS, title="夜话会：小区绿化", station_name="欣园街道委员工作站",
                               members=("alice",), headcount=40, date=D(2026, 6, 3))
    held_activity(world, form=Form.INSPECTION, title="河道生态修复视察", members=("bob",), date=D(2026, 7, 1))
    held_activity(world, title="筹备中的协商", hold=False, date=D(2026, 7, 2))
    held_activity(world, title="去年的协商", date=D(2025, 11, 1))
    # District, 2026: one sector consultation with 5 unlisted.
    held_activity(world, committee=world.district, actor=world.olga, form=Form.SECTOR, title="界别协商", members=(),
                  headcount=5)
    c = world.carol
    s1 = suggestions.suggestion_add(actor=c, activity=topic, text="建设长者食堂")
    s2 = suggestions.suggestion_add(actor=c, activity=topic, text="培养养老护理员")
    suggestions.suggestion_add(actor=c, activity=topic, text="发展智慧养老")
    s4 = suggestions.suggestion_add(actor=c, activity=grassroots, text="认领绿化地块")
    for s in (s1, s2, s4):
        suggestions.suggestion_send(actor=c, suggestion=s, sent_to="市政府", date=D(2026, 7, 10), expected_version=None)
    suggestions.suggestion_decide(actor=c, suggestion=s1, adopted=True, date=D(2026, 7, 20), expected_version=None)
    suggestions.suggestion_decide(actor=c, suggestion=s4, adopted=True, date=D(2026, 7, 20), expected_version=None)
    suggestions.suggestion_decide(actor=c, suggestion=s2, adopted=False, date=D(2026, 7, 20), expected_version=None)
    suggestions.suggestion_transform(actor=c, suggestion=s1, policy_document="长者食堂建设方案", date=D(2026, 8, 1),
                                     expected_version=None)
    suggestions.suggestion_instruct(actor=c, suggestion=s1, level="city", text="同意", date=D(2026, 7, 15))
    suggestions.suggestion_instruct(actor=c, suggestion=s1, level="provincial", text="很好", date=D(2026, 7, 16))
    suggestions.suggestion_record_solved(actor=c, suggestion=s4, count=7, expected_version=None)
    suggestions.suggestion_feed_back(actor=c, suggestion=s4, text="已告知居民", date=D(2026, 8, 2),
                                     expected_version=None)
    plan = plans.plan_create(actor=c, committee=world.city, year=2026)
    done = plans.plan_item_add(actor=c, plan=plan, topic="养老服务", form=Form.TOPIC, planned_month=5)
    plans.plan_item_add(actor=c, plan=plan, topic="营商环境", form=Form.STANDING_TOPIC, planned_month=1)
    plans.plan_item_add(actor=c, plan=plan, topic="乡村振兴", form=Form.TOPIC, planned_month=12)
    plans.plan_submit(actor=c, plan=plan, expected_version=None)
    plans.plan_approve(actor=c, plan=plan, approved_by="中共长春市委", approved_on=D(2026, 2, 1), expected_version=None)
    plans.plan_item_link(actor=c, item=done, activity=topic)
    return plan


def test_one_committee_one_year(world):
    _fixture(world)
    f = consultation_figures(Scope(world.city), Period.for_year(2026))
    assert (f.activities, f.consultations, f.grassroots, f.trips) == (3, 2, 1, 1)
    # listed: topic 5 + grassroots 1 + inspection 1 = 7; unlisted 20 + 40 = 60
    assert (f.person_times, f.member_person_times, f.member_participants) == (67, 4, 2)
    assert (f.suggestions_made, f.suggestions_sent, f.suggestions_adopted) == (4, 3, 2)
    assert (f.suggestions_transformed, f.suggestions_fed_back, f.suggestions_instructed) == (1, 1, 1)
    assert str(f.adoption_rate) == "66.7"
    assert f.problems_solved == 7
    assert (f.plan_items, f.plan_items_done, str(f.plan_done_rate)) == (3, 1, "33.3")
    assert dict((k, n) for k, _, n in f.by_form)[Form.TOPIC] == 1


def test_subtree_and_dates(world):
    _fixture(world)
    f = consultation_figures(Scope(world.city, include_subtree=True), Period.for_year(2026))
    assert (f.activities, f.person_times) == (4, 72)
    f = consultation_figures(Scope(world.city), Period.between(D(2026, 6, 1), D(2026, 6, 30)))
    assert (f.activities, f.grassroots, f.suggestions_made, f.adoption_rate) == (1, 1, 1, 100)
    empty = consultation_figures(Scope(world.district), Period.for_year(2025))
    assert (empty.activities, empty.adoption_rate) == (0, None)


def test_plan_versus_done(world):
    plan = _fixture(world)
    statuses = {p.item.topic: p.status for p in plan_progress(plan, today=D(2026, 6, 15))}
    assert statuses == {"养老服务": "done", "营商环境": "overdue", "乡村振兴": "pending"}


def _tallies() -> set[tuple]:
    fields = ("committee_id", "year", "form", "activities", *TALLY_FIELDS)
    return {row for row in ActivityTally.objects.values_list(*fields) if any(row[3:])}


def _headline(f) -> dict:
    return {k: v for k, v in dataclasses.asdict(f).items() if k not in ("scope", "period")}


def test_kept_tallies_match_the_activities(world):
    """Whole years are read from the tallies the services keep; after moves that change a year, a state and the
    counters, they agree with a recount and with the activities read one by one (a period of all but Dec 31)."""
    _fixture(world)
    c = world.carol
    undone = held_activity(world, form=Form.COUNTERPART, title="对口协商：供热", members=("alice", "bob"))
    activities.activity_unhold(actor=c, activity=undone, reason="延期", expected_version=None)
    topic = ConsultationActivity.objects.get(title="加快推进养老服务体系建设", year=2026)
    activities.participant_remove(actor=c, participant=topic.participants.filter(kind="resident").first())
    trip = ConsultationActivity.objects.get(title="河道生态修复视察")  # last: both years must be counted again
    activities.activity_update(actor=c, activity=trip, date=D(2025, 5, 6), expected_version=None)

    kept = _tallies()
    rebuild_tallies()
    assert _tallies() == kept
    for year in (2025, 2026):
        for scope in (Scope(world.city), Scope(world.city, include_subtree=True)):
            whole = consultation_figures(scope, Period.for_year(year))
            one_by_one = consultation_figures(scope, Period.between(D(year, 1, 1), D(year, 12, 30)))
            assert _headline(whole) == _headline(one_by_one)
    f = consultation_figures(Scope(world.city), Period.for_year(2025))
    assert (f.activities, f.trips, f.person_times) == (2, 1, 2)
    f = consultation_figures(Scope(world.city), Period.for_year(2026))
    assert (f.activities, f.trips, f.person_times) == (2, 0, 65)
