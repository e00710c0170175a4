"""述职 sessions: who reported (with their report) and who attended land in the duty record; changes follow."""
from __future__ import annotations

import datetime
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.committees.models import ActivityGroup
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, DutyRole, Outcome
from lvzhi.duty_reports.models import ReportingSession
from lvzhi.duty_reports.services.sessions import Reporter, session_create, session_delete, session_update
from lvzhi.duty_reports.tests.support import YEAR, submitted
from lvzhi.organisation import services as org
from lvzhi.testing import World

DAY = datetime.date(YEAR, 1, 1)


def _records(world: World, session: ReportingSession) -> set[tuple[str, str]]:
    return set(DutyRecord.objects.filter(source_type="duty_reports.reportingsession", source_id=session.pk)
               .values_list("person__name", "kind"))


def test_reporters_speak_and_everyone_attends(world: World) -> None:
    report = submitted(world)
    group = cast(ActivityGroup, org.config_item_create(actor=None, list_key="activity-groups", name="经济界小组",
                                                       committee=world.city, check_actor=False))
    session = session_create(actor=world.carol, committee=world.city, title="经济界小组委员述职会", date=DAY,
                             place="市政协203会议室", activity_group=group,
                             reporters=[Reporter(world.people["alice"])], attendees=[world.people["bob"]])
    assert session.group_name == "经济界小组" and session.year == DAY.year
    (reporter,) = session.reporters.all()
    assert reporter.report == report  # her handed-in report of the year, linked by itself
    assert _records(world, session) == {("艾丽", DutyKind.SPEECH_OTHER), ("艾丽", DutyKind.ATTENDANCE_PRESENT),
                                        ("薄波", DutyKind.ATTENDANCE_PRESENT)}
    speech = DutyRecord.objects.get(person=world.people["alice"], kind=DutyKind.SPEECH_OTHER)
    assert (speech.event, speech.role_code, speech.outcome_list(), speech.role) == (
        DutyEvent.SPEECH, DutyRole.SPEAKER, [Outcome.SPOKE], "述职")
    assert list(session.attendees.all()) == [world.people["bob"]]


def test_changing_and_deleting_a_session_moves_the_records(world: World) -> None:
    session = session_create(actor=world.carol, committee=world.city, title="述职会", date=DAY,
                             reporters=[Reporter(world.people["alice"])], attendees=[world.people["bob"]])
    session = session_update(actor=world.carol, session=session, title="述职会", date=DAY,
                             reporters=[Reporter(world.people["bob"])], expected_version=session.version)
    assert _records(world, session) == {("薄波", DutyKind.SPEECH_OTHER), ("薄波", DutyKind.ATTENDANCE_PRESENT)}
    with pytest.raises(ValidationError, match="已被他人修改"):
        session_update(actor=world.carol, session=session, title="改名", date=DAY,
                       reporters=[Reporter(world.people["bob"])], expected_version=1)
    pk = session.pk
    session_delete(actor=world.carol, session=session)
    assert not DutyRecord.objects.filter(source_type="duty_reports.reportingsession", source_id=pk).exists()


def test_bad_input_is_refused_in_words(world: World) -> None:
    other_group = cast(ActivityGroup, org.config_item_create(actor=None, list_key="activity-groups", name="区小组",
                                                             committee=world.district, check_actor=False))
    with pytest.raises(ValidationError) as error:
        session_create(actor=world.carol, committee=world.city, title="", date=None, reporters=[],
                       activity_group=other_group)
    assert error.value.message_dict == {"title": ["请填写述职会名称。"], "date": ["请填写述职会日期。"],
                                        "activity_group": ["活动小组不属于本政协组织。"],
                                        "reporters": ["请选择至少一名述职人。"]}
    bob_report = submitted(world, "bob")
    with pytest.raises(ValidationError, match="不是艾丽在本会的报告"):
        session_create(actor=world.carol, committee=world.city, title="述职会", date=DAY,
                       reporters=[Reporter(world.people["alice"], report=bob_report)])
    assert not ReportingSession.objects.exists()


@pytest.mark.parametrize("who", ["alice", "leo", "olga", "pete"])
def test_only_duty_managers_record_sessions(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        session_create(actor=world.users[who], committee=world.city, title="述职会", date=DAY,
                       reporters=[Reporter(world.people["alice"])])
    assert not ReportingSession.objects.exists()
