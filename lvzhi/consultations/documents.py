"""协商 documents: the annual plan and an activity's outcome report as official-layout Word, lists as Excel."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lvzhi.committees.models import chinese_number
from lvzhi.consultations.figures import HEADLINE, ConsultationFigures, ItemProgress, plan_progress
from lvzhi.consultations.models import ConsultationActivity, ConsultationPlan, Form, Suggestion
from lvzhi.documents.excel import workbook_bytes
from lvzhi.documents.word import add_heading, add_paragraph, add_table, add_title, document_bytes, new_document


def plan_docx(plan: ConsultationPlan) -> bytes:
    """The annual plan: topics grouped by form, each with its lead body and planned month."""
    document = new_document()
    add_title(document, plan.title)
    if plan.approved_by and plan.approved_on:
        add_paragraph(document, f"（{plan.approved_by}{plan.approved_on:%Y年%-m月%-d日}批准）", indent=False,
                      align="center")
    items = list(plan.items.select_related("special_committee"))
    add_paragraph(document, f"{plan.committee.name}{plan.year}年度共安排协商议题{len(items)}项，具体如下。")
    section = 0
    for value, label in Form.choices:
        group = [i for i in items if i.form == value]
        if not group:
            continue
        section += 1
        add_heading(document, f"{chinese_number(section)}、{label}（{len(group)}项）")
        for n, item in enumerate(group, start=1):
            lead = f"牵头单位：{item.lead_body}；" if item.lead_body else ""
            add_paragraph(document, f"{n}. {item.topic}（{lead}计划时间：{item.planned_month}月）")
    return document_bytes(document)


def activity_report_docx(activity: ConsultationActivity) -> bytes:
    """协商成果: the activity's particulars, the suggestions made and where each one stands."""
    document = new_document()
    add_title(document, f"“{activity.title}”协商成果")
    participants = list(activity.participants.all())
    members = sum(1 for p in participants if p.person_id)
    add_table(document, [
        ("协商形式", activity.get_form_display()), ("时间", f"{activity.date:%Y年%-m月%-d日}"),
        ("地点", activity.station_name or activity.place or "—"), ("组织单位", activity.organiser or "—"),
        ("参加人员", f"委员{members}人，其他人员{len(participants) - members + activity.other_headcount}人"),
    ])
    add_heading(document, "一、基本情况")
    add_paragraph(document, activity.summary or f"{activity.date:%Y年%-m月%-d日}，{activity.committee.name}"
                                                f"开展{activity.get_form_display()}“{activity.title}”。")
    speakers = [p for p in participants if p.spoke]
    if speakers:
        add_paragraph(document, "发言：" + "；".join(f"{p.name}（{p.speech_title}）" if p.speech_title else p.name
                                                   for p in speakers) + "。")
    suggestions = list(activity.suggestions.all())
    add_heading(document, f"二、意见建议（{len(suggestions)}条）")
    for s in suggestions:
        add_paragraph(document, f"{s.number}. {s.text}")
    add_heading(document, "三、落实情况")
    if not suggestions:
        add_paragraph(document, "本次活动未形成书面意见建议。")
    for s in suggestions:
        add_paragraph(document, f"第{s.number}条：{suggestion_progress(s)}")
    return document_bytes(document)


def suggestion_progress(s: Suggestion) -> str:
    """Where a suggestion stands, in one sentence (e.g. 已报送市政府，已采纳，转化为《…》，已向参加人员反馈。)."""
    parts = []
    if s.sent_to:
        parts.append(f"已报送{s.sent_to}")
    if s.adopted is not None:
        parts.append("已采纳" if s.adopted else "未采纳")
    if s.policy_document:
        parts.append(f"转化为《{s.policy_document.strip('《》')}》")
    if s.problems_solved:
        parts.append(f"解决问题{s.problems_solved}个")
    if s.fed_back_on:
        parts.append("已向参加人员反馈")
    return "，".join(parts or ["尚未报送"]) + "。"


ACTIVITY_HEADERS = ["日期", "形式", "主题", "地点/工作站", "组织单位", "状态", "参加人次", "委员", "意见建议（条）"]


def activity_rows(activities: Iterable[ConsultationActivity]) -> Iterable[list[Any]]:
    """One row per activity, with the counters it keeps (participants, members, suggestions)."""
    for a in activities:
        yield [a.date, a.get_form_display(), a.title, a.station_name or a.place, a.organiser, a.get_state_display(),
               a.participant_count + a.other_headcount, a.member_count, a.suggestion_count]


def activities_xlsx(activities: Iterable[ConsultationActivity]) -> bytes:
    return workbook_bytes("协商活动", ACTIVITY_HEADERS, activity_rows(activities))


SUGGESTION_HEADERS = ["活动日期", "活动", "序号", "意见建议", "状态", "报送对象", "报送日期", "采纳", "转化成果",
                      "反馈日期", "解决问题", "协商形式"]


def suggestions_xlsx(suggestions: Iterable[Suggestion]) -> bytes:
    rows = ([s.activity.date, s.activity.title, s.number, s.text, s.get_state_display(), s.sent_to, s.sent_on,
             {True: "是", False: "否", None: ""}[s.adopted], s.policy_document, s.fed_back_on, s.problems_solved,
             s.activity.get_form_display()]
            for s in suggestions)
    return workbook_bytes("意见建议", SUGGESTION_HEADERS, rows)


def figures_xlsx(f: ConsultationFigures) -> bytes:
    rows: list[list[Any]] = [[label, _cell(getattr(f, key))] for key, label in HEADLINE]
    rows += [[f"按形式：{label}", n] for _, label, n in f.by_form]
    return workbook_bytes("协商统计", [f"{f.scope.label} {f.period.label}", "数值"], rows)


PLAN_PROGRESS_HEADERS = ["计划月份", "协商议题", "形式", "牵头单位", "完成情况", "开展的活动", "活动日期"]


def progress_rows(progress: Iterable[ItemProgress]) -> list[list[Any]]:
    """One row per plan item: what was planned, by whom, and the activity that carried it out."""
    rows = []
    for p in progress:
        item, activity = p.item, p.item.activity
        rows.append([item.planned_month, item.topic, item.get_form_display(), item.lead_body, p.label,
                     activity.title if activity else "", activity.date if activity else None])
    return rows


def plan_progress_rows(plan: ConsultationPlan) -> list[list[Any]]:
    return progress_rows(plan_progress(plan))


def _cell(value: Any) -> Any:
    return "—" if value is None else value
