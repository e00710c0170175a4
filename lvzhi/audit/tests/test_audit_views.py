"""The audit trail screens: only the audit administrator reads and exports, filters work, refusals are recorded."""
from __future__ import annotations

import csv
import datetime
import io
from typing import cast

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.audit_selectors import CappedPaginator, action_label
from lvzhi.audit.models import AuditEvent
from lvzhi.members.services import person_update
from lvzhi.testing import PASSWORD, World


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _results(client: Client, params: dict[str, str] | None = None) -> str:
    """The results table only (what htmx swaps in), so filter options do not count as hits."""
    response = client.get("/audit/list/", params or {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def _failed_login(username: str, ip: str) -> None:
    Client(REMOTE_ADDR=ip).post("/accounts/login/", {"username": username, "password": "wrong"})


def test_auditor_sees_login_failures_and_denied_access_with_ip(world: World) -> None:
    _failed_login("carol", "10.8.1.23")
    olga = Client(REMOTE_ADDR="10.8.9.77")
    olga.login(username="olga", password=PASSWORD)
    assert olga.get("/audit/list/").status_code == 403
    page = _results(_client("auditor"))
    assert "登录失败" in page and "10.8.1.23" in page and "carol" in page
    assert "越权访问被拒绝" in page and "10.8.9.77" in page and "olga" in page


def test_filters_by_action_outcome_actor_ip_and_text(world: World) -> None:
    _failed_login("carol", "10.8.1.23")
    _failed_login("bob", "192.168.5.6")
    client = _client("auditor")
    page = _results(client, {"action": "login.failure"})
    assert "192.168.5.6" in page and "10.8.1.23" in page and "新建账号" not in page
    page = _results(client, {"action": "login.failure", "actor": "bob"})
    assert "192.168.5.6" in page and "10.8.1.23" not in page
    page = _results(client, {"ip": "10.8."})
    assert "10.8.1.23" in page and "192.168.5.6" not in page
    page = _results(client, {"ip": "192.168.5.6"})
    assert "192.168.5.6" in page and "10.8.1.23" not in page
    page = _results(client, {"outcome": "failure"})
    assert "登录失败" in page and "新增委员" not in page
    page = _results(client, {"object_type": "members.person", "q": "艾丽"})
    assert "新增人员" in page and "登录失败" not in page and "共 1 条" in page


def test_date_range_uses_shanghai_days(world: World) -> None:
    client = _client("auditor")
    today = timezone.localdate()
    page = _results(client, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert "新增委员" in page
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    page = _results(client, {"date_from": yesterday, "date_to": yesterday})
    assert "没有符合条件的记录" in page
    page = _results(client, {"date_from": today.isoformat(), "date_to": yesterday})
    assert "结束日期不能早于开始日期" in page


def test_change_shows_before_and_after_field_by_field(world: World) -> None:
    person_update(actor=world.carol, person=world.people["alice"], committee=world.city, phone="13700001111")
    page = _results(_client("auditor"), {"action": "person.update"})
    assert "修改人员信息" in page and "手机号" in page
    # Masked: the auditor sees that the number changed, not the number.
    assert page.index("138****5678") < page.index("137****1111")
    assert "13812345678" not in page and "13700001111" not in page


def test_htmx_request_gets_only_the_results(world: World) -> None:
    response = _client("auditor").get("/audit/list/", {"action": "login.success"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="audit-results">') and "<html" not in body


def test_unknown_actions_are_shown_raw_and_config_actions_in_chinese() -> None:
    assert action_label("login.failure") == "登录失败"
    assert action_label("proposal.file") == "提案：立案"
    assert action_label("weather.report") == "weather.report"
    assert action_label("config.sectors.create") == "新增界别"


def test_pages_newest_first_with_a_capped_count(world: World) -> None:
    qs = AuditEvent.objects.order_by("-at", "-id")
    total = qs.count()
    paginator = CappedPaginator(qs, 5, cap=10)
    assert total > 10 and paginator.count == 11 and paginator.capped and paginator.num_pages == 2
    first = paginator.page(1).object_list[0]
    assert first.pk == qs.first().pk  # type: ignore[union-attr]
    assert CappedPaginator(qs, 50, cap=10_000).count == total


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "carol", "leo"])
@pytest.mark.parametrize("url", ["/audit/list/", "/audit/export.xlsx", "/audit/export.csv"])
def test_others_are_refused_and_the_refusal_is_recorded(world: World, username: str, url: str) -> None:
    before = AuditEvent.objects.filter(action="access.denied", actor_name=username).count()
    response = _client(username).get(url)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor_name=username, outcome="denied").count() == before + 1


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = Client().get("/audit/list/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_way_to_change_events(world: World) -> None:
    client = _client("auditor")
    count = AuditEvent.objects.count()
    assert client.post("/audit/list/", {"action": "x"}).status_code == 405
    assert client.post("/audit/export.xlsx").status_code == 405
    assert AuditEvent.objects.count() == count


def test_export_opens_in_excel_with_the_filtered_events_and_is_audited(world: World) -> None:
    _failed_login("=HYPERLINK(\"http://x\")", "10.8.1.23")
    _failed_login("bob", "10.8.1.24")
    response = _client("auditor").get("/audit/export.xlsx", {"action": "login.failure"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "账号", "来源地址", "操作")
    body = rows[1:]
    assert len(body) == 2
    assert {r[3] for r in body} == {"登录失败"}
    assert {r[2] for r in body} == {"10.8.1.23", "10.8.1.24"}
    assert isinstance(body[0][0], datetime.datetime)
    # Newest first; and a name typed at the login form stays text, never a formula.
    assert body[0][1] == "bob" and body[1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=3, column=2).data_type == "s"
    event = AuditEvent.objects.filter(action="audit.export").get()
    assert event.actor_name == "auditor" and "导出 2 条" in event.detail and "login.failure" in event.detail


def test_viewing_the_list_is_not_itself_audited(world: World) -> None:
    client = _client("auditor")
    count = AuditEvent.objects.count()
    client.get("/audit/list/")
    client.get("/audit/list/", {"page": 2})
    assert AuditEvent.objects.count() == count


def test_csv_export_is_excel_friendly_safe_and_audited(world: World) -> None:
    _failed_login("=cmd|' /C calc'!A0", "10.8.1.23")
    response = _client("auditor").get("/audit/export.csv", {"action": "login.failure"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff时间,账号,来源地址,操作")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2 and rows[1][1] == "'=cmd|' /C calc'!A0" and rows[1][2] == "10.8.1.23"
    assert rows[1][3] == "登录失败"
    event = AuditEvent.objects.filter(action="audit.export").get()
    assert "导出 CSV 1 条" in event.detail and event.ip == "127.0.0.1"


def test_refusal_shows_the_missing_capability_in_chinese(world: World, client: Client) -> None:
    denied = Client()
    denied.force_login(world.olga)
    assert denied.get(f"/members/{world.memberships['alice'].pk}/").status_code == 403
    client.force_login(world.auditor)
    page = client.get("/audit/list/?action=access.denied").content.decode()
    assert "缺少权限：查看委员名册（member.view）" in page
