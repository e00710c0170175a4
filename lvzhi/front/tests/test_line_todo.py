"""The home page's to-do list gathers the work waiting in 社情民意, 会议, 协商 and 民主监督."""
from __future__ import annotations

import datetime

from django.utils import timezone

from lvzhi.meetings.services import attendance
from lvzhi.meetings.testing import make_sheet
from lvzhi.opinions.models import OpinionReport


def _todo(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


def test_editor_sees_reports_waiting_for_editing(client, world):
    from lvzhi.opinions.tests.support import submitted

    submitted(world, urgent=True)
    assert OpinionReport.objects.get().state == "submitted"
    page = _todo(client, world.rita)
    assert "待采编的社情民意（其中紧急 1 条）" in page
    assert "待采编的社情民意" not in _todo(client, world.olga)


def test_leave_requests_for_staff_and_open_sign_in_for_the_member(client, world):
    sheet = make_sheet(world, date=timezone.localdate() + datetime.timedelta(days=3))
    line = sheet.attendances.get(person=world.people["bob"])
    attendance.leave_request(actor=world.bob, attendance=line, reason="外出学习")
    assert "待审批的请假" in _todo(client, world.carol)
    make_sheet(world, title="委员学习会", open_it=True)
    assert "今天的会议正在签到" in _todo(client, world.alice)


def test_supervision_matters_overdue(client, world):
    from lvzhi.supervision.services import matters
    from lvzhi.supervision.tests.support import new_matter, setup_group

    s = setup_group(world)
    matter = new_matter(world, s)
    today = timezone.localdate()
    matters.matter_issue_opinions(actor=world.carol, matter=matter, opinions=["公开收费清单"],
                                  issued_on=today - datetime.timedelta(days=40),
                                  feedback_due=today - datetime.timedelta(days=1))
    page = _todo(client, world.carol)
    assert "逾期未反馈的监督事项" in page and "已逾期" in page


def test_duty_work_for_staff_and_what_was_sent_back_to_the_member(client, world):
    from lvzhi.duty_reports.services import reports
    from lvzhi.duty_reports.tests.support import submitted
    from lvzhi.merits.services import activities
    from lvzhi.merits.tests.support import report

    activity = report(world)
    handed_in = submitted(world)
    page = _todo(client, world.carol)
    assert "待审核的履职活动申报" in page and "待确认的履职报告" in page
    assert f"?committee={world.city.pk}&amp;state=submitted" in page
    for outsider in (world.olga, world.pete, world.bob):
        assert "待审核的履职活动申报" not in _todo(client, outsider)
    assert "退回补充的履职活动申报" not in _todo(client, world.alice)

    activities.activity_return(actor=world.carol, activity=activity, reason="请补充签到表。")
    reports.duty_report_return(actor=world.carol, report=handed_in, reason="请补充调研情况。")
    page = _todo(client, world.alice)
    assert "退回补充的履职活动申报" in page and "退回修改的履职报告" in page
    page = _todo(client, world.carol)
    assert "待审核的履职活动申报" not in page and "待确认的履职报告" not in page
    assert "退回补充的履职活动申报" not in _todo(client, world.bob)
