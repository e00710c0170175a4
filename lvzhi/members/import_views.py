"""Roster import screens: download the template, upload a file, see its problems or a preview, confirm."""
from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from lvzhi.accounts.permissions import Cap, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.documents.imports import ImportScreen
from lvzhi.members import accounts, importing

PREVIEW_TEMPLATE = "documents/import_preview.html"


def _committee(request: HttpRequest) -> Committee | None:
    """The committee named by ?committee=, or the only one the user may import into; None means let them choose."""
    raw = request.GET.get("committee", "")
    if raw:
        committee = get_committee_or_404(raw)
    else:
        allowed = list(committees_for(request.user, Cap.MEMBER_IMPORT)[:2])
        if len(allowed) != 1:
            if not allowed:
                require(request.user, Cap.MEMBER_IMPORT, None)
            return None
        committee = allowed[0]
    require(request.user, Cap.MEMBER_IMPORT, committee)
    return committee


def _gone(request: HttpRequest, exc: importing.UploadGone) -> HttpResponse:
    return render(request, "front/error.html", {"title": "导入文件不存在", "message": str(exc)}, status=404)


def _screen(committee: Committee, token: str) -> ImportScreen:
    term = committee.current_term()
    return ImportScreen(
        heading="导入委员名册", target=f"{committee.name} {term.label}" if term else committee.name, unit="人",
        upload_url=f"{reverse('members:import')}?committee={committee.pk}",
        confirm_url=reverse("members:import_preview", args=[token]),
        list_url=f"{reverse('members:list')}?committee={committee.pk}", list_label="查看名册",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: SignedInRequest) -> HttpResponse:
    committee = _committee(request)
    if committee is None:
        return render(request, "members/import_upload.html", {
            "title": "导入委员名册", "nav_active": "members",
            "choices": committees_for(request.user, Cap.MEMBER_IMPORT),
        })
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的 .xlsx 文件。"
        else:
            try:
                token = importing.upload_receive(user=request.user, committee=committee, file=upload,
                                                 filename=upload.name or "", size=upload.size)
            except importing.FileRefused as exc:
                error = str(exc)
            else:
                url = reverse("members:import_preview", args=[token])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "title": "导入委员名册", "nav_active": "members", "committee": committee, "term": committee.current_term(),
        "error": error, "max_rows": importing.SHEET.max_rows, "max_mb": importing.SHEET.max_bytes // (1024 * 1024),
    }
    template = "members/import_upload.html#upload-form" if request.htmx else "members/import_upload.html"
    return render(request, template, context)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    committee = _committee(request)
    if committee is None:
        return redirect("members:import")
    response = HttpResponse(importing.build_template(committee), content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = cast(str, content_disposition_header(True, f"{committee.name}委员名册导入模板.xlsx"))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: SignedInRequest, token: str) -> HttpResponse:
    try:
        upload = importing.upload_get(token=token, user=request.user)
    except importing.UploadGone as exc:
        return _gone(request, exc)
    committee = get_object_or_404(Committee, pk=upload.committee_id)
    require(request.user, Cap.MEMBER_IMPORT, committee)
    context = {"title": "导入委员名册", "nav_active": "members", "committee": committee, "upload": upload,
               "screen": _screen(committee, token)}
    if request.method == "POST":
        try:
            result = importing.upload_confirm(token=token, actor=request.user)
        except importing.AlreadyImported as exc:
            messages.warning(request, str(exc))
            return redirect("members:import_preview", token=token)
        except importing.UploadGone as exc:
            return _gone(request, exc)
        except importing.ImportProblems as exc:
            context["preview"] = importing.roster_preview(
                importing.ImportPlan(committee=committee, term=committee.current_term(), problems=exc.problems))
            context["failed"] = True
            return render(request, PREVIEW_TEMPLATE, context)
        summary = f"已导入 {result.total} 人（新建人员 {result.created_people} 人，已有人员 {result.existing_people} 人）。"
        messages.success(request, summary)
        waiting = accounts.without_account_count(committee)
        if waiting:
            # Accounts are the system administrator's (三员分立): the importer is told whom to ask, and for how many.
            messages.info(request, f"本届有 {waiting} 位委员尚无账号，请系统管理员在“账号管理 → 为委员开通账号”中"
                                   f"选择“{committee.display_name}”为导入的委员开通账号。")
        return redirect(f"{reverse('members:list')}?committee={committee.pk}")
    if upload.state == "pending":
        context["preview"] = importing.roster_preview(importing.upload_review(upload, committee), upload.skipped)
    return render(request, PREVIEW_TEMPLATE, context)
