"""The 协商 API: reads through the consultation selectors, every write through its one service."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
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
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee, SpecialCommittee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.consultations.figures import HEADLINE, Period, Scope, consultation_figures, plan_progress
from lvzhi.consultations.models import (
    ActivityState,
    ConsultationActivity,
    ConsultationPlan,
    Form,
    InstructionLevel,
    Material,
    ParticipantKind,
    PlanItem,
    Suggestion,
    SuggestionState,
    SuggestionStep,
)
from lvzhi.consultations.selectors import (
    activities_for_user,
    filter_suggestions,
    get_activity_for_user,
    get_plan_for_user,
    get_suggestion_for_user,
    my_activities,
    suggestions_for_user,
)
from lvzhi.consultations.services import activities as activity_services
from lvzhi.consultations.services import materials as material_services
from lvzhi.consultations.services import plans as plan_services
from lvzhi.consultations.services import suggestions as suggestion_services
from lvzhi.consultations.services.common import search_key
from lvzhi.members.models import Person

# Members reach the activity and suggestion lists too (their own); the selectors decide which rows.
READ = (Cap.CONSULTATION_VIEW, Cap.MEETING_ATTEND)


def _committee(request: Request, cap: str = Cap.CONSULTATION_VIEW) -> Committee:
    raw = request.query_params.get("committee", "") or str(request.data.get("committee", "") if request.data else "")
    committee = Committee.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if committee is None:
        raise Http404("请用 committee 参数指定政协组织。")
    require(request.user, cap, committee)
    return committee




# ------------------------------------------------------------------------------------------------ serializers


class ConsultationParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    person_id = serializers.IntegerField(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    spoke = serializers.BooleanField(read_only=True)
    speech_title = serializers.CharField(read_only=True)


class ConsultationStepSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    date = serializers.DateField(read_only=True)
    text = serializers.CharField(read_only=True)
    instruction_level = serializers.CharField(read_only=True)


class ConsultationSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    activity_id = serializers.IntegerField(read_only=True)
    committee_id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    sent_to = serializers.CharField(read_only=True)
    sent_on = serializers.DateField(read_only=True, allow_null=True)
    adopted = serializers.BooleanField(read_only=True, allow_null=True)
    policy_document = serializers.CharField(read_only=True)
    fed_back_on = serializers.DateField(read_only=True, allow_null=True)
    problems_solved = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    steps = ConsultationStepSerializer(many=True, read_only=True)


class ConsultationActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    committee_id = serializers.IntegerField(read_only=True)
    form = serializers.CharField(read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    title = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    place = serializers.CharField(read_only=True)
    organiser = serializers.CharField(read_only=True)
    station_name = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    other_headcount = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class ConsultationMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    uploaded_at = serializers.DateTimeField(read_only=True)


class ConsultationActivityDetailSerializer(ConsultationActivitySerializer):
    summary = serializers.CharField(read_only=True)
    special_committee_id = serializers.IntegerField(read_only=True, allow_null=True)
    participants = ConsultationParticipantSerializer(many=True, read_only=True)
    suggestions = ConsultationSuggestionSerializer(many=True, read_only=True)
    materials = ConsultationMaterialSerializer(many=True, read_only=True)


class ConsultationActivityUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的 version")
    form = serializers.ChoiceField(choices=Form.choices)
    title = serializers.CharField(max_length=400, allow_blank=True)
    date = serializers.DateField()
    place = serializers.CharField(allow_blank=True)
    organiser = serializers.CharField(allow_blank=True)
    special_committee = serializers.IntegerField(allow_null=True, help_text="专门委员会编号")
    station_name = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    other_headcount = serializers.IntegerField(min_value=0)


class ConsultationVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConsultationParticipantUpdateSerializer(ConsultationVersionSerializer):
    participant = serializers.IntegerField(help_text="参加人员编号")
    spoke = serializers.BooleanField(help_text="是否发言")
    speech_title = serializers.CharField(required=False, allow_blank=True, default="", help_text="发言题目")


class ConsultationMaterialUploadSerializer(ConsultationVersionSerializer):
    file = serializers.FileField(help_text="PDF、Word、Excel、图片或文本")


class ConsultationSuggestionUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text="意见建议内容")
    version = serializers.IntegerField(help_text="读取时的 version")


class ConsultationActivityCreateSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    form = serializers.ChoiceField(choices=Form.choices)
    title = serializers.CharField(max_length=400, allow_blank=True)
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    organiser = serializers.CharField(required=False, allow_blank=True, default="")
    special_committee = serializers.IntegerField(required=False, allow_null=True, default=None)
    station_name = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    other_headcount = serializers.IntegerField(required=False, min_value=0, default=0)


class ConsultationReasonSerializer(ConsultationVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


class ConsultationParticipantAddSerializer(ConsultationVersionSerializer):
    kind = serializers.ChoiceField(choices=ParticipantKind.choices)
    person = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="政协委员的人员编号")
    name = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.CharField(required=False, allow_blank=True, default="")
    spoke = serializers.BooleanField(required=False, default=False)
    speech_title = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationParticipantRemoveSerializer(ConsultationVersionSerializer):
    participant = serializers.IntegerField()


class ConsultationSuggestionAddSerializer(ConsultationVersionSerializer):
    activity = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)


class ConsultationSendSerializer(ConsultationVersionSerializer):
    sent_to = serializers.CharField(allow_blank=True)
    date = serializers.DateField()


class ConsultationDecideSerializer(ConsultationVersionSerializer):
    adopted = serializers.BooleanField()
    date = serializers.DateField()
    remarks = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationTransformSerializer(ConsultationVersionSerializer):
    policy_document = serializers.CharField(allow_blank=True)
    date = serializers.DateField()


class ConsultationTextDateSerializer(ConsultationVersionSerializer):
    text = serializers.CharField(allow_blank=True)
    date = serializers.DateField()


class ConsultationInstructSerializer(ConsultationTextDateSerializer):
    level = serializers.ChoiceField(choices=InstructionLevel.choices)


class ConsultationSolvedSerializer(ConsultationVersionSerializer):
    count = serializers.IntegerField()


class ConsultationPlanItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    topic = serializers.CharField(read_only=True)
    form = serializers.CharField(read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    lead_body = serializers.CharField(read_only=True)
    planned_month = serializers.IntegerField(read_only=True)
    activity_id = serializers.IntegerField(read_only=True, allow_null=True)


class ConsultationPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    committee_id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    approved_by = serializers.CharField(read_only=True)
    approved_on = serializers.DateField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    items = serializers.SerializerMethodField(help_text="议题及完成情况（done 已完成 / pending 未开展 / overdue 已逾期）")

    def get_items(self, plan: ConsultationPlan) -> list[dict[str, Any]]:
        return [{**ConsultationPlanItemSerializer(p.item).data, "status": p.status} for p in plan_progress(plan)]


class ConsultationPlanCreateSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationPlanItemAddSerializer(ConsultationVersionSerializer):
    topic = serializers.CharField(allow_blank=True)
    form = serializers.ChoiceField(choices=Form.choices)
    planned_month = serializers.IntegerField()
    lead_body = serializers.CharField(required=False, allow_blank=True, default="")
    special_committee = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConsultationApproveSerializer(ConsultationVersionSerializer):
    approved_by = serializers.CharField(allow_blank=True)
    approved_on = serializers.DateField()


class ConsultationLinkSerializer(ConsultationVersionSerializer):
    item = serializers.IntegerField()
    activity = serializers.IntegerField(required=False, allow_null=True, default=None)


# ------------------------------------------------------------------------------------------------ activities

COMMITTEE_PARAM = OpenApiParameter("committee", int, description="政协组织编号（不填：所有可查看的）")


@extend_schema_view(
    list=extend_schema(summary="协商活动列表", description="与列表页面相同的筛选；委员只看到自己参加的活动（mine=1 同）。",
                       parameters=[COMMITTEE_PARAM, OpenApiParameter("year", int), OpenApiParameter("form", str),
                                   OpenApiParameter("state", str), OpenApiParameter("q", str, description="搜索"),
                                   OpenApiParameter("mine", str)],
                       responses={200: ConsultationActivitySerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="协商活动详情", responses={200: ConsultationActivityDetailSerializer, 403: ERRORS[403],
                                                              404: ERRORS[404]}),
    create=extend_schema(summary="登记协商活动", request=ConsultationActivityCreateSerializer,
                         responses={201: ConsultationActivityDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改协商活动", description="只修改提交的字段（办结后不能修改）；须提交 version。",
                                 request=ConsultationActivityUpdateSerializer,
                                 responses={200: ConsultationActivityDetailSerializer, **ERRORS}),
)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = ConsultationActivitySerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {
        "list": READ, "retrieve": READ, "create": Cap.CONSULTATION_MANAGE,
        "partial_update": Cap.CONSULTATION_MANAGE,
        "hold": Cap.CONSULTATION_MANAGE, "unhold": Cap.CONSULTATION_MANAGE, "close": Cap.CONSULTATION_MANAGE,
        "reopen": Cap.CONSULTATION_MANAGE, "participants": Cap.CONSULTATION_MANAGE,
        "remove_participant": Cap.CONSULTATION_MANAGE, "update_participant": Cap.CONSULTATION_MANAGE,
        "material_add": Cap.CONSULTATION_MANAGE, "material_remove": Cap.CONSULTATION_MANAGE,
    }

    def get_queryset(self) -> QuerySet[ConsultationActivity]:
        if self.is_schema_request():
            return ConsultationActivity.objects.none()
        params = self.request.query_params
        qs = my_activities(self.request.user) if params.get("mine") else activities_for_user(self.request.user)
        if params.get("committee", "").isdigit():
            qs = qs.filter(committee_id=int(params["committee"]))
        if params.get("year", "").isdigit():
            qs = qs.filter(year=int(params["year"]))
        if params.get("form") in Form.values:
            qs = qs.filter(form=params["form"])
        if params.get("state") in ActivityState.values:
            qs = qs.filter(state=params["state"])
        for word in search_key(params.get("q", "")).split()[:5]:
            qs = qs.filter(search_text__contains=word)
        return qs.order_by("-date", "-id")

    def get_object(self) -> ConsultationActivity:
        return get_activity_for_user(self.request.user, self.lookup_pk())

    def _show(self, activity_id: int, status: int = 200) -> Response:
        steps = Prefetch("steps", queryset=SuggestionStep.objects.order_by("date", "id"))
        activity = get_activity_for_user(self.request.user, activity_id)
        activity = (ConsultationActivity.objects.prefetch_related("participants", "materials",
                                                                  Prefetch("suggestions", queryset=Suggestion.objects
                                                                           .prefetch_related(steps)))
                    .get(pk=activity.pk))
        return Response(ConsultationActivityDetailSerializer(activity).data, status=status)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._show(self.lookup_pk())

    def create(self, request: Request) -> Response:
        data = _parse(ConsultationActivityCreateSerializer, request)
        committee = get_committee_or_404(data.pop("committee"))
        special_id = data.pop("special_committee")
        special = SpecialCommittee.objects.filter(pk=special_id).first() if special_id else None
        activity, status = create_for_request(
            request, "consultations.activity_create", ConsultationActivity, lambda: activity_services.activity_create(
                actor=signed_in(request), committee=committee, special_committee=special, **data))
        return self._show(activity.pk, status)

    def _move(self, parser: type[serializers.Serializer],
              call: Callable[[ConsultationActivity, dict[str, Any]], Any]) -> Response:
        activity = self.get_object()
        call(activity, _parse(parser, self.request))
        return self._show(activity.pk)

    def partial_update(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        data = _parse(ConsultationActivityUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        version = data.pop("version")
        if "special_committee" in data:
            special_id = data.pop("special_committee")
            data["special_committee"] = SpecialCommittee.objects.filter(pk=special_id).first() if special_id else None
        activity_services.activity_update(actor=signed_in(request), activity=activity, expected_version=version, **data)
        return self._show(activity.pk)

    def _participant(self, activity: ConsultationActivity, pk: int) -> Any:
        participant = activity.participants.filter(pk=pk).first()
        if participant is None:
            raise Http404("未找到该参加人员。")
        return participant

    @extend_schema(summary="更新参加人员的发言情况", request=ConsultationParticipantUpdateSerializer,
                   responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="update-participant")
    def update_participant(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationParticipantUpdateSerializer, lambda a, d: activity_services.participant_update(
            actor=signed_in(request), participant=self._participant(a, d["participant"]), spoke=d["spoke"],
            speech_title=d["speech_title"], expected_version=d["version"]))

    @extend_schema(summary="上传活动材料", description="PDF、Word、Excel、图片或文本；上传记入审计日志。",
                   request={"multipart/form-data": ConsultationMaterialUploadSerializer},
                   responses={201: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="materials", parser_classes=[MultiPartParser, FormParser])
    def material_add(self, request: Request, pk: str) -> Response:
        activity = self.get_object()
        data = _parse(ConsultationMaterialUploadSerializer, request)
        material_services.material_add(actor=signed_in(request), activity=activity, file=data["file"],
                                       expected_version=data["version"])
        return self._show(activity.pk, 201)

    @extend_schema(summary="删除活动材料", request=None, responses={200: ConsultationActivityDetailSerializer, **ERRORS},
                   parameters=[OpenApiParameter("version", int, description="读取时活动的 version，防止覆盖他人的修改")])
    @action(detail=True, methods=["delete"], url_path=r"materials/(?P<material_id>\d+)")
    def material_remove(self, request: Request, pk: str, material_id: str) -> Response:
        activity = self.get_object()
        material = Material.objects.filter(activity=activity, pk=int(material_id)).select_related("activity").first()
        if material is None:
            raise Http404("未找到该材料。")
        version = _parse(ConsultationVersionSerializer, request, request.query_params)["version"]
        material_services.material_remove(actor=signed_in(request), material=material, expected_version=version)
        return self._show(activity.pk)

    @extend_schema(summary="确认已举行", request=ConsultationVersionSerializer, responses={200: ConsultationActivityDetailSerializer, **ERRORS},
                   description="参加活动的委员记入履职档案。")
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationVersionSerializer, lambda a, d: activity_services.activity_hold(
            actor=signed_in(request), activity=a, expected_version=d["version"]))

    @extend_schema(summary="撤销举行", request=ConsultationReasonSerializer, responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def unhold(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationReasonSerializer, lambda a, d: activity_services.activity_unhold(
            actor=signed_in(request), activity=a, reason=d["reason"], expected_version=d["version"]))

    @extend_schema(summary="办结活动", request=ConsultationVersionSerializer, responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationVersionSerializer, lambda a, d: activity_services.activity_close(
            actor=signed_in(request), activity=a, expected_version=d["version"]))

    @extend_schema(summary="重新打开", request=ConsultationReasonSerializer, responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationReasonSerializer, lambda a, d: activity_services.activity_reopen(
            actor=signed_in(request), activity=a, reason=d["reason"], expected_version=d["version"]))

    @extend_schema(summary="增加参加人员", request=ConsultationParticipantAddSerializer,
                   responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str) -> Response:
        def add(a: ConsultationActivity, d: dict[str, Any]) -> Any:
            person_id = d.pop("person")
            person = Person.objects.filter(pk=person_id).first() if person_id else None
            version = d.pop("version")
            return activity_services.participant_add(actor=signed_in(request), activity=a, person=person,
                                                     expected_version=version, **d)
        return self._move(ConsultationParticipantAddSerializer, add)

    @extend_schema(summary="删除参加人员", request=ConsultationParticipantRemoveSerializer,
                   responses={200: ConsultationActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="remove-participant")
    def remove_participant(self, request: Request, pk: str) -> Response:
        def remove(a: ConsultationActivity, d: dict[str, Any]) -> Any:
            participant = a.participants.filter(pk=d["participant"]).first()
            if participant is None:
                raise Http404("未找到该参加人员。")
            return activity_services.participant_remove(actor=signed_in(request), participant=participant,
                                                        expected_version=d["version"])
        return self._move(ConsultationParticipantRemoveSerializer, remove)


# ------------------------------------------------------------------------------------------------ suggestions

SUGGESTION_MOVED = OpenApiResponse(ConsultationSuggestionSerializer, description="操作后的意见建议")


def _suggestion_schema(summary: str, request: Any) -> Callable[[Any], Any]:
    return extend_schema(summary=summary, request=request, responses={200: SUGGESTION_MOVED, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="意见建议", description="默认只列未闭环（未反馈）的；state=all 为全部。",
                       parameters=[COMMITTEE_PARAM, OpenApiParameter("state", str), OpenApiParameter("year", int),
                                   OpenApiParameter("activity", int),
                                   OpenApiParameter("form", str, description="产生意见建议的活动的协商形式"),
                                   OpenApiParameter("q", str, description="检索意见建议内容（简繁互通）")],
                       responses={200: ConsultationSuggestionSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="意见建议详情", responses={200: ConsultationSuggestionSerializer, 403: ERRORS[403],
                                                              404: ERRORS[404]}),
    create=extend_schema(summary="登记意见建议", request=ConsultationSuggestionAddSerializer,
                         responses={201: ConsultationSuggestionSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改意见建议内容", description="报送之前可以修改；须提交 version。",
                                 request=ConsultationSuggestionUpdateSerializer, responses={200: SUGGESTION_MOVED, **ERRORS}),
)
class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = ConsultationSuggestionSerializer
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {"list": READ, "retrieve": READ, **{name: Cap.CONSULTATION_MANAGE for name in (
        "create", "partial_update", "send", "decide", "transform", "feed_back", "instruct", "follow_up", "solved")}}

    def get_queryset(self) -> QuerySet[Suggestion]:
        if self.is_schema_request():
            return Suggestion.objects.none()
        params = self.request.query_params
        qs = suggestions_for_user(self.request.user)
        if params.get("committee", "").isdigit():
            qs = qs.filter(committee_id=int(params["committee"]))
        if params.get("activity", "").isdigit():
            qs = qs.filter(activity_id=int(params["activity"]))
        year = params.get("year", "")
        state = params.get("state", "")
        qs = filter_suggestions(
            qs, q=params.get("q", ""), year=int(year) if year.isdigit() else None,
            state=state if state in SuggestionState.values or state == "all" else "",
            form=params.get("form", "") if params.get("form") in Form.values else "")
        return qs.prefetch_related("steps").order_by("-id")

    def get_object(self) -> Suggestion:
        return get_suggestion_for_user(self.request.user, self.lookup_pk())

    def _show(self, pk: int, status: int = 200) -> Response:
        return Response(ConsultationSuggestionSerializer(get_suggestion_for_user(self.request.user, pk)).data, status=status)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._show(self.lookup_pk())

    def create(self, request: Request) -> Response:
        data = _parse(ConsultationSuggestionAddSerializer, request)
        activity = get_activity_for_user(request.user, data["activity"])
        suggestion, status = create_for_request(request, "consultations.suggestion_add", Suggestion, lambda: (
            suggestion_services.suggestion_add(actor=signed_in(request), activity=activity, text=data["text"],
                                               expected_version=data["version"])))
        return self._show(suggestion.pk, status)

    def _move(self, parser: type[serializers.Serializer], call: Callable[[Suggestion, dict[str, Any]], Any]) -> Response:
        suggestion = self.get_object()
        call(suggestion, _parse(parser, self.request))
        return self._show(suggestion.pk)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationSuggestionUpdateSerializer, lambda s, d: suggestion_services.suggestion_update(
            actor=signed_in(request), suggestion=s, text=d["text"], expected_version=d["version"]))

    @_suggestion_schema("报送", ConsultationSendSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationSendSerializer, lambda s, d: suggestion_services.suggestion_send(
            actor=signed_in(request), suggestion=s, sent_to=d["sent_to"], date=d["date"], expected_version=d["version"]))

    @_suggestion_schema("登记采纳情况", ConsultationDecideSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationDecideSerializer, lambda s, d: suggestion_services.suggestion_decide(
            actor=signed_in(request), suggestion=s, adopted=d["adopted"], date=d["date"], remarks=d["remarks"],
            expected_version=d["version"]))

    @_suggestion_schema("登记转化成果", ConsultationTransformSerializer)
    @action(detail=True, methods=["post"])
    def transform(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationTransformSerializer, lambda s, d: suggestion_services.suggestion_transform(
            actor=signed_in(request), suggestion=s, policy_document=d["policy_document"], date=d["date"],
            expected_version=d["version"]))

    @_suggestion_schema("反馈参加人员", ConsultationTextDateSerializer)
    @action(detail=True, methods=["post"], url_path="feed-back")
    def feed_back(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationTextDateSerializer, lambda s, d: suggestion_services.suggestion_feed_back(
            actor=signed_in(request), suggestion=s, text=d["text"], date=d["date"], expected_version=d["version"]))

    @_suggestion_schema("登记领导批示", ConsultationInstructSerializer)
    @action(detail=True, methods=["post"])
    def instruct(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationInstructSerializer, lambda s, d: suggestion_services.suggestion_instruct(
            actor=signed_in(request), suggestion=s, level=d["level"], text=d["text"], date=d["date"],
            expected_version=d["version"]))

    @_suggestion_schema("登记跟踪督办", ConsultationTextDateSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationTextDateSerializer, lambda s, d: suggestion_services.suggestion_follow_up(
            actor=signed_in(request), suggestion=s, text=d["text"], date=d["date"], expected_version=d["version"]))

    @_suggestion_schema("登记解决问题数", ConsultationSolvedSerializer)
    @action(detail=True, methods=["post"])
    def solved(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationSolvedSerializer, lambda s, d: suggestion_services.suggestion_record_solved(
            actor=signed_in(request), suggestion=s, count=d["count"], expected_version=d["version"]))


# ------------------------------------------------------------------------------------------------ plans

PLAN_MOVED = OpenApiResponse(ConsultationPlanSerializer, description="操作后的计划")


def _plan_schema(summary: str, request: Any) -> Callable[[Any], Any]:
    return extend_schema(summary=summary, request=request, responses={200: PLAN_MOVED, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="年度协商计划", parameters=[COMMITTEE_PARAM, OpenApiParameter("year", int)],
                       responses={200: ConsultationPlanSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="协商计划详情（含完成情况）", responses={200: ConsultationPlanSerializer, 403: ERRORS[403],
                                                                    404: ERRORS[404]}),
    create=extend_schema(summary="新建年度协商计划", request=ConsultationPlanCreateSerializer,
                         responses={201: ConsultationPlanSerializer, **ERRORS}),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = ConsultationPlanSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.CONSULTATION_VIEW, "retrieve": Cap.CONSULTATION_VIEW,
                    **{name: Cap.CONSULTATION_MANAGE for name in (
                        "create", "items", "remove_item", "submit", "return_", "approve", "link")}}

    def get_queryset(self) -> QuerySet[ConsultationPlan]:
        if self.is_schema_request():
            return ConsultationPlan.objects.none()
        from lvzhi.accounts.permissions import committees_q

        qs = ConsultationPlan.objects.filter(
            committee_id__in=Committee.objects.filter(committees_q(self.request.user, Cap.CONSULTATION_VIEW))
            .values("pk"))
        params = self.request.query_params
        if params.get("committee", "").isdigit():
            qs = qs.filter(committee_id=int(params["committee"]))
        if params.get("year", "").isdigit():
            qs = qs.filter(year=int(params["year"]))
        return qs.order_by("-year", "committee_id")

    def get_object(self) -> ConsultationPlan:
        return get_plan_for_user(self.request.user, self.lookup_pk())

    def _show(self, pk: int, status: int = 200) -> Response:
        return Response(ConsultationPlanSerializer(get_plan_for_user(self.request.user, pk)).data, status=status)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._show(self.lookup_pk())

    def create(self, request: Request) -> Response:
        data = _parse(ConsultationPlanCreateSerializer, request)
        committee = get_committee_or_404(data["committee"])
        plan, status = create_for_request(request, "consultations.plan_create", ConsultationPlan, lambda: (
            plan_services.plan_create(actor=signed_in(request), committee=committee, year=data["year"], title=data["title"])))
        return self._show(plan.pk, status)

    def _move(self, parser: type[serializers.Serializer],
              call: Callable[[ConsultationPlan, dict[str, Any]], Any]) -> Response:
        plan = self.get_object()
        call(plan, _parse(parser, self.request))
        return self._show(plan.pk)

    @staticmethod
    def _item(plan: ConsultationPlan, pk: int) -> PlanItem:
        item = plan.items.filter(pk=pk).select_related("plan__committee").first()
        if item is None:
            raise Http404("未找到该议题。")
        return item

    @_plan_schema("增加议题", ConsultationPlanItemAddSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str) -> Response:
        def add(plan: ConsultationPlan, d: dict[str, Any]) -> Any:
            special_id = d.pop("special_committee")
            special = SpecialCommittee.objects.filter(pk=special_id).first() if special_id else None
            version = d.pop("version")
            return plan_services.plan_item_add(actor=signed_in(request), plan=plan, special_committee=special,
                                               expected_version=version, **d)
        return self._move(ConsultationPlanItemAddSerializer, add)

    @_plan_schema("删除议题", ConsultationLinkSerializer)
    @action(detail=True, methods=["post"], url_path="remove-item")
    def remove_item(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationLinkSerializer, lambda p, d: plan_services.plan_item_remove(
            actor=signed_in(request), item=self._item(p, d["item"]), expected_version=d["version"]))

    @_plan_schema("报批", ConsultationVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationVersionSerializer, lambda p, d: plan_services.plan_submit(
            actor=signed_in(request), plan=p, expected_version=d["version"]))

    @_plan_schema("退回修改", ConsultationReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationReasonSerializer, lambda p, d: plan_services.plan_return(
            actor=signed_in(request), plan=p, reason=d["reason"], expected_version=d["version"]))

    @_plan_schema("登记批准", ConsultationApproveSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._move(ConsultationApproveSerializer, lambda p, d: plan_services.plan_approve(
            actor=signed_in(request), plan=p, approved_by=d["approved_by"], approved_on=d["approved_on"],
            expected_version=d["version"]))

    @_plan_schema("议题关联活动", ConsultationLinkSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str) -> Response:
        def link(plan: ConsultationPlan, d: dict[str, Any]) -> Any:
            activity = get_activity_for_user(request.user, d["activity"]) if d["activity"] else None
            return plan_services.plan_item_link(actor=signed_in(request), item=self._item(plan, d["item"]), activity=activity,
                                                expected_version=d["version"])
        return self._move(ConsultationLinkSerializer, link)


# ------------------------------------------------------------------------------------------------ figures


@extend_schema_serializer(many=False)  # one set of figures, though served by the viewset's "list"
class ConsultationFiguresSerializer(serializers.Serializer):
    scope = serializers.CharField()
    period = serializers.CharField()
    figures = serializers.DictField(help_text="各项指标，定义见 docs/consultations.md")
    by_form = serializers.ListField(child=serializers.DictField())


class FiguresViewSet(CapabilityViewSet):
    """The figures of one committee (or its subtree) for a year or two dates, as on the figures page."""

    capabilities = {"list": Cap.CONSULTATION_VIEW}
    pagination_class = None

    @extend_schema(summary="协商统计", parameters=[
        OpenApiParameter("committee", int, required=True), OpenApiParameter("year", int),
        OpenApiParameter("start", datetime.date), OpenApiParameter("end", datetime.date),
        OpenApiParameter("subtree", bool, description="含下级政协")],
        responses={200: ConsultationFiguresSerializer, **ERRORS})
    def list(self, request: Request) -> Response:
        committee = _committee(request)
        params = request.query_params
        try:
            if params.get("start") or params.get("end"):
                period = Period.between(datetime.date.fromisoformat(params.get("start", "")),
                                        datetime.date.fromisoformat(params.get("end", "")))
            else:
                period = Period.for_year(int(params.get("year") or timezone.localdate().year))
        except ValueError:
            raise serializers.ValidationError({"period": ["请填写正确的年度，或起止日期（YYYY-MM-DD）。"]}) from None
        subtree = params.get("subtree") in ("1", "true") and can(request.user, Cap.CONSULTATION_VIEW, committee)
        f = consultation_figures(Scope(committee, include_subtree=subtree), period)
        figures = {key: (str(v) if v is not None and not isinstance(v, int) else v)
                   for key, _ in HEADLINE for v in [getattr(f, key)]}
        return Response({"scope": f.scope.label, "period": f.period.label, "figures": figures,
                         "by_form": [{"form": v, "label": label, "activities": n} for v, label, n in f.by_form]})


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("consultations/activities", ActivityViewSet, basename="consultation-activity")
    router.register("consultations/suggestions", SuggestionViewSet, basename="consultation-suggestion")
    router.register("consultations/plans", PlanViewSet, basename="consultation-plan")
    router.register("consultations/figures", FiguresViewSet, basename="consultation-figures")
