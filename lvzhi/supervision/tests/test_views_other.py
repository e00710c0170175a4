"""Special supervisors, 列席 and the figures page with its export."""
from __future__ import annotations

import io
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.supervision.models import AttendanceKind
from lvzhi.supervision.services import attendance, supervisors
from lvzhi.supervision.tests.support import days_ago, setup_group
from lvzhi.testing import World


def test_appoint_and_record_a_batch_on_the_page(client: Any, world: World) -> None:
    client.force_login(world.carol)
    url = f"/supervision/supervisors/?committee={world.city.pk}"
    alice = world.people["alice"]
    client.post(url, {"form": "appoint", "person": alice.pk, "body": "中级人民法院", "title": "特约监督员",
                      "appointed_on": days_ago(30).isoformat()})
    response = client.post(url, {"form": "duty", "body": "中级人民法院", "title": "旁听执行案件",
                                 "date": days_ago(2).isoformat(), "participants": [alice.pk]}, follow=True)
    page = response.content.decode()
    assert "已登记活动批次" in page and "1 批次，1 人次" in page
    export = client.get(f"/supervision/supervisors/export.xlsx?committee={world.city.pk}")
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(export.content)).active).iter_rows(values_only=True))
    assert rows[1][2:] == ("中级人民法院", "旁听执行案件", "艾丽", 1)
    names = client.get(f"/supervision/supervisors/appointments.xlsx?committee={world.city.pk}")
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(names.content)).active).iter_rows(values_only=True))
    assert rows[1][1:4] == ("艾丽", "中级人民法院", "特约监督员")
    client.force_login(world.alice)
    assert "旁听执行案件" in client.get("/supervision/supervisors/").content.decode()
    client.force_login(world.bob)
    assert "旁听执行案件" not in client.get("/supervision/supervisors/").content.decode()


def test_attendance_page_counts_by_kind(client: Any, world: World) -> None:
    attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.GOVERNMENT_MEETING,
                                 body="市政府", title="第十二次常务会议", date=days_ago(1), attendees=[world.people["bob"]])
    client.force_login(world.leo)
    page = client.get("/supervision/attendance/").content.decode()
    assert "列席政府常务会议 <strong>1</strong> 次" in page and "登记列席或旁听" not in page
    client.force_login(world.olga)
    assert "第十二次常务会议" not in client.get("/supervision/attendance/").content.decode()
    assert client.get(f"/supervision/attendance/?committee={world.city.pk}").status_code == 403


def test_figures_page_and_export_agree(client: Any, world: World) -> None:
    setup_group(world)
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=world.people["alice"],
                                   body="营商环境建设局", appointed_on=days_ago(10))
    client.force_login(world.leo)
    page = client.get("/supervision/figures/", {"start": days_ago(90).isoformat()}).content.decode()
    assert 'data-figure="groups"' in page
    assert '<div class="label">派出监督组</div><span class="stat">1</span>' in page
    assert '<div class="label">特约监督员</div><span class="stat">1</span>' in page
    export = client.get("/supervision/figures/export.xlsx", {"start": days_ago(90).isoformat()})
    rows = {r[0]: r[1] for r in cast(Worksheet, load_workbook(io.BytesIO(export.content)).active).iter_rows(values_only=True)}
    assert rows["派出监督组"] == 1 and rows["参加监督组"] == 2 and rows["特约监督员"] == 1
    client.force_login(world.alice)
    assert client.get("/supervision/figures/").status_code == 403


def test_removing_a_mistaken_batch_and_occasion_removes_the_duty_rows(client: Any, world: World) -> None:
    from lvzhi.duty.models import DutyRecord

    alice = world.people["alice"]
    a = supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body="法院",
                                       appointed_on=days_ago(30))
    duty = supervisors.duty_create(actor=world.carol, committee=world.city, body="法院", title="评查",
                                   date=days_ago(1), participants=[alice])
    row = attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.OTHER_MEETING,
                                       body="市政府", title="推进会", date=days_ago(1), attendees=[alice])
    assert DutyRecord.objects.filter(person=alice).count() == 2
    client.force_login(world.leo)
    assert client.post(f"/supervision/supervisors/batches/{duty.pk}/delete/?committee={world.city.pk}"
                       ).status_code == 403
    client.force_login(world.carol)
    client.post(f"/supervision/supervisors/batches/{duty.pk}/delete/?committee={world.city.pk}")
    client.post(f"/supervision/attendance/{row.pk}/delete/?committee={world.city.pk}")
    assert not DutyRecord.objects.filter(person=alice).exists()
    page = client.post(f"/supervision/supervisors/{a.pk}/end/?committee={world.city.pk}", follow=True)
    assert "艾丽的聘任已期满" in page.content.decode()


def test_attendance_list_and_export_search_by_title_or_body(client: Any, world: World) -> None:
    from openpyxl import load_workbook

    today = days_ago(0)
    for title, body in (("市政府第十二次常务会议", "市人民政府"), ("优化营商环境座谈会", "市营商环境建设局")):
        attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.OTHER_MEETING,
                                     body=body, title=title, date=today, attendees=[world.people["alice"]])
    client.force_login(world.carol)
    url = f"/supervision/attendance/?committee={world.city.pk}&year={today.year}&q=營商環境"
    page = client.get(url).content.decode()
    assert "优化营商环境座谈会" in page and "市政府第十二次常务会议" not in page
    export = client.get(url.replace("/attendance/", "/attendance/export.xlsx"))
    titles = [row[4] for row in cast(Worksheet, load_workbook(io.BytesIO(export.content)).active).iter_rows(min_row=2, values_only=True)]
    assert any("营商环境" in str(t) for t in titles) and not any("常务会议" in str(t) for t in titles)
