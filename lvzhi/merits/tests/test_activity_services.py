"""The reported-activity services: who may make each move, the states, evidence, stale and repeated forms, and the
duty row written on approval and removed on return, revocation and withdrawal."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, DutyRole, Outcome
from lvzhi.merits.models import ActivityKind, ActivityState, ReportedActivity
from lvzhi.merits.services import activities
from lvzhi.merits.tests.support import days_ago, photo, report
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(world: World, who: str = "alice") -> list[DutyRecord]:
    return list(DutyRecord.objects.filter(person=world.people[who], kind=DutyKind.REPORTED))


def test_a_member_reports_with_a_photo_and_it_waits_for_staff(world: World) -> None:
    activity = report(world)
    assert activity.state == ActivityState.SUBMITTED
    assert activity.person == world.people["alice"] and activity.year == days_ago(3).year
    assert [e.name for e in activity.evidence.all()] == ["现场照片.png"]
    assert [s.label for s in activity.steps.all()] == ["填写申报", "提交审核"]
    assert _rows(world) == []  # nothing in the record before staff approve it


def test_approval_writes_the_duty_row_with_the_kinds_event(world: World) -> None:
    activity = report(world)
    activities.activity_approve(actor=world.carol, activity=activity, expected_version=activity.version)
    (row,) = _rows(world)
    assert (row.event, row.role_code, row.outcome_list()) == (DutyEvent.RESEARCH, DutyRole.PARTICIPANT,
                                                              [Outcome.TOOK_PART])
    assert row.title == "调研：参加优化营商环境专题调研" and row.date == activity.date
    assert AuditEvent.objects.filter(action="merits.activity_approve", object_id=str(activity.pk)).exists()


@pytest.mark.parametrize(("kind", "event"), [
    (ActivityKind.INSPECTION, DutyEvent.INSPECTION), (ActivityKind.STATION, DutyEvent.STATION),
    (ActivityKind.LECTURE, DutyEvent.REPORTED), (ActivityKind.CHARITY, DutyEvent.REPORTED),
])
def test_each_kind_lands_as_its_event(world: World, kind: str, event: str) -> None:
    activity = report(world, kind=kind)
    activities.activity_approve(actor=world.carol, activity=activity)
    assert [r.event for r in _rows(world)] == [event]


def test_revoking_an_approval_removes_the_row_and_the_member_may_resubmit(world: World) -> None:
    activity = report(world)
    activities.activity_approve(actor=world.carol, activity=activity)
    activities.activity_revoke(actor=world.carol, activity=activity, reason="同一活动已由签到表记录",
                               expected_version=activity.version)
    assert _rows(world) == []
    assert activity.state == ActivityState.RETURNED and activity.return_reason == "同一活动已由签到表记录"
    activities.activity_submit(actor=world.alice, activity=activity)
    assert activity.state == ActivityState.SUBMITTED and activity.return_reason == ""


def test_returned_for_more_the_member_edits_and_resubmits(world: World) -> None:
    activity = report(world, files=[], evidence_note="调研通知")
    with pytest.raises(ValidationError, match="请填写退回原因"):
        activities.activity_return(actor=world.carol, activity=activity, reason="  ")
    activities.activity_return(actor=world.carol, activity=activity, reason="请补充调研通知或照片")
    assert activity.state == ActivityState.RETURNED
    activities.evidence_add(actor=world.alice, activity=activity, file=photo("通知.png"))
    activities.activity_update(actor=world.alice, activity=activity, kind=ActivityKind.RESEARCH, date=days_ago(3),
                               title="参加优化营商环境专题调研（补充）", evidence_note="调研通知",
                               expected_version=activity.version)
    activities.activity_submit(actor=world.alice, activity=activity, expected_version=activity.version)
    activities.activity_approve(actor=world.carol, activity=activity)
    assert [r.title for r in _rows(world)] == ["调研：参加优化营商环境专题调研（补充）"]


def test_withdrawn_before_a_decision_never_lands(world: World) -> None:
    activity = report(world)
    activities.activity_withdraw(actor=world.alice, activity=activity)
    assert activity.state == ActivityState.WITHDRAWN
    with pytest.raises(ValidationError, match="当前为“已撤回”，不能执行“认定”"):
        activities.activity_approve(actor=world.carol, activity=activity)
    assert _rows(world) == []


def test_evidence_is_required_to_submit(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        report(world, files=[])
    assert "请上传至少一份佐证材料" in caught.value.message_dict["evidence_note"][0]
    draft = report(world, files=[], submit=False)
    assert draft.state == ActivityState.DRAFT
    with pytest.raises(ValidationError, match="佐证"):
        activities.activity_submit(actor=world.alice, activity=draft)
    described = report(world, files=[], evidence_note="市政协办公厅通知（长政协办发〔2025〕12号）", title="参加视察")
    assert described.state == ActivityState.SUBMITTED


def test_bad_input_is_told_in_chinese_and_saves_nothing(world: World) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        activities.activity_create(actor=world.alice, committee=world.city, kind="picnic", date=tomorrow,
                                   title="x" * 201, files=[photo()], submit=True)
    errors = caught.value.message_dict
    assert errors["kind"] == ["请选择活动类别。"]
    assert errors["date"] == ["活动日期不能晚于今天：请在活动结束后申报。"]
    assert "不能超过 200 个字" in errors["title"][0]
    fake = SimpleUploadedFile("照片.jpg", b"not a jpeg at all", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="内容与扩展名"):
        report(world, files=[fake])
    assert not ReportedActivity.objects.filter(person=world.people["alice"]).exists()


def test_the_same_report_sent_twice_is_one_activity(world: World) -> None:
    first = report(world)
    again = report(world)
    assert again.pk == first.pk and ReportedActivity.objects.filter(person=world.people["alice"]).count() == 1


def test_a_double_approval_is_told_the_state_and_a_stale_form_is_refused(world: World) -> None:
    activity = report(world)
    version = activity.version
    activities.activity_approve(actor=world.carol, activity=activity, expected_version=version)
    with pytest.raises(ValidationError, match="当前为“已认定”"):
        activities.activity_approve(actor=world.carol, activity=activity, expected_version=version)
    assert len(_rows(world)) == 1
    draft = report(world, submit=False, title="参加社区宣讲", kind=ActivityKind.LECTURE)
    stale = draft.version
    activities.evidence_add(actor=world.alice, activity=draft, file=photo("二.png"))
    with pytest.raises(ValidationError, match="已被他人修改"):
        activities.activity_submit(actor=world.alice, activity=draft, expected_version=stale)


def test_another_member_may_not_move_alices_activity(world: World) -> None:
    activity = report(world)
    with pytest.raises(PermissionDenied, match="只有申报的委员本人"):
        activities.activity_withdraw(actor=world.bob, activity=activity)
    with pytest.raises(PermissionDenied):
        activities.activity_approve(actor=world.bob, activity=activity)
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED


@pytest.mark.parametrize("who", ["olga", "leo", "pete"])
def test_only_the_committees_duty_staff_approve(world: World, who: str) -> None:
    activity = report(world)
    with pytest.raises(PermissionDenied):
        activities.activity_approve(actor=world.users[who], activity=activity)
    assert _rows(world) == []


def test_staff_without_a_seat_cannot_report(world: World) -> None:
    with pytest.raises(PermissionDenied, match="只有本政协组织的在任委员"):
        activities.activity_create(actor=world.carol, committee=world.city, kind=ActivityKind.OTHER,
                                   date=days_ago(1), title="整理档案", evidence_note="无", submit=True)
