"""Speeches (大会发言、书面发言 ...): the list with search and export, recording one, removing one."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.permissions import Cap, can, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.meetings import documents, selectors
from lvzhi.meetings.forms import SpeechFilterForm, SpeechForm
from lvzhi.meetings.models import Speech
from lvzhi.meetings.selectors import committee_from_query
from lvzhi.meetings.services.speeches import speech_create, speech_delete
from lvzhi.web.files import stored_file_response
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 30


def _years(committee_id: int) -> list[int]:
    return list(Speech.objects.filter(committee_id=committee_id).values_list("year", flat=True).distinct())


@login_required
@require_GET
def speech_list(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request)
    form = SpeechFilterForm(request.GET, years=_years(committee.pk), committee=committee)
    qs = selectors.committee_speeches(request.user, committee, form.values())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_partial(request, "meetings/speeches.html", ("results",), {
        "title": "会议发言", "nav_active": "meetings_speeches", "committee": committee, "form": form,
        "page": page, "committees": committees_for(request.user, Cap.MEETING_VIEW), "filtered": bool(form.values()),
        "query_string": query_string(request, committee=str(committee.pk)),
        "can_manage": can(request.user, Cap.MEETING_MANAGE, committee),
    })


@login_required
@require_GET
def speech_export(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request)
    form = SpeechFilterForm(request.GET, years=_years(committee.pk), committee=committee)
    rows = list(selectors.committee_speeches(request.user, committee, form.values()).select_related("session__term"))
    audit_record(actor=request.user, action="meetings.export_speeches", obj=committee, committee_id=committee.pk,
                 detail=f"导出会议发言 {len(rows)} 篇")
    return documents.xlsx(f"{committee.name}会议发言-{timezone.localdate():%Y%m%d}.xlsx", "会议发言",
                          documents.SPEECH_HEADERS, documents.speech_rows(rows))


@login_required
@require_http_methods(["GET", "POST"])
def speech_new(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.MEETING_MANAGE)
    form = SpeechForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            speech_create(actor=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "发言已登记。")
            return redirect(f"/meetings/speeches/?committee={committee.pk}")
    return render(request, "meetings/speech_form.html", {"title": "登记发言", "nav_active": "meetings_speeches",
                                                         "committee": committee, "form": form})


@login_required
@require_POST
def speech_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    speech = selectors.get_speech_for_user(request.user, pk)
    committee_id = speech.committee_id
    speech_delete(actor=request.user, speech=speech)
    messages.success(request, "发言已删除。")
    return redirect(f"/meetings/speeches/?committee={committee_id}")


@login_required
@require_GET
def speech_file(request: HttpRequest, pk: int) -> FileResponse:
    speech = selectors.get_speech_for_user(request.user, pk)
    if not speech.file:
        raise Http404("该发言没有上传发言稿。")
    return stored_file_response(speech.file, speech.file.name.rsplit("/", 1)[-1], missing="发言稿文件已不存在。")
