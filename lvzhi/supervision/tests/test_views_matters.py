"""The matters list (search, filters, export) and a matter's page with the loop's actions."""
from __future__ import annotations

import io
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.supervision.models import MatterState
from lvzhi.supervision.services import matters
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group
from lvzhi.testing import World


def test_list_search_filters_and_export(client: Any, world: World) -> None:
    s = setup_group(world)
    m1 = new_matter(world, s, "涉企收费清单公开")
    matters.matter_issue_opinions(actor=world.carol, matter=m1, opinions=["公示"], issued_on=days_ago(40))
    matters.matter_create(actor=world.carol, group=s.group, department=s.market, title="食品安全抽检")
    client.force_login(world.carol)
    page = client.get("/supervision/matters/").content.decode()
    assert "共 2 项" in page and "逾期10天" in page
    # Traditional characters in the query find the Simplified text.
    page = client.get("/supervision/matters/", {"q": "收費"}).content.decode()
    assert "共 1 项" in page and "涉企收费清单公开" in page
    assert "共 1 项" in client.get("/supervision/matters/", {"overdue": "on"}).content.decode()
    page = client.get("/supervision/matters/", {"department": s.market.pk}).content.decode()
    assert "食品安全抽检" in page and "涉企收费" not in page
    assert "共 1 项" in client.get("/supervision/matters/", {"state": MatterState.FACT_FINDING}).content.decode()
    response = client.get("/supervision/matters/export.xlsx", {"q": "收费"})
    sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "监督事项" and rows[1][4] == "涉企收费清单公开" and rows[1][6] == 1
    assert rows[1][11] == "逾期10天" and len(rows) == 2


def test_members_see_their_groups_matters_only(client: Any, world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    client.force_login(world.alice)
    assert "涉企收费清单公开情况" in client.get("/supervision/matters/").content.decode()
    page = client.get(f"/supervision/matters/{m.pk}/").content.decode()
    assert "下一步" in page and "<details" not in page  # the loop, but no action forms for a member
    client.force_login(world.olga)
    assert client.get(f"/supervision/matters/{m.pk}/").status_code == 403
    assert "涉企收费" not in client.get("/supervision/matters/").content.decode()


def test_walking_the_loop_on_the_page(client: Any, world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    client.force_login(world.carol)
    url = f"/supervision/matters/{m.pk}/"
    page = client.get(url).content.decode()
    assert "摸清实际情况后提出监督意见" in page and "<summary>提出监督意见</summary>" in page
    assert '<li class="current">1. 摸清情况</li>' in page and '<li class="">4. 已核实</li>' in page
    response = client.post(f"{url}do/issue_opinions/", {"opinions": "公示收费清单\n设立投诉电话", "version": m.version},
                           follow=True)
    assert "已提出监督意见" in response.content.decode() and "监督意见（2 条" in response.content.decode()
    # The same form sent again (a double click): refused with the reason, nothing doubled.
    response = client.post(f"{url}do/issue_opinions/", {"opinions": "公示收费清单", "version": m.version}, follow=True)
    assert "不能执行“提出监督意见”" in response.content.decode()
    m.refresh_from_db()
    assert m.opinions.count() == 2
    m.refresh_from_db()
    page = client.post(f"{url}do/record_feedback/", {"feedback": "", "version": m.version}).content.decode()
    assert "该字段是必填项" in page
    client.post(f"{url}do/record_feedback/", {"feedback": "已公示", "version": m.version})
    m.refresh_from_db()
    client.post(f"{url}do/verify/", {"verification": "实地查看属实", "version": m.version})
    m.refresh_from_db()
    assert m.state == MatterState.VERIFIED
    page = client.get(url).content.decode()
    assert "已核实确认，事项办结" in page and '<li class="done">4. 已核实</li>' in page
    client.force_login(world.leo)
    assert client.post(f"{url}do/verify/", {"verification": "x", "version": m.version}).status_code == 403
