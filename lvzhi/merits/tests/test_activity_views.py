"""The reported-activity screens: the member's form (on a phone), their list, the page and its moves, staff's queue;
another member's activity and its files are refused."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.merits.models import ActivityKind, ActivityState, ReportedActivity
from lvzhi.merits.tests.support import days_ago, photo, report
from lvzhi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(username: str) -> Client:
    client = Client(HTTP_USER_AGENT=PHONE)
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_form_is_short_and_takes_photos_on_a_phone(world: World) -> None:
    html = _client("alice").get("/merits/activities/new/").content.decode()
    assert 'name="viewport"' in html and 'enctype="multipart/form-data"' in html
    assert 'type="file" name="evidence_files"' in html and "multiple" in html and ".jpg" in html
    assert 'type="date" name="date"' in html and "提交审核" in html and "保存草稿" in html


def test_a_member_reports_and_sees_it_in_their_list(world: World) -> None:
    alice = _client("alice")
    r = alice.post("/merits/activities/new/", {
        "committee": world.city.pk, "kind": ActivityKind.STATION, "date": days_ago(1).isoformat(),
        "title": "委员工作站接待群众", "evidence_files": [photo("接待.png"), photo("签到.png")], "submit": "1"})
    activity = ReportedActivity.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/merits/activities/{activity.pk}/"
    assert activity.state == ActivityState.SUBMITTED and activity.evidence.count() == 2
    page = alice.get(r["Location"]).content.decode()
    assert "已提交审核，请等待工作人员认定。" in page and "接待.png" in page and "等待政协机关工作人员审核认定" in page
    mine = alice.get("/merits/").content.decode()
    assert "委员工作站接待群众" in mine and "待审核" in mine
    assert "委员工作站接待群众" not in _client("bob").get("/merits/").content.decode()


def test_bad_input_comes_back_on_the_form_and_nothing_is_saved(world: World) -> None:
    r = _client("alice").post("/merits/activities/new/", {
        "committee": world.city.pk, "kind": ActivityKind.RESEARCH, "date": days_ago(-3).isoformat(), "title": "调研",
        "submit": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "活动日期不能晚于今天" in html
    assert not ReportedActivity.objects.exists()
    r = _client("alice").post("/merits/activities/new/", {
        "committee": world.city.pk, "kind": ActivityKind.RESEARCH, "date": days_ago(1).isoformat(), "title": "调研",
        "submit": "1"})
    assert "请上传至少一份佐证材料" in r.content.decode() and not ReportedActivity.objects.exists()


def test_another_member_is_refused_the_activity_and_its_files(world: World) -> None:
    activity = report(world)
    evidence = activity.evidence.get()
    bob = _client("bob")
    assert bob.get(f"/merits/activities/{activity.pk}/").status_code == 403
    assert bob.get(f"/merits/activities/{activity.pk}/evidence/{evidence.pk}/").status_code == 403
    assert bob.post(f"/merits/activities/{activity.pk}/do/withdraw/", {}).status_code == 403
    assert bob.post(f"/merits/activities/{activity.pk}/do/approve/", {}).status_code == 403
    assert _client("olga").get(f"/merits/activities/{activity.pk}/").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=world.bob, detail="merits.activity_read").exists()
    download = _client("alice").get(f"/merits/activities/{activity.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_staff_queue_approve_and_a_double_click(world: World) -> None:
    activity = report(world)
    carol = _client("carol")
    queue = carol.get("/merits/activities/").content.decode()
    assert "参加优化营商环境专题调研" in queue and "待审核 1 项" in queue
    page = carol.get(f"/merits/activities/{activity.pk}/").content.decode()
    assert "认定" in page and "退回补充" in page and "撤回申报" not in page
    r = carol.post(f"/merits/activities/{activity.pk}/do/approve/", {"version": activity.version})
    assert r.status_code == 302
    assert DutyRecord.objects.filter(person=world.people["alice"], kind=DutyKind.REPORTED).count() == 1
    again = carol.post(f"/merits/activities/{activity.pk}/do/approve/", {"version": activity.version}, follow=True)
    assert "当前为“已认定”，不能执行“认定”" in again.content.decode()
    assert DutyRecord.objects.filter(kind=DutyKind.REPORTED).count() == 1
    assert "参加优化营商环境专题调研" not in carol.get("/merits/activities/").content.decode()  # no longer waiting
    assert "参加优化营商环境专题调研" in carol.get("/merits/activities/", {"state": ""}).content.decode()


def test_return_needs_a_reason_and_the_member_sees_it(world: World) -> None:
    activity = report(world)
    carol = _client("carol")
    r = carol.post(f"/merits/activities/{activity.pk}/do/return/", {"reason": " ", "version": activity.version})
    assert r.status_code == 200 and '<li>请写明原因。</li>' in r.content.decode()
    activity.refresh_from_db()
    assert activity.state == ActivityState.SUBMITTED
    carol.post(f"/merits/activities/{activity.pk}/do/return/", {"reason": "请补充活动照片", "version": activity.version})
    page = _client("alice").get(f"/merits/activities/{activity.pk}/").content.decode()
    assert "退回原因：请补充活动照片" in page and "修改申报内容" in page and "提交审核" in page


def test_leaders_read_but_do_not_decide(world: World) -> None:
    activity = report(world)
    leo = _client("leo")
    page = leo.get(f"/merits/activities/{activity.pk}/").content.decode()
    assert "参加优化营商环境专题调研" in page and "do/approve" not in page
    assert leo.post(f"/merits/activities/{activity.pk}/do/approve/", {"version": activity.version}).status_code == 403
    assert "参加优化营商环境专题调研" in leo.get("/merits/activities/").content.decode()


def test_drafts_are_the_members_alone(world: World) -> None:
    draft = report(world, submit=False, title="草拟中的宣讲活动", kind=ActivityKind.LECTURE)
    assert _client("carol").get(f"/merits/activities/{draft.pk}/").status_code == 403
    assert "草拟中的宣讲活动" not in _client("carol").get("/merits/activities/", {"state": ""}).content.decode()


def test_staff_without_a_seat_have_no_report_form(world: World) -> None:
    assert _client("carol").get("/merits/activities/new/").status_code == 403
    assert _client("uma").get("/merits/").status_code == 403
