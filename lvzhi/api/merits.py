"""The API of 履职活动申报 and 表彰: reads through the merits selectors, every change through its one service."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, deny, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import CapabilityPermission, _handled, capability_for
from lvzhi.api.serializers import WorkflowEventSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee
from lvzhi.members.models import Person
from lvzhi.merits import names as name_lists
from lvzhi.merits import selectors, workflow
from lvzhi.merits.figures import commendation_figures
from lvzhi.merits.models import (
    ActivityEvidence,
    ActivityKind,
    ActivityState,
    Commendation,
    CommendationKind,
    Commendee,
    ReportedActivity,
)
from lvzhi.merits.services import activities as activity_services
from lvzhi.merits.services import commendations as commendation_services
from lvzhi.proposals.models import Proposal

# Actions only a member makes (reporting their own activities): no capability names them; the services check
# that the member serves on the committee and owns the activity, and record a refusal.
MEMBER_ONLY = "member"
NOT_A_MEMBER = "只有委员可以申报履职活动。"


class MeritsPermission(CapabilityPermission):
    """A member holds no duty.view but reads their own activities and their committees' commendations (the
    selectors narrow what they get); a member-only action needs a member's account."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _handled(request, view):
            return True
        cap = capability_for(request, view)
        is_member = selectors.person_id(request.user) is not None
        if cap == MEMBER_ONLY:
            if not is_member:
                deny(request.user, detail=f"merits:{getattr(view, 'action', '')}: not a member", message=NOT_A_MEMBER)
            return True
        if cap == Cap.DUTY_VIEW and is_member:
            return True
        return super().has_permission(request, view)


class MeritsViewSet(CapabilityViewSet):
    permission_classes = [IsAuthenticated, MeritsPermission]


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=kwargs.pop("required", False), allow_blank=True, trim_whitespace=False,
                                 **kwargs)


class MeritsRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeritsVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的 version")


# ---------------------------------------------------------------- reported activities


class ActivityEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="下载地址（须登录且有权查看该申报）")

    def get_url(self, obj: ActivityEvidence) -> str:
        return reverse("merits:evidence", args=[obj.activity_id, obj.pk])


class ActivityStepSerializer(WorkflowEventSerializer):
    pass


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    person = MeritsRefSerializer()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    date = serializers.DateField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    place = serializers.CharField()
    state = serializers.ChoiceField(choices=ActivityState.choices)
    state_label = serializers.CharField(source="get_state_display")
    return_reason = serializers.CharField(help_text="退回补充或撤销认定的原因")
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ActivityDetailSerializer(ActivitySerializer):
    description = serializers.CharField()
    evidence_note = serializers.CharField()
    evidence = ActivityEvidenceSerializer(many=True)
    steps = ActivityStepSerializer(many=True)
    next_step = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField(help_text="当前账号此时可做的操作")

    def get_next_step(self, obj: ReportedActivity) -> str:
        return workflow.NEXT_STEP[ActivityState(obj.state)]

    def get_allowed_moves(self, obj: ReportedActivity) -> list[str]:
        user = self.context["request"].user
        if selectors.person_id(user) == obj.person_id:
            role = workflow.Role.MEMBER
        elif can(user, Cap.DUTY_MANAGE, obj.committee):
            role = workflow.Role.STAFF
        else:
            return []
        return [m.name for m in workflow.allowed_moves(obj.state, role)]


class ActivityFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    state = serializers.ChoiceField(required=False, choices=ActivityState.choices, help_text="状态")
    kind = serializers.ChoiceField(required=False, choices=ActivityKind.choices, help_text="活动类别")
    year = serializers.IntegerField(required=False, help_text="年度")
    mine = serializers.BooleanField(required=False, default=False, help_text="只看本人申报的")


class _ActivityFieldsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices, help_text="活动类别")
    date = serializers.DateField(help_text="活动日期（不晚于今天）")
    title = _text(required=True, help_text="活动名称")
    place = _text(help_text="地点")
    description = _text(help_text="活动情况")
    evidence_note = _text(help_text="佐证说明（没有文件时必填才能提交）")


class ActivityCreateSerializer(_ActivityFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    submit = serializers.BooleanField(required=False, default=False,
                                      help_text="true：直接提交审核（须有佐证说明；文件请建草稿后上传再提交）")


class ActivityUpdateSerializer(_ActivityFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


class ActivityWithdrawSerializer(MeritsVersionSerializer):
    reason = _text(help_text="撤回原因（选填）")


class ActivityApproveSerializer(MeritsVersionSerializer):
    remarks = _text(help_text="审核意见（选填）")


class ActivityReasonSerializer(MeritsVersionSerializer):
    reason = _text(required=True, help_text="原因（必填）")


class ActivityEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="佐证材料（multipart 上传）：PDF、Word、Excel、图片或文本，不超过 10 MB",
                                 allow_empty_file=True)
    version = serializers.IntegerField(required=False, help_text="读取时的 version")


def _move_schema(summary: str, request: Any, description: str = "") -> Any:
    return extend_schema(summary=summary, description=description, request=request,
                         responses={200: ActivityDetailSerializer, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="履职活动申报", description="委员看本人的申报（含草稿），工作人员与领导看本会已提交的申报。",
                       parameters=[ActivityFilterSerializer], responses={200: ActivitySerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="申报详情", description="佐证材料、申报记录和当前账号可做的操作。",
                           responses={200: ActivityDetailSerializer, **ERRORS}),
    create=extend_schema(summary="申报履职活动", description="委员本人申报；submit=true 直接提交审核。同一活动重复提交只保留一条。",
                         request=ActivityCreateSerializer, responses={201: ActivityDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改申报", description="草稿或退回补充时由委员本人修改；须提交 version。",
                                 request=ActivityUpdateSerializer, responses={200: ActivityDetailSerializer, **ERRORS}),
)
class ReportedActivityViewSet(mixins.ListModelMixin, MeritsViewSet):
    serializer_class = ActivitySerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {
        "list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": MEMBER_ONLY, "partial_update": MEMBER_ONLY,
        "submit": MEMBER_ONLY, "withdraw": MEMBER_ONLY, "evidence_add": MEMBER_ONLY, "evidence_remove": MEMBER_ONLY,
        "approve": Cap.DUTY_MANAGE, "return_": Cap.DUTY_MANAGE, "revoke": Cap.DUTY_MANAGE,
    }

    def get_queryset(self) -> QuerySet[ReportedActivity]:
        if self.is_schema_request():
            return ReportedActivity.objects.none()
        params = _parse(ActivityFilterSerializer, self.request, self.request.query_params)
        qs = (selectors.own_activities(self.request.user) if params.pop("mine", False)
              else selectors.activities_for_user(self.request.user))
        return selectors.filter_activities(qs, params).select_related("person").order_by("-date", "-id")

    def _show(self, pk: int, status: int = 200) -> Response:
        activity = (ReportedActivity.objects.select_related("person", "committee")
                    .prefetch_related("evidence", Prefetch("steps__actor")).get(pk=pk))
        return Response(ActivityDetailSerializer(activity, context={"request": self.request}).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_activity_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(ActivityCreateSerializer, request)
        activity, status = create_for_request(request, "merits.activity_create", ReportedActivity,
                                              lambda: activity_services.activity_create(actor=signed_in(request), **data))
        return self._show(activity.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        activity = selectors.get_activity_for_user(request.user, self.lookup_pk())
        data = _parse(ActivityUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        values = {k: getattr(activity, k) for k in ("kind", "date", "title", "place", "description", "evidence_note")}
        values.update(data)
        version = values.pop("version")
        activity_services.activity_update(actor=signed_in(request), activity=activity, expected_version=version,
                                          **values)
        return self._show(activity.pk)

    def _move(self, parser: type[serializers.Serializer], call: Any) -> Response:
        activity = selectors.get_activity_for_user(self.request.user, self.lookup_pk())
        data = _parse(parser, self.request)
        version = data.pop("version")
        call(actor=signed_in(self.request), activity=activity, expected_version=version, **data)
        return self._show(activity.pk)

    @_move_schema("提交审核", MeritsVersionSerializer, "委员本人提交草稿，或补充后重新提交退回的申报；须有佐证材料或佐证说明。")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(MeritsVersionSerializer, activity_services.activity_submit)

    @_move_schema("撤回申报", ActivityWithdrawSerializer, "认定前由委员本人撤回。")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._move(ActivityWithdrawSerializer, activity_services.activity_withdraw)

    @_move_schema("认定", ActivityApproveSerializer, "工作人员认定后计入委员履职档案。")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._move(ActivityApproveSerializer, activity_services.activity_approve)

    @_move_schema("退回补充", ActivityReasonSerializer, "写明需要补充的内容，委员修改后可重新提交。")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._move(ActivityReasonSerializer, activity_services.activity_return)

    @_move_schema("撤销认定", ActivityReasonSerializer, "写明理由；同时从履职档案中移除。")
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        return self._move(ActivityReasonSerializer, activity_services.activity_revoke)

    @extend_schema(summary="上传佐证材料", request={"multipart/form-data": ActivityEvidenceUploadSerializer},
                   description="委员本人在草稿或退回补充时上传，每份不超过 10 MB，每项申报最多 10 份。",
                   responses={201: ActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="evidence", parser_classes=[MultiPartParser, FormParser])
    def evidence_add(self, request: Request, pk: str) -> Response:
        activity = selectors.get_activity_for_user(request.user, self.lookup_pk())
        data = _parse(ActivityEvidenceUploadSerializer, request)
        activity_services.evidence_add(actor=signed_in(request), activity=activity, file=data["file"],
                                       expected_version=data.get("version"))
        return self._show(activity.pk, status=201)

    @extend_schema(summary="删除佐证材料", description="委员本人在草稿或退回补充时删除。", request=None,
                   responses={200: ActivityDetailSerializer, **ERRORS})
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_id>\d+)")
    def evidence_remove(self, request: Request, pk: str, evidence_id: str) -> Response:
        row = selectors.get_evidence_for_user(request.user, self.lookup_pk(), int(evidence_id))
        activity_services.evidence_remove(actor=signed_in(request), evidence=row)
        return self._show(row.activity_id)


# ---------------------------------------------------------------- commendations


class CommendeeSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    role = serializers.CharField(source="role_code", help_text="身份：first/cosigner/collective（优秀提案）或 participant、author")
    role_label = serializers.CharField(source="get_role_code_display")


class CommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CommendationKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    issued_on = serializers.DateField()
    issuer = serializers.CharField()
    document_number = serializers.CharField()
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True, help_text="优秀提案所表彰的提案")
    people_count = serializers.IntegerField()
    version = serializers.IntegerField()


class CommendationDetailSerializer(CommendationSerializer):
    people = CommendeeSerializer(many=True, source="commendees.all")


class CommendationFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")
    kind = serializers.ChoiceField(required=False, choices=CommendationKind.choices, help_text="表彰类别")


class _PeopleSerializer(serializers.Serializer):
    people = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False,
                                                help_text="受表彰委员（人员编号）")
    names = _text(help_text="或姓名名单：每行一个，或用顿号分隔；同名委员在姓名后用括号注明界别或工作单位。"
                            "任一姓名无法匹配到本会在任委员时，不保存任何内容。")


class CommendationCreateSerializer(_PeopleSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    year = serializers.IntegerField(help_text="年度")
    kind = serializers.ChoiceField(choices=CommendationKind.choices, help_text="表彰类别")
    title = _text(required=True, help_text="表彰名称，如“2025年度优秀政协委员”")
    issued_on = serializers.DateField(help_text="表彰日期")
    issuer = _text(help_text="表彰单位")
    document_number = _text(help_text="文号")
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), required=False, allow_null=True,
                                                  help_text="优秀提案：所表彰的提案（其已确认的提案人即受表彰委员）")


class CommendationUpdateSerializer(serializers.Serializer):
    title = _text(help_text="表彰名称")
    issued_on = serializers.DateField(help_text="表彰日期")
    issuer = _text(help_text="表彰单位")
    document_number = _text(help_text="文号")
    version = serializers.IntegerField(help_text="读取时的 version")


class CommendationPeopleSerializer(_PeopleSerializer):
    version = serializers.IntegerField(required=False, help_text="读取时的 version")


class CommendationPersonSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), help_text="人员编号")
    version = serializers.IntegerField(required=False, help_text="读取时的 version")


class CommendationDeleteSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="读取时的 version")


def _people(committee: Committee, data: dict[str, Any]) -> list[Person]:
    """The people named by id and by the names list; a name that matches no one (or several) refuses all."""
    people = list(data.pop("people", None) or [])
    names = name_lists.split_names(data.pop("names", "") or "")
    if names:
        match = name_lists.match_names(committee, names)
        if match.problems:
            raise serializers.ValidationError({"names": match.problems})
        seen = {p.pk for p in people}
        people += [p for p in match.people if p.pk not in seen]
    return people


def _with_count(qs: QuerySet[Commendation]) -> QuerySet[Commendation]:
    return qs.annotate(people_count=Count("commendees"))


@extend_schema_view(
    list=extend_schema(summary="表彰", description="委员看本人所在政协组织的表彰，工作人员与领导看本会（领导含下级）的。",
                       parameters=[CommendationFilterSerializer], responses={200: CommendationSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="表彰详情", description="含受表彰委员。", responses={200: CommendationDetailSerializer, **ERRORS}),
    create=extend_schema(summary="登记表彰", description="受表彰委员按编号或姓名名单给出；优秀提案给出提案，其提案人即受表彰委员。"
                         "每位受表彰委员计入履职档案。", request=CommendationCreateSerializer,
                         responses={201: CommendationDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改表彰", description="修改名称、日期、表彰单位和文号；须提交 version。",
                                 request=CommendationUpdateSerializer, responses={200: CommendationDetailSerializer, **ERRORS}),
    destroy=extend_schema(summary="删除表彰", description="同时删除它计入的履职记录。", request=CommendationDeleteSerializer,
                          responses={204: None, **ERRORS}),
)
class CommendationViewSet(mixins.ListModelMixin, MeritsViewSet):
    serializer_class = CommendationSerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {
        "list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": Cap.DUTY_MANAGE,
        "partial_update": Cap.DUTY_MANAGE, "destroy": Cap.DUTY_MANAGE, "people": Cap.DUTY_MANAGE,
        "remove_person": Cap.DUTY_MANAGE,
    }

    def get_queryset(self) -> QuerySet[Commendation]:
        if self.is_schema_request():
            return Commendation.objects.none()
        params = _parse(CommendationFilterSerializer, self.request, self.request.query_params)
        qs = selectors.commendations_for_user(self.request.user)
        for key, field in (("committee", "committee_id"), ("year", "year"), ("kind", "kind")):
            if params.get(key):
                qs = qs.filter(**{field: params[key]})
        return _with_count(qs).order_by("-year", "kind", "-issued_on", "id")

    def _show(self, pk: int, status: int = 200) -> Response:
        commendation = _with_count(Commendation.objects.prefetch_related(
            Prefetch("commendees", queryset=Commendee.objects.select_related("person")))).get(pk=pk)
        return Response(CommendationDetailSerializer(commendation).data, status=status)

    def _managed(self, pk: int) -> Commendation:
        commendation = selectors.get_commendation_for_user(self.request.user, pk)
        require(self.request.user, Cap.DUTY_MANAGE, commendation.committee)
        return commendation

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_commendation_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(CommendationCreateSerializer, request)
        committee: Committee = data.pop("committee")
        require(request.user, Cap.DUTY_MANAGE, committee)
        people = _people(committee, data)
        commendation, status = create_for_request(
            request, "merits.commendation_create", Commendation,
            lambda: commendation_services.commendation_create(actor=signed_in(request), committee=committee,
                                                              people=people, **data))
        return self._show(commendation.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        commendation = self._managed(self.lookup_pk())
        data = _parse(CommendationUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        values = {k: getattr(commendation, k) for k in ("title", "issued_on", "issuer", "document_number")}
        values.update(data)
        version = values.pop("version")
        commendation_services.commendation_update(actor=signed_in(request), commendation=commendation,
                                                  expected_version=version, **values)
        return self._show(commendation.pk)

    def destroy(self, request: Request, pk: str) -> Response:
        commendation = self._managed(self.lookup_pk())
        data = _parse(CommendationDeleteSerializer, request, request.data or {})
        commendation_services.commendation_delete(actor=signed_in(request), commendation=commendation,
                                                  expected_version=data.get("version"))
        return Response(status=204)

    @extend_schema(summary="增加受表彰委员", description="按人员编号或姓名名单增加；已在名单中的不重复计入。",
                   request=CommendationPeopleSerializer, responses={200: CommendationDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def people(self, request: Request, pk: str) -> Response:
        commendation = self._managed(self.lookup_pk())
        data = _parse(CommendationPeopleSerializer, request)
        people = _people(commendation.committee, data)
        commendation_services.commendation_add_people(actor=signed_in(request), commendation=commendation,
                                                      people=people, expected_version=data.get("version"))
        return self._show(commendation.pk)

    @extend_schema(summary="移除受表彰委员", description="同时删除其履职档案中的该项表彰。",
                   request=CommendationPersonSerializer, responses={200: CommendationDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="remove-person")
    def remove_person(self, request: Request, pk: str) -> Response:
        commendation = self._managed(self.lookup_pk())
        data = _parse(CommendationPersonSerializer, request)
        commendation_services.commendation_remove_person(actor=signed_in(request), commendation=commendation,
                                                         person=data["person"], expected_version=data.get("version"))
        return self._show(commendation.pk)


# ---------------------------------------------------------------- figures


class CommendationFiguresParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度；默认去年")


class CommendationKindFigureSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    commendations = serializers.IntegerField(help_text="表彰项目数")
    person_times = serializers.IntegerField(help_text="受表彰人次")
    members = serializers.IntegerField(help_text="受表彰人数")


@extend_schema_serializer(many=False)  # one set of figures, though served by the viewset's "list"
class CommendationFiguresSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    commendations = serializers.IntegerField()
    person_times = serializers.IntegerField()
    members = serializers.IntegerField(help_text="受表彰委员人数（多次受表彰只计一次）")
    by_kind = CommendationKindFigureSerializer(many=True)


class CommendationFiguresViewSet(MeritsViewSet):
    capabilities = {"list": Cap.DUTY_VIEW}
    pagination_class = None

    @extend_schema(summary="表彰统计", description="与表彰页面同一口径：各类表彰的项目、人次、人数，受表彰委员人数。",
                   parameters=[CommendationFiguresParamSerializer], responses={200: CommendationFiguresSerializer, **ERRORS})
    def list(self, request: Request) -> Response:
        d = _parse(CommendationFiguresParamSerializer, request, request.query_params)
        committee: Committee = d["committee"]
        if not selectors.commendation_committees(request.user).filter(pk=committee.pk).exists():
            deny(request.user, detail="merits.commendation_read", committee=committee,
                 message="只能查看本人所在政协组织的表彰。")
        f = commendation_figures(committee, d.get("year") or timezone.localdate().year - 1)
        return Response({
            "committee": committee.pk, "year": f.year, "commendations": f.commendations,
            "person_times": f.person_times, "members": f.members,
            "by_kind": [vars(k) for k in f.by_kind],
        })


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("reported-activities", ReportedActivityViewSet, basename="api-reported-activity")
    router.register("commendations", CommendationViewSet, basename="api-commendation")
    router.register("commendation-figures", CommendationFiguresViewSet, basename="api-commendation-figures")

