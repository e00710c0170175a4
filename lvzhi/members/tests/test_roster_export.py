"""The Excel export of the roster: the right rows, the right columns, masking by role, audited."""
from __future__ import annotations

import io
from typing import Any, cast
from urllib.parse import quote

from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.members.views import EXPORT_HEADERS
from lvzhi.testing import World


def _export(client: Client, user: Any, query: str = "") -> list[tuple[Any, ...]]:
    client.force_login(user)
    response = client.get(f"/members/export.xlsx{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    assert sheet.freeze_panes == "A2"
    return list(sheet.values)


def _by_name(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, Any]]:
    headers = list(rows[0])
    return {r[1]: dict(zip(headers, r, strict=True)) for r in rows[1:]}


def test_office_staff_exports_unmasked(world: World, client: Client) -> None:
    rows = _export(client, world.carol)
    assert list(rows[0]) == EXPORT_HEADERS
    assert len(rows) == 3
    alice = _by_name(rows)["艾丽"]
    assert alice["手机号"] == "13812345678"
    assert alice["身份证号"] == "220102198001011234"
    assert alice["界别"] == "经济界" and alice["党派"] == "民盟" and alice["性别"] == "女"
    assert [r[0] for r in rows[1:]] == [1, 2]


def test_export_masks_private_columns_without_private_right(world: World, client: Client) -> None:
    rows = _export(client, world.sam)
    alice = _by_name(rows)["艾丽"]
    assert alice["手机号"] == "138****5678"
    assert alice["身份证号"] == "2201**********1234"
    assert not any("13812345678" in str(v) for r in rows for v in r)


def test_export_masks_birth_date(world: World, client: Client) -> None:
    import datetime

    world.people["bob"].birth_date = datetime.date(1975, 5, 5)
    world.people["bob"].save(update_fields=["birth_date"])
    assert _by_name(_export(client, world.sam))["薄波"]["出生日期"] == "****-**-**"
    assert _by_name(_export(client, world.carol))["薄波"]["出生日期"] == datetime.datetime(1975, 5, 5)


def test_export_keeps_filters(world: World, client: Client) -> None:
    rows = _export(client, world.carol, f"?committee={world.city.pk}&sector={world.sectors['经济界'].pk}")
    assert len(rows) == 2 and rows[1][1] == "艾丽"
    rows = _export(client, world.carol, "?q=bb")
    assert [r[1] for r in rows[1:]] == ["薄波"]


def test_export_has_chinese_filename(world: World, client: Client) -> None:
    client.force_login(world.carol)
    disposition = client.get("/members/export.xlsx")["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('长春市政协委员名册-')}" in disposition


def test_export_is_audited(world: World, client: Client) -> None:
    _export(client, world.carol)
    event = AuditEvent.objects.get(action="member.export")
    assert event.actor_name == "carol" and event.committee_id == world.city.pk and event.outcome == "success"
    assert event.detail.startswith("导出 2 条")
    _export(client, world.sam)
    assert AuditEvent.objects.get(action="member.export", actor_name="sam").detail == "导出 2 条"


def test_member_cannot_export(world: World, client: Client) -> None:
    client.force_login(world.alice)
    assert client.get("/members/export.xlsx").status_code == 403
    assert AuditEvent.objects.filter(actor_name="alice", outcome="denied", detail="member.export").exists()
    assert not AuditEvent.objects.filter(action="member.export").exists()


def test_outsider_cannot_export_city_and_refusal_is_audited(world: World, client: Client) -> None:
    client.force_login(world.olga)
    response = client.get(f"/members/export.xlsx?committee={world.city.pk}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk).exists()


def test_administrators_cannot_export(world: World, client: Client) -> None:
    for user in (world.auditor, world.sysadmin):
        client.force_login(user)
        assert client.get("/members/export.xlsx").status_code == 403
        assert client.get(f"/members/export.xlsx?committee={world.city.pk}").status_code == 403
