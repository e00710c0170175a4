"""The list: who sees what, search (Traditional input too), filters, paging, the Excel export."""
from __future__ import annotations

import io
from typing import Any, cast

from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.opinions.models import SubmitterKind
from lvzhi.opinions.services.reports import opinion_create
from lvzhi.opinions.tests.support import BODY, submitted
from lvzhi.testing import World


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_member_sees_own_reports_only(world: World) -> None:
    submitted(world, title="关于老旧小区加装电梯的建议")
    submitted(world, who="bob", title="关于农村客运班线的建议")
    page = _client(world.alice).get("/opinions/").content.decode()
    assert "我的社情民意" in page and "加装电梯" in page and "农村客运" not in page


def test_staff_and_leader_see_the_committee_but_not_drafts(world: World) -> None:
    submitted(world, title="关于老旧小区加装电梯的建议")
    opinion_create(actor=world.bob, committee=world.city, title="尚未报送的草稿", body=BODY,
                   submitter_kind=SubmitterKind.MEMBER)
    for who in ("rita", "carol", "leo"):
        page = _client(world.users[who]).get(f"/opinions/?committee={world.city.pk}").content.decode()
        assert "加装电梯" in page and "尚未报送的草稿" not in page


def test_outsider_refused(world: World) -> None:
    submitted(world)
    assert _client(world.olga).get(f"/opinions/?committee={world.city.pk}").status_code == 403
    assert _client(world.uma).get("/opinions/").status_code == 403


def test_search_in_traditional_and_filters(world: World) -> None:
    submitted(world, title="关于老旧小区加装电梯的建议", urgent=True)
    submitted(world, who="bob", title="关于农村客运班线的建议")
    client = _client(world.rita)
    page = client.get("/opinions/", {"committee": str(world.city.pk), "q": "加裝電梯"}).content.decode()
    assert "加装电梯" in page and "农村客运" not in page
    page = client.get("/opinions/", {"committee": str(world.city.pk), "q": "薄波"}).content.decode()
    assert "农村客运" in page and "加装电梯" not in page
    page = client.get("/opinions/", {"committee": str(world.city.pk), "urgent": "yes"}).content.decode()
    assert "加装电梯" in page and "农村客运" not in page
    page = client.get("/opinions/", {"committee": str(world.city.pk), "state": "published"}).content.decode()
    assert "没有符合条件的信息" in page


def test_paging(world: World) -> None:
    for i in range(31):
        submitted(world, title=f"第{i + 1}条建议")
    page = _client(world.rita).get("/opinions/", {"committee": world.city.pk}).content.decode()
    assert "共 31 条" in page and "第 1 / 2 页" in page


def test_export_reopens(world: World) -> None:
    submitted(world, title="关于老旧小区加装电梯的建议")
    response = _client(world.rita).get("/opinions/export/", {"committee": world.city.pk})
    assert response.status_code == 200
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    assert [c.value for c in sheet[1]][:3] == ["序号", "标题", "报送方式"]
    assert sheet["B2"].value == "关于老旧小区加装电梯的建议" and sheet["D2"].value == "艾丽"
    assert _client(world.alice).get("/opinions/export/", {"committee": world.city.pk}).status_code == 403


def test_outcome_filter_and_the_export_of_exactly_what_is_shown(world: World) -> None:
    from lvzhi.opinions.services.followup import opinion_adopt, opinion_instruct, opinion_send
    from lvzhi.opinions.tests.support import accepted

    adopted = accepted(world, title="关于老旧小区加装电梯的建议")
    opinion_adopt(actor=world.rita, report=adopted, level="province", adopted_by="省政协办公厅")
    instructed = accepted(world, who="bob", title="关于农村客运班线的建议")
    opinion_instruct(actor=world.rita, report=instructed, level="city", leader="张市长", text="请交通局研究办理")
    sent = accepted(world, title="关于社区养老服务的建议")
    opinion_send(actor=world.rita, report=sent, target_kind="government", target_name="市政府办公室")
    submitted(world, title="关于城市停车难的建议")
    client = _client(world.rita)

    def shown(**filters: Any) -> list[str]:
        page = client.get("/opinions/", {"committee": world.city.pk, **filters}).content.decode()
        return [t for t in ("加装电梯", "农村客运", "社区养老", "停车难") if t in page]

    assert shown() == ["加装电梯", "农村客运", "社区养老", "停车难"]
    assert shown(outcome="adopted") == ["加装电梯"]
    assert shown(outcome="instructed") == ["农村客运"]
    assert shown(outcome="sent") == ["社区养老"]
    assert shown(outcome="adopted", kind="member", q="電梯") == ["加装电梯"]
    assert shown(outcome="adopted", q="客運") == []

    response = client.get("/opinions/export/", {"committee": str(world.city.pk), "state": "editing", "q": "建議"})
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    assert sorted(str(sheet.cell(row=r, column=2).value) for r in range(2, sheet.max_row + 1)) == [
        "关于农村客运班线的建议", "关于社区养老服务的建议", "关于老旧小区加装电梯的建议"]
    response = client.get("/opinions/export/", {"committee": str(world.city.pk), "outcome": "adopted"})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "关于老旧小区加装电梯的建议" and rows[0][8] == "省政协办公厅（省级）"
    assert _client(world.olga).get("/opinions/export/", {"committee": world.city.pk}).status_code == 403

    from lvzhi.api.tests.helpers import api_client

    found = api_client("rita").get("/api/opinions/", {"committee": str(world.city.pk), "outcome": "instructed"}).json()
    assert [r["title"] for r in found["results"]] == ["关于农村客运班线的建议"]


def test_member_exports_own_list(world: World) -> None:
    submitted(world, title="关于老旧小区加装电梯的建议")
    submitted(world, title="关于城市停车难的建议")
    submitted(world, who="bob", title="关于农村客运班线的建议")
    client = _client(world.alice)
    page = client.get("/opinions/").content.decode()
    assert 'href="/opinions/export/?mine=1"' in page
    response = client.get("/opinions/export/", {"mine": "1", "q": "電梯"})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["关于老旧小区加装电梯的建议"]
    response = client.get("/opinions/export/", {"mine": "1"})
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(min_row=2, values_only=True))
    assert sorted(str(r[1]) for r in rows) == ["关于城市停车难的建议", "关于老旧小区加装电梯的建议"]
    assert _client(world.uma).get("/opinions/export/", {"mine": "1"}).status_code == 403
