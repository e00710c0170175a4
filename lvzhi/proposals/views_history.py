"""History import screens (往年提案导入): download the template, upload a file, see its problems or a preview, confirm."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from lvzhi.accounts.permissions import Cap, require
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.uploads import UploadExpired, UploadMissing, UploadStore, UploadTaken
from lvzhi.front.requests import committee_from_query
from lvzhi.members.importing import (
    UPLOAD_TTL_SECONDS,
    XLSX_CONTENT_TYPE,
    FileRefused,
    ImportProblems,
    Problem,
)
from lvzhi.proposals import history_import
from lvzhi.proposals.models import State

REFUSAL = "您没有权限导入往年提案。"
TITLE = "往年提案导入"
# Kept apart from the roster import's files (same folder, same purge) by the prefix.
_STORE = UploadStore("history-", pending_ttl=UPLOAD_TTL_SECONDS, done_ttl=UPLOAD_TTL_SECONDS * 24)
_GONE = "未找到该导入文件，或已过期，请重新上传。"


class UploadGone(Exception):
    """No such upload for this user, or it has expired (we do not say whose it was)."""


class AlreadyImported(Exception):
    pass


@dataclass
class HistoryUpload:
    token: str
    state: str  # "pending", "working" (being imported), "done"
    user_id: int
    committee_id: int
    filename: str
    created_at: float
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    imported: int = 0


# ---------------------------------------------------------------- keeping the parsed rows until confirmation


def _save(user: Any, committee: Committee, filename: str, parsed: history_import.ParsedHistory) -> str:
    return _STORE.save(user=user, committee=committee, filename=filename, rows=parsed.rows,
                       problems=[p.as_dict() for p in parsed.problems])


def _load(token: str, user: Any) -> HistoryUpload:
    try:
        stored = _STORE.load(token, user)
    except UploadMissing:
        raise UploadGone(_GONE) from None
    except UploadExpired:
        raise UploadGone("上传已超过 1 小时，请重新上传文件。") from None
    return HistoryUpload(
        token=token, state=stored.state, user_id=stored.user_id, committee_id=stored.committee_id,
        filename=stored.filename, created_at=stored.created_at, rows=stored.rows,
        problems=[Problem(**p) for p in stored.problems], imported=stored.imported,
    )


def _confirm(upload: HistoryUpload, actor: Any, committee: Committee) -> history_import.HistoryImportResult:
    """Import once: the pending file is claimed by an atomic rename, so a second confirmation finds it gone."""
    if upload.state != "pending":
        raise AlreadyImported(f"该文件已导入（{upload.imported} 件），请勿重复提交。" if upload.state == "done"
                              else "该文件正在导入，请勿重复提交。")
    if upload.problems:
        raise ImportProblems(upload.problems)
    try:
        _STORE.claim(upload.token)
    except UploadTaken:
        raise AlreadyImported("该文件已导入，请勿重复提交。") from None
    try:
        result = history_import.history_import_commit(actor=actor, committee=committee, rows=upload.rows,
                                                      filename=upload.filename)
    except BaseException:
        _STORE.release(upload.token)  # not imported: give the upload back so the problems can be shown, and a retry
        raise
    _STORE.finish(upload.token, result.total)
    return result


# ---------------------------------------------------------------- the screens


def _gone(request: HttpRequest, exc: UploadGone) -> HttpResponse:
    return render(request, "front/error.html", {"title": "导入文件不存在", "message": str(exc)}, status=404)


@login_required
@require_http_methods(["GET", "POST"])
def history_upload(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.PROPOSAL_MANAGE, REFUSAL)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的 .xlsx 文件。"
        elif (upload.size or 0) > history_import.MAX_BYTES:
            error = f"文件超过 {history_import.MAX_BYTES // (1024 * 1024)} MB，请分批导入。"
        else:
            filename = upload.name or ""
            try:
                parsed = history_import.parse_history(upload, filename=filename)
            except FileRefused as exc:
                error = str(exc)
            else:
                token = _save(request.user, committee, filename, parsed)
                audit_record(actor=request.user, action="proposal.history_upload", obj=committee,
                             committee_id=committee.pk, detail=f"上传“{filename[:100]}”：{len(parsed.rows)} 行")
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
def history_preview(request: HttpRequest, token: str) -> HttpResponse:
    try:
        upload = _load(token, request.user)
    except UploadGone as exc:
        return _gone(request, exc)
    committee = get_object_or_404(Committee, pk=upload.committee_id)
    require(request.user, Cap.PROPOSAL_MANAGE, committee)
    context: dict[str, Any] = {"title": TITLE, "nav_active": "proposals", "committee": committee, "upload": upload}
    if request.method == "POST":
        try:
            result = _confirm(upload, request.user, committee)
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
        plan = (history_import.HistoryPlan(committee=committee, problems=list(upload.problems))
                if upload.problems else history_import.plan_history(committee=committee, rows=upload.rows))
        for row in plan.rows:
            row.state_label = State(row.fields["state"]).label  # type: ignore[attr-defined]
        context["plan"] = plan
    return render(request, "proposals/history_preview.html", context)
