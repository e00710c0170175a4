"""Writing, submitting and withdrawing a report (services.reports)."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.opinions.models import OpinionReport, OpinionSettings, State, SubmitterKind
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.reports import opinion_create, opinion_submit, opinion_update_draft, opinion_withdraw
from lvzhi.opinions.tests.support import BODY, TITLE, submitted
from lvzhi.testing import World


def test_member_submits_and_is_credited(world: World) -> None:
    report = submitted(world)
    assert report.state == State.SUBMITTED
    assert report.original_title == TITLE and report.original_body == BODY
    assert [a.person.name for a in report.authors.all()] == ["艾丽"]
    assert DutyRecord.objects.filter(person=world.people["alice"], kind=DutyKind.OPINION_SUBMITTED).count() == 1
    assert report.events.filter(action="submit").exists()
    assert AuditEvent.objects.filter(action="opinions.submit", object_id=str(report.pk)).exists()


def test_joint_report_credits_every_author(world: World) -> None:
    report = submitted(world, kind=SubmitterKind.JOINT, co=("bob",))
    names = [a.person.name for a in report.authors.all()]
    assert names == ["艾丽", "薄波"]
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED, source_id=report.pk).count() == 2


def test_joint_needs_a_co_author_and_member_none(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        submitted(world, kind=SubmitterKind.JOINT)
    assert "至少需要一位联名委员" in str(err.value)
    with pytest.raises(ValidationError) as err:
        submitted(world, kind=SubmitterKind.MEMBER, co=("bob",))
    assert "不能有联名作者" in str(err.value)


def test_staff_submits_for_a_party(world: World) -> None:
    report = opinion_create(actor=world.carol, committee=world.city, title=TITLE, body=BODY,
                            submitter_kind=SubmitterKind.PARTY, collective_name="民盟长春市委", submit=True)
    assert report.collective_name == "民盟长春市委"
    assert report.authors.count() == 0
    with pytest.raises(ValidationError) as err:
        opinion_create(actor=world.carol, committee=world.city, title=TITLE, body=BODY,
                       submitter_kind=SubmitterKind.PARTY)
    assert "请填写报送单位名称" in str(err.value)
    with pytest.raises(ValidationError) as err:
        opinion_create(actor=world.carol, committee=world.city, title=TITLE, body=BODY,
                       submitter_kind=SubmitterKind.MEMBER)
    assert "须由委员本人填写" in str(err.value)


def test_length_limit_is_per_committee(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        submitted(world, body="字" * 1501)
    assert "正文不能超过 1500 个字（当前 1501 字）" in str(err.value)
    settings_row = opinion_defaults(world.city)
    OpinionSettings.objects.filter(pk=settings_row.pk).update(max_length=2000)
    assert submitted(world, body="字" * 1501).state == State.SUBMITTED


def test_empty_text_refused(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        submitted(world, title="  ", body="")
    assert "请填写标题" in str(err.value) and "请填写正文" in str(err.value)


def test_traditional_text_is_found_in_simplified(world: World) -> None:
    report = submitted(world, title="關於學校周邊交通擁堵的建議")
    assert "关于学校周边交通拥堵" in report.search_text


def test_who_may_submit(world: World) -> None:
    for who in ("uma", "pete", "olga"):
        with pytest.raises(PermissionDenied):
            submitted(world, who=who, kind=SubmitterKind.PARTY, collective_name="民革")
    assert not OpinionReport.objects.exists()


def test_double_submit_refused(world: World) -> None:
    report = submitted(world)
    with pytest.raises(ValidationError) as err:
        opinion_submit(actor=world.alice, report=report)
    assert "当前为“已报送”，不能执行“报送”" in str(err.value)
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED).count() == 1


def test_the_same_report_twice_is_refused(world: World) -> None:
    submitted(world)
    with pytest.raises(ValidationError) as err:
        submitted(world)
    assert "请勿重复报送" in str(err.value)
    assert OpinionReport.objects.count() == 1


def test_draft_edit_and_stale_version(world: World) -> None:
    draft = opinion_create(actor=world.alice, committee=world.city, title=TITLE, body=BODY,
                           submitter_kind=SubmitterKind.MEMBER)
    version = draft.version
    opinion_update_draft(actor=world.alice, report=draft, title="新标题", body=BODY,
                         submitter_kind=SubmitterKind.MEMBER, urgent=True, expected_version=version)
    with pytest.raises(ValidationError) as err:
        opinion_update_draft(actor=world.alice, report=OpinionReport.objects.get(pk=draft.pk), title="再改",
                             body=BODY, submitter_kind=SubmitterKind.MEMBER, expected_version=version)
    assert "已被他人修改" in str(err.value)
    with pytest.raises(PermissionDenied):
        opinion_update_draft(actor=world.bob, report=draft, title="别人改", body=BODY,
                             submitter_kind=SubmitterKind.MEMBER)
    draft.refresh_from_db()
    assert draft.title == "新标题" and draft.urgent


def test_withdraw_clears_the_duty_row(world: World) -> None:
    report = submitted(world)
    with pytest.raises(PermissionDenied):
        opinion_withdraw(actor=world.bob, report=report)
    opinion_withdraw(actor=world.alice, report=report, remarks="情况已解决")
    assert report.state == State.WITHDRAWN
    assert not DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED).exists()
    with pytest.raises(ValidationError):
        opinion_withdraw(actor=world.alice, report=report)
