"""Registering, editing, holding and cancelling sessions; the roll kept here and the members' duty records."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, DutyRole, Outcome
from lvzhi.study.models import SessionKind, SessionState
from lvzhi.study.services import sessions
from lvzhi.study.tests.support import add_members, days_ago, held_session, training_records
from lvzhi.testing import World


def test_a_roll_kept_here_writes_and_clears_duty_records(world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    session = held_session(world)
    sessions.session_set_roll(actor=world.carol, session=session, members=[alice, bob], non_member_count=12)
    (record,) = training_records(alice)
    assert record.title == "专题学习：学习贯彻党的二十大精神专题学习" and record.date == session.date
    assert (record.event, record.role_code, record.outcome_list()) == (
        DutyEvent.STUDY, DutyRole.PARTICIPANT, [Outcome.ATTENDED])
    session.refresh_from_db()
    assert (session.member_count, session.person_times) == (2, 14)
    sessions.session_set_roll(actor=world.carol, session=session, members=[bob])
    assert training_records(alice) == [] and len(training_records(bob)) == 1
    session.refresh_from_db()
    assert session.non_member_count == 12  # left as it was when not given
    assert AuditEvent.objects.filter(action="study.session_roll", object_id=str(session.pk)).count() == 2


def test_a_planned_session_writes_no_record_until_it_is_held(world: World) -> None:
    alice = world.people["alice"]
    session = sessions.session_create(actor=world.carol, committee=world.city, kind=SessionKind.COLLECTIVE,
                                      title="党组集体学习会", date=days_ago(1))
    assert session.state == SessionState.PLANNED
    sessions.session_set_roll(actor=world.carol, session=session, members=[alice])
    assert training_records(alice) == []
    sessions.session_hold(actor=world.carol, session=session, expected_version=session.version)
    assert len(training_records(alice)) == 1
    sessions.session_hold(actor=world.carol, session=session)  # a double click changes nothing
    sessions.session_cancel(actor=world.carol, session=session, reason="登记有误")
    assert training_records(alice) == []
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED and session.cancel_reason == "登记有误"
    with pytest.raises(ValidationError, match="已取消"):
        sessions.session_set_roll(actor=world.carol, session=session, members=[alice])


def test_editing_moves_the_duty_record_and_refuses_a_stale_version(world: World) -> None:
    alice = world.people["alice"]
    session = held_session(world)
    sessions.session_set_roll(actor=world.carol, session=session, members=[alice])
    old = session.version
    session.refresh_from_db()
    sessions.session_update(actor=world.carol, session=session, expected_version=session.version,
                            title="学习习近平总书记重要讲话精神", date=days_ago(10))
    (record,) = training_records(alice)
    assert record.title.endswith("学习习近平总书记重要讲话精神") and record.date == days_ago(10)
    with pytest.raises(ValidationError, match="已被他人修改"):
        sessions.session_update(actor=world.carol, session=session, expected_version=old, place="别处")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "   "}, "title", "请填写主题"),
    ({"title": "学" * 201}, "title", "不能超过 200 个字"),
    ({"kind": "party"}, "kind", "请选择类别"),
    ({"date": None}, "date", "请填写日期"),
    ({"end_date": datetime.date(2024, 3, 1), "date": datetime.date(2024, 3, 5)}, "end_date", "结束日期不能早于开始日期"),
    ({"kind": SessionKind.CLASS}, "end_date", "培训班须填写结业日期"),
    ({"kind": SessionKind.CLASS, "date": datetime.date(2024, 3, 1), "end_date": datetime.date(2024, 3, 7),
      "days": 8}, "days", "培训天数须在 1 到 7 天之间"),
    ({"non_member_count": -1}, "non_member_count", "非委员参加人次"),
])
def test_bad_input_is_refused_in_chinese(world: World, changes: dict, field: str, message: str) -> None:
    values = {"kind": SessionKind.TOPIC, "title": "专题学习", "date": datetime.date(2024, 3, 1), **changes}
    with pytest.raises(ValidationError) as error:
        sessions.session_create(actor=world.carol, committee=world.city, **values)
    assert message in error.value.message_dict[field][0]


def test_a_double_submit_makes_one_session(world: World) -> None:
    held_session(world)
    with pytest.raises(ValidationError, match="请勿重复登记"):
        held_session(world)


def test_a_class_has_days_and_a_roll_of_members_and_named_trainees(world: World) -> None:
    alice = world.people["alice"]
    session = sessions.session_create(
        actor=world.carol, committee=world.city, kind=SessionKind.CLASS, title="提升委员履职能力培训班",
        date=datetime.date(2024, 5, 6), end_date=datetime.date(2024, 5, 12), held=True)
    assert session.days == 7
    sessions.trainee_add(actor=world.carol, session=session, person=alice)
    other = sessions.trainee_add(actor=world.carol, session=session, name="张明", unit="市政协机关")
    session.refresh_from_db()
    assert session.class_size == 2 and session.person_times == 2
    (record,) = training_records(alice)
    assert record.role == "学员"
    with pytest.raises(ValidationError, match="艾丽已在学员名单中"):
        sessions.trainee_add(actor=world.carol, session=session, person=alice)
    with pytest.raises(ValidationError, match="张明已在学员名单中"):
        sessions.trainee_add(actor=world.carol, session=session, name="张明", unit="市政协机关")
    with pytest.raises(ValidationError, match="繁体字"):
        sessions.trainee_add(actor=world.carol, session=session, name="張偉")
    with pytest.raises(ValidationError, match="二者选一"):
        sessions.trainee_add(actor=world.carol, session=session)
    sessions.trainee_remove(actor=world.carol, trainee=session.trainees.get(person=alice))
    sessions.trainee_remove(actor=world.carol, trainee=other)
    session.refresh_from_db()
    assert session.class_size == 0 and training_records(alice) == []


def test_only_a_class_takes_named_trainees(world: World) -> None:
    session = held_session(world)
    with pytest.raises(ValidationError, match="只有培训班"):
        sessions.trainee_add(actor=world.carol, session=session, name="张明")


def test_a_person_who_is_not_a_member_is_refused(world: World) -> None:
    (outsider,) = add_members(world.district, 1, prefix="区委员")
    session = held_session(world)
    with pytest.raises(ValidationError) as error:
        sessions.session_set_roll(actor=world.carol, session=session, members=[world.people["alice"], outsider])
    assert "区委员零零零不是长春市政协的在任委员" in error.value.message_dict["members"][0]
    assert not DutyRecord.objects.filter(kind=DutyKind.TRAINING).exists()


def test_only_duty_managers_of_the_committee_change_sessions(world: World) -> None:
    session = held_session(world)
    for name in ("olga", "leo", "alice", "pete"):
        with pytest.raises(PermissionDenied):
            sessions.session_set_roll(actor=world.users[name], session=session, members=[])
        with pytest.raises(PermissionDenied):
            sessions.session_create(actor=world.users[name], committee=world.city, kind=SessionKind.TOPIC,
                                    title="专题学习", date=days_ago(1))

