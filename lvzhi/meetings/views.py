"""Staff screens of 会议与考勤: the sheet list with search and export, creating and editing a sheet, the sheet
page with its roll and actions, the projector page (code and QR code), the leave list with its export, and the
Word and Excel files."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.downloads import file_response
from lvzhi.meetings import documents, qr, selectors, workflow
from lvzhi.meetings.forms import InviteForm, LeaveFilterForm, SheetFilterForm, SheetForm
from lvzhi.meetings.models import AttendanceSheet, LeaveState, SheetState, Status
from lvzhi.meetings.selectors import committee_from_query
from lvzhi.meetings.services import attendance as attendance_services
from lvzhi.meetings.services import sheets as sheet_services
from lvzhi.web.requests import query_string, render_partial

PAGE_SIZE = 30


def _years(committee: Committee) -> list[int]:
    return list(AttendanceSheet.objects.filter(committee=committee).values_list("year", flat=True).distinct())


@login_required
@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request)
    form = SheetFilterForm(request.GET, years=_years(committee))
    qs = selectors.committee_sheets(request.user, committee, form.values())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": "会议考勤", "nav_active": "meetings", "committee": committee, "form": form, "page": page,
        "committees": committees_for(request.user, Cap.MEETING_VIEW), "filtered": bool(form.values()),
        "query_string": query_string(request, committee=str(committee.pk)),
        "can_manage": can(request.user, Cap.MEETING_MANAGE, committee),
    }
    response = render_partial(request, "meetings/list.html", ("results",), ctx)
    return response


@login_required
@require_GET
def sheet_export(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request)
    form = SheetFilterForm(request.GET, years=_years(committee))
    rows = list(selectors.committee_sheets(request.user, committee, form.values()))
    audit_record(actor=request.user, action="meetings.export_sheets", obj=committee, committee_id=committee.pk,
                 detail=f"导出会议考勤 {len(rows)} 场")
    return documents.xlsx(f"{committee.name}会议考勤-{timezone.localdate():%Y%m%d}.xlsx", "会议考勤",
                          documents.SHEET_HEADERS, documents.sheet_rows(rows))


@login_required
@require_http_methods(["GET", "POST"])
def sheet_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.MEETING_MANAGE)
    form = SheetForm(request.POST or None, committee=committee,
                     initial={"date": timezone.localdate(), "kind": request.GET.get("kind", "other")})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            sheet = sheet_services.sheet_create(actor=request.user, committee=committee, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "签到表已创建，请邀请参会人员。")
            return redirect("meetings:detail", pk=sheet.pk)
    return render(request, "meetings/form.html", {"title": "新建签到表", "nav_active": "meetings",
                                                  "committee": committee, "form": form, "sheet": None})


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    # Only meeting staff see the edit form: a member or a leader who may read the sheet is refused before the form.
    require(request.user, Cap.MEETING_MANAGE, sheet.committee)
    initial = {f: getattr(sheet, f) for f in sheet_services.SHEET_FIELDS} | {"version": sheet.version}
    form = SheetForm(request.POST or None, committee=sheet.committee, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            sheet_services.sheet_update(actor=request.user, sheet=sheet, expected_version=version, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "已保存。")
            return redirect("meetings:detail", pk=sheet.pk)
    return render(request, "meetings/form.html", {"title": "修改签到表", "nav_active": "meetings",
                                                  "committee": sheet.committee, "form": form, "sheet": sheet})


ROLL_PAGE_SIZE = 50


def _roll_filters(request: HttpRequest) -> tuple[str, str]:
    """The roll's ?status= (one of Status, else all) and ?name= (a name, pinyin or initials)."""
    status = request.GET.get("status", "")
    return (status if status in Status.values else ""), request.GET.get("name", "").strip()[:20]


@login_required
@require_GET
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sheet = selectors.get_sheet_for_user(user, pk)
    staff = selectors.can_view_roll(user, sheet)
    manage = can(user, Cap.MEETING_MANAGE, sheet.committee)
    status, name = _roll_filters(request)
    page = None
    if staff:
        lines = selectors.roll(sheet, {"status": status, "name": name})
        page = Paginator(lines, ROLL_PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "title": sheet.title, "nav_active": "meetings", "sheet": sheet, "staff": staff, "manage": manage,
        "page": page, "lines": list(page.object_list) if page is not None else [], "own": selectors.own_line(user, sheet),
        "statuses": Status.choices, "status": status, "name": name,
        "query_string": query_string(request), "roll_query": query_string(request, status=status, name=name),
        "sheet_moves": [m.name for m in workflow.allowed_moves(sheet.state, actor=workflow.Role.STAFF)]
        if manage else [],
        "pending_leave": list(selectors.roll(sheet).filter(leave_state=LeaveState.REQUESTED, status=Status.INVITED))
        if manage else [],
        "invite_form": InviteForm(committee=sheet.committee) if manage and sheet.state != SheetState.CLOSED else None,
        "events": list(sheet.events.select_related("actor")[:50])
        if staff else [],
        "rate_invited": f"{sheet.present_count * 100 / sheet.invited_count:.1f}%" if sheet.invited_count else "—",
        "rate_expected": (f"{sheet.present_count * 100 / (sheet.invited_count - sheet.excused_count):.1f}%"
                          if sheet.invited_count - sheet.excused_count > 0 else "—"),
        "is_today": sheet.date == timezone.localdate(),
    }
    return render_partial(request, "meetings/detail.html", ("roll-section",), ctx)


def _do(request: SignedInRequest, sheet: AttendanceSheet, action: str) -> str:
    """Run one action of the sheet page through its service; returns the message to show."""
    user, post = request.user, request.POST
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    line = None
    if post.get("line", "").isdigit():
        line = selectors.get_attendance_for_user(user, int(post["line"]))
        if line.sheet_id != sheet.pk:
            raise ValidationError("该人员不在本签到表中。")
    if action == "open":
        sheet_services.sheet_open(actor=user, sheet=sheet, expected_version=version)
        return f"已开始签到，签到码 {sheet.code}。"
    if action == "close":
        sheet_services.sheet_close(actor=user, sheet=sheet, expected_version=version)
        return "签到已结束，未签到人员记为缺席。"
    if action == "new_code":
        sheet_services.sheet_new_code(actor=user, sheet=sheet, expected_version=version)
        return f"已更换签到码：{sheet.code}。请刷新投屏页面，显示新的签到码和二维码；原二维码已失效。"
    if action == "invite":
        form = InviteForm(post, committee=sheet.committee)
        if not form.is_valid():
            raise ValidationError("请选择邀请范围。")
        added = sheet_services.sheet_invite(actor=user, sheet=sheet, scope=form.cleaned_data["scope"],
                                            people=list(form.cleaned_data["people"]), expected_version=version)
        return f"已邀请 {added} 人。" if added else "所选人员都已在邀请名单中。"
    if line is None:
        raise ValidationError("请选择人员。")
    if action == "staff_sign_in":
        _, already = attendance_services.attendance_staff_sign_in(actor=user, attendance=line,
                                                                  expected_version=version)
        return f"{line.person.name}已签到。" if already else f"已代{line.person.name}签到。"
    if action == "uninvite":
        sheet_services.attendance_uninvite(actor=user, attendance=line, expected_version=version)
        return f"已取消邀请{line.person.name}。"
    if action == "decide_leave":
        approve = post.get("decision") == "approve"
        if not approve and post.get("decision") != "reject":
            raise ValidationError("请选择批准或不批准。")
        attendance_services.leave_decide(actor=user, attendance=line, approve=approve,
                                         remarks=post.get("remarks", ""), expected_version=version)
        return f"已{'批准' if approve else '不批准'}{line.person.name}的请假。"
    if action == "correct":
        attendance_services.attendance_correct(actor=user, attendance=line, status=post.get("status", ""),
                                               reason=post.get("reason", ""), expected_version=version)
        return f"已更正{line.person.name}的出席情况。"
    raise ValidationError("未知的操作。")


@login_required
@require_POST
def sheet_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    try:
        text = _do(request, sheet, action)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, text)
    back = request.POST.get("next", "")
    if back.startswith("/meetings/"):
        return redirect(back)
    return redirect("meetings:detail", pk=sheet.pk)


@login_required
@require_GET
def sheet_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The sign-in code, big, for a projector at the venue, with a QR code of the member's sign-in page.

    Both follow the sheet as it is now: a new code shows on the next load, and nothing is shown once sign-in
    has closed or outside the meeting day (when the code would be refused anyway). The page does not refresh
    itself: polling would keep the staff session alive forever on an unattended venue computer."""
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, Cap.MEETING_MANAGE, sheet.committee)
    is_open = sheet.state == SheetState.OPEN
    valid_today = is_open and bool(sheet.code) and sheet.date == timezone.localdate()
    url = qr.sign_in_url(request, sheet.code) if valid_today else ""
    return render(request, "meetings/code.html", {
        "title": f"{sheet.title} 签到码", "sheet": sheet, "open": is_open, "valid_today": valid_today,
        "sign_in_url": url, "qr_svg": qr.qr_svg(qr.sign_in_qr(url)) if url else "",
    })


def _roll_for_staff(request: HttpRequest, pk: int, filters: dict[str, str] | None = None
                    ) -> tuple[AttendanceSheet, list[Any]]:
    sheet = selectors.get_sheet_for_user(request.user, pk)
    require(request.user, Cap.MEETING_VIEW, sheet.committee)
    return sheet, list(selectors.roll(sheet, filters))


@login_required
@require_GET
def sheet_docx(request: SignedInRequest, pk: int) -> HttpResponse:
    sheet, lines = _roll_for_staff(request, pk)
    audit_record(actor=request.user, action="meetings.export_docx", obj=sheet, detail="导出签到表（Word）")
    return file_response(documents.sheet_docx(sheet, lines), f"{sheet.title}签到表.docx")


@login_required
@require_GET
def sheet_roll_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    """The roll as the page shows it: the same status and name filters."""
    status, name = _roll_filters(request)
    sheet, lines = _roll_for_staff(request, pk, {"status": status, "name": name})
    narrowed = "、".join(part for part in (Status(status).label if status else "", name) if part)
    audit_record(actor=request.user, action="meetings.export_roll", obj=sheet,
                 detail=f"导出出席情况（Excel）{len(lines)} 人" + (f"，筛选：{narrowed}" if narrowed else ""))
    return documents.xlsx(f"{sheet.title}出席情况.xlsx", "出席情况", documents.ROLL_HEADERS,
                          documents.roll_rows(lines))


def _leave_list(request: HttpRequest) -> tuple[Committee, LeaveFilterForm, Any]:
    committee = committee_from_query(request, Cap.MEETING_MANAGE)
    form = LeaveFilterForm(request.GET, years=_years(committee))
    return committee, form, selectors.leave_queue(request.user, committee, form.values())


@login_required
@require_GET
def leave_queue(request: HttpRequest) -> HttpResponse:
    """请假审批: the waiting requests by default; the decided ones too, searched and filtered, for the record."""
    committee, form, qs = _leave_list(request)
    values = form.values()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render_partial(request, "meetings/leave_queue.html", ("results",), {
        "title": "请假审批", "nav_active": "meetings_leave", "committee": committee, "page": page, "form": form,
        "committees": committees_for(request.user, Cap.MEETING_MANAGE), "pending": not values.get("state"),
        "filtered": bool(set(values) - {"state"}), "query_string": query_string(request, committee=str(committee.pk)),
    })
    return response


@login_required
@require_GET
def leave_export(request: SignedInRequest) -> HttpResponse:
    committee, form, qs = _leave_list(request)
    rows = list(qs)
    audit_record(actor=request.user, action="meetings.export_leave", obj=committee, committee_id=committee.pk,
                 detail=f"导出请假记录 {len(rows)} 条")
    return documents.xlsx(f"{committee.name}请假记录-{timezone.localdate():%Y%m%d}.xlsx", "请假记录",
                          documents.LEAVE_HEADERS, documents.leave_rows(rows))
