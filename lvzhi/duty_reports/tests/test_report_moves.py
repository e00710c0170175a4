"""The report's moves: edit, regenerate (keeping the member's text), submit, acknowledge, return, resubmit;
stale versions, moves out of turn and other people's hands refused."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind
from lvzhi.duty_reports.drafting import sections_of
from lvzhi.duty_reports.models import ReportState
from lvzhi.duty_reports.services import reports
from lvzhi.duty_reports.tests.support import drafted, record, submitted, written
from lvzhi.testing import World


def test_regenerating_refreshes_the_figures_and_keeps_the_members_text(world: World) -> None:
    report = drafted(world)
    body = report.body.replace("二、参政议政情况\n", "二、参政议政情况\n本人围绕教育均衡发展深入调研。\n")
    report = reports.duty_report_edit(actor=world.alice, report=report, title="艾丽同志年度履职报告", body=body,
                                      expected_version=report.version)
    record(world, "alice", DutyKind.RESEARCH, "农村学校调研")
    report = reports.duty_report_regenerate(actor=world.alice, report=report, expected_version=report.version)
    _, sections = sections_of(report.figures, report.body)
    consult = next(s for s in sections if s.key == "consult")
    politics = next(s for s in sections if s.key == "politics")
    assert "参加调研1次（农村学校调研）" in "".join(consult.generated)
    assert politics.own == ["本人围绕教育均衡发展深入调研。"]
    assert report.title == "艾丽同志年度履职报告"


def test_submit_needs_the_last_section_written(world: World) -> None:
    report = drafted(world)
    with pytest.raises(ValidationError, match="存在的不足和今后努力方向"):
        reports.duty_report_submit(actor=world.alice, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submit_acknowledge(world: World) -> None:
    report = submitted(world)
    assert report.state == ReportState.SUBMITTED and report.submitted_at is not None
    with pytest.raises(ValidationError, match="不能执行“修改”"):
        reports.duty_report_edit(actor=world.alice, report=report, title="新标题", body="正文")
    report = reports.duty_report_acknowledge(actor=world.carol, report=report, expected_version=report.version)
    assert report.state == ReportState.ACKNOWLEDGED and report.acknowledged_by == world.carol
    with pytest.raises(ValidationError, match="不能执行“退回修改”"):
        reports.duty_report_return(actor=world.carol, report=report, reason="请补充")
    labels = [e.label for e in report.events.all()]
    assert labels == ["生成草稿", "修改", "提交", "确认"]


def test_return_with_a_reason_then_resubmit(world: World) -> None:
    report = submitted(world)
    with pytest.raises(ValidationError, match="请填写退回理由"):
        reports.duty_report_return(actor=world.carol, report=report, reason="  ")
    report = reports.duty_report_return(actor=world.carol, report=report, reason="请补充参加调研的体会。")
    assert report.state == ReportState.RETURNED and report.return_reason == "请补充参加调研的体会。"
    report = reports.duty_report_edit(actor=world.alice, report=report, title=report.title,
                                      body=report.body + "\n补充：调研体会。")
    report = reports.duty_report_submit(actor=world.alice, report=report)
    assert report.state == ReportState.RESUBMITTED
    assert AuditEvent.objects.filter(action="duty_reports.report_return", actor=world.carol).exists()


def test_a_stale_version_is_refused_and_changes_nothing(world: World) -> None:
    report = drafted(world)
    old = report.version
    reports.duty_report_edit(actor=world.alice, report=report, title="第一次", body=written(report.body),
                             expected_version=old)
    with pytest.raises(ValidationError, match="已被他人修改"):
        reports.duty_report_edit(actor=world.alice, report=report, title="第二次", body="别的内容",
                                 expected_version=old)
    report.refresh_from_db()
    assert report.title == "第一次"


def test_over_long_and_empty_text_refused(world: World) -> None:
    report = drafted(world)
    with pytest.raises(ValidationError) as error:
        reports.duty_report_edit(actor=world.alice, report=report, title="", body="字" * 20_001)
    assert error.value.message_dict == {"title": ["请填写标题。"], "body": ["报告内容不能超过 20000 个字（当前 20001 字）。"]}


@pytest.mark.parametrize("who", ["bob", "carol", "leo"])
def test_only_the_member_edits_regenerates_and_submits(world: World, who: str) -> None:
    report = drafted(world)
    for call in (lambda: reports.duty_report_edit(actor=world.users[who], report=report, title="改", body="改"),
                 lambda: reports.duty_report_regenerate(actor=world.users[who], report=report),
                 lambda: reports.duty_report_submit(actor=world.users[who], report=report)):
        with pytest.raises(PermissionDenied, match="只能由委员本人"):
            call()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.version == 1


@pytest.mark.parametrize("who", ["alice", "bob", "leo", "olga", "pete"])
def test_only_duty_managers_of_the_committee_acknowledge_or_return(world: World, who: str) -> None:
    report = submitted(world)
    with pytest.raises(PermissionDenied):
        reports.duty_report_acknowledge(actor=world.users[who], report=report)
    with pytest.raises(PermissionDenied):
        reports.duty_report_return(actor=world.users[who], report=report, reason="退回")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
