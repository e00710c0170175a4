"""The staff screens: list with search and filters, creating a sheet, the sheet page and its actions, exports."""
from __future__ import annotations

import io
from typing import cast

from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetKind, SheetState, Status
from lvzhi.meetings.testing import make_sheet
from lvzhi.testing import PASSWORD, World


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_list_search_in_traditional_and_filters(world: World) -> None:
    make_sheet(world, title="委员履职培训班", kind=SheetKind.TRAINING)
    make_sheet(world, title="常委会第三次会议", kind=SheetKind.STANDING)
    carol = client("carol")
    body = carol.get("/meetings/").content.decode()
    assert "委员履职培训班" in body and "常委会第三次会议" in body and "共 2 场" in body
    body = carol.get("/meetings/", {"q": "履職培訓"}).content.decode()
    assert "委员履职培训班" in body and "常委会第三次会议" not in body
    body = carol.get("/meetings/", {"kind": "standing"}).content.decode()
    assert "常委会第三次会议" in body and "委员履职培训班" not in body
    partial = carol.get("/meetings/", {"q": "常委"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert partial.content.decode().lstrip().startswith('<section id="results"')


def test_leader_sees_outsider_and_member_do_not(world: World) -> None:
    make_sheet(world, title="常委会议")
    assert client("leo").get(f"/meetings/?committee={world.city.pk}").status_code == 200
    assert client("olga").get(f"/meetings/?committee={world.city.pk}").status_code == 403
    assert client("alice").get("/meetings/").status_code == 403
    assert client("rita").get("/meetings/").status_code == 403


def test_create_a_sheet_through_the_form(world: World) -> None:
    carol = client("carol")
    assert carol.get(f"/meetings/new/?committee={world.city.pk}").status_code == 200
    response = carol.post(f"/meetings/new/?committee={world.city.pk}", {
        "kind": "training", "title": "", "date": "2026-05-06", "place": "市政协"})
    assert "请填写会议名称" in response.content.decode()
    response = carol.post(f"/meetings/new/?committee={world.city.pk}", {
        "kind": "training", "title": "学习培训", "date": "2026-05-06", "place": "市政协"})
    sheet = AttendanceSheet.objects.get(title="学习培训")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{sheet.pk}/"
    assert client("leo").get(f"/meetings/new/?committee={world.city.pk}").status_code == 403


def test_the_sheet_page_invite_open_sign_in_close(world: World) -> None:
    carol = client("carol")
    from lvzhi.meetings.services import sheets

    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind=SheetKind.OTHER, title="视察",
                                date=timezone.localdate())
    url = f"/meetings/{sheet.pk}/"
    assert "还没有邀请参会人员" in carol.get(url).content.decode()
    carol.post(f"{url}do/invite/", {"scope": "all"})
    body = carol.get(url).content.decode()
    assert "艾丽" in body and "薄波" in body and "已邀请 2 人" in body
    carol.post(f"{url}do/open/", {"version": AttendanceSheet.objects.get(pk=sheet.pk).version})
    sheet.refresh_from_db()
    assert sheet.state == SheetState.OPEN
    assert sheet.code in carol.get(f"{url}code/").content.decode()
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    carol.post(f"{url}do/staff_sign_in/", {"line": line.pk})
    body = carol.get(url).content.decode()
    assert "已代艾丽签到" in body
    carol.post(f"{url}do/close/", {"version": AttendanceSheet.objects.get(pk=sheet.pk).version})
    assert Attendance.objects.get(sheet=sheet, person=world.people["bob"]).status == Status.ABSENT
    bob_line = Attendance.objects.get(sheet=sheet, person=world.people["bob"])
    body = carol.post(f"{url}do/correct/", {"line": bob_line.pk, "status": "excused", "reason": ""},
                      follow=True).content.decode()
    assert "请填写更正理由" in body
    carol.post(f"{url}do/correct/", {"line": bob_line.pk, "status": "excused", "reason": "电话请假",
                                     "version": bob_line.version})
    assert Attendance.objects.get(pk=bob_line.pk).status == Status.EXCUSED
    assert "电话请假" in carol.get(url).content.decode()


def test_actions_are_refused_to_others(world: World) -> None:
    sheet = make_sheet(world)
    assert client("leo").post(f"/meetings/{sheet.pk}/do/open/").status_code == 403
    assert client("olga").get(f"/meetings/{sheet.pk}/").status_code == 403
    assert client("leo").get(f"/meetings/{sheet.pk}/").status_code == 200
    assert client("leo").get(f"/meetings/{sheet.pk}/code/").status_code == 403
    # A member sees the sheet they are invited to, with only their own line.
    body = client("alice").get(f"/meetings/{sheet.pk}/").content.decode()
    assert "我的出席情况" in body and "出席名单" not in body


def test_word_and_excel_files_reopen(world: World) -> None:
    sheet = make_sheet(world, title="十五届常委会第三次会议", open_it=True)
    carol = client("carol")
    response = carol.get(f"/meetings/{sheet.pk}/sheet.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "十五届常委会第三次会议签到表" in text and "应到2人" in text
    names = [row.cells[1].text for row in document.tables[0].rows]
    assert names[0] == "姓名" and set(names[1:]) == {"艾丽", "薄波"}
    assert document.paragraphs[0].runs[0]._element.xpath("string(w:rPr/w:rFonts/@w:eastAsia)") == "方正小标宋简体"
    book = load_workbook(io.BytesIO(carol.get(f"/meetings/{sheet.pk}/roll.xlsx").content))
    rows = list(cast(Worksheet, book.active).iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "姓名", "出席情况") and {r[1] for r in rows[1:]} == {"艾丽", "薄波"}
    book = load_workbook(io.BytesIO(carol.get(f"/meetings/sheets.xlsx?committee={world.city.pk}").content))
    rows = list(cast(Worksheet, book.active).iter_rows(values_only=True))
    assert rows[1][1] == "十五届常委会第三次会议" and rows[1][5] == 2
    assert client("alice").get(f"/meetings/{sheet.pk}/sheet.docx").status_code == 403


def test_leave_queue(world: World) -> None:
    from lvzhi.meetings.services.attendance import leave_request

    sheet = make_sheet(world, title="主席会议")
    leave_request(actor=world.alice, attendance=Attendance.objects.get(sheet=sheet, person=world.people["alice"]),
                  reason="外出学习")
    carol = client("carol")
    body = carol.get("/meetings/leave/").content.decode()
    assert "外出学习" in body and "艾丽" in body
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    response = carol.post(f"/meetings/{sheet.pk}/do/decide_leave/", {"line": line.pk, "decision": "approve", "next": "/meetings/leave/"})
    assert response["Location"] == "/meetings/leave/"
    assert "没有待审批的请假申请" in carol.get("/meetings/leave/").content.decode()
    assert client("leo").get("/meetings/leave/").status_code == 403


def test_the_roll_filters_by_status_and_name(world: World) -> None:
    sheet = make_sheet(world, title="读书活动", open_it=True)
    from lvzhi.meetings.services.attendance import attendance_staff_sign_in

    attendance_staff_sign_in(actor=world.carol, attendance=Attendance.objects.get(sheet=sheet,
                                                                                  person=world.people["bob"]))
    carol = client("carol")
    body = carol.get(f"/meetings/{sheet.pk}/", {"status": "present"}).content.decode()
    roll = body[body.index('id="roll-section"'):]
    assert "薄波" in roll and "艾丽" not in roll
    partial = carol.get(f"/meetings/{sheet.pk}/", {"name": "艾"}, HTTP_HX_REQUEST="true",
                        HTTP_HX_TARGET="roll-section").content.decode()
    assert partial.lstrip().startswith('<section id="roll-section"') and "艾丽" in partial and "薄波" not in partial


def test_edit_a_sheet_and_a_stale_form(world: World) -> None:
    sheet = make_sheet(world, title="调研活动")
    carol = client("carol")
    assert carol.get(f"/meetings/{sheet.pk}/edit/").status_code == 200
    data = {"kind": "other", "title": "專題調研活動", "date": str(sheet.date), "place": "二道区",
            "version": sheet.version}
    assert carol.post(f"/meetings/{sheet.pk}/edit/", data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.place == "二道区" and "专题调研活动" in sheet.search_text
    body = carol.post(f"/meetings/{sheet.pk}/edit/", {**data, "place": "南关区"}).content.decode()
    assert "内容已被他人修改" in body
    assert client("leo").post(f"/meetings/{sheet.pk}/edit/", data).status_code == 403


def test_the_edit_form_is_for_meeting_staff_only(world: World) -> None:
    sheet = make_sheet(world, title="调研活动")
    for username in ("alice", "leo", "sam"):
        assert client(username).get(f"/meetings/{sheet.pk}/edit/").status_code == 403, username
    # A refused POST with a valid form changes nothing.
    data = {"kind": "other", "title": "改名", "date": str(sheet.date), "place": "二道区", "version": sheet.version}
    assert client("alice").post(f"/meetings/{sheet.pk}/edit/", data).status_code == 403
    sheet.refresh_from_db()
    assert sheet.title == "调研活动"
