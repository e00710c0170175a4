"""History import screens (往年提案导入): download the template, upload a file, see its problems or a preview, confirm."""
from __future__ import annotations

from typing import Any

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
from lvzhi.members.importing import XLSX_CONTENT_TYPE, FileRefused, ImportProblems
from lvzhi.proposals import history_import
from lvzhi.proposals.history_uploads import (
    AlreadyImported,
    FileTooLarge,
    UploadGone,
    history_upload_confirm,
    history_upload_load,
    history_upload_plan,
    history_upload_save,
)
from lvzhi.proposals.models import State

REFUSAL = "您没有权限导入往年提案。"
TITLE = "往年提案导入"


# ---------------------------------------------------------------- the screens


def _gone(request: HttpRequest, exc: UploadGone) -> HttpResponse:
    return render(request, "front/error.html", {"title": "导入文件不存在", "message": str(exc)}, status=404)


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
            except (FileRefused, FileTooLarge) as exc:
                error = str(exc)
            else:
                url = reverse("proposals:history_preview", args=[token])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "title": TITLE, "nav_active": "proposals", "committee": committee, "error": error,
        "max_rows": history_import.MAX_ROWS, "max_mb": history_import.MAX_BYTES // (1024 * 1024),
    }
    template = "proposals/history_upload.html#upload-form" if request.htmx else "proposals/history_upload.html"
    return render(request, template, context)


@login_required
@require_GET
def history_template(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    response = HttpResponse(history_import.build_history_template(committee), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{committee.name}往年提案导入模板.xlsx")
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
    context: dict[str, Any] = {"title": TITLE, "nav_active": "proposals", "committee": committee, "upload": upload}
    if request.method == "POST":
        try:
            result = history_upload_confirm(upload=upload, actor=request.user, committee=committee)
        except AlreadyImported as exc:
            messages.warning(request, str(exc))
            return redirect("proposals:history_preview", token=token)
        except ImportProblems as exc:
            context["plan"] = history_import.HistoryPlan(committee=committee, problems=exc.problems)
            context["failed"] = True
            return render(request, "proposals/history_preview.html", context)
        years = "、".join(str(y) for y in result.years)
        messages.success(request, f"已导入往年提案 {result.total} 件（{years}年度）。")
        return redirect(f"{reverse('proposals:list')}?scope=all&committee={committee.pk}")
    if upload.state == "pending":
        plan = history_upload_plan(upload, committee)
        for row in plan.rows:
            row.state_label = State(row.fields["state"]).label  # type: ignore[attr-defined]
        context["plan"] = plan
    return render(request, "proposals/history_preview.html", context)
