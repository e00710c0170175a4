"""The generated files reopened: the outcome report's sentences, the suggestion list and the plan's progress."""
from __future__ import annotations

import datetime
import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lvzhi.consultations.models import Form
from lvzhi.consultations.services import plans, suggestions
from lvzhi.consultations.testing import held_activity

D = datetime.date


def _loop(world):
    activity = held_activity(world)
    c = world.carol
    made = suggestions.suggestion_add(actor=c, activity=activity, text="培养养老护理员")
    done = suggestions.suggestion_add(actor=c, activity=activity, text="建设社区长者食堂")
    suggestions.suggestion_send(actor=c, suggestion=done, sent_to="市政府", date=D(2026, 6, 1), expected_version=None)
    suggestions.suggestion_decide(actor=c, suggestion=done, adopted=True, date=D(2026, 6, 5), expected_version=None)
    suggestions.suggestion_transform(actor=c, suggestion=done, policy_document="《长者食堂建设方案》",
                                     date=D(2026, 7, 1), expected_version=None)
    suggestions.suggestion_record_solved(actor=c, suggestion=done, count=4, expected_version=None)
    suggestions.suggestion_feed_back(actor=c, suggestion=done, text="已反馈", date=D(2026, 7, 2), expected_version=None)
    return activity, made, done


def test_outcome_report_tells_where_each_suggestion_stands(client, world):
    activity, _, _ = _loop(world)
    client.force_login(world.carol)
    doc = Document(io.BytesIO(client.get(reverse("consultations:report", args=[activity.pk])).content))
    text = [p.text for p in doc.paragraphs]
    assert "二、意见建议（2条）" in text
    assert "第1条：尚未报送。" in text
    assert "第2条：已报送市政府，已采纳，转化为《长者食堂建设方案》，解决问题4个，已向参加人员反馈。" in text
    body = doc.paragraphs[-1].runs[0]
    assert body.font.name is not None  # official fonts are set on every run


def test_suggestion_list_export(client, world):
    _loop(world)
    client.force_login(world.sam)
    response = client.get(reverse("consultations:suggestions_export"), {"state": "all"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("活动日期", "活动", "序号", "意见建议", "状态")
    assert {(r[2], r[4], r[7]) for r in rows[1:]} == {(1, "已提出", None), (2, "已反馈", "是")}


def test_plan_progress_export(client, world):
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=2026)
    plans.plan_item_add(actor=world.carol, plan=plan, topic="养老服务", form=Form.TOPIC, planned_month=1)
    client.force_login(world.leo)
    response = client.get(reverse("consultations:plan_progress", args=[plan.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == (1, "养老服务", "专题协商会", None, "已逾期")
