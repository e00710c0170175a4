"""The 学习培训 API: sessions and their rolls, reading groups and their activities, the figures. Reads go through the
study selectors, every change through its one service, with the screens' checks."""
from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import CapabilityPermission, _handled, capability_for
from lvzhi.api.serializers import LineFigureSerializer, LineFiguresParamSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee
from lvzhi.meetings.models import AttendanceSheet
from lvzhi.members.models import Person
from lvzhi.study import selectors
from lvzhi.study.figures import HEADLINE, Period, Scope, study_figures
from lvzhi.study.models import (
    MemberRole,
    ReadingActivity,
    ReadingGroup,
    SessionKind,
    SessionState,
    StudySession,
)
from lvzhi.study.services import reading as reading_services
from lvzhi.study.services import sessions as session_services


class StudyPermission(CapabilityPermission):
    """A serving member holds no duty.view but reads their committee's sessions and groups: the selectors narrow
    what they get."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if (_handled(request, view) and capability_for(request, view) == Cap.DUTY_VIEW
                and selectors.member_committee_ids(request.user)):
            return True
        return super().has_permission(request, view)


class StudyViewSet(CapabilityViewSet):
    permission_classes = [IsAuthenticated, StudyPermission]


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=kwargs.pop("required", False), allow_blank=True, trim_whitespace=False,
                                 **kwargs)


class StudyVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的 version")


# ---------------------------------------------------------------- sessions


class StudySessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    days = serializers.IntegerField(allow_null=True, help_text="培训班的培训天数")
    place = serializers.CharField()
    organiser = serializers.CharField()
    speaker = serializers.CharField()
    state = serializers.ChoiceField(choices=SessionState.choices)
    state_label = serializers.CharField(source="get_state_display")
    sheet = serializers.IntegerField(source="sheet_id", allow_null=True, help_text="关联的签到表")
    members_present = serializers.IntegerField(help_text="出席委员（关联签到表的以签到表为准）")
    trainee_count = serializers.IntegerField(help_text="培训班非委员学员")
    non_member_count = serializers.IntegerField(help_text="非委员参加人次")
    person_times = serializers.IntegerField(help_text="参加人次")
    class_size = serializers.IntegerField(help_text="培训班学员人数（学员名单）")
    attended = serializers.SerializerMethodField(help_text="当前账号本人是否参加")
    version = serializers.IntegerField()

    def get_attended(self, obj: StudySession) -> bool:
        return obj.pk in self.context.get("attended", set())


class StudyTraineeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id", allow_null=True, help_text="委员的人员编号；非委员为 null")
    name = serializers.CharField(source="display_name")
    unit = serializers.CharField()


class StudySessionDetailSerializer(StudySessionSerializer):
    description = serializers.CharField()
    cancel_reason = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField(), help_text="出席或学员名单（仅姓名）")
    trainees = serializers.SerializerMethodField(help_text="本页登记的名单（工作人员可见）")

    def get_trainees(self, obj: StudySession) -> list[dict[str, Any]]:
        if not self.context.get("staff"):
            return []
        rows = obj.trainees.select_related("person").order_by("id")
        return [dict(StudyTraineeSerializer(t).data) for t in rows]


class StudySessionFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")
    kind = serializers.ChoiceField(required=False, choices=SessionKind.choices, help_text="类别")
    state = serializers.ChoiceField(required=False, choices=SessionState.choices, help_text="状态")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="主题、主讲人或组织单位")


class _StudySessionFieldsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices, help_text="类别")
    title = _text(help_text="主题")
    date = serializers.DateField(allow_null=True, help_text="日期（培训班为开班日期）")
    end_date = serializers.DateField(required=False, allow_null=True, help_text="结束日期（培训班为结业日期）")
    days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=366,
                                    help_text="培训班的培训天数，默认按起止日期计")
    place = _text(help_text="地点")
    organiser = _text(help_text="组织单位")
    speaker = _text(help_text="主讲人")
    description = _text(help_text="内容")
    non_member_count = serializers.IntegerField(required=False, min_value=0, max_value=100_000,
                                                help_text="非委员参加人次")


class StudySessionCreateSerializer(_StudySessionFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    title = _text(required=True, help_text="主题")
    held = serializers.BooleanField(required=False, default=False, help_text="已经举办（补登）")


class StudySessionUpdateSerializer(_StudySessionFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


class StudyCancelSerializer(StudyVersionSerializer):
    reason = _text(help_text="取消原因")


class StudyRollSerializer(StudyVersionSerializer):
    members = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(),
                                                 help_text="出席委员（培训班为委员学员）的人员编号，整体替换")
    non_member_count = serializers.IntegerField(required=False, min_value=0, max_value=100_000,
                                                help_text="非委员参加人次；不提交则不变")


class StudySheetLinkSerializer(StudyVersionSerializer):
    sheet = serializers.PrimaryKeyRelatedField(queryset=AttendanceSheet.objects.select_related("committee"),
                                               allow_null=True, help_text="签到表编号（学习培训类、同日）；null 取消关联")


class StudyTraineeAddSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                                                help_text="委员学员的人员编号")
    name = _text(help_text="非委员学员姓名（与 person 二选一）")
    unit = _text(help_text="工作单位")


@extend_schema_view(
    list=extend_schema(summary="学习培训", description="工作人员看本会（领导含下级）的学习培训，委员看本会的（名单仅含姓名）。",
                       parameters=[StudySessionFilterSerializer], responses={200: StudySessionSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="学习培训详情", responses={200: StudySessionDetailSerializer, **ERRORS}),
    create=extend_schema(summary="登记学习培训", request=StudySessionCreateSerializer,
                         responses={201: StudySessionDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改学习培训", description="只修改提交的字段；须提交 version。",
                                 request=StudySessionUpdateSerializer, responses={200: StudySessionDetailSerializer, **ERRORS}),
)
class SessionViewSet(mixins.ListModelMixin, StudyViewSet):
    serializer_class = StudySessionSerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {
        "list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": Cap.DUTY_MANAGE,
        "partial_update": Cap.DUTY_MANAGE, "hold": Cap.DUTY_MANAGE, "cancel": Cap.DUTY_MANAGE,
        "roll": Cap.DUTY_MANAGE, "sheet": Cap.DUTY_MANAGE, "trainees": Cap.DUTY_MANAGE,
        "trainee_remove": Cap.DUTY_MANAGE,
    }

    def get_queryset(self) -> QuerySet[StudySession]:
        if self.is_schema_request():
            return StudySession.objects.none()
        params = _parse(StudySessionFilterSerializer, self.request, self.request.query_params)
        qs = selectors.sessions_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        qs = selectors.filter_sessions(qs, kind=params.get("kind", ""), year=params.get("year"),
                                       state=params.get("state", ""), q=params.get("q", ""))
        return qs.select_related("sheet").order_by("-date", "-id")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not self.is_schema_request() and self.action == "list":
            context["attended"] = selectors.attended_session_ids(selectors.person_id(self.request.user),
                                                                 self.get_queryset())
        return context

    def _show(self, pk: int, status: int = 200) -> Response:
        user = self.request.user
        session = StudySession.objects.select_related("committee", "sheet").get(pk=pk)
        session.names = selectors.roll_names(session)  # type: ignore[attr-defined]
        context = {"staff": can(user, Cap.DUTY_VIEW, session.committee),
                   "attended": selectors.attended_session_ids(selectors.person_id(user),
                                                              StudySession.objects.filter(pk=pk))}
        return Response(StudySessionDetailSerializer(session, context=context).data, status=status)

    def _managed(self) -> StudySession:
        session = selectors.get_session_for_user(self.request.user, self.lookup_pk())
        require(self.request.user, Cap.DUTY_MANAGE, session.committee)
        return session

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_session_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(StudySessionCreateSerializer, request)
        session, status = create_for_request(request, "study.session_create", StudySession,
                                             lambda: session_services.session_create(actor=signed_in(request),
                                                                                     **data))
        return self._show(session.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudySessionUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        version = data.pop("version")
        session_services.session_update(actor=signed_in(request), session=session, expected_version=version, **data)
        return self._show(session.pk)

    @extend_schema(summary="确认已举办", description="确认后计入统计，本页名单中的委员记入履职档案。",
                   request=StudyVersionSerializer, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudyVersionSerializer, request)
        session_services.session_hold(actor=signed_in(request), session=session, expected_version=data["version"])
        return self._show(session.pk)

    @extend_schema(summary="取消学习培训", description="不再计入统计，本页名单写入的履职记录一并撤销。",
                   request=StudyCancelSerializer, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudyCancelSerializer, request)
        session_services.session_cancel(actor=signed_in(request), session=session, reason=data.get("reason", ""),
                                        expected_version=data["version"])
        return self._show(session.pk)

    @extend_schema(summary="登记出席名单", description="出席委员（培训班为委员学员）整体替换；已关联签到表的以签到表为准。",
                   request=StudyRollSerializer, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def roll(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudyRollSerializer, request)
        session_services.session_set_roll(actor=signed_in(request), session=session, members=data["members"],
                                          non_member_count=data.get("non_member_count"),
                                          expected_version=data["version"])
        return self._show(session.pk)

    @extend_schema(summary="关联签到表", description="出席以“会议与考勤”签到表的出席情况为准，履职记录由签到表记入。",
                   request=StudySheetLinkSerializer, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def sheet(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudySheetLinkSerializer, request)
        session_services.session_link_sheet(actor=signed_in(request), session=session, sheet=data["sheet"],
                                            expected_version=data["version"])
        return self._show(session.pk)

    @extend_schema(summary="增加培训班学员", description="委员（person）或非委员（name、unit）二选一。",
                   request=StudyTraineeAddSerializer, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def trainees(self, request: Request, pk: str) -> Response:
        session = self._managed()
        data = _parse(StudyTraineeAddSerializer, request)
        session_services.trainee_add(actor=signed_in(request), session=session, person=data.get("person"),
                                     name=data.get("name", ""), unit=data.get("unit", ""))
        return self._show(session.pk)

    @extend_schema(summary="移出培训班学员", request=None, responses={200: StudySessionDetailSerializer, **ERRORS})
    @action(detail=True, methods=["delete"], url_path=r"trainees/(?P<trainee_pk>\d+)")
    def trainee_remove(self, request: Request, pk: str, trainee_pk: str) -> Response:
        session = self._managed()
        trainee = selectors.get_trainee(session, int(trainee_pk))
        session_services.trainee_remove(actor=signed_in(request), trainee=trainee)
        return self._show(session.pk)


# ---------------------------------------------------------------- reading groups


class ReadingSeatSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    role = serializers.ChoiceField(choices=MemberRole.choices)


class ReadingGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    name = serializers.CharField()
    theme = serializers.CharField()
    founded_on = serializers.DateField()
    is_active = serializers.BooleanField()
    members = ReadingSeatSerializer(many=True, source="memberships.all", help_text="成员（仅姓名）")
    version = serializers.IntegerField()


class ReadingGroupFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    active = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="只看正常活动的")


class _ReadingGroupFieldsSerializer(serializers.Serializer):
    name = _text(help_text="读书群名称")
    theme = _text(help_text="读书主题")
    founded_on = serializers.DateField(allow_null=True, help_text="成立日期")
    leader = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                                                help_text="群主（人员编号）")
    members = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False,
                                                 help_text="成员（人员编号），整体替换")
    is_active = serializers.BooleanField(required=False, help_text="正常活动")


class ReadingGroupCreateSerializer(_ReadingGroupFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    name = _text(required=True, help_text="读书群名称")


class ReadingGroupUpdateSerializer(_ReadingGroupFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


_SEATS = Prefetch("memberships", queryset=ReadingGroup.members.through.objects.select_related("person")
                  .order_by("role", "person__stroke_key", "id"))


@extend_schema_view(
    list=extend_schema(summary="读书群", parameters=[ReadingGroupFilterSerializer],
                       responses={200: ReadingGroupSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="读书群详情", responses={200: ReadingGroupSerializer, **ERRORS}),
    create=extend_schema(summary="建立读书群", request=ReadingGroupCreateSerializer, responses={201: ReadingGroupSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改读书群", description="只修改提交的字段（成员整体替换）；须提交 version。",
                                 request=ReadingGroupUpdateSerializer, responses={200: ReadingGroupSerializer, **ERRORS}),
)
class ReadingGroupViewSet(mixins.ListModelMixin, StudyViewSet):
    serializer_class = ReadingGroupSerializer
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {"list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": Cap.DUTY_MANAGE,
                    "partial_update": Cap.DUTY_MANAGE}

    def get_queryset(self) -> QuerySet[ReadingGroup]:
        if self.is_schema_request():
            return ReadingGroup.objects.none()
        params = _parse(ReadingGroupFilterSerializer, self.request, self.request.query_params)
        qs = selectors.groups_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        if params.get("active") is not None:
            qs = qs.filter(is_active=params["active"])
        return qs.prefetch_related(_SEATS).order_by("committee_id", "name", "id")

    def _show(self, pk: int, status: int = 200) -> Response:
        group = ReadingGroup.objects.prefetch_related(_SEATS).get(pk=pk)
        return Response(ReadingGroupSerializer(group).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_group_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(ReadingGroupCreateSerializer, request)
        group, status = create_for_request(request, "study.group_create", ReadingGroup,
                                           lambda: reading_services.group_create(actor=signed_in(request), **data))
        return self._show(group.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        group = selectors.get_group_for_user(request.user, self.lookup_pk())
        require(request.user, Cap.DUTY_MANAGE, group.committee)
        data = _parse(ReadingGroupUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        seats = list(group.memberships.select_related("person"))
        values: dict[str, Any] = {
            "name": group.name, "theme": group.theme, "founded_on": group.founded_on, "is_active": group.is_active,
            "leader": next((m.person for m in seats if m.role == MemberRole.LEADER), None),
            "members": [m.person for m in seats if m.role == MemberRole.MEMBER],
        }
        version = data.pop("version")
        values.update(data)
        reading_services.group_update(actor=signed_in(request), group=group, expected_version=version, **values)
        return self._show(group.pk)


class ReadingActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.IntegerField(source="group_id")
    committee = serializers.IntegerField(source="committee_id")
    date = serializers.DateField()
    title = serializers.CharField()
    notes = serializers.CharField()
    participants = serializers.SerializerMethodField(help_text="参加成员（人员编号、姓名）")
    participant_count = serializers.IntegerField()
    version = serializers.IntegerField()

    def get_participants(self, obj: ReadingActivity) -> list[dict[str, Any]]:
        return [{"person": p.pk, "name": p.name} for p in obj.participants.all()]


class ReadingActivityFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    group = serializers.IntegerField(required=False, help_text="读书群编号")
    year = serializers.IntegerField(required=False, help_text="年度")


class _ReadingActivityFieldsSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True, help_text="活动日期")
    title = _text(help_text="活动名称，如 读书分享会")
    participants = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(),
                                                      help_text="参加成员（人员编号，须为读书群成员）")
    notes = _text(help_text="活动情况")


class ReadingActivityCreateSerializer(_ReadingActivityFieldsSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=ReadingGroup.objects.select_related("committee"),
                                               help_text="读书群编号")
    title = _text(required=True, help_text="活动名称，如 读书分享会")


class ReadingActivityUpdateSerializer(_ReadingActivityFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


class ReadingActivityDeleteSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的 version")


_PEOPLE = Prefetch("participants", queryset=Person.objects.order_by("stroke_key", "id"))


@extend_schema_view(
    list=extend_schema(summary="读书活动", parameters=[ReadingActivityFilterSerializer],
                       responses={200: ReadingActivitySerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="读书活动详情", responses={200: ReadingActivitySerializer, **ERRORS}),
    create=extend_schema(summary="登记读书活动", description="参加成员记入履职档案（学习培训）。",
                         request=ReadingActivityCreateSerializer, responses={201: ReadingActivitySerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改读书活动", description="只修改提交的字段（参加成员整体替换）；须提交 version。",
                                 request=ReadingActivityUpdateSerializer, responses={200: ReadingActivitySerializer, **ERRORS}),
    destroy=extend_schema(summary="删除误登记的读书活动", description="同时删除它写入的履职记录。",
                          parameters=[ReadingActivityDeleteSerializer], responses={204: None, **ERRORS}),
)
class ReadingActivityViewSet(mixins.ListModelMixin, StudyViewSet):
    serializer_class = ReadingActivitySerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {"list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": Cap.DUTY_MANAGE,
                    "partial_update": Cap.DUTY_MANAGE, "destroy": Cap.DUTY_MANAGE}

    def get_queryset(self) -> QuerySet[ReadingActivity]:
        if self.is_schema_request():
            return ReadingActivity.objects.none()
        params = _parse(ReadingActivityFilterSerializer, self.request, self.request.query_params)
        qs = selectors.activities_for_user(self.request.user)
        for key, field in (("committee", "committee_id"), ("group", "group_id"), ("year", "year")):
            if params.get(key):
                qs = qs.filter(**{field: params[key]})
        return qs.prefetch_related(_PEOPLE).order_by("-date", "-id")

    def _show(self, pk: int, status: int = 200) -> Response:
        activity = ReadingActivity.objects.prefetch_related(_PEOPLE).get(pk=pk)
        return Response(ReadingActivitySerializer(activity).data, status=status)

    def _managed(self) -> ReadingActivity:
        activity = selectors.get_activity_for_user(self.request.user, self.lookup_pk())
        require(self.request.user, Cap.DUTY_MANAGE, activity.committee)
        return activity

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_activity_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(ReadingActivityCreateSerializer, request)
        activity, status = create_for_request(request, "study.activity_create", ReadingActivity,
                                              lambda: reading_services.activity_create(actor=signed_in(request),
                                                                                       **data))
        return self._show(activity.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        activity = self._managed()
        data = _parse(ReadingActivityUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        values: dict[str, Any] = {"date": activity.date, "title": activity.title, "notes": activity.notes,
                                  "participants": list(activity.participants.all())}
        version = data.pop("version")
        values.update(data)
        reading_services.activity_update(actor=signed_in(request), activity=activity, expected_version=version,
                                         **values)
        return self._show(activity.pk)

    def destroy(self, request: Request, pk: str) -> Response:
        activity = self._managed()
        params = _parse(ReadingActivityDeleteSerializer, request, request.query_params)
        reading_services.activity_delete(actor=signed_in(request), activity=activity,
                                         expected_version=params.get("version"))
        return Response(status=204)


# ---------------------------------------------------------------- figures


class StudyFiguresParamSerializer(LineFiguresParamSerializer):
    pass


class StudyFigureSerializer(LineFigureSerializer):
    pass


class StudyKindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    sessions = serializers.IntegerField()
    person_times = serializers.IntegerField()


class StudyClassSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    date = serializers.CharField()
    days = serializers.IntegerField()
    size = serializers.IntegerField(help_text="学员人数")


@extend_schema_serializer(many=False)  # one set of figures, though served by the viewset's "list"
class StudyFiguresSerializer(serializers.Serializer):
    scope = serializers.CharField()
    period = serializers.CharField()
    figures = StudyFigureSerializer(many=True)
    by_kind = StudyKindSerializer(many=True)
    classes = StudyClassSerializer(many=True)


class StudyFiguresViewSet(StudyViewSet):
    permission_classes = [IsAuthenticated, CapabilityPermission]  # staff's figures: members read the lists
    capabilities = {"list": Cap.DUTY_VIEW}
    pagination_class = None

    @extend_schema(summary="学习培训统计", description="口径见 docs/study.md；与统计页面同一口径。",
                   parameters=[StudyFiguresParamSerializer], responses={200: StudyFiguresSerializer, **ERRORS})
    def list(self, request: Request) -> Response:
        d = _parse(StudyFiguresParamSerializer, request, request.query_params)
        committee = d["committee"]
        require(request.user, Cap.DUTY_VIEW, committee)
        subtree = d.get("include_subtree", False)
        if subtree:
            for c in Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk):
                require(request.user, Cap.DUTY_VIEW, c)
        if d.get("start") or d.get("end"):
            period = Period.between(d.get("start"), d.get("end"))
        else:
            period = Period.for_year(d.get("year") or timezone.localdate().year)
        f = study_figures(Scope(committee, include_subtree=subtree), period)
        return Response(StudyFiguresSerializer({
            "scope": f.scope.label, "period": f.period.label,
            "figures": [{"code": c, "label": label, "unit": unit, "value": getattr(f, c)} for c, label, unit in HEADLINE],
            "by_kind": [{"kind": k, "label": label, "sessions": n, "person_times": t} for k, label, n, t in f.kind_rows()],
            "classes": f.classes,
        }).data)


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("study-sessions", SessionViewSet, basename="api-study-session")
    router.register("reading-groups", ReadingGroupViewSet, basename="api-reading-group")
    router.register("reading-activities", ReadingActivityViewSet, basename="api-reading-activity")
    router.register("study-figures", StudyFiguresViewSet, basename="api-study-figures")
