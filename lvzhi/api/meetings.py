"""The 会议与考勤 API: reads through the meeting selectors, every action through its one service."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, can_anywhere, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee, Meeting, Session
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.meetings import selectors
from lvzhi.meetings.figures import MeetingFigures, Period, Scope, meeting_figures
from lvzhi.meetings.models import (
    Attendance,
    AttendanceSheet,
    SheetKind,
    SheetState,
    Speech,
    SpeechKind,
    Status,
)
from lvzhi.meetings.services import attendance as attendance_services
from lvzhi.meetings.services import sheets as sheet_services
from lvzhi.meetings.services.sheets import INVITE_SCOPES
from lvzhi.meetings.services.speeches import speech_create, speech_delete
from lvzhi.members.models import Person
from lvzhi.members.selectors import person_of

# Members reach their own invitations, staff and leaders their committees': the selectors sort out which rows.
SHEET_READ = (Cap.MEETING_VIEW, Cap.MEETING_ATTEND)




def _committee_param(request: Request, name: str = "committee") -> Committee | None:
    raw = request.query_params.get(name, "")
    return get_committee_or_404(raw) if raw else None


# ---------------------------------------------------------------------------------------------------------
# Serializers


class MeetingSheetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    committee_id = serializers.IntegerField(read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    session_id = serializers.IntegerField(read_only=True, allow_null=True)
    meeting_id = serializers.IntegerField(read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    start_time = serializers.TimeField(read_only=True, allow_null=True)
    end_time = serializers.TimeField(read_only=True, allow_null=True)
    place = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    invited_count = serializers.IntegerField(read_only=True, help_text="应到（邀请人数）")
    present_count = serializers.IntegerField(read_only=True)
    excused_count = serializers.IntegerField(read_only=True)
    absent_count = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    code = serializers.SerializerMethodField(help_text="签到码：仅会务工作人员在签到期间可见")

    def get_code(self, obj: AttendanceSheet) -> str | None:
        user = self.context["request"].user
        if obj.state == SheetState.OPEN and can(user, Cap.MEETING_MANAGE, obj.committee):
            return obj.code
        return None


class MeetingAttendanceSerializer(serializers.Serializer):
    """One person's line, by name only (no phone or ID number)."""

    id = serializers.IntegerField(read_only=True)
    sheet_id = serializers.IntegerField(read_only=True)
    sheet_title = serializers.CharField(source="sheet.title", read_only=True)
    date = serializers.DateField(read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    signed_in_at = serializers.DateTimeField(read_only=True, allow_null=True)
    sign_in_method = serializers.CharField(read_only=True)
    leave_state = serializers.CharField(read_only=True)
    leave_reason = serializers.CharField(read_only=True)
    leave_remarks = serializers.CharField(read_only=True)
    remarks = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class MeetingSheetCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), label="政协组织")
    kind = serializers.ChoiceField(choices=SheetKind.choices, label="类型")
    title = serializers.CharField(required=False, allow_blank=True, max_length=400, label="名称")
    date = serializers.DateField(required=False, allow_null=True, label="日期")
    start_time = serializers.TimeField(required=False, allow_null=True, label="开始时间")
    end_time = serializers.TimeField(required=False, allow_null=True, label="结束时间")
    place = serializers.CharField(required=False, allow_blank=True, max_length=400, label="地点")
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True,
                                                 label="全体会议")
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True,
                                                 label="常委会议/主席会议")


class MeetingSheetUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=400)
    date = serializers.DateField(required=False)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=400)
    version = serializers.IntegerField(required=False, help_text="读取时的版本号，防止覆盖他人的修改")


class MeetingInviteSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时签到表的版本号")
    scope = serializers.ChoiceField(choices=INVITE_SCOPES, label="邀请范围")
    people = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), many=True, required=False,
                                                label="指定人员")


class MeetingVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的版本号")


class MeetingCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12, label="签到码")


class MeetingLeaveSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的版本号")
    reason = serializers.CharField(allow_blank=True, max_length=2000, label="请假事由")


class MeetingLeaveDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label="是否批准")
    remarks = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="审批意见")
    version = serializers.IntegerField(required=False)


class MeetingCorrectSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s, Status(s).label) for s in
                                              (Status.PRESENT, Status.EXCUSED, Status.ABSENT)], label="更正为")
    reason = serializers.CharField(allow_blank=True, max_length=2000, label="更正理由")
    version = serializers.IntegerField(required=False)


class MeetingSignInResultSerializer(serializers.Serializer):
    already = serializers.BooleanField(help_text="此前已签到（重复提交）")
    message = serializers.CharField()
    attendance = MeetingAttendanceSerializer()


class MeetingSpeechSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    committee_id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(read_only=True)
    speaker_id = serializers.IntegerField(read_only=True, allow_null=True)
    speaker_name = serializers.CharField(read_only=True, help_text="发言委员姓名或发言单位")
    organisation = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    session_id = serializers.IntegerField(read_only=True, allow_null=True)
    meeting_id = serializers.IntegerField(read_only=True, allow_null=True)
    sheet_id = serializers.IntegerField(read_only=True, allow_null=True)
    has_file = serializers.SerializerMethodField()

    def get_has_file(self, obj: Speech) -> bool:
        return bool(obj.file)


class MeetingSpeechCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), label="政协组织")
    kind = serializers.ChoiceField(choices=SpeechKind.choices, label="发言类型")
    title = serializers.CharField(allow_blank=True, max_length=400, label="题目")
    date = serializers.DateField(required=False, allow_null=True, label="日期")
    speaker = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                                                 label="发言委员")
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=400, label="发言单位")
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)
    sheet = serializers.PrimaryKeyRelatedField(queryset=AttendanceSheet.objects.all(), required=False,
                                               allow_null=True)
    file = serializers.FileField(required=False, allow_null=True, label="发言稿")


class MeetingTotalsSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    present = serializers.IntegerField()
    excused = serializers.IntegerField()
    absent = serializers.IntegerField()
    pending = serializers.IntegerField()
    rate_of_invited = serializers.SerializerMethodField(help_text="出席率（出席÷应到），百分数")
    rate_of_expected = serializers.SerializerMethodField(help_text="出席率（出席÷（应到−请假）），百分数")

    def get_rate_of_invited(self, obj: Any) -> str | None:
        p = obj.rate_of_invited.percent
        return str(p) if p is not None else None

    def get_rate_of_expected(self, obj: Any) -> str | None:
        p = obj.rate_of_expected.percent
        return str(p) if p is not None else None


class MeetingNamedCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class MeetingPersonRefSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()


class MeetingMemberTotalsSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    totals = MeetingTotalsSerializer()


@extend_schema_serializer(many=False)  # one set of figures, though served by the viewset's "list"
class MeetingFiguresSerializer(serializers.Serializer):
    scope = serializers.CharField()
    period = serializers.CharField()
    held = serializers.IntegerField(help_text="召开会议（活动）次数")
    by_kind = serializers.DictField(child=serializers.IntegerField(), help_text="按类型的次数")
    totals = MeetingTotalsSerializer()
    training_count = serializers.IntegerField()
    training_person_times = serializers.IntegerField()
    speeches_by_kind = serializers.DictField(child=serializers.IntegerField())
    speeches_by_member = MeetingNamedCountSerializer(many=True)
    speeches_by_organisation = MeetingNamedCountSerializer(many=True)
    members = MeetingMemberTotalsSerializer(many=True)
    plenary_only = MeetingPersonRefSerializer(many=True, help_text="只出席全体会议的委员（“年委员”提示）")
    per_member = serializers.BooleanField(help_text="是否逐人统计；含下级政协时为 false，members 和 plenary_only 为空")


def figures_data(f: MeetingFigures) -> dict[str, Any]:
    return {
        "scope": f.scope.label, "period": f.period.label, "held": f.held, "by_kind": f.by_kind, "totals": f.totals,
        "training_count": f.training_count, "training_person_times": f.training_person_times,
        "speeches_by_kind": f.speeches_by_kind,
        "speeches_by_member": [{"name": n, "count": c} for n, c in f.speeches_by_member],
        "speeches_by_organisation": [{"name": n, "count": c} for n, c in f.speeches_by_organisation],
        "members": [{"person_id": m.person_id, "name": m.name, "totals": m.totals} for m in f.members],
        "plenary_only": [{"person_id": pid, "name": name} for pid, name in f.plenary_only],
        "per_member": f.per_member,
    }


SHEET = OpenApiResponse(MeetingSheetSerializer, description="操作后的签到表")
LINE = OpenApiResponse(MeetingAttendanceSerializer, description="操作后的出席记录")
FILTERS = [
    OpenApiParameter("committee", int, description="政协组织（工作人员、领导）"),
    OpenApiParameter("year", int, description="年度"),
    OpenApiParameter("kind", str, description="类型"),
    OpenApiParameter("state", str, description="状态：draft / open / closed"),
    OpenApiParameter("q", str, description="名称或地点（简繁体均可）"),
]


# ---------------------------------------------------------------------------------------------------------
# Sheets


@extend_schema_view(
    list=extend_schema(summary="签到表", description="工作人员、领导：所选政协组织的签到表（须指定 committee）；"
                                                   "委员：本人受邀的会议。", parameters=FILTERS,
                       responses={200: MeetingSheetSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="签到表详情", responses={200: MeetingSheetSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
    create=extend_schema(summary="新建签到表", request=MeetingSheetCreateSerializer, responses={201: MeetingSheetSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改签到表", request=MeetingSheetUpdateSerializer,
                                 responses={200: MeetingSheetSerializer, **ERRORS}),
)
class MeetingSheetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = MeetingSheetSerializer
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {
        "list": SHEET_READ, "retrieve": SHEET_READ, "roll": Cap.MEETING_VIEW, "create": Cap.MEETING_MANAGE,
        "partial_update": Cap.MEETING_MANAGE, "invite": Cap.MEETING_MANAGE, "open": Cap.MEETING_MANAGE,
        "new_code": Cap.MEETING_MANAGE, "close": Cap.MEETING_MANAGE,
    }

    def get_queryset(self) -> QuerySet[AttendanceSheet]:
        if self.is_schema_request():
            return AttendanceSheet.objects.none()
        committee = _committee_param(self.request)
        params = {k: self.request.query_params.get(k, "") for k in ("year", "kind", "state", "q")}
        if params["year"] and not params["year"].isdigit():
            params["year"] = ""
        if committee is not None:
            qs = selectors.committee_sheets(self.request.user, committee, params)
        else:
            qs = selectors.sheets_for_user(self.request.user)
            if params["year"]:
                qs = qs.filter(year=int(params["year"]))
            for key in ("kind", "state"):
                if params[key]:
                    qs = qs.filter(**{key: params[key]})
        return qs.select_related("committee").order_by("-date", "-id")

    def get_object(self) -> AttendanceSheet:
        return selectors.get_sheet_for_user(self.request.user, self.lookup_pk())

    def _show(self, sheet: AttendanceSheet, status: int = 200) -> Response:
        fresh = selectors.get_sheet_for_user(self.request.user, sheet.pk)
        return Response(MeetingSheetSerializer(fresh, context=self.get_serializer_context()).data, status=status)

    def create(self, request: Request) -> Response:
        data = _parse(MeetingSheetCreateSerializer, request)
        committee = data.pop("committee")
        sheet, status = create_for_request(request, "meetings.sheet_create", AttendanceSheet,
                                           lambda: sheet_services.sheet_create(actor=signed_in(request), committee=committee,
                                                                               **data))
        return self._show(sheet, status)

    def partial_update(self, request: Request, pk: str) -> Response:
        sheet = self.get_object()
        data = _parse(MeetingSheetUpdateSerializer, request)
        version = data.pop("version", None)
        sheet_services.sheet_update(actor=signed_in(request), sheet=sheet, expected_version=version, **data)
        return self._show(sheet)

    @extend_schema(summary="出席名单", description="签到表的全部出席记录（会务工作人员、领导）。",
                   responses={200: MeetingAttendanceSerializer(many=True), 403: ERRORS[403], 404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole roll, never paged
    def roll(self, request: Request, pk: str) -> Response:
        sheet = self.get_object()
        require(request.user, Cap.MEETING_VIEW, sheet.committee)
        lines = selectors.roll(sheet).select_related("sheet")
        return Response(MeetingAttendanceSerializer(lines, many=True).data)

    def _move(self, parser: type[serializers.Serializer] | None,
              call: Callable[[AttendanceSheet, dict[str, Any]], Any]) -> Response:
        sheet = self.get_object()
        data = _parse(parser, self.request) if parser is not None else {}
        call(sheet, data)
        return self._show(sheet)

    @extend_schema(summary="邀请参会人员", description="从本届名册邀请：全体委员、常委、主席会议成员或指定人员；"
                                                     "已在名单中的人员不重复邀请。", request=MeetingInviteSerializer,
                   responses={200: SHEET, **ERRORS})
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str) -> Response:
        return self._move(MeetingInviteSerializer, lambda s, d: sheet_services.sheet_invite(
            actor=signed_in(request), sheet=s, scope=d["scope"], people=d.get("people", []), expected_version=d.get("version")))

    @extend_schema(summary="开始签到", description="生成 6 位签到码，仅在会议当天、签到期间有效。",
                   request=MeetingVersionSerializer, responses={200: SHEET, **ERRORS})
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str) -> Response:
        return self._move(MeetingVersionSerializer, lambda s, d: sheet_services.sheet_open(
            actor=signed_in(request), sheet=s, expected_version=d.get("version")))

    @extend_schema(summary="更换签到码", request=MeetingVersionSerializer, responses={200: SHEET, **ERRORS})
    @action(detail=True, methods=["post"], url_path="new-code")
    def new_code(self, request: Request, pk: str) -> Response:
        return self._move(MeetingVersionSerializer, lambda s, d: sheet_services.sheet_new_code(
            actor=signed_in(request), sheet=s, expected_version=d.get("version")))

    @extend_schema(summary="结束签到", description="未签到的人员记为缺席；有待审批的请假时不能结束。",
                   request=MeetingVersionSerializer, responses={200: SHEET, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._move(MeetingVersionSerializer, lambda s, d: sheet_services.sheet_close(
            actor=signed_in(request), sheet=s, expected_version=d.get("version")))


# ---------------------------------------------------------------------------------------------------------
# Attendance lines


class MeetingAttendanceFilterSerializer(serializers.Serializer):
    sheet = serializers.IntegerField(required=False, min_value=1, help_text="签到表编号")
    member = serializers.IntegerField(required=False, min_value=1, help_text="委员（人员编号）")
    status = serializers.ChoiceField(required=False, choices=Status.choices, help_text="出席情况")
    committee = serializers.IntegerField(required=False, min_value=1, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度")


@extend_schema_view(
    list=extend_schema(summary="出席记录", description="委员看本人的出席记录；会务工作人员看本会（领导含下级）各签到表的出席记录。"
                                                    "可按签到表、委员、出席情况、政协组织和年度筛选；会议日期由近及远。",
                       parameters=[MeetingAttendanceFilterSerializer],
                       responses={200: MeetingAttendanceSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]}),
    retrieve=extend_schema(summary="出席记录", responses={200: MeetingAttendanceSerializer, 403: ERRORS[403],
                                                          404: ERRORS[404]}),
)
class MeetingAttendanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = MeetingAttendanceSerializer
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    http_method_names = ["get", "head", "post"]
    capabilities = {
        "list": SHEET_READ, "retrieve": SHEET_READ, "sign_in": Cap.MEETING_ATTEND,
        "leave": Cap.MEETING_ATTEND, "staff_sign_in": Cap.MEETING_MANAGE, "leave_decision": Cap.MEETING_MANAGE,
        "correct": Cap.MEETING_MANAGE, "uninvite": Cap.MEETING_MANAGE,
    }

    def get_queryset(self) -> QuerySet[Attendance]:
        if self.is_schema_request():
            return Attendance.objects.none()
        filters = _parse(MeetingAttendanceFilterSerializer, self.request, self.request.query_params)
        return selectors.lines_for_user(self.request.user, filters)

    def get_object(self) -> Attendance:
        return selectors.get_attendance_for_user(self.request.user, self.lookup_pk())

    def _line(self, line: Attendance) -> Response:
        fresh = selectors.get_attendance_for_user(self.request.user, line.pk)
        return Response(MeetingAttendanceSerializer(fresh).data)

    @extend_schema(summary="输入签到码签到", description="委员本人在会议当天输入会场公布的签到码；重复签到返回“您已签到”。",
                   request=MeetingCodeSerializer, responses={200: MeetingSignInResultSerializer, **ERRORS})
    @action(detail=False, methods=["post"], url_path="sign-in")
    def sign_in(self, request: Request) -> Response:
        code = _parse(MeetingCodeSerializer, request)["code"]
        line = attendance_services.own_line_for_code(actor=signed_in(request), code=code)
        line, already = attendance_services.attendance_sign_in(actor=signed_in(request), attendance=line, code=code)
        return Response({"already": already, "message": "您已签到" if already else "签到成功",
                         "attendance": MeetingAttendanceSerializer(line).data})

    @extend_schema(summary="请假", description="委员本人在会议之前提出，由会务工作人员审批。", request=MeetingLeaveSerializer,
                   responses={200: LINE, **ERRORS})
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = _parse(MeetingLeaveSerializer, request)
        attendance_services.leave_request(actor=signed_in(request), attendance=line, reason=data["reason"],
                                          expected_version=data.get("version"))
        return self._line(line)

    @extend_schema(summary="代为签到", request=MeetingVersionSerializer, responses={200: LINE, **ERRORS})
    @action(detail=True, methods=["post"], url_path="staff-sign-in")
    def staff_sign_in(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = _parse(MeetingVersionSerializer, request)
        attendance_services.attendance_staff_sign_in(actor=signed_in(request), attendance=line,
                                                     expected_version=data.get("version"))
        return self._line(line)

    @extend_schema(summary="审批请假", description="批准后记为请假；不批准须填写意见。", request=MeetingLeaveDecisionSerializer,
                   responses={200: LINE, **ERRORS})
    @action(detail=True, methods=["post"], url_path="leave-decision")
    def leave_decision(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = _parse(MeetingLeaveDecisionSerializer, request)
        attendance_services.leave_decide(actor=signed_in(request), attendance=line, approve=data["approve"],
                                         remarks=data.get("remarks", ""), expected_version=data.get("version"))
        return self._line(line)

    @extend_schema(summary="更正出席情况", description="须说明理由，记入审计日志。", request=MeetingCorrectSerializer,
                   responses={200: LINE, **ERRORS})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = _parse(MeetingCorrectSerializer, request)
        attendance_services.attendance_correct(actor=signed_in(request), attendance=line, status=data["status"],
                                               reason=data["reason"], expected_version=data.get("version"))
        return self._line(line)

    @extend_schema(summary="取消邀请", request=MeetingVersionSerializer,
                   responses={204: OpenApiResponse(description="已取消"), **ERRORS})
    @action(detail=True, methods=["post"])
    def uninvite(self, request: Request, pk: str) -> Response:
        line = self.get_object()
        data = _parse(MeetingVersionSerializer, request)
        sheet_services.attendance_uninvite(actor=signed_in(request), attendance=line, expected_version=data.get("version"))
        return Response(status=204)


# ---------------------------------------------------------------------------------------------------------
# Speeches and figures


@extend_schema_view(
    list=extend_schema(summary="会议发言", parameters=FILTERS[:3] + FILTERS[4:],
                       description="工作人员、领导：所选政协组织的发言；委员：本人的发言。",
                       responses={200: MeetingSpeechSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="发言详情", responses={200: MeetingSpeechSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
    create=extend_schema(summary="登记发言", description="发言委员与发言单位二者选一；委员发言记入履职档案。",
                         request={"application/json": MeetingSpeechCreateSerializer,
                                  "multipart/form-data": MeetingSpeechCreateSerializer},
                         responses={201: MeetingSpeechSerializer, **ERRORS}),
    destroy=extend_schema(summary="删除发言", responses={204: OpenApiResponse(description="已删除"), **ERRORS}),
)
class MeetingSpeechViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = MeetingSpeechSerializer
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "head", "post", "delete"]
    capabilities = {
        "list": SHEET_READ, "retrieve": SHEET_READ, "create": Cap.MEETING_MANAGE, "destroy": Cap.MEETING_MANAGE,
    }

    def get_queryset(self) -> QuerySet[Speech]:
        if self.is_schema_request():
            return Speech.objects.none()
        committee = _committee_param(self.request)
        params = {k: self.request.query_params.get(k, "") for k in ("year", "kind", "q")}
        if params["year"] and not params["year"].isdigit():
            params["year"] = ""
        if committee is not None:
            return selectors.committee_speeches(self.request.user, committee, params)
        person = person_of(self.request.user)
        qs = selectors.speeches_for_user(self.request.user)
        if person is not None and not can_anywhere(self.request.user, Cap.MEETING_VIEW):
            qs = qs.filter(speaker=person)
        return qs.select_related("speaker").order_by("-date", "-id")

    def get_object(self) -> Speech:
        return selectors.get_speech_for_user(self.request.user, self.lookup_pk())

    def create(self, request: Request) -> Response:
        data = _parse(MeetingSpeechCreateSerializer, request)
        committee = data.pop("committee")
        speech, status = create_for_request(request, "meetings.speech_create", Speech,
                                            lambda: speech_create(actor=signed_in(request), committee=committee, **data))
        return Response(MeetingSpeechSerializer(speech).data, status=status)

    def destroy(self, request: Request, pk: str) -> Response:
        speech_delete(actor=signed_in(request), speech=self.get_object())
        return Response(status=204)


def _date_param(request: Request, name: str) -> datetime.date | None:
    raw = request.query_params.get(name, "")
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@extend_schema_view(
    list=extend_schema(
        summary="会议考勤统计", description="与统计页面相同的口径（见 docs/meetings.md）：召开次数、邀请/出席/请假/缺席人次、"
                                            "两种出席率、学习培训、发言、委员出席情况。",
        parameters=[OpenApiParameter("committee", int, description="政协组织（默认第一个有权查看的）"),
                    OpenApiParameter("subtree", bool, description="含下级"),
                    OpenApiParameter("year", int, description="年度（默认今年）"),
                    OpenApiParameter("start", datetime.date, description="起始日期（与 end 一起代替年度）"),
                    OpenApiParameter("end", datetime.date, description="截止日期")],
        responses={200: MeetingFiguresSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
)
class MeetingFiguresViewSet(CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    capabilities = {"list": Cap.MEETING_VIEW}
    serializer_class = MeetingFiguresSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[AttendanceSheet]:
        return AttendanceSheet.objects.none()

    def list(self, request: Request) -> Response:
        from lvzhi.accounts.permissions import committees_for

        committee = _committee_param(request) or committees_for(request.user, Cap.MEETING_VIEW).first()
        if committee is None:
            require(request.user, Cap.MEETING_VIEW, None)
        assert committee is not None
        require(request.user, Cap.MEETING_VIEW, committee)
        start, end = _date_param(request, "start"), _date_param(request, "end")
        year = request.query_params.get("year", "")
        if start or end:
            period = Period.between(start, end)
        else:
            period = Period.for_year(int(year) if year.isdigit() and 2000 <= int(year) <= 2100
                                     else timezone.localdate().year)
        scope = Scope(committee, include_subtree=request.query_params.get("subtree") in ("1", "true"))
        return Response(MeetingFiguresSerializer(figures_data(meeting_figures(scope, period))).data)


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("meeting-sheets", MeetingSheetViewSet, basename="api-meeting-sheet")
    router.register("meeting-attendances", MeetingAttendanceViewSet, basename="api-meeting-attendance")
    router.register("meeting-speeches", MeetingSpeechViewSet, basename="api-meeting-speech")
    router.register("meeting-figures", MeetingFiguresViewSet, basename="api-meeting-figures")
