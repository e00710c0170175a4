"""The member's screens: 我的会议 (invitations with sign-in and leave buttons, searched, filtered and exported;
own speeches), the plain sign-in page for a phone (also opened by the projector's QR code), the leave request."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.accounts.permissions import Cap, deny
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.meetings import documents, selectors
from lvzhi.meetings.forms import CodeForm, LeaveForm, MyMeetingsFilterForm
from lvzhi.meetings.models import Attendance, SheetState, Status
from lvzhi.meetings.services import attendance as services
from lvzhi.members.selectors import person_of
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 20


def _member_only(request: HttpRequest) -> None:
    if person_of(request.user) is None:
        deny(request.user, detail=Cap.MEETING_ATTEND, message="只有委员本人可以使用“我的会议”。")


def _my_list(request: HttpRequest) -> tuple[MyMeetingsFilterForm, Any]:
    person = person_of(request.user)
    years = [d.year for d in Attendance.objects.filter(person=person).dates("date", "year")]
    form = MyMeetingsFilterForm(request.GET, years=years)
    return form, selectors.my_lines(request.user, form.values())


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    _member_only(request)
    today = timezone.localdate()
    form, lines = _my_list(request)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render_partial(request, "meetings/mine.html", ("results",), {
        "title": "我的会议", "nav_active": "meetings_mine", "page": page, "today": today, "form": form,
        "filtered": bool(form.values()), "query_string": query_string(request),
        "speeches": list(selectors.speeches_for_user(request.user).filter(speaker=person_of(request.user))
                         .order_by("-date")[:20]),
    })
    return response


@login_required
@require_GET
def my_export(request: SignedInRequest) -> HttpResponse:
    """The member's own meetings as the list shows them (the same filters), for their own records."""
    _member_only(request)
    _, lines = _my_list(request)
    rows = list(lines)
    audit_record(actor=request.user, action="meetings.export_mine", detail=f"导出我的会议 {len(rows)} 场")
    return documents.xlsx(f"我的会议-{timezone.localdate():%Y%m%d}.xlsx", "我的会议", documents.MY_HEADERS,
                          documents.my_rows(rows))


def _code_errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return error.message_dict.get("code", error.messages)
    return error.messages


@login_required
@require_http_methods(["GET", "POST"])
def sign_in(request: SignedInRequest) -> HttpResponse:
    """A big plain page: type the code shown at the venue; the line it signs is found from the code.

    Scanning the projector's QR code opens this page as ?code=…: the code is checked at once (counted and audited
    like a typed one) and the member sees the meeting it is for and taps one button; a GET never signs in."""
    _member_only(request)
    done, confirm = None, None
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                line = services.own_line_for_code(actor=request.user, code=code,
                                                  scanned=request.POST.get("scanned") == "1")
                line, already = services.attendance_sign_in(actor=request.user, attendance=line, code=code)
            except ValidationError as error:
                form.add_error("code", _code_errors(error))
            else:
                done = {"line": line, "already": already}
    elif request.GET.get("code", "").strip():
        code = request.GET["code"].strip()[:12]
        form = CodeForm({"code": code})
        try:
            line = services.own_line_for_code(actor=request.user, code=code, scanned=True)
        except ValidationError as error:
            form.is_valid()
            form.add_error("code", _code_errors(error))
        else:
            if line.status == Status.PRESENT:
                done = {"line": line, "already": True}
            else:
                confirm = {"line": line, "code": code}
    else:
        form = CodeForm()
    return render(request, "meetings/sign_in.html", {"title": "会议签到", "form": form, "done": done,
                                                     "confirm": confirm, "nav_active": "meetings_mine"})


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: SignedInRequest, pk: int) -> HttpResponse:
    """Ask for leave for one invitation."""
    _member_only(request)
    line = selectors.get_attendance_for_user(request.user, pk)
    if line.person_id != person_of(request.user).pk:  # type: ignore[union-attr]
        deny(request.user, detail="meetings.request_leave: not own line", obj=line.sheet,
             message="只能为自己请假。")
    form = LeaveForm(request.POST or None, initial={"reason": line.leave_reason})
    if request.method == "POST" and form.is_valid():
        try:
            raw = request.POST.get("version", "")
            services.leave_request(actor=request.user, attendance=line, reason=form.cleaned_data["reason"],
                                   expected_version=int(raw) if raw.isdigit() else None)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "请假申请已提交，等待会务工作人员审批。")
            return redirect("meetings:mine")
    return render(request, "meetings/leave.html", {"title": "请假", "nav_active": "meetings_mine", "line": line,
                                                   "form": form, "closed": line.sheet.state == SheetState.CLOSED})
