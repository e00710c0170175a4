"""duty_report_draft: the member's report for a year, written from the duty record, by the member only."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, Outcome
from lvzhi.duty_reports.drafting import OUTLOOK_PROMPT, SECTIONS, sections_of
from lvzhi.duty_reports.models import DutyReport, ReportKind, ReportState
from lvzhi.duty_reports.services.reports import duty_report_draft
from lvzhi.duty_reports.tests.support import YEAR, drafted, record
from lvzhi.members.models import MemberRole
from lvzhi.testing import World


def test_the_draft_names_the_figures_and_the_items_behind_them(world: World) -> None:
    record(world, "alice", DutyKind.PROPOSAL_FIRST, "关于加强校园食品安全的建议", outcomes=(Outcome.SUBMITTED, Outcome.FILED))
    record(world, "alice", DutyKind.PROPOSAL_COSIGN, "关于改善城区交通的建议")
    record(world, "alice", DutyKind.OPINION_SUBMITTED, "关于学校周边交通拥堵的建议")
    record(world, "alice", DutyKind.ATTENDANCE_PRESENT, "十五届三次全体会议")
    record(world, "alice", DutyKind.ATTENDANCE_EXCUSED, "常委会议")
    record(world, "alice", DutyKind.INSPECTION, "城区养老服务视察")
    record(world, "alice", DutyKind.TRAINING, "新任委员培训班")
    record(world, "bob", DutyKind.PROPOSAL_FIRST, "薄波的提案")
    report = drafted(world)
    assert report.state == ReportState.DRAFT and report.kind == ReportKind.MEMBER
    assert report.title == f"艾丽{YEAR}年度委员履职报告"
    assert report.figures["counts"][DutyKind.PROPOSAL_FIRST] == 1
    assert [i["title"] for i in report.figures["items"][DutyKind.INSPECTION]] == ["城区养老服务视察"]
    preamble, sections = sections_of(report.figures, report.body)
    text = {s.key: "".join(s.generated) for s in sections}
    assert "出席会议1次，请假1次，缺席0次" in text["basic"] and "履职事项7项" in text["basic"]
    assert "提出提案2件（作为第一提案人1件、联名提出1件），其中立案1件" in text["politics"]
    assert "《关于加强校园食品安全的建议》" in text["politics"]
    assert "报送社情民意信息1篇：《关于学校周边交通拥堵的建议》" in text["politics"]
    assert "参加视察1次（城区养老服务视察）" in text["consult"]
    assert "参加学习培训1次（新任委员培训班）" in text["study"]
    assert "薄波的提案" not in str(report.figures)
    assert [s.heading for s in sections] == [h for _, h in SECTIONS]
    assert sections[-1].own == [OUTLOOK_PROMPT] and preamble == []
    assert AuditEvent.objects.filter(action="duty_reports.report_draft", object_id=str(report.pk)).exists()


def test_a_reported_activity_is_told_as_what_it_was(world: World) -> None:
    """An approved self-reported 调研 (kind REPORTED, event RESEARCH) is told with the research trips in 三; one
    reported as 其他 stays with the other activities in 四."""
    trip = record(world, "alice", DutyKind.REPORTED, "乡村振兴自报调研")
    DutyRecord.objects.filter(pk=trip.pk).update(event=DutyEvent.RESEARCH)
    record(world, "alice", DutyKind.REPORTED, "捐资助学")
    report = drafted(world)
    _, sections = sections_of(report.figures, report.body)
    text = {s.key: "".join(s.generated) for s in sections}
    assert "参加调研1次（乡村振兴自报调研）" in text["consult"]
    assert "自报履职活动1项（捐资助学）" in text["study"] and "乡村振兴" not in text["study"]


def test_a_standing_committee_member_gets_a_standing_report(world: World) -> None:
    membership = world.memberships["alice"]
    membership.role = MemberRole.STANDING
    membership.save(update_fields=["role"])
    report = drafted(world)
    assert report.kind == ReportKind.STANDING and report.title.endswith("常委履职报告")


def test_an_empty_record_still_drafts_in_words(world: World) -> None:
    report = drafted(world)
    _, sections = sections_of(report.figures, report.body)
    assert "暂无本人的履职记录" in "".join(sections[0].generated)
    assert "暂无提案、社情民意信息和会议发言的记录" in "".join(sections[1].generated)


def test_one_report_a_year_and_no_future_years(world: World) -> None:
    drafted(world)
    with pytest.raises(ValidationError, match="已经建立"):
        drafted(world)
    with pytest.raises(ValidationError, match="以后的年度"):
        drafted(world, year=YEAR + 1)
    assert DutyReport.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "carol", "leo"])
def test_nobody_drafts_another_members_report(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        duty_report_draft(actor=world.users[who], membership=world.memberships["alice"], year=YEAR)
    assert not DutyReport.objects.exists()
