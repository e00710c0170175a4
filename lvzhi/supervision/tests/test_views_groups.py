"""The year's page, sending a group through the form, the group page and its Word report."""
from __future__ import annotations

import io
from typing import Any, cast

from django.utils import timezone
from docx import Document

from lvzhi.audit.models import AuditEvent
from lvzhi.supervision.models import PlanState, SupervisionGroup, SupervisionPlan
from lvzhi.supervision.services import matters
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group, unit
from lvzhi.testing import World


def test_staff_create_and_approve_the_plan(client: Any, world: World) -> None:
    client.force_login(world.carol)
    year = timezone.localdate().year
    page = client.get("/supervision/").content.decode()
    assert "本年度" not in page and "建立年度计划" in page
    client.post(f"/supervision/plans/new/?committee={world.city.pk}", {"year": year, "title": "年度民主监督计划"})
    plan = SupervisionPlan.objects.get(committee=world.city, year=year)
    response = client.post(f"/supervision/plans/{plan.pk}/approve/", {"version": plan.version}, follow=True)
    assert "年度计划已审定" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED


def test_sending_a_group_through_the_form(client: Any, world: World) -> None:
    tax = unit(world, "长春市税务局")
    client.force_login(world.carol)
    form = client.get(f"/supervision/groups/new/?committee={world.city.pk}").content.decode()
    assert "艾丽" in form and "长春市税务局" in form
    data = {"name": "第一民主监督组", "topic": "营商环境", "sent_on": days_ago(1).isoformat(),
            "leader": world.people["alice"].pk, "members": [world.people["bob"].pk], "departments": [tax.pk],
            "methods": ["research", "forum"]}
    response = client.post(f"/supervision/groups/new/?committee={world.city.pk}", data, follow=True)
    page = response.content.decode()
    assert "已派出第一民主监督组" in page and "艾丽（组长）" in page and "调研、座谈" in page
    again = client.post(f"/supervision/groups/new/?committee={world.city.pk}", data).content.decode()
    assert "已有名为“第一民主监督组”的监督组" in again
    assert SupervisionGroup.objects.count() == 1


def test_who_sees_the_group(client: Any, world: World) -> None:
    s = setup_group(world)
    url = f"/supervision/groups/{s.group.pk}/"
    for name in ("carol", "sam", "pete", "leo", "alice", "bob"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 200, name
    client.force_login(world.leo)
    assert "<h2>登记监督事项</h2>" not in client.get(url).content.decode()
    for name in ("olga", "uma"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 403, name
    assert AuditEvent.objects.filter(action="access.denied", actor=world.olga).exists()
    # alice is a member of the group: her page lists it; uma has no supervision page at all.
    client.force_login(world.alice)
    assert "第一民主监督组" in client.get("/supervision/").content.decode()
    client.force_login(world.uma)
    assert client.get("/supervision/").status_code == 403


def test_the_word_report_reopens_with_the_loop(client: Any, world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    matters.matter_issue_opinions(actor=world.carol, matter=m, opinions=["公示收费清单", "设立投诉电话"],
                                  issued_on=days_ago(40))
    client.force_login(world.carol)
    response = client.get(f"/supervision/groups/{s.group.pk}/report.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "民主监督工作报告" in text and "提出监督意见2条" in text and "1. 公示收费清单" in text
    assert "已逾期10天未反馈" in text
    cells = [c.text for t in Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells]
    assert "艾丽" in cells and "长春市税务局、长春市市场监督管理局" in cells


def test_editing_a_group_keeps_departments_with_matters(client: Any, world: World) -> None:
    s = setup_group(world)
    new_matter(world, s)  # a matter with 税务局
    client.force_login(world.carol)
    url = f"/supervision/groups/{s.group.pk}/edit/"
    assert "修改监督组" in client.get(url).content.decode()
    data = {"name": "第一民主监督组", "sent_on": days_ago(60).isoformat(), "leader": world.people["bob"].pk,
            "departments": [s.market.pk], "version": s.group.version}
    assert "已有监督事项的被监督单位不能移除" in client.post(url, data).content.decode()
    data["departments"] = [s.market.pk, s.tax.pk]
    assert "监督组已修改" in client.post(url, data, follow=True).content.decode()
    client.force_login(world.leo)
    assert client.get(url).status_code == 403


def test_group_list_export_and_the_htmx_partial(client: Any, world: World) -> None:
    from openpyxl import load_workbook
    from openpyxl.worksheet.worksheet import Worksheet

    s = setup_group(world)
    new_matter(world, s)
    client.force_login(world.carol)
    response = client.get(f"/supervision/groups/export.xlsx?committee={world.city.pk}&year={s.group.year}")
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(values_only=True))
    assert rows[1][1] == "第一民主监督组" and rows[1][4] == "艾丽" and rows[1][5] == "薄波" and rows[1][8] == 1
    partial = client.get("/supervision/matters/", headers={"HX-Request": "true", "HX-Target": "results"})
    text = partial.content.decode()
    assert text.lstrip().startswith('<section id="results"') and "共 1 项" in text
