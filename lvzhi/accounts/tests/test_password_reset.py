"""Resetting a business account's password takes two administrators, is audited and forces a change (三员分立)."""
from __future__ import annotations

import io
from typing import cast

from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.models import PasswordResetRequest, ResetState
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World


def _request(world: World) -> PasswordResetRequest:
    c = Client()
    c.force_login(world.sysadmin)
    c.post(f"/manage/users/{world.alice.pk}/password/", {"reason": "委员本人来电称遗忘密码，已核实"})
    return PasswordResetRequest.objects.get(user=world.alice)


def test_request_approve_issue_then_the_member_must_change_it(world: World) -> None:
    reset = _request(world)
    sys = Client()
    sys.force_login(world.sysadmin)
    # Not yet approved: nothing to issue.
    page = sys.post(f"/manage/password-resets/{reset.pk}/issue/", follow=True).content.decode()
    assert "须经安全管理员批准后才能签发" in page
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)

    sec = Client()
    sec.force_login(world.secadmin)
    queue = sec.get("/manage/password-resets/").content.decode()
    assert "alice" in queue and "委员本人来电称遗忘密码" in queue
    page = sec.post(f"/manage/password-resets/{reset.pk}/decide/", {"decision": "approve", "remarks": "同意"},
                    follow=True).content.decode()
    assert "已批准重置“alice”密码的申请" in page

    page = sys.get(f"/manage/users/{world.alice.pk}/password/").content.decode()
    assert "签发一次性密码" in page
    response = sys.post(f"/manage/password-resets/{reset.pk}/issue/")
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "以下一次性密码只显示这一次" in page
    reset.refresh_from_db()
    assert reset.state == ResetState.ISSUED
    world.alice.refresh_from_db()
    assert world.alice.must_change_password and not world.alice.check_password(PASSWORD)
    password = response.context["batch"].created[0].password
    assert password in page and world.alice.check_password(password)
    # The Excel list of the reset holds the one-time password too.
    xlsx = sys.post("/manage/users/issued.xlsx", {"token": response.context["token"]})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(xlsx.content)).active).values)
    assert rows[1][4:6] == ("alice", password)
    # Issued once only.
    again = sys.post(f"/manage/password-resets/{reset.pk}/issue/", follow=True).content.decode()
    assert "已签发一次性密码，须经安全管理员批准后才能签发" in again
    actions = list(AuditEvent.objects.filter(object_id=str(world.alice.pk), action__startswith="account.password")
                   .order_by("pk").values_list("action", "actor_name"))
    assert actions == [("account.password_reset_request", "sysadmin"), ("account.password_reset_approve", "secadmin"),
                       ("account.password_reset", "sysadmin")]
    assert password not in str(list(AuditEvent.objects.values_list("before", "after", "detail")))

    # The member signs in with it and is sent to change it before anything else.
    member = Client()
    assert member.post("/accounts/login/", {"username": "alice", "password": password}).status_code == 302
    assert member.get("/proposals/")["Location"] == "/accounts/password/"


def test_rejected_request_changes_nothing(world: World) -> None:
    reset = _request(world)
    sec = Client()
    sec.force_login(world.secadmin)
    sec.post(f"/manage/password-resets/{reset.pk}/decide/", {"decision": "reject", "remarks": "未核实身份"})
    reset.refresh_from_db()
    assert reset.state == ResetState.REJECTED and reset.remarks == "未核实身份"
    sys = Client()
    sys.force_login(world.sysadmin)
    page = sys.post(f"/manage/password-resets/{reset.pk}/issue/", follow=True).content.decode()
    assert "该申请已驳回" in page
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="account.password_reset_reject", actor_name="secadmin").exists()


def test_neither_administrator_can_do_both_halves(world: World) -> None:
    reset = _request(world)
    sys = Client()
    sys.force_login(world.sysadmin)
    assert sys.post(f"/manage/password-resets/{reset.pk}/decide/", {"decision": "approve"}).status_code == 403
    sec = Client()
    sec.force_login(world.secadmin)
    assert sec.post(f"/manage/users/{world.alice.pk}/password/", {"reason": "x"}).status_code == 403
    sec.post(f"/manage/password-resets/{reset.pk}/decide/", {"decision": "approve"})
    assert sec.post(f"/manage/password-resets/{reset.pk}/issue/").status_code == 403
    # Staff, members and the auditor reach none of it.
    for user in (world.carol, world.alice, world.auditor):
        c = Client()
        c.force_login(user)
        assert c.get("/manage/password-resets/").status_code == 403
        assert c.post(f"/manage/password-resets/{reset.pk}/issue/").status_code == 403


def test_one_open_request_per_account(world: World) -> None:
    _request(world)
    sys = Client()
    sys.force_login(world.sysadmin)
    page = sys.post(f"/manage/users/{world.alice.pk}/password/", {"reason": "再次申请"}).content.decode()
    assert "该账号已有未完成的重置申请" in page
    assert PasswordResetRequest.objects.filter(user=world.alice).count() == 1
