"""History import screens (往年提案导入): download the template, upload a file, see its problems or a preview, confirm."""
from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.documents.imports import (
    XLSX_CONTENT_TYPE,
    AlreadyImported,
    FileRefused,
    ImportProblems,
    ImportScreen,
    UploadGone,
)
from lvzhi.proposals import history_import
from lvzhi.proposals.history_uploads import (
    history_upload_confirm,
    history_upload_load,
    history_upload_plan,
    history_upload_save,
)

REFUSAL = "您没有权限导入往年提案。"
TITLE = "往年提案导入"
PREVIEW_TEMPLATE = "documents/import_preview.html"


# ---------------------------------------------------------------- the screens


def _gone(request: HttpRequest, exc: UploadGone) -> HttpResponse:
    return render(request, "front/error.html", {"title": "导入文件不存在", "message": str(exc)}, status=404)


def _screen(committee: Committee, token: str) -> ImportScreen:
    return ImportScreen(
        heading=TITLE, target=committee.name, unit="件提案",
        upload_url=f"{reverse('proposals:history_import')}?committee={committee.pk}",
        confirm_url=reverse("proposals:history_preview", args=[token]),
        list_url=f"{reverse('proposals:list')}?scope=all&committee={committee.pk}", list_label="查看提案",
    )


@login_required
@require_http_methods(["GET", "POST"])
def history_upload(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的 .xlsx 文件。"
        else:
            try:
                token, _ = history_upload_save(actor=request.user, committee=committee, file=upload,
                                               filename=upload.name or "", size=upload.size)
            except FileRefused as exc:
                error = str(exc)
            else:
                url = reverse("proposals:history_preview", args=[token])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "title": TITLE, "nav_active": "proposals", "committee": committee, "error": error,
        "max_rows": history_import.SHEET.max_rows, "max_mb": history_import.SHEET.max_bytes // (1024 * 1024),
    }
    template = "proposals/history_upload.html#upload-form" if request.htmx else "proposals/history_upload.html"
    return render(request, template, context)


@login_required
@require_GET
def history_template(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    response = HttpResponse(history_import.build_history_template(committee), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = cast(str, content_disposition_header(True, f"{committee.name}往年提案导入模板.xlsx"))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def history_preview(request: SignedInRequest, token: str) -> HttpResponse:
    try:
        upload = history_upload_load(token, request.user)
    except UploadGone as exc:
        return _gone(request, exc)
    committee = get_object_or_404(Committee, pk=upload.committee_id)
    require(request.user, Cap.PROPOSAL_MANAGE, committee)
    context: dict[str, Any] = {"title": TITLE, "nav_active": "proposals", "committee": committee, "upload": upload,
                               "screen": _screen(committee, token)}
    if request.method == "POST":
        try:
            result = history_upload_confirm(upload=upload, actor=request.user, committee=committee)
        except AlreadyImported as exc:
            messages.warning(request, str(exc))
            return redirect("proposals:history_preview", token=token)
        except ImportProblems as exc:
            context["preview"] = history_import.history_preview(
                history_import.HistoryPlan(committee=committee, problems=exc.problems))
            context["failed"] = True
            return render(request, PREVIEW_TEMPLATE, context)
        years = "、".join(str(y) for y in result.years)
        messages.success(request, f"已导入往年提案 {result.total} 件（{years}年度）。")
        return redirect(f"{reverse('proposals:list')}?scope=all&committee={committee.pk}")
    if upload.state == "pending":
        context["preview"] = history_import.history_preview(history_upload_plan(upload, committee))
    return render(request, PREVIEW_TEMPLATE, context)
