"""Signing in by the QR code on the projector: what the code encodes, the prefilled page, stale and foreign codes."""
from __future__ import annotations

import datetime
import re
from typing import Any

import segno
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from lvzhi.audit.models import AuditEvent
from lvzhi.meetings import qr
from lvzhi.meetings.models import Attendance, SignInMethod, Status
from lvzhi.meetings.services import attendance as attendance_services
from lvzhi.meetings.services import sheets
from lvzhi.meetings.testing import add_member_elsewhere, make_sheet, matrix_dark_modules, svg_dark_modules
from lvzhi.testing import PASSWORD, World

STALE = "签到码不正确或已失效，请核对会场公布的签到码。"


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def _svg(body: str) -> str:
    match = re.search(r"<svg\b.*?</svg>", body, re.S)
    assert match is not None, "no inline SVG on the page"
    return match.group(0)


def _url(code: str) -> str:
    return f"http://testserver/meetings/sign-in/?code={code}"


def test_reading_the_svg_back_gives_the_matrix() -> None:
    code = qr.sign_in_qr(_url("123456"))
    dark = svg_dark_modules(str(qr.qr_svg(code)))
    assert dark == matrix_dark_modules(code.matrix) and len(dark) > 200
    assert dark != matrix_dark_modules(qr.sign_in_qr(_url("123457")).matrix)


def test_the_projector_shows_a_qr_code_of_the_prefilled_sign_in_page(world: World) -> None:
    sheet = make_sheet(world, title="委员读书会", open_it=True)
    body = client("carol").get(f"/meetings/{sheet.pk}/code/").content.decode()
    expected = _url(sheet.code)
    assert expected in body and sheet.code in body
    shown = svg_dark_modules(_svg(body))
    # The same symbol segno makes for the expected URL (built here, not by the view's helper) ...
    assert shown == matrix_dark_modules(segno.make_qr(expected, error="m").matrix)
    # ... and not the symbol of any other code.
    other = "000000" if sheet.code != "000000" else "111111"
    assert shown != matrix_dark_modules(segno.make_qr(_url(other), error="m").matrix)
    assert "cdn" not in body.lower() and "<script" not in body


def test_the_view_passes_the_sign_in_url_to_the_helper(world: World, monkeypatch: Any) -> None:
    sheet = make_sheet(world, open_it=True)
    asked: list[str] = []

    def spy(url: str) -> segno.QRCode:
        asked.append(url)
        return segno.make_qr(url)

    monkeypatch.setattr(qr, "sign_in_qr", spy)
    client("carol").get(f"/meetings/{sheet.pk}/code/")
    assert asked == [_url(sheet.code)]


def test_behind_https_the_code_says_https(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    # As the proxy of docs/deployment.md passes it on: the Host the phone used, and X-Forwarded-Proto.
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        body = client("carol").get(f"/meetings/{sheet.pk}/code/", HTTP_HOST="testserver",
                                   HTTP_X_FORWARDED_PROTO="https").content.decode()
    expected = f"https://testserver/meetings/sign-in/?code={sheet.code}"
    assert expected in body
    assert svg_dark_modules(_svg(body)) == matrix_dark_modules(segno.make_qr(expected, error="m").matrix)


def test_a_new_code_changes_the_qr_code_and_closing_removes_it(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    carol = client("carol")
    before = svg_dark_modules(_svg(carol.get(f"/meetings/{sheet.pk}/code/").content.decode()))
    old = sheet.code
    response = carol.post(f"/meetings/{sheet.pk}/do/new_code/", follow=True)
    assert "请刷新投屏页面" in response.content.decode()
    sheet.refresh_from_db()
    body = carol.get(f"/meetings/{sheet.pk}/code/").content.decode()
    after = svg_dark_modules(_svg(body))
    assert after != before and after == matrix_dark_modules(qr.sign_in_qr(_url(sheet.code)).matrix)
    assert _url(sheet.code) in body and _url(old) not in body
    sheets.sheet_close(actor=world.carol, sheet=sheet)
    body = carol.get(f"/meetings/{sheet.pk}/code/").content.decode()
    assert "签到已结束" in body and "<svg" not in body and "sign-in/?code=" not in body


def test_a_sheet_open_on_another_day_shows_no_qr_code(world: World) -> None:
    sheet = make_sheet(world, date=timezone.localdate() - datetime.timedelta(days=1), open_it=True)
    body = client("carol").get(f"/meetings/{sheet.pk}/code/").content.decode()
    assert "今天不能签到" in body and "<svg" not in body and sheet.code not in body


def test_scanning_opens_the_page_with_the_meeting_and_one_button(world: World) -> None:
    sheet = make_sheet(world, title="委员读书会", place="市政协二楼会议室", open_it=True)
    alice = client("alice")
    body = alice.get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "委员读书会" in body and "市政协二楼会议室" in body and "确认签到" in body
    assert f'name="code" value="{sheet.code}"' in body
    line = Attendance.objects.get(sheet=sheet, person=world.people["alice"])
    assert line.status == Status.INVITED  # opening the page signs nobody in
    body = alice.post("/meetings/sign-in/", {"code": sheet.code, "scanned": "1"}).content.decode()
    assert "签到成功" in body
    line.refresh_from_db()
    assert line.status == Status.PRESENT and line.sign_in_method == SignInMethod.CODE
    body = alice.get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "您已签到" in body and "确认签到" not in body


def test_scanning_before_logging_in_comes_back_to_the_prefilled_page(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    phone = Client()
    response = phone.get("/meetings/sign-in/", {"code": sheet.code})
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/accounts/login/")
    response = phone.get(login)
    next_url = f"/meetings/sign-in/?code={sheet.code}"
    assert f'name="next" value="{next_url}"' in response.content.decode()
    response = phone.post(login, {"username": "alice", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    assert "确认签到" in phone.get(next_url).content.decode()


def test_a_stale_code_from_an_old_qr_code_is_refused_audited_and_counted(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    old = sheet.code
    sheets.sheet_new_code(actor=world.carol, sheet=sheet)
    alice = client("alice")
    body = alice.get("/meetings/sign-in/", {"code": old}).content.decode()
    assert STALE in body and "确认签到" not in body
    assert AuditEvent.objects.filter(action="meetings.sign_in", outcome="failure", actor=world.alice,
                                     detail="签到码不正确（扫码）").count() == 1
    # The page stayed open on the phone with the old code, and the button was tapped after the change.
    body = alice.post("/meetings/sign-in/", {"code": old, "scanned": "1"}).content.decode()
    assert STALE in body
    assert Attendance.objects.get(sheet=sheet, person=world.people["alice"]).status == Status.INVITED
    assert cache.get(attendance_services._attempts_key(world.alice)) == 2


def test_codes_in_the_url_count_towards_the_attempt_limit(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    wrong = "000000" if sheet.code != "000000" else "111111"
    alice = client("alice")
    for _ in range(attendance_services.CODE_ATTEMPTS):
        assert STALE in alice.get("/meetings/sign-in/", {"code": wrong}).content.decode()
    body = alice.get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "输错次数过多" in body and "确认签到" not in body


def test_an_expired_code_by_url_is_refused(world: World) -> None:
    sheet = make_sheet(world, date=timezone.localdate() - datetime.timedelta(days=1), open_it=True)
    body = client("alice").get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert "签到码已失效：只能在会议当天签到。" in body
    assert AuditEvent.objects.filter(action="meetings.sign_in", outcome="failure",
                                     detail="签到码已过期（非会议当天）（扫码）").exists()


def test_a_member_of_another_committee_is_refused(world: World) -> None:
    sheet = make_sheet(world, open_it=True)
    add_member_elsewhere(world)
    dora = client("dora")
    body = dora.get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert STALE in body and "确认签到" not in body and sheet.title not in body
    body = dora.post("/meetings/sign-in/", {"code": sheet.code, "scanned": "1"}).content.decode()
    assert STALE in body
    assert not Attendance.objects.filter(sheet=sheet, person=world.people["dora"]).exists()
    assert AuditEvent.objects.filter(action="meetings.sign_in", outcome="failure", actor=world.dora).count() == 2
    # Staff scanning with their own phone are told the page is for members.
    assert client("carol").get("/meetings/sign-in/", {"code": sheet.code}).status_code == 403


def test_garbage_in_the_url_is_told_plainly(world: World) -> None:
    make_sheet(world, open_it=True)
    body = client("alice").get("/meetings/sign-in/", {"code": "12ab<script>"}).content.decode()
    assert "请输入会场公布的 6 位数字签到码。" in body and "<script>" not in body
    body = client("alice").get("/meetings/sign-in/", {"code": ""}).content.decode()
    assert "请输入会场公布的 6 位签到码" in body and 'class="errorlist' not in body


def test_a_member_left_off_the_invitation_list_is_told_so_and_whom_to_ask(world: World) -> None:
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind="other", title="专题读书会",
                                date=timezone.localdate())
    sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="people", people=[world.people["bob"]])
    sheets.sheet_open(actor=world.carol, sheet=sheet)
    sheet.refresh_from_db()
    alice = client("alice")
    body = alice.get("/meetings/sign-in/", {"code": sheet.code}).content.decode()
    assert STALE not in body and "确认签到" not in body
    assert "您不在“专题读书会”的邀请名单中" in body
    assert "请联系长春市政协会议组织人蔡珂" in body and "代为签到" in body
    body = alice.post("/meetings/sign-in/", {"code": sheet.code, "scanned": "1"}).content.decode()
    assert "您不在“专题读书会”的邀请名单中" in body
    assert not Attendance.objects.filter(sheet=sheet, person=world.people["alice"]).exists()
    assert AuditEvent.objects.filter(action="meetings.sign_in", outcome="failure", actor=world.alice,
                                     detail="不在邀请名单中（扫码）").count() == 2
    assert cache.get(attendance_services._attempts_key(world.alice)) == 2
