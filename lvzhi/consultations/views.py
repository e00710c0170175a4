"""协商活动 screens: the list (search, filters, export), the member's own list, registering and editing an activity,
the activity page with its participants, materials, suggestions and their loop, and the outcome report."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.accounts.permissions import Cap, can, can_anywhere, committees_for
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.consultations import documents, workflow
from lvzhi.consultations.forms import ActivityFilterForm, ActivityForm
from lvzhi.consultations.models import (
    ConsultationActivity,
    InstructionLevel,
    Material,
    Participant,
    ParticipantKind,
    Suggestion,
    SuggestionStep,
)
from lvzhi.consultations.selectors import (
    activities_for_user,
    committee_for,
    filter_activities,
    get_activity_for_user,
    get_suggestion_for_user,
    my_activities,
)
from lvzhi.consultations.services import activities as activity_services
from lvzhi.consultations.services import materials as material_services
from lvzhi.consultations.services import suggestions as suggestion_services
from lvzhi.documents.downloads import file_response
from lvzhi.members.models import Membership, Person
from lvzhi.web.files import stored_file_response
from lvzhi.web.forms import error_text
from lvzhi.web.requests import posted_date, posted_version, render_partial

PAGE_SIZE = 30


def _list_context(request: HttpRequest, scope: str) -> tuple[dict[str, Any], QuerySet[ConsultationActivity]]:
    form = ActivityFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    committee = None
    if scope == "mine":
        qs = my_activities(request.user)
    else:
        committee = committee_for(request)
        qs = activities_for_user(request.user).filter(committee=committee)
    qs = filter_activities(qs, values).select_related("committee").order_by("-date", "-id")
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "committee": committee, "scope": scope, "query_string": query.urlencode(),
            "filtered": any(values.values()) if values else False}, qs


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    scope = "mine" if request.GET.get("scope") == "mine" else "all"
    if scope == "all" and not can_anywhere(request.user, Cap.CONSULTATION_VIEW) and hasattr(request.user, "person"):
        scope = "mine"
    context, qs = _list_context(request, scope)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    committee = context["committee"]
    context.update({
        "title": "我参加的协商活动" if scope == "mine" else "协商活动", "page": page,
        "committees": committees_for(request.user, Cap.CONSULTATION_VIEW) if scope == "all" else [],
        "can_manage": committee is not None and can(request.user, Cap.CONSULTATION_MANAGE, committee),
        "nav_active": "consultations_mine" if scope == "mine" else "consultations",
    })
    return render_partial(request, "consultations/list.html", ("results",), context)


@login_required
@require_GET
def activity_export(request: SignedInRequest) -> HttpResponse:
    scope = "mine" if request.GET.get("scope") == "mine" else "all"
    context, qs = _list_context(request, scope)
    committee = context["committee"]
    rows = list(qs[:20_000])
    audit_record(actor=request.user, action="consultations.export_activities", obj=committee,
                 committee_id=committee.pk if committee else None, detail=f"导出协商活动 {len(rows)} 次")
    name = committee.name if committee else "我参加的"
    return file_response(documents.activities_xlsx(rows), f"{name}协商活动-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: SignedInRequest) -> HttpResponse:
    committee = committee_for(request, Cap.CONSULTATION_MANAGE)
    form = ActivityForm(request.POST or None, committee=committee, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_services.activity_create(actor=request.user, committee=committee,
                                                         **_activity_values(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, f"已登记“{activity.title}”，请继续登记参加人员。")
            return redirect("consultations:detail", activity.pk)
    return render(request, "consultations/form.html", {"form": form, "committee": committee, "title": "登记协商活动",
                                                       "nav_active": "consultations"})


def _activity_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values["other_headcount"] = values.get("other_headcount") or 0
    return values


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    if not can(request.user, Cap.CONSULTATION_MANAGE, activity.committee):
        raise PermissionDenied("您没有权限修改该协商活动。")
    initial = {f: getattr(activity, f) for f in activity_services.EDITABLE}
    form = ActivityForm(request.POST or None, committee=activity.committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity_services.activity_update(actor=request.user, activity=activity,
                                              expected_version=posted_version(request),
                                              **_activity_values(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, "已保存。")
            return redirect("consultations:detail", activity.pk)
    return render(request, "consultations/form.html", {"form": form, "committee": activity.committee,
                                                       "activity": activity, "title": "修改协商活动",
                                                       "nav_active": "consultations"})


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    manage = can(request.user, Cap.CONSULTATION_MANAGE, activity.committee)
    steps = Prefetch("steps", queryset=SuggestionStep.objects.select_related("actor"))
    suggestions = list(activity.suggestions.prefetch_related(steps))
    for s in suggestions:
        s.moves = [m.name for m in workflow.SUGGESTION.allowed(s.state)] if manage else []  # type: ignore[attr-defined]
    participants = list(activity.participants.select_related("person"))
    context = {
        "activity": activity, "manage": manage, "participants": participants, "suggestions": suggestions,
        "materials": list(activity.materials.all()), "events": list(activity.events.select_related("actor")),
        "plan_items": list(activity.plan_items.select_related("plan")),
        "moves": [m for m in workflow.ACTIVITY.allowed(activity.state) if m.target] if manage else [],
        "can_participants": manage and workflow.ACTIVITY.can("participants", activity.state),
        "can_materials": manage and workflow.ACTIVITY.can("materials", activity.state),
        "can_suggest": manage and workflow.ACTIVITY.can("suggest", activity.state),
        "members": _member_choices(activity) if manage else [],
        "participant_kinds": ParticipantKind.choices, "instruction_levels": InstructionLevel.choices,
        "today": timezone.localdate(), "accept": material_services.ACCEPT,
        "person_times": len(participants) + activity.other_headcount,
        "title": activity.title, "nav_active": "consultations",
    }
    return render(request, "consultations/detail.html", context)


def _member_choices(activity: ConsultationActivity) -> list[Person]:
    taken = {p.person_id for p in activity.participants.all() if p.person_id}
    ids = Membership.objects.filter(committee=activity.committee, is_active=True).values("person_id")
    people = Person.objects.filter(pk__in=ids).order_by("stroke_key", "pk").only("pk", "name", "pinyin", "initials")[:500]
    return [p for p in people if p.pk not in taken]


def _participant(activity: ConsultationActivity, request: HttpRequest) -> Participant:
    raw = request.POST.get("participant", "")
    participant = activity.participants.filter(pk=int(raw)).select_related("activity").first() if raw.isdigit() else None
    if participant is None:
        raise Http404("未找到该参加人员。")
    return participant


def _add_participant(request: SignedInRequest, activity: ConsultationActivity) -> str:
    kind = request.POST.get("kind", "")
    person = None
    raw = request.POST.get("person", "")
    if kind == ParticipantKind.MEMBER and raw.isdigit():
        person = Person.objects.filter(pk=int(raw)).first()
    p = activity_services.participant_add(
        actor=request.user, activity=activity, kind=kind, person=person, name=request.POST.get("name", ""),
        unit=request.POST.get("unit", ""), spoke=bool(request.POST.get("spoke")),
        speech_title=request.POST.get("speech_title", ""), expected_version=posted_version(request))
    return f"已增加参加人员“{p.name}”。"


def _update_participant(request: SignedInRequest, activity: ConsultationActivity) -> str:
    p = activity_services.participant_update(actor=request.user, participant=_participant(activity, request),
                                             spoke=bool(request.POST.get("spoke")),
                                             speech_title=request.POST.get("speech_title", ""),
                                             expected_version=posted_version(request))
    return f"已更新“{p.name}”的发言情况。"


def _remove_participant(request: SignedInRequest, activity: ConsultationActivity) -> str:
    participant = _participant(activity, request)
    activity_services.participant_remove(actor=request.user, participant=participant,
                                         expected_version=posted_version(request))
    return f"已删除参加人员“{participant.name}”。"


def _add_suggestion(request: SignedInRequest, activity: ConsultationActivity) -> str:
    s = suggestion_services.suggestion_add(actor=request.user, activity=activity, text=request.POST.get("text", ""),
                                           expected_version=posted_version(request))
    return f"已登记第{s.number}条意见建议。"


STATE_MESSAGES = {"hold": "已确认活动举行，参加委员的履职档案已记录。", "unhold": "已撤销举行，相应履职记录已删除。",
                  "close": "活动已办结。", "reopen": "活动已重新打开。"}


def _state_move(request: SignedInRequest, activity: ConsultationActivity, action: str) -> str:
    user, version, reason = request.user, posted_version(request), request.POST.get("reason", "")
    if action == "hold":
        activity_services.activity_hold(actor=user, activity=activity, expected_version=version)
    elif action == "unhold":
        activity_services.activity_unhold(actor=user, activity=activity, reason=reason, expected_version=version)
    elif action == "close":
        activity_services.activity_close(actor=user, activity=activity, expected_version=version)
    else:
        activity_services.activity_reopen(actor=user, activity=activity, reason=reason, expected_version=version)
    return STATE_MESSAGES[action]


ACTIVITY_ACTIONS: dict[str, Callable[[SignedInRequest, ConsultationActivity], str]] = {
    **{name: (lambda r, a, name=name: _state_move(r, a, name)) for name in STATE_MESSAGES},  # type: ignore[misc]
    "participant_add": _add_participant,
    "participant_update": _update_participant,
    "participant_remove": _remove_participant,
    "suggest": _add_suggestion,
}
ANCHORS = {"participant_add": "participants", "participant_update": "participants", "participant_remove": "participants",
           "suggest": "suggestions"}


@login_required
@require_POST
def activity_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    handler = ACTIVITY_ACTIONS.get(action)
    if handler is None:
        raise Http404("未知的操作。")
    try:
        messages.success(request, handler(request, activity))
    except ValidationError as error:
        messages.error(request, error_text(error))
    anchor = ANCHORS.get(action, "")
    return redirect(reverse("consultations:detail", args=[activity.pk]) + (f"#{anchor}" if anchor else ""))


SUGGESTION_DONE = {
    "edit": "已保存修改", "send": "已报送", "adopt": "已采纳", "reject": "已登记为未采纳", "transform": "已登记转化成果",
    "feed_back": "已反馈参加人员", "instruct": "已登记领导批示", "follow_up": "已登记跟踪督办",
    "record_solved": "已登记解决问题数",
}


def _suggestion_move(request: SignedInRequest, s: Suggestion, action: str) -> str:
    user, version, post = request.user, posted_version(request), request.POST
    if action == "edit":
        suggestion_services.suggestion_update(actor=user, suggestion=s, text=post.get("text", ""),
                                              expected_version=version)
    elif action == "send":
        suggestion_services.suggestion_send(actor=user, suggestion=s, sent_to=post.get("sent_to", ""),
                                            date=posted_date(request), expected_version=version)  # type: ignore[arg-type]
    elif action in ("adopt", "reject"):
        suggestion_services.suggestion_decide(actor=user, suggestion=s, adopted=action == "adopt",
                                              date=posted_date(request), remarks=post.get("text", ""),  # type: ignore[arg-type]
                                              expected_version=version)
    elif action == "transform":
        suggestion_services.suggestion_transform(actor=user, suggestion=s, policy_document=post.get("text", ""),
                                                 date=posted_date(request), expected_version=version)  # type: ignore[arg-type]
    elif action == "feed_back":
        suggestion_services.suggestion_feed_back(actor=user, suggestion=s, text=post.get("text", ""),
                                                 date=posted_date(request), expected_version=version)  # type: ignore[arg-type]
    elif action == "instruct":
        suggestion_services.suggestion_instruct(actor=user, suggestion=s, level=post.get("level", ""),
                                                text=post.get("text", ""), date=posted_date(request),  # type: ignore[arg-type]
                                                expected_version=version)
    elif action == "follow_up":
        suggestion_services.suggestion_follow_up(actor=user, suggestion=s, text=post.get("text", ""),
                                                 date=posted_date(request), expected_version=version)  # type: ignore[arg-type]
    elif action == "record_solved":
        suggestion_services.suggestion_record_solved(actor=user, suggestion=s, count=post.get("count", ""),  # type: ignore[arg-type]
                                                     expected_version=version)
    else:
        raise Http404("未知的操作。")
    return f"第{s.number}条意见建议：{SUGGESTION_DONE[action]}。"


@login_required
@require_POST
def suggestion_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    suggestion = get_suggestion_for_user(request.user, pk)
    try:
        messages.success(request, _suggestion_move(request, suggestion, action))
    except ValidationError as error:
        messages.error(request, f"第{suggestion.number}条意见建议：{error_text(error)}")
    target = request.POST.get("next", "")
    if target == "tracking":
        return redirect(reverse("consultations:suggestions") + f"?committee={suggestion.committee_id}")
    return redirect(reverse("consultations:detail", args=[suggestion.activity_id]) + f"#s{suggestion.pk}")


@login_required
@require_POST
def material_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的材料。")
    else:
        try:
            material = material_services.material_add(actor=request.user, activity=activity, file=upload,
                                                      expected_version=posted_version(request))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"已上传材料“{material.name}”。")
    return redirect(reverse("consultations:detail", args=[activity.pk]) + "#materials")


def _material(activity: ConsultationActivity, material_id: int) -> Material:
    material = Material.objects.filter(activity=activity, pk=material_id).select_related("activity").first()
    if material is None:
        raise Http404("未找到该材料。")
    return material


@login_required
@require_POST
def material_remove(request: SignedInRequest, pk: int, material_id: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    material = _material(activity, material_id)
    try:
        material_services.material_remove(actor=request.user, material=material, expected_version=posted_version(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已删除材料“{material.name}”。")
    return redirect(reverse("consultations:detail", args=[activity.pk]) + "#materials")


@login_required
@require_GET
def material_download(request: HttpRequest, pk: int, material_id: int) -> FileResponse:
    material = _material(get_activity_for_user(request.user, pk), material_id)
    return stored_file_response(material.file, material.name, missing="材料文件已不存在。")


@login_required
@require_GET
def activity_report(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    return file_response(documents.activity_report_docx(activity), f"{activity.title[:60]}-协商成果.docx")
