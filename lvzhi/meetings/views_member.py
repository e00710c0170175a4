"""The member's screens: 我的会议 (invitations with sign-in and leave buttons, own speeches), the plain sign-in
page for a phone, and the leave request."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.accounts.permissions import Cap, deny
from lvzhi.meetings import selectors
from lvzhi.meetings.forms import CodeForm, LeaveForm
from lvzhi.meetings.models import SheetState
from lvzhi.meetings.services import attendance as services
from lvzhi.meetings.services.common import person_of
from lvzhi.meetings.views import partial_for

PAGE_SIZE = 20


def _member_only(request: HttpRequest) -> None:
    if person_of(request.user) is None:
        deny(request.user, detail=Cap.MEETING_ATTEND, message="只有委员本人可以使用“我的会议”。")


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    _member_only(request)
    today = timezone.localdate()
    lines = selectors.my_lines(request.user)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, partial_for(request, "meetings/mine.html", ("results",)), {
        "title": "我的会议", "nav_active": "meetings_mine", "page": page, "today": today,
        "speeches": list(selectors.speeches_for_user(request.user).filter(speaker=person_of(request.user))
                         .order_by("-date")[:20]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """A big plain page: type the code shown at the venue; the line it signs is found from the code."""
    _member_only(request)
    form = CodeForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            line = services.own_line_for_code(actor=request.user, code=form.cleaned_data["code"])
            line, already = services.attendance_sign_in(actor=request.user, attendance=line,
                                                        code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages) if hasattr(error, "error_dict")
                           else error.messages)
        else:
            done = {"line": line, "already": already}
    return render(request, "meetings/sign_in.html", {"title": "会议签到", "form": form, "done": done,
                                                     "nav_active": "meetings_mine"})


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for leave for one invitation."""
    _member_only(request)
    line = selectors.get_attendance_for_user(request.user, pk)
    if line.person_id != person_of(request.user).pk:  # type: ignore[union-attr]
        deny(request.user, detail="meetings.request_leave: not own line", obj=line.sheet,
             message="只能为自己请假。")
    form = LeaveForm(request.POST or None, initial={"reason": line.leave_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_request(actor=request.user, attendance=line, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "请假申请已提交，等待会务工作人员审批。")
            return redirect("meetings:mine")
    return render(request, "meetings/leave.html", {"title": "请假", "nav_active": "meetings_mine", "line": line,
                                                   "form": form, "closed": line.sheet.state == SheetState.CLOSED})
