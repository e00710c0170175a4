"""Speeches screens and the figures page with its export."""
from __future__ import annotations

import io
from typing import cast

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.meetings.models import Speech
from lvzhi.meetings.testing import make_sheet
from lvzhi.testing import PASSWORD, World


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_record_list_search_export_and_remove_a_speech(world: World) -> None:
    carol = client("carol")
    url = f"/meetings/speeches/new/?committee={world.city.pk}"
    body = carol.post(url, {"kind": "plenary", "title": "发言", "date": "2026-01-09"}).content.decode()
    assert "请选择发言委员，或填写发言单位" in body
    response = carol.post(url, {"kind": "plenary", "title": "關於銀髮經濟", "date": "2026-01-09",
                                "speaker": world.people["alice"].pk})
    assert response.status_code == 302
    carol.post(url, {"kind": "written", "title": "城乡融合", "date": "2026-01-09", "organisation": "民盟长春市委"})
    body = carol.get("/meetings/speeches/", {"q": "银发"}).content.decode()
    assert "關於銀髮經濟" in body and "城乡融合" not in body
    book = load_workbook(io.BytesIO(carol.get(f"/meetings/speeches.xlsx?committee={world.city.pk}").content))
    rows = list(cast(Worksheet, book.active).iter_rows(values_only=True))
    assert {r[3] for r in rows[1:]} == {"艾丽", "民盟长春市委"}
    assert DutyRecord.objects.filter(kind=DutyKind.SPEECH_PLENARY, person=world.people["alice"]).exists()
    speech = Speech.objects.get(title="關於銀髮經濟")
    assert client("leo").post(f"/meetings/speeches/{speech.pk}/remove/").status_code == 403
    carol.post(f"/meetings/speeches/{speech.pk}/remove/")
    assert not DutyRecord.objects.filter(kind=DutyKind.SPEECH_PLENARY).exists()
    assert client("olga").get(f"/meetings/speeches/?committee={world.city.pk}").status_code == 403


def test_figures_page_and_export(world: World) -> None:
    from lvzhi.meetings.services import sheets

    sheet = make_sheet(world, title="培训", kind="training", open_it=True)
    sheets.sheet_close(actor=world.carol, sheet=sheet)
    leo = client("leo")
    body = leo.get("/meetings/figures/").content.decode()
    assert "召开会议（活动）" in body and "学习培训" in body and "0.0%" in body
    year = timezone.localdate().year
    book = load_workbook(io.BytesIO(leo.get(f"/meetings/figures.xlsx?year={year}&subtree=1").content))
    values = {r[0]: r[1] for r in cast(Worksheet, book.active).iter_rows(values_only=True)}
    assert values["召开会议（活动）"] == 1 and values["缺席人次"] == 2 and values["学习培训（次）"] == 1
    assert client("alice").get("/meetings/figures/").status_code == 403
