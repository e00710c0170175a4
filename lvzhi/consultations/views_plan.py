"""The annual consultation plan page: draft and edit items, submit, record approval, link items to activities,
plan versus done, and the plan as a Word document."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import SpecialCommittee
from lvzhi.consultations import documents, workflow
from lvzhi.consultations.figures import HELD_STATES, plan_progress
from lvzhi.consultations.forms import PlanItemFilterForm
from lvzhi.consultations.models import ConsultationActivity, ConsultationPlan, Form, PlanItem
from lvzhi.consultations.selectors import committee_for, get_plan_for_user, narrow_progress, plan_of, plan_rows
from lvzhi.consultations.services import plans
from lvzhi.documents.downloads import file_response
from lvzhi.documents.excel import workbook_bytes
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_date, posted_version, render_partial


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "") or request.POST.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
@require_GET
def plan_page(request: HttpRequest) -> HttpResponse:
    committee = committee_for(request)
    year = _year(request)
    plan = plan_of(committee, year)
    manage = can(request.user, Cap.CONSULTATION_MANAGE, committee)
    context = {
        "committee": committee, "year": year, "plan": plan, "manage": manage, "years": range(year + 1, year - 4, -1),
        "committees": committees_for(request.user, Cap.CONSULTATION_VIEW), "forms": Form.choices,
        "months": range(1, 13), "title": "年度协商计划", "nav_active": "consultations_plan",
    }
    if plan is not None:
        progress = plan_progress(plan)
        filters = PlanItemFilterForm(request.GET)
        values = filters.values()
        query = request.GET.copy()
        query.pop("page", None)
        context.update({
            "filters": filters, "filtered": bool(values),
            "rows": narrow_progress(progress, **values),
            "query_string": query.urlencode(),
            "progress": progress, "done": sum(1 for p in progress if p.status == "done"),
            "overdue": sum(1 for p in progress if p.status == "overdue"),
            "moves": [m for m in workflow.PLAN.allowed(plan.state) if m.target] if manage else [],
            "editable": manage and workflow.PLAN.can("edit", plan.state),
            "linkable": manage and workflow.PLAN.can("link", plan.state),
            "special_committees": SpecialCommittee.objects.filter(committee=committee, is_active=True),
            "events": list(plan.events.select_related("actor")),
        })
        if context["linkable"]:
            linked = PlanItem.objects.filter(activity__isnull=False, plan=plan).values("activity_id")
            rows = (ConsultationActivity.objects.filter(committee=committee, year=year, state__in=HELD_STATES)
                    .exclude(pk__in=linked).order_by("date").values_list("pk", "date", "form", "title")[:300])
            forms = dict(Form.choices)
            # Labels made here: one value per option keeps a long list cheap to render.
            context["candidates"] = [(pk, f"{d.month}月{d.day}日 {forms[f]} {t}") for pk, d, f, t in rows]
    response = render_partial(request, "consultations/plan.html", ("results",), context)
    return response


def _item(plan: ConsultationPlan, request: HttpRequest) -> PlanItem:
    raw = request.POST.get("item", "")
    item = plan.items.filter(pk=int(raw)).select_related("plan__committee").first() if raw.isdigit() else None
    if item is None:
        raise Http404("未找到该议题。")
    return item


def _special(plan: ConsultationPlan, request: HttpRequest) -> SpecialCommittee | None:
    raw = request.POST.get("special_committee", "")
    return SpecialCommittee.objects.filter(pk=int(raw), committee=plan.committee).first() if raw.isdigit() else None


def _plan_move(request: SignedInRequest, plan: ConsultationPlan, action: str) -> str:
    user, post, version = request.user, request.POST, posted_version(request)
    if action == "item_add":
        item = plans.plan_item_add(actor=user, plan=plan, topic=post.get("topic", ""), form=post.get("form", ""),
                                   planned_month=post.get("planned_month", 0),  # type: ignore[arg-type]
                                   lead_body=post.get("lead_body", ""), special_committee=_special(plan, request),
                                   expected_version=version)
        return f"已增加议题“{item.topic}”。"
    if action == "item_remove":
        item = _item(plan, request)
        plans.plan_item_remove(actor=user, item=item, expected_version=version)
        return f"已删除议题“{item.topic}”。"
    if action == "submit":
        plans.plan_submit(actor=user, plan=plan, expected_version=version)
        return "计划已报批。"
    if action == "return":
        plans.plan_return(actor=user, plan=plan, reason=post.get("reason", ""), expected_version=version)
        return "计划已退回修改。"
    if action == "approve":
        plans.plan_approve(actor=user, plan=plan, approved_by=post.get("approved_by", ""),
                           approved_on=posted_date(request, "approved_on"), expected_version=version)
        return "已登记计划批准。"
    if action == "link":
        item = _item(plan, request)
        raw = post.get("activity", "")
        activity = ConsultationActivity.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        plans.plan_item_link(actor=user, item=item, activity=activity, expected_version=version)
        return f"议题“{item.topic}”已{'关联活动' if activity else '取消关联'}。"
    raise Http404("未知的操作。")


@login_required
@require_POST
def plan_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_for(request, Cap.CONSULTATION_MANAGE)
    year = _year(request)
    try:
        plans.plan_create(actor=request.user, committee=committee, year=year, title=request.POST.get("title", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已新建{year}年度协商计划，请增加协商议题。")
    return redirect(f"{reverse('consultations:plan')}?committee={committee.pk}&year={year}")


@login_required
@require_POST
def plan_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    try:
        messages.success(request, _plan_move(request, plan, action))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(f"{reverse('consultations:plan')}?committee={plan.committee_id}&year={plan.year}")


@login_required
@require_GET
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    return file_response(documents.plan_docx(plan), f"{plan.title}.docx")


@login_required
@require_GET
def plan_progress_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    """The plan's items as listed on its page: the same filters, the same rows."""
    plan = get_plan_for_user(request.user, pk)
    rows = documents.progress_rows(plan_rows(plan, **PlanItemFilterForm(request.GET).values()))
    audit_record(actor=request.user, action="consultations.export_plan_progress", obj=plan,
                 committee_id=plan.committee_id, detail=f"导出{plan.title}完成情况 {len(rows)} 项")
    data = workbook_bytes("计划完成情况", documents.PLAN_PROGRESS_HEADERS, rows)
    return file_response(data, f"{plan.title}完成情况.xlsx")
