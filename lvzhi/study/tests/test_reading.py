"""Reading groups and their activities; the participants' duty records."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyEvent, DutyRole
from lvzhi.study.models import MemberRole
from lvzhi.study.services import reading
from lvzhi.study.tests.support import add_members, days_ago, training_records
from lvzhi.testing import World


def new_group(world: World, name: str = "经济委员会读书群") -> reading.ReadingGroup:
    return reading.group_create(actor=world.carol, committee=world.city, name=name, theme="习近平经济思想",
                                founded_on=days_ago(100), leader=world.people["alice"],
                                members=[world.people["bob"]])


def test_a_group_with_its_leader_and_members(world: World) -> None:
    group = new_group(world)
    seats = {m.person.name: m.role for m in group.memberships.select_related("person")}
    assert seats == {"艾丽": MemberRole.LEADER, "薄波": MemberRole.MEMBER}
    with pytest.raises(ValidationError, match="已有名为“经济委员会读书群”的读书群"):
        new_group(world)
    (outsider,) = add_members(world.district, 1, prefix="区委员")
    with pytest.raises(ValidationError, match="不是长春市政协的在任委员"):
        reading.group_update(actor=world.carol, group=group, name=group.name, founded_on=group.founded_on,
                             leader=world.people["bob"], members=[outsider], expected_version=group.version)
    reading.group_update(actor=world.carol, group=group, name="经济读书小组", founded_on=group.founded_on,
                         leader=world.people["bob"], members=[world.people["alice"]], expected_version=group.version)
    seats = {m.person.name: m.role for m in group.memberships.select_related("person")}
    assert seats == {"艾丽": MemberRole.MEMBER, "薄波": MemberRole.LEADER}
    with pytest.raises(ValidationError, match="已被他人修改"):
        reading.group_update(actor=world.carol, group=group, name="又一个名字", founded_on=group.founded_on,
                             expected_version=1)
    with pytest.raises(ValidationError, match="请填写读书群名称"):
        reading.group_create(actor=world.carol, committee=world.city, name=" ", founded_on=days_ago(1))


def test_an_activity_writes_the_participants_duty_records_and_deleting_it_clears_them(world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    group = new_group(world)
    activity = reading.activity_create(actor=world.carol, group=group, date=days_ago(5), title="读书分享会",
                                       participants=[alice, bob])
    (lead,) = training_records(alice)
    (member,) = training_records(bob)
    assert lead.event == DutyEvent.STUDY and lead.role_code == DutyRole.LEADER and lead.role == "组长"
    assert member.role_code == DutyRole.PARTICIPANT and member.title == "读书活动：读书分享会（经济委员会读书群）"
    reading.activity_update(actor=world.carol, activity=activity, date=days_ago(6), title="读书分享会",
                            participants=[bob], expected_version=activity.version)
    assert training_records(alice) == [] and training_records(bob)[0].date == days_ago(6)
    with pytest.raises(ValidationError, match="请勿重复登记"):
        reading.activity_create(actor=world.carol, group=group, date=days_ago(6), title="读书分享会",
                                participants=[bob])
    reading.activity_delete(actor=world.carol, activity=activity)
    assert training_records(bob) == []


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"title": ""}, "title", "请填写活动名称"),
    ({"participants": []}, "participants", "请选择参加活动的成员"),
    ({"date": None}, "date", "请填写活动日期"),
    ({"date": datetime.date(2000, 1, 1)}, "date", "不能早于读书群成立日期"),
])
def test_bad_activities_are_refused(world: World, values: dict, field: str, message: str) -> None:
    group = new_group(world)
    data = {"date": days_ago(1), "title": "读书分享会", "participants": [world.people["bob"]], **values}
    with pytest.raises(ValidationError) as error:
        reading.activity_create(actor=world.carol, group=group, **data)
    assert message in error.value.message_dict[field][0]


def test_participants_must_be_in_the_group_and_the_group_active(world: World) -> None:
    (carl,) = add_members(world.city, 1)
    group = new_group(world)
    with pytest.raises(ValidationError, match="委员零零零不是该读书群成员"):
        reading.activity_create(actor=world.carol, group=group, date=days_ago(1), title="共读", participants=[carl])
    reading.group_update(actor=world.carol, group=group, name=group.name, founded_on=group.founded_on,
                         leader=world.people["alice"], is_active=False)
    with pytest.raises(ValidationError, match="已停止活动"):
        reading.activity_create(actor=world.carol, group=group, date=days_ago(1), title="共读",
                                participants=[world.people["alice"]])


def test_other_committees_staff_and_members_may_not_change_groups(world: World) -> None:
    group = new_group(world)
    for name in ("olga", "alice", "leo"):
        with pytest.raises(PermissionDenied):
            reading.activity_create(actor=world.users[name], group=group, date=days_ago(1), title="共读",
                                    participants=[world.people["alice"]])
