"""The plan page, its Word document, and the figures page with its Excel export."""
from __future__ import annotations

import datetime
import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lvzhi.consultations.models import Form, PlanState
from lvzhi.consultations.services import plans, suggestions
from lvzhi.consultations.testing import held_activity


def test_plan_page_drafting_to_approval(client, world):
    client.force_login(world.carol)
    url = reverse("consultations:plan") + f"?committee={world.city.pk}&year=2026"
    assert "还没有2026年度协商计划" in client.get(url).content.decode()
    client.post(reverse("consultations:plan_create"), {"committee": world.city.pk, "year": 2026})
    plan = world.city.consultation_plans.get()
    act = lambda name: reverse("consultations:plan_action", args=[plan.pk, name])  # noqa: E731
    client.post(act("item_add"), {"topic": "加快推进养老服务体系建设", "form": Form.TOPIC, "planned_month": "5",
                                  "special_committee": world.special["经济委员会"].pk})
    client.post(act("submit"), {})
    response = client.post(act("item_add"), {"topic": "迟到的议题", "form": Form.TOPIC, "planned_month": "6"},
                           follow=True)
    assert "当前为“报批”，不能修改计划" in response.content.decode()
    client.post(act("approve"), {"approved_by": "中共长春市委", "approved_on": "2026-02-10"})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    activity = held_activity(world)
    client.post(act("link"), {"item": plan.items.get().pk, "activity": activity.pk})
    page = client.get(url).content.decode()
    assert "已完成 <strong>1</strong> 项" in page and "中共长春市委于2026年2月10日批准" in page
    doc = Document(io.BytesIO(client.get(reverse("consultations:plan_docx", args=[plan.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "长春市政协2026年度协商计划" in text and "一、专题协商会（1项）" in text
    assert "1. 加快推进养老服务体系建设（牵头单位：经济委员会；计划时间：5月）" in text


def test_plan_is_not_for_members_or_outsiders(client, world):
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=2026)
    for who in ("alice", "olga"):
        client.force_login(world.users[who])
        assert client.get(reverse("consultations:plan_docx", args=[plan.pk])).status_code == 403
    client.force_login(world.olga)
    assert client.get(reverse("consultations:plan") + f"?committee={world.city.pk}").status_code == 403


def test_outcome_report_in_word(client, world):
    activity = held_activity(world)
    s = suggestions.suggestion_add(actor=world.carol, activity=activity, text="建设社区长者食堂")
    suggestions.suggestion_send(actor=world.carol, suggestion=s, sent_to="市政府", date=datetime.date(2026, 6, 1),
                                expected_version=None)
    client.force_login(world.alice)  # a participant may read the outcome
    doc = Document(io.BytesIO(client.get(reverse("consultations:report", args=[activity.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“加快推进养老服务体系建设”协商成果" in text
    assert "1. 建设社区长者食堂" in text and "第1条：已报送市政府。" in text
    assert doc.tables[0].cell(0, 1).text == "专题协商会"


def test_figures_page_and_export(client, world):
    held_activity(world, members=("alice", "bob"), headcount=10)
    held_activity(world, form=Form.GRASSROOTS, title="院坝协商", station_name="鹿乡镇联络站")
    client.force_login(world.leo)
    page = client.get(reverse("consultations:figures"), {"year": 2026}).content.decode()
    assert "协商活动（场次）" in page and "2026年" in page
    response = client.get(reverse("consultations:figures_export"), {"year": 2026})
    rows = {r[0]: r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2,
                                                                                            values_only=True)}
    assert rows["协商活动（场次）"] == 2 and rows["基层协商"] == 1 and rows["参加人次"] == 13
    assert rows["采纳率（%）"] == "—"
    page = client.get(reverse("consultations:figures"), {"start": "2026-09-01", "end": "2026-01-01"}).content.decode()
    assert "开始日期晚于结束日期" in page
    client.force_login(world.alice)
    assert client.get(reverse("consultations:figures")).status_code == 403
