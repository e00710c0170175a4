"""API views: thin — parse, call a selector or a service, serialise. Each declares the capability per action."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import ROLE_CAPS, Cap, committees_for, require, roles_of
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import AUTHENTICATED_ONLY, CapabilityPermission, Needs
from lvzhi.api.serializers import (
    CommitteeCreateSerializer,
    CommitteeSerializer,
    ErrorSerializer,
    MemberCreateSerializer,
    MemberFilterSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MeSerializer,
)
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, Term
from lvzhi.members.models import Membership
from lvzhi.members.selectors import can_view_private, get_membership_for_user, record_member_read, roster
from lvzhi.members.services import (
    MEMBERSHIP_FIELDS,
    PERSON_FIELDS,
    member_update,
    membership_create,
    person_create,
)
from lvzhi.organisation.services import committee_create

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="提交的数据有误"),
    403: OpenApiResponse(ErrorSerializer, description="无权限（已记入审计日志）"),
    404: OpenApiResponse(ErrorSerializer, description="未找到"),
}


def parse_request(
    serializer_class: type[serializers.Serializer], request: Request, data: Any = None, *, partial: bool = False,
) -> dict[str, Any]:
    """The request's input (or `data`, e.g. its query parameters) validated by `serializer_class`; otherwise a 400
    answer with each field's Chinese message."""
    parsed = serializer_class(data=request.data if data is None else data, partial=partial)
    parsed.is_valid(raise_exception=True)
    return dict(parsed.validated_data)


def signed_in(request: Request) -> User:
    """The request's user, signed in: every endpoint requires it (IsAuthenticated), this tells the type checker."""
    user = request.user
    if not user.is_authenticated:
        raise NotAuthenticated()
    return user


class CapabilityViewSet(viewsets.GenericViewSet):
    """Base of every resource: `capabilities` maps each action to the capability it needs; `get_queryset`
    starts from a selector; `committee_of` names the committee an object belongs to."""

    permission_classes = [IsAuthenticated, CapabilityPermission]
    capabilities: dict[str, Needs] = {}
    http_method_names = ["get", "head"]

    def lookup_pk(self) -> int:
        try:
            return int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        except (TypeError, ValueError):
            raise Http404("未找到。") from None

    def committee_of(self, obj: Any) -> Committee | None:
        return obj.committee

    def is_schema_request(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


@extend_schema_view(
    list=extend_schema(summary="可查看的政协组织", description="当前账号有权查看的政协组织（领导可见下级），含本届及其全体会议。",
                       responses={200: CommitteeSerializer(many=True), 403: ERRORS[403]}),
    retrieve=extend_schema(summary="政协组织详情", responses={200: CommitteeSerializer, 403: ERRORS[403],
                                                              404: ERRORS[404]}),
    create=extend_schema(summary="新增政协组织", description="系统管理员在组织树中新增一个政协组织。",
                         request=CommitteeCreateSerializer, responses={201: CommitteeSerializer, **ERRORS}),
)
class CommitteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = CommitteeSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.COMMITTEE_VIEW, "retrieve": Cap.COMMITTEE_VIEW, "create": Cap.CONFIG_MANAGE}

    @staticmethod
    def _with_current_term(qs: QuerySet[Committee]) -> QuerySet[Committee]:
        current = Term.objects.filter(is_current=True).prefetch_related("sessions")
        return qs.select_related("parent").prefetch_related(Prefetch("terms", queryset=current, to_attr="current_terms"))

    def get_queryset(self) -> QuerySet[Committee]:
        if self.is_schema_request():
            return Committee.objects.none()
        return self._with_current_term(committees_for(self.request.user, Cap.COMMITTEE_VIEW))

    def get_object(self) -> Committee:
        # Fetched, then checked with `require`, so a refusal is a recorded 403 rather than a silent 404.
        committee = get_object_or_404(self._with_current_term(Committee.objects.all()), pk=self.lookup_pk())
        self.check_object_permissions(self.request, committee)
        return committee

    def committee_of(self, obj: Committee) -> Committee:
        return obj

    def create(self, request: Request) -> Response:
        data = parse_request(CommitteeCreateSerializer, request)
        committee = committee_create(actor=signed_in(request), **data)
        fresh = self._with_current_term(Committee.objects.all()).get(pk=committee.pk)
        return Response(CommitteeSerializer(fresh).data, status=201)


@extend_schema_view(
    list=extend_schema(summary="委员名册", description="与名册页面相同的筛选与排序；无权查看的政协组织不会出现。"
                                                      "无权查看隐私信息时手机号、身份证号打码，出生日期不提供。",
                       parameters=[MemberFilterSerializer], responses={200: MemberSerializer(many=True),
                                                                       400: ERRORS[400], 403: ERRORS[403]}),
    retrieve=extend_schema(summary="委员详情", responses={200: MemberSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
    create=extend_schema(summary="新增委员", description="新建人员并加入所选政协组织的本届名册。",
                         request=MemberCreateSerializer, responses={201: MemberSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改委员信息", description="只修改提交的字段，连同读取时的 version；"
                                 "他人已修改时答复 409。修改会记入审计日志。", request=MemberUpdateSerializer,
                                 responses={200: MemberSerializer, **ERRORS, 409: OpenApiResponse(
                                     ErrorSerializer, description="已被他人修改，请重新读取")}),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CapabilityViewSet):
    serializer_class = MemberSerializer
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {
        "list": Cap.MEMBER_VIEW, "retrieve": Cap.MEMBER_VIEW, "create": Cap.MEMBER_EDIT,
        "partial_update": Cap.MEMBER_EDIT,
    }

    def get_queryset(self) -> QuerySet[Membership]:
        if self.is_schema_request():
            return Membership.objects.none()
        params = MemberFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        ordering = filters.pop("ordering", "strokes")
        return roster(self.request.user, filters, ordering).prefetch_related("special_committees")

    def get_object(self) -> Membership:
        # The selector checks reading (a member may always read their own record) and records refusals;
        # a change additionally needs member.edit in the membership's committee.
        membership = get_membership_for_user(self.request.user, self.lookup_pk())
        if self.request.method not in SAFE_METHODS:
            self.check_object_permissions(self.request, membership)
        return membership

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        record_member_read(request.user, membership, private=can_view_private(request.user, membership),
                           where="接口")
        return Response(self.get_serializer(membership).data)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        own = getattr(getattr(request.user, "person", None), "pk", None)
        shown = [r for r in rows if r.get("private_visible") and r.get("person_id") != own]
        if shown:
            # One event per page read: the numbers of these people were in clear for this reader.
            audit_record(actor=signed_in(request), action="member.list_read", outcome="success",
                         detail=f"接口读取名册（明文手机号、身份证号）{len(shown)} 人：" + "、".join(
                             str(r.get("name", "")) for r in shown[:20]) + ("等" if len(shown) > 20 else ""))
        return response

    def _show(self, membership: Membership, status: int = 200) -> Response:
        fresh = get_membership_for_user(self.request.user, membership.pk)
        return Response(MemberSerializer(fresh, context=self.get_serializer_context()).data, status=status)

    @staticmethod
    def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        person = {k: v for k, v in data.items() if k in PERSON_FIELDS}
        membership = {k: v for k, v in data.items() if k in MEMBERSHIP_FIELDS}
        return person, membership

    def create(self, request: Request) -> Response:
        parsed = MemberCreateSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        data = dict(parsed.validated_data)
        committee: Committee = data.pop("committee")
        # Checked before the transaction: a refusal raised inside it would roll back its own audit record.
        require(request.user, Cap.MEMBER_EDIT, committee)
        person_fields, membership_fields = self._split(data)

        def create() -> Membership:
            with transaction.atomic():
                person = person_create(actor=signed_in(request), committee=committee, **person_fields)
                return membership_create(actor=signed_in(request), person=person, committee=committee,
                                         **membership_fields)

        membership, status = create_for_request(request, "members.create", Membership, create)
        return self._show(membership, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        membership = self.get_object()
        parsed = MemberUpdateSerializer(data=request.data, partial=True)
        parsed.is_valid(raise_exception=True)
        data = dict(parsed.validated_data)
        version = data.pop("version", "")
        if not version:
            raise serializers.ValidationError({"version": ["请提交读取时的 version，以免覆盖他人的修改。"]})
        person_fields, membership_fields = self._split(data)
        try:
            member_update(actor=signed_in(request), membership=membership, expected_version=version,
                          person_fields=person_fields, membership_fields=membership_fields)
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                raise
            return Response({"detail": error.messages[0]}, status=409)
        return self._show(membership)


class MeView(APIView):
    permission_classes = [IsAuthenticated, CapabilityPermission]
    http_method_names = ["get", "head"]
    capabilities = {"get": AUTHENTICATED_ONLY}

    @extend_schema(summary="当前账号", description="账号、角色、权限和可查看的政协组织。",
                   responses={200: MeSerializer, 403: ERRORS[403]})
    def get(self, request: Request) -> Response:
        user = signed_in(request)
        person = getattr(user, "person", None)
        data = {
            "id": user.pk, "username": user.get_username(), "display_name": user.display_name,
            "person_id": person.pk if person is not None else None,
            "roles": user.grants.select_related("committee").order_by("committee__path", "role"),
            "capabilities": sorted({c for r in roles_of(user) for c in ROLE_CAPS.get(r, frozenset())}),
            "committees": committees_for(user, Cap.COMMITTEE_VIEW),
        }
        return Response(MeSerializer(data).data)


class DocsView(SpectacularSwaggerView):
    """Swagger UI from the locally installed sidecar, never a CDN: many deployments have no internet."""

    permission_classes = [IsAuthenticated]
    url_name = "api-schema"
    title = "履职 lvzhi API 文档"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")
