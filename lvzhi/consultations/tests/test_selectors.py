"""Who reads what: staff their committee, a leader the subtree, a member their own activities, an outsider nothing."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.selectors import (
    activities_for_user,
    get_activity_for_user,
    get_plan_for_user,
    get_suggestion_for_user,
    suggestions_for_user,
)
from lvzhi.consultations.services import plans, suggestions
from lvzhi.consultations.testing import held_activity


@pytest.fixture
def records(world):
    city = held_activity(world, members=("alice",))
    other = held_activity(world, title="薄波参加的协商", members=("bob",))
    district = held_activity(world, committee=world.district, actor=world.olga, title="宽城区协商", members=(),
                             others=1)
    for a, actor in ((city, world.carol), (other, world.carol), (district, world.olga)):
        suggestions.suggestion_add(actor=actor, activity=a, text=f"{a.title}的建议")
    return city, other, district


@pytest.mark.parametrize("who,expected", [
    ("carol", {"加快推进养老服务体系建设", "薄波参加的协商"}),
    ("sam", {"加快推进养老服务体系建设", "薄波参加的协商"}),
    ("leo", {"加快推进养老服务体系建设", "薄波参加的协商", "宽城区协商"}),
    ("alice", {"加快推进养老服务体系建设"}),
    ("olga", {"宽城区协商"}),
    ("uma", set()),
    ("auditor", set()),
])
def test_lists(world, records, who, expected):
    user = world.users[who]
    assert {a.title for a in activities_for_user(user)} == expected
    assert {s.activity.title for s in suggestions_for_user(user)} == expected


def test_fetching_someone_elses_is_refused_and_audited(world, records):
    _, other, district = records
    with pytest.raises(PermissionDenied):
        get_activity_for_user(world.alice, other.pk)
    with pytest.raises(PermissionDenied):
        get_suggestion_for_user(world.olga, other.suggestions.get().pk)
    assert get_activity_for_user(world.leo, district.pk) == district
    assert AuditEvent.objects.filter(action="access.denied", actor=world.alice).exists()


def test_plans_are_for_staff_and_leaders(world):
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=2026)
    assert get_plan_for_user(world.leo, plan.pk) == plan
    for who in ("alice", "olga", "rita"):
        with pytest.raises(PermissionDenied):
            get_plan_for_user(world.users[who], plan.pk)
