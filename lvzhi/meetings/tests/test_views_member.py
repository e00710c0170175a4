"""The member's screens: 我的会议, signing in on a phone with the code, asking for leave."""
from __future__ import annotations

from django.test import Client

from lvzhi.meetings.models import Attendance, LeaveState, Status
from lvzhi.meetings.testing import make_sheet
from lvzhi.testing import PASSWORD, World


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_my_meetings_lists_invitations_with_buttons(world: World) -> None:
    make_sheet(world, title="委员读书会", open_it=True)
    body = client("alice").get("/meetings/mine/").content.decode()
    assert "委员读书会" in body and "签到" in body and "请假" in body
    assert client("carol").get("/meetings/mine/").status_code == 403


def test_sign_in_with_the_code_on_a_phone(world: World) -> None:
    sheet = make_sheet(world, title="委员读书会", open_it=True)
    alice = client("alice")
    wrong = "000000" if sheet.code != "000000" else "111111"
    body = alice.post("/meetings/sign-in/", {"code": wrong}).content.decode()
    assert "签到码不正确或已失效" in body
    body = alice.post("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "签到成功" in body and "委员读书会" in body
    body = alice.post("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "您已签到" in body
    assert Attendance.objects.get(sheet=sheet, person=world.people["alice"]).status == Status.PRESENT


def test_ask_for_leave(world: World) -> None:
    sheet = make_sheet(world, title="常委会议")
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    alice = client("alice")
    body = alice.post(f"/meetings/mine/{line.pk}/leave/", {"reason": ""}).content.decode()
    assert "请填写请假事由" in body
    response = alice.post(f"/meetings/mine/{line.pk}/leave/", {"reason": "赴外地出差"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.leave_state == LeaveState.REQUESTED and line.leave_reason == "赴外地出差"
    bob_line = Attendance.objects.get(sheet=sheet, person=world.people["bob"])
    assert alice.post(f"/meetings/mine/{bob_line.pk}/leave/", {"reason": "代请"}).status_code == 403
