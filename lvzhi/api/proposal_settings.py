"""A committee's proposal rules (numbering, deadlines) and its chain of review stages through the API, changed by
lvzhi.proposals.services.settings as on the settings screen; 提案委 staff (proposal.manage) only."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, committees_q, require
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.proposals.models import ProposalSettings, ReviewStage
from lvzhi.proposals.services import settings as proposal_settings
from lvzhi.proposals.services.common import proposal_defaults


class ProposalSettingsSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="committee_id", read_only=True)

    class Meta:
        model = ProposalSettings
        fields = ["committee", *proposal_settings.SETTINGS_FIELDS]


class ProposalSettingsUpdateSerializer(serializers.Serializer):
    number_format = serializers.CharField(allow_blank=True, help_text="编号格式，须含 {seq}")
    cosign_days = serializers.IntegerField(help_text="联名确认期限（天）")
    reassign_days = serializers.IntegerField(help_text="申请调整承办单位期限（天）")
    co_unit_days = serializers.IntegerField(help_text="会办单位提出意见期限（天）")
    reply_days = serializers.IntegerField(help_text="答复期限（天）")
    max_extension_days = serializers.IntegerField(help_text="延期后最长办理期限（天）")
    evaluation_days = serializers.IntegerField(help_text="评价期限（天）")
    basic_satisfied_counts = serializers.BooleanField(help_text="满意率计入基本满意")
    min_body_chars = serializers.IntegerField(help_text="正文最少字数，0 为不限")


@extend_schema_view(
    retrieve=extend_schema(summary="提案工作设置", description="编号为政协组织编号。",
                           responses={200: ProposalSettingsSerializer, **ERRORS}),
    update=extend_schema(summary="修改提案工作设置", request=ProposalSettingsUpdateSerializer,
                         responses={200: ProposalSettingsSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改部分提案工作设置", description="只修改提交的字段。",
                                 request=ProposalSettingsUpdateSerializer,
                                 responses={200: ProposalSettingsSerializer, **ERRORS}),
)
class ProposalSettingsViewSet(CapabilityViewSet):
    """One row per committee, addressed by the committee's id."""

    http_method_names = ["get", "head", "put", "patch"]
    capabilities = {"retrieve": Cap.PROPOSAL_MANAGE, "update": Cap.PROPOSAL_MANAGE,
                    "partial_update": Cap.PROPOSAL_MANAGE}

    def _committee(self) -> Committee:
        return get_committee_or_404(self.lookup_pk())

    def retrieve(self, request: Request, pk: str) -> Response:
        committee = self._committee()
        require(request.user, Cap.PROPOSAL_MANAGE, committee)
        return Response(ProposalSettingsSerializer(proposal_defaults(committee)).data)

    def _save(self, request: Request, *, partial: bool) -> Response:
        committee = self._committee()
        data = _parse(ProposalSettingsUpdateSerializer, request, partial=partial)
        row = proposal_settings.settings_update(actor=signed_in(request), committee=committee, **data)
        return Response(ProposalSettingsSerializer(row).data)

    def update(self, request: Request, pk: str) -> Response:
        return self._save(request, partial=False)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self._save(request, partial=True)


class ReviewStageSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="committee_id", read_only=True)
    role_label = serializers.SerializerMethodField()

    class Meta:
        model = ReviewStage
        fields = ["id", "committee", "order", "name", "role", "role_label"]

    def get_role_label(self, obj: ReviewStage) -> str:
        return dict(proposal_settings.stage_role_choices()).get(obj.role, obj.role)


class ReviewStageUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, help_text="环节名称")
    role = serializers.ChoiceField(choices=proposal_settings.stage_role_choices(), help_text="审查角色")


class ReviewStageCreateSerializer(ReviewStageUpdateSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")


class StageFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")


class StageMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[("up", "上移"), ("down", "下移")], help_text="移动方向",
                                        error_messages={"invalid_choice": "请选择上移或下移。"})


@extend_schema_view(
    list=extend_schema(summary="提案审查环节", description="按顺序列出；立案审查依次经过各环节。",
                       parameters=[StageFilterSerializer], responses={200: ReviewStageSerializer(many=True), **ERRORS}),
    create=extend_schema(summary="增加审查环节", description="加在最后。", request=ReviewStageCreateSerializer,
                         responses={201: ReviewStageSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改审查环节", description="改名或改审查角色；正在该环节的提案不动。",
                                 request=ReviewStageUpdateSerializer, responses={200: ReviewStageSerializer, **ERRORS}),
    destroy=extend_schema(summary="删除审查环节", description="没有提案在该环节、也没有审查记录时才能删除。",
                          responses={204: None, **ERRORS}),
)
class ReviewStageViewSet(mixins.ListModelMixin, CapabilityViewSet):
    serializer_class = ReviewStageSerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {"list": Cap.PROPOSAL_MANAGE, "create": Cap.PROPOSAL_MANAGE, "partial_update": Cap.PROPOSAL_MANAGE,
                    "move": Cap.PROPOSAL_MANAGE, "destroy": Cap.PROPOSAL_MANAGE}

    def get_queryset(self) -> QuerySet[ReviewStage]:
        if self.is_schema_request():
            return ReviewStage.objects.none()
        params = _parse(StageFilterSerializer, self.request, self.request.query_params)
        qs = ReviewStage.objects.filter(committees_q(self.request.user, Cap.PROPOSAL_MANAGE, "committee__"))
        if params.get("committee"):
            committee = Committee.objects.filter(pk=params["committee"]).first()
            if committee is not None and can(self.request.user, Cap.PROPOSAL_MANAGE, committee):
                proposal_defaults(committee)  # as on the screen: a committee's chain starts from the usual three
            qs = qs.filter(committee_id=params["committee"])
        return qs.order_by("committee__path", "order")

    def _stage(self) -> ReviewStage:
        # Every change is refused by the service outside the user's committee, before anything is shown.
        return get_object_or_404(ReviewStage.objects.select_related("committee"), pk=self.lookup_pk())

    def create(self, request: Request) -> Response:
        data = _parse(ReviewStageCreateSerializer, request)
        stage = proposal_settings.stage_add(actor=signed_in(request), **data)
        return Response(ReviewStageSerializer(stage).data, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        stage = self._stage()
        data: dict[str, Any] = {"name": stage.name, "role": stage.role}
        data.update(_parse(ReviewStageUpdateSerializer, request, partial=True))
        stage = proposal_settings.stage_update(actor=signed_in(request), stage=stage, **data)
        return Response(ReviewStageSerializer(stage).data)

    @extend_schema(summary="审查环节上移或下移", request=StageMoveSerializer,
                   responses={200: ReviewStageSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        stage = self._stage()
        data = _parse(StageMoveSerializer, request)
        stage = proposal_settings.stage_move(actor=signed_in(request), stage=stage, direction=data["direction"])
        return Response(ReviewStageSerializer(stage).data)

    def destroy(self, request: Request, pk: str) -> Response:
        proposal_settings.stage_remove(actor=signed_in(request), stage=self._stage())
        return Response(status=204)


def register(router: SimpleRouter) -> None:
    router.register("proposal-settings", ProposalSettingsViewSet, basename="api-proposal-settings")
    router.register("proposal-stages", ReviewStageViewSet, basename="api-proposal-stage")
