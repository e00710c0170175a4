"""The list: who sees what, search (Traditional input too), filters, paging, the Excel export."""
from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

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
    page = client.get("/opinions/", {"committee": world.city.pk, "q": "加裝電梯"}).content.decode()
    assert "加装电梯" in page and "农村客运" not in page
    page = client.get("/opinions/", {"committee": world.city.pk, "q": "薄波"}).content.decode()
    assert "农村客运" in page and "加装电梯" not in page
    page = client.get("/opinions/", {"committee": world.city.pk, "urgent": "yes"}).content.decode()
    assert "加装电梯" in page and "农村客运" not in page
    page = client.get("/opinions/", {"committee": world.city.pk, "state": "published"}).content.decode()
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
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["序号", "标题", "报送方式"]
    assert sheet["B2"].value == "关于老旧小区加装电梯的建议" and sheet["D2"].value == "艾丽"
    assert _client(world.alice).get("/opinions/export/", {"committee": world.city.pk}).status_code == 403
