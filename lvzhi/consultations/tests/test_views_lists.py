"""The suggestion tracking list and the plan's items: search (Traditional too), filters, and the Excel of what is
shown; the activity export of the filtered list, recorded in the audit trail."""
from __future__ import annotations

import datetime
import io
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.models import ConsultationPlan, Form
from lvzhi.consultations.services import plans, suggestions
from lvzhi.consultations.testing import held_activity
from lvzhi.testing import World

D = datetime.date


def _rows(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    return list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(values_only=True))


def _suggestions(world: World) -> None:
    topic = held_activity(world, title="加快推进养老服务体系建设", form=Form.TOPIC)
    station = held_activity(world, title="夜话会：小区绿化", form=Form.GRASSROOTS)
    suggestions.suggestion_add(actor=world.carol, activity=topic, text="培养養老護理員")
    suggestions.suggestion_add(actor=world.carol, activity=topic, text="建设社区长者食堂")
    suggestions.suggestion_add(actor=world.carol, activity=station, text="增设小区健身器材")


def test_suggestions_by_form_and_search_and_their_export(client: Any, world: World) -> None:
    _suggestions(world)
    client.force_login(world.carol)
    url = reverse("consultations:suggestions")

    def shown(**filters: Any) -> list[str]:
        page = client.get(url, {"committee": world.city.pk, **filters}).content.decode()
        return [t for t in ("培养養老護理員", "建设社区长者食堂", "增设小区健身器材") if t in page]

    assert shown() == ["培养養老護理員", "建设社区长者食堂", "增设小区健身器材"]
    assert shown(form=Form.GRASSROOTS) == ["增设小区健身器材"]
    assert shown(form=Form.TOPIC, q="养老护理") == ["培养養老護理員"]    # Simplified input, Traditional text
    assert shown(q="長者") == ["建设社区长者食堂"]                        # Traditional input, Simplified text
    assert shown(form=Form.INSPECTION) == []
    page = client.get(url, {"committee": world.city.pk, "form": Form.GRASSROOTS}).content.decode()
    assert "基层协商 · 第1条" in page

    rows = _rows(client.get(reverse("consultations:suggestions_export"),
                            {"committee": world.city.pk, "form": Form.TOPIC, "q": "食堂"}))
    assert rows[0][-1] == "协商形式"
    assert [(r[1], r[2], r[3], r[4], r[-1]) for r in rows[1:]] == [
        ("加快推进养老服务体系建设", 2, "建设社区长者食堂", "已提出", "专题协商会")]
    assert AuditEvent.objects.filter(action="consultations.export_suggestions", actor=world.carol).exists()

    client.force_login(world.olga)
    assert client.get(url, {"committee": world.city.pk}).status_code == 403
    assert client.get(reverse("consultations:suggestions_export"), {"committee": world.city.pk}).status_code == 403

    api = api_client("carol")
    found = api.get("/api/consultations/suggestions/", {"committee": str(world.city.pk), "form": Form.GRASSROOTS}).json()
    assert [s["text"] for s in found["results"]] == ["增设小区健身器材"]
    found = api.get("/api/consultations/suggestions/", {"committee": str(world.city.pk), "q": "長者"}).json()
    assert [s["text"] for s in found["results"]] == ["建设社区长者食堂"]


def _plan(world: World) -> ConsultationPlan:
    """Last year's approved plan: one item carried out by a held activity, two never done (so overdue)."""
    year = timezone.localdate().year - 1
    carol = world.carol
    plan = plans.plan_create(actor=carol, committee=world.city, year=year)
    done = plans.plan_item_add(actor=carol, plan=plan, topic="加快养老服务体系建设", form=Form.TOPIC, planned_month=3,
                               special_committee=world.special["经济委员会"])
    plans.plan_item_add(actor=carol, plan=plan, topic="優化營商環境", form=Form.COUNTERPART, planned_month=5,
                        lead_body="市发展改革委")
    plans.plan_item_add(actor=carol, plan=plan, topic="推进义务教育均衡发展", form=Form.TOPIC, planned_month=9)
    plans.plan_submit(actor=carol, plan=plan, expected_version=None)
    plans.plan_approve(actor=carol, plan=plan, approved_by="中共长春市委", approved_on=D(year, 2, 1),
                       expected_version=None)
    activity = held_activity(world, title="养老服务专题协商会", date=D(year, 3, 20))
    plans.plan_item_link(actor=carol, item=done, activity=activity)
    plan.refresh_from_db()
    return plan


def test_plan_items_searched_filtered_and_exported(client: Any, world: World) -> None:
    plan = _plan(world)
    client.force_login(world.leo)
    url = reverse("consultations:plan")
    base = {"committee": world.city.pk, "year": plan.year}
    topics = ("加快养老服务体系建设", "優化營商環境", "推进义务教育均衡发展")

    def shown(**filters: Any) -> list[str]:
        page = client.get(url, {**base, **filters}).content.decode()
        return [t for t in topics if f'data-label="协商议题">{t}<' in page]

    assert shown() == list(topics)
    assert shown(q="营商环境") == ["優化營商環境"]                 # Simplified input, Traditional topic
    assert shown(q="經濟委員會") == ["加快养老服务体系建设"]          # the lead special committee
    assert shown(q="专题协商会") == ["加快养老服务体系建设"]          # the activity that carried it out
    assert shown(form=Form.TOPIC) == ["加快养老服务体系建设", "推进义务教育均衡发展"]
    assert shown(status="done") == ["加快养老服务体系建设"]
    assert shown(status="overdue") == ["優化營商環境", "推进义务教育均衡发展"]
    page = client.get(url, {**base, "status": "pending"}).content.decode()
    assert "没有符合条件的议题" in page and "共 3 项议题，已完成 <strong>1</strong> 项" in page
    partial = client.get(url, {**base, "q": "营商"}, headers={"HX-Request": "true", "HX-Target": "results"})
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="results"') and "優化營商環境" in text and "操作记录" not in text

    export = reverse("consultations:plan_progress", args=[plan.pk])
    rows = _rows(client.get(export, {"form": Form.TOPIC, "status": "overdue"}))
    assert rows[0] == ("计划月份", "协商议题", "形式", "牵头单位", "完成情况", "开展的活动", "活动日期")
    assert rows[1:] == [(9, "推进义务教育均衡发展", "专题协商会", None, "已逾期", None, None)]
    rows = _rows(client.get(export, {"q": "養老"}))
    assert len(rows) == 2 and rows[1][3:6] == ("经济委员会", "已完成", "养老服务专题协商会")
    assert rows[1][6].date() == D(plan.year, 3, 20)
    assert len(_rows(client.get(export))) == 4
    assert AuditEvent.objects.filter(action="consultations.export_plan_progress", actor=world.leo).count() == 3

    client.force_login(world.olga)
    assert client.get(url, base).status_code == 403
    assert client.get(export).status_code == 403


def test_activity_export_is_the_filtered_list_and_is_recorded(client: Any, world: World) -> None:
    held_activity(world, title="推进義務教育均衡發展", form=Form.TOPIC)
    held_activity(world, title="夜话会：小区绿化", form=Form.GRASSROOTS)
    client.force_login(world.carol)
    rows = _rows(client.get(reverse("consultations:export"), {"committee": world.city.pk, "q": "义务教育"}))
    assert [r[2] for r in rows[1:]] == ["推进義務教育均衡發展"]
    rows = _rows(client.get(reverse("consultations:export"), {"committee": world.city.pk, "form": Form.GRASSROOTS}))
    assert [(r[1], r[2]) for r in rows[1:]] == [("基层协商", "夜话会：小区绿化")]
    event = AuditEvent.objects.filter(action="consultations.export_activities").latest("id")
    assert event.detail == "导出协商活动 1 次" and event.committee_id == world.city.pk
    client.force_login(world.olga)
    assert client.get(reverse("consultations:export"), {"committee": world.city.pk}).status_code == 403


def test_suggestion_and_plan_pages_query_a_fixed_number_of_times(client: Any, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = _plan(world)
    _suggestions(world)
    client.force_login(world.carol)

    def queries() -> list[int]:
        counts = []
        for url, params in ((reverse("consultations:suggestions"), {"state": "all", "q": "建设"}),
                            (reverse("consultations:plan"), {"year": plan.year, "q": "建设"})):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {"committee": world.city.pk, **params})
            assert response.status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    few = queries()
    more = held_activity(world, title="再次协商", form=Form.SECTOR)
    for n in range(5):
        suggestions.suggestion_add(actor=world.carol, activity=more, text=f"建设第{n}项")
    for n, topic in enumerate(("建设甲", "建设乙", "建设丙")):
        plan.items.create(topic=topic, form=Form.TOPIC, planned_month=n + 1, sort_order=100 + n)
    assert queries() == few
