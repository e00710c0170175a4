"""Activities: registering, participants and speeches, holding and closing, and the members' duty record."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.consultations.models import ActivityState, Form, ParticipantKind
from lvzhi.consultations.services import activities
from lvzhi.consultations.testing import DAY, held_activity
from lvzhi.duty.models import DutyKind, DutyRecord


def _duty(person):
    return sorted((r.kind, r.role) for r in DutyRecord.objects.filter(person=person))


def test_holding_writes_duty_rows_and_undoing_clears_them(world):
    activity = held_activity(world, hold=False, members=("alice", "bob"))
    alice, bob = world.people["alice"], world.people["bob"]
    assert _duty(alice) == []
    activities.activity_hold(actor=world.carol, activity=activity, expected_version=activity.version)
    assert _duty(alice) == [(DutyKind.CONSULTATION, "参加")]
    bob_row = activity.participants.get(person=bob)
    activities.participant_update(actor=world.carol, participant=bob_row, spoke=True, speech_title="关于长者食堂的建议")
    assert _duty(bob) == [(DutyKind.CONSULTATION, "发言"), (DutyKind.SPEECH_OTHER, "专题协商会")]
    assert DutyRecord.objects.get(person=bob, kind=DutyKind.SPEECH_OTHER).title == "关于长者食堂的建议"
    activities.participant_remove(actor=world.carol, participant=bob_row)
    assert _duty(bob) == []
    activities.activity_unhold(actor=world.carol, activity=activity, reason="登记有误", expected_version=None)
    assert _duty(alice) == []
    assert [e.label for e in activity.events.all()][-2:] == ["删除参加人员", "撤销举行"]


def test_trips_are_recorded_as_inspection_or_research(world):
    held_activity(world, form=Form.INSPECTION, title="城市建设重点工程项目视察")
    held_activity(world, form=Form.RESEARCH, title="就业创业环境调研", members=("alice", "bob"))
    assert _duty(world.people["alice"]) == [(DutyKind.INSPECTION, "参加"), (DutyKind.RESEARCH, "参加")]


def test_edit_moves_duty_rows_with_the_activity(world):
    activity = held_activity(world)
    activities.activity_update(actor=world.carol, activity=activity, expected_version=activity.version,
                               title="推进养老服务体系建设协商会", date=datetime.date(2026, 5, 13))
    row = DutyRecord.objects.get(person=world.people["alice"])
    assert (row.title, row.date) == ("推进养老服务体系建设协商会", datetime.date(2026, 5, 13))
    with pytest.raises(ValidationError, match="已被他人修改"):
        activities.activity_update(actor=world.carol, activity=activity, expected_version=1, place="别处")


def test_refusals(world):
    with pytest.raises(ValidationError, match="请填写活动主题"):
        activities.activity_create(actor=world.carol, committee=world.city, form=Form.TOPIC, title=" ", date=DAY)
    with pytest.raises(ValidationError, match="请选择协商形式"):
        activities.activity_create(actor=world.carol, committee=world.city, form="party", title="x", date=DAY)
    with pytest.raises(ValidationError, match="基层协商请填写委员工作站"):
        activities.activity_create(actor=world.carol, committee=world.city, form=Form.GRASSROOTS, title="夜话会",
                                   date=DAY)
    activity = held_activity(world, hold=False)
    with pytest.raises(ValidationError, match="已经登记过了"):  # a double submit
        activities.activity_create(actor=world.carol, committee=world.city, form=Form.TOPIC,
                                   title=activity.title, date=DAY)
    with pytest.raises(ValidationError, match="已在参加人员名单中"):
        activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.MEMBER,
                                   person=world.people["alice"])
    with pytest.raises(ValidationError, match="请选择参加活动的政协委员"):
        activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.MEMBER)
    future = activities.activity_create(actor=world.carol, committee=world.city, form=Form.TOPIC, title="下月协商",
                                        date=timezone.localdate() + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="还不能确认已举行"):
        activities.activity_hold(actor=world.carol, activity=future, expected_version=None)
    with pytest.raises(ValidationError, match="当前为“筹备中”，不能办结"):
        activities.activity_close(actor=world.carol, activity=activity, expected_version=None)
    activities.activity_hold(actor=world.carol, activity=activity, expected_version=None)
    with pytest.raises(ValidationError, match="当前为“已举行”，不能确认已举行"):
        activities.activity_hold(actor=world.carol, activity=activity, expected_version=None)
    activities.activity_close(actor=world.carol, activity=activity, expected_version=None)
    assert activity.state == ActivityState.CLOSED
    with pytest.raises(ValidationError, match="当前为“已办结”，不能登记参加人员"):
        activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.EXPERT, name="王教授")


def test_member_of_another_committee_is_refused(world):
    activity = held_activity(world, committee=world.district, actor=world.olga, members=(), others=1)
    with pytest.raises(ValidationError, match="不是长春市宽城区政协的委员"):
        activities.participant_add(actor=world.olga, activity=activity, kind=ParticipantKind.MEMBER,
                                   person=world.people["alice"])


def test_traditional_text_is_searchable_as_simplified(world):
    activity = activities.activity_create(actor=world.carol, committee=world.city, form=Form.SECTOR,
                                          title="經濟界別協商會", date=DAY, place="會議室")
    assert "经济界别协商会" in activity.search_text


@pytest.mark.parametrize("who", ["alice", "rita", "leo", "olga", "uma"])
def test_only_managing_staff_of_the_committee_may_write(world, who):
    with pytest.raises(PermissionDenied):
        activities.activity_create(actor=world.users[who], committee=world.city, form=Form.TOPIC, title="协商",
                                   date=DAY)
