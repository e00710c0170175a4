"""The proposal settings screen: a committee's numbering, deadlines and review stages."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.proposals.models import Proposal, ProposalSettings, ReviewStage
from lvzhi.proposals.services import settings as proposal_settings
from lvzhi.proposals.services.common import proposal_defaults, stages

REFUSAL = "您没有权限管理提案工作设置。"

FIELD_HELP = {
    "number_format": "立案时按此格式生成提案编号。可用占位符：{term} 届次数字（如 15）；{session} 次会议数字"
                     "（平时提案为 0）；{sitting} 会议名称（如“四次会议”，平时提案为“平时”）；{year} 年份；"
                     "{seq} 序号（必填，可写成 {seq:04d} 补足四位，如 0001）。",
    "cosign_days": "邀请联名后，被邀请委员须在此期限内确认。",
    "reassign_days": "交办后，承办单位可在此期限内申请调整。",
    "co_unit_days": "会办单位须在此期限内向主办单位提出会办意见。",
    "reply_days": "交办时默认的答复期限，从交办之日起算；不能超过延期后最长办理期限。",
    "max_extension_days": "申请延期后，办理期限从交办之日起最长不超过此天数。",
    "evaluation_days": "答复后，提案人须在此期限内作出评价。",
    "min_body_chars": "情况、分析、建议三部分合计的最少字数；填 0 表示不限制。",
    "basic_satisfied_counts": "计算满意率时，“基本满意”是否计为满意。",
}
NUMBER_FIELDS = [*proposal_settings.DAY_FIELDS, "min_body_chars"]


def _fields(values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """What the form shows for each setting: label, help, the value (as typed, after an error) and errors."""
    rows = []
    for name in proposal_settings.SETTINGS_FIELDS:
        low, high = (0, proposal_settings.BODY_CHARS_MAX) if name == "min_body_chars" else (
            proposal_settings.DAYS_MIN, proposal_settings.DAYS_MAX)
        kind = "text" if name == "number_format" else "checkbox" if name == "basic_satisfied_counts" else "number"
        field = cast(models.Field, ProposalSettings._meta.get_field(name))
        rows.append({"name": name, "label": field.verbose_name, "kind": kind,
                     "value": values.get(name, ""), "help": FIELD_HELP[name], "errors": errors.get(name, []),
                     "min": low, "max": high})
    return rows


def _stage_rows(committee: Committee) -> list[dict[str, Any]]:
    chain = stages(committee)
    waiting = dict(Proposal.objects.filter(review_stage__in=chain).values("review_stage")
                   .annotate(n=Count("id")).values_list("review_stage", "n"))
    labels = dict(proposal_settings.stage_role_choices())
    return [{"stage": s, "waiting": waiting.get(s.pk, 0), "role_label": labels.get(s.role, s.role),
             "first": i == 0, "last": i == len(chain) - 1} for i, s in enumerate(chain)]


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(msgs) for field, msgs in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def _page(request: HttpRequest, committee: Committee, *, values: dict[str, Any] | None = None,
          errors: dict[str, list[str]] | None = None, stage_errors: dict[str, Any] | None = None,
          status: int = 200) -> HttpResponse:
    row = proposal_defaults(committee)
    if values is None:
        values = {name: getattr(row, name) for name in proposal_settings.SETTINGS_FIELDS}
    errors = errors or {}
    number_format = str(values.get("number_format", ""))
    return render(request, "proposals/settings.html", {
        "title": "提案工作设置", "nav_active": "proposal_settings", "committee": committee,
        "committees": committees_for(request.user, Cap.PROPOSAL_MANAGE),
        "fields": _fields(values, errors), "settings_errors": errors.get("__all__", []),
        "examples": _examples(committee, number_format), "stages": _stage_rows(committee),
        "role_choices": proposal_settings.stage_role_choices(), "stage_errors": stage_errors or {},
        "preview_url": reverse("proposals:settings_preview"),
    }, status=status)


def _examples(committee: Committee, number_format: str) -> dict[str, Any]:
    error = proposal_settings.number_format_error(number_format)
    examples = [] if error else proposal_settings.next_number_examples(committee, number_format)
    return {"error": error, "rows": examples}


def _back(committee: Committee) -> HttpResponse:
    return redirect(f"{reverse('proposals:settings')}?committee={committee.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    if request.method != "POST":
        return _page(request, committee)
    values: dict[str, Any] = {name: request.POST.get(name, "") for name in ("number_format", *NUMBER_FIELDS)}
    values["basic_satisfied_counts"] = "basic_satisfied_counts" in request.POST
    try:
        proposal_settings.settings_update(actor=request.user, committee=committee, **values)
    except ValidationError as error:
        return _page(request, committee, values=values, errors=_error_dict(error))
    messages.success(request, "提案工作设置已保存。")
    return _back(committee)


@login_required
@require_GET
def number_preview(request: HttpRequest) -> HttpResponse:
    """The example numbers for the format being typed (htmx, as the field changes)."""
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    number_format = request.GET.get("number_format", "").strip()
    return render(request, "proposals/settings.html#number-preview",
                  {"examples": _examples(committee, number_format)})


def _stage_of(request: HttpRequest, pk: int) -> tuple[Committee, ReviewStage]:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    return committee, get_object_or_404(ReviewStage, pk=pk, committee=committee)


def _stage_input(request: HttpRequest) -> dict[str, str]:
    return {"name": request.POST.get("name", ""), "role": request.POST.get("role", "")}


@login_required
@require_POST
def stage_add(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    given = _stage_input(request)
    try:
        stage = proposal_settings.stage_add(actor=request.user, committee=committee, **given)
    except ValidationError as error:
        return _page(request, committee, stage_errors={"key": "new", "input": given, "errors": error.messages})
    messages.success(request, f"已添加审查环节“{stage.name}”。")
    return _back(committee)


@login_required
@require_POST
def stage_update(request: SignedInRequest, pk: int) -> HttpResponse:
    committee, stage = _stage_of(request, pk)
    given = _stage_input(request)
    try:
        proposal_settings.stage_update(actor=request.user, stage=stage, **given)
    except ValidationError as error:
        return _page(request, committee, stage_errors={"key": stage.pk, "input": given, "errors": error.messages})
    messages.success(request, f"审查环节“{stage.name}”已保存。")
    return _back(committee)


@login_required
@require_POST
def stage_move(request: SignedInRequest, pk: int) -> HttpResponse:
    committee, stage = _stage_of(request, pk)
    try:
        proposal_settings.stage_move(actor=request.user, stage=stage, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        return _page(request, committee, stage_errors={"key": stage.pk, "errors": error.messages})
    messages.success(request, f"已调整“{stage.name}”的顺序。")
    return _back(committee)


@login_required
@require_POST
def stage_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    committee, stage = _stage_of(request, pk)
    name = stage.name
    try:
        proposal_settings.stage_remove(actor=request.user, stage=stage)
    except ValidationError as error:
        return _page(request, committee, stage_errors={"key": stage.pk, "errors": error.messages})
    messages.success(request, f"已删除审查环节“{name}”。")
    return _back(committee)
