"""The organisation API: terms, plenary sessions, standing/chairs' meetings and the configuration lists (党派, 界别,
专门委员会, 委员活动小组, 承办单位), read through lvzhi.organisation.selectors and changed by lvzhi.organisation.services,
the same calls the organisation screens make."""
from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.serializers import SessionSerializer, TermSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import (
    CONFIG_LISTS,
    Committee,
    ConfigItem,
    HandlingUnit,
    Meeting,
    MeetingKind,
    Session,
    Term,
)
from lvzhi.organisation import selectors, services


class OrganisationViewSet(CapabilityViewSet):
    """Reads need committee.view; changes organisation.edit (terms, sessions, meetings) or, for the lists,
    config.manage — checked by the services in the record's committee."""

    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    http_method_names = ["get", "head", "post", "patch"]


def _partial(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    data = _parse(serializer_class, request, partial=True)
    if not data:
        raise serializers.ValidationError({"non_field_errors": ["请提交要修改的字段。"]})
    return data


class CommitteeFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")


# ---------------------------------------------------------------- terms


class TermDetailSerializer(TermSerializer):
    committee = serializers.IntegerField(source="committee_id", read_only=True)

    class Meta(TermSerializer.Meta):
        fields = ["id", "committee", *TermSerializer.Meta.fields[1:]]


class TermWriteSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=99, help_text="届次，如第十五届填 15")
    start_date = serializers.DateField(help_text="开始日期")
    end_date = serializers.DateField(required=False, allow_null=True, help_text="结束日期")
    is_current = serializers.BooleanField(required=False, default=True, help_text="本届（同一政协组织只有一个本届）")


class TermCreateSerializer(TermWriteSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")


@extend_schema_view(
    list=extend_schema(summary="届", description="可查看的政协组织的各届，含其全体会议。", parameters=[CommitteeFilterSerializer],
                       responses={200: TermDetailSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="届详情", responses={200: TermDetailSerializer, **ERRORS}),
    create=extend_schema(summary="新增一届", description="设为本届时，原来的本届不再是本届。",
                         request=TermCreateSerializer, responses={201: TermDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改届", description="只修改提交的字段。", request=TermWriteSerializer,
                                 responses={200: TermDetailSerializer, **ERRORS}),
)
class TermViewSet(mixins.ListModelMixin, OrganisationViewSet):
    serializer_class = TermDetailSerializer
    capabilities = {"list": Cap.COMMITTEE_VIEW, "retrieve": Cap.COMMITTEE_VIEW,
                    "create": Cap.ORGANISATION_EDIT, "partial_update": Cap.ORGANISATION_EDIT}

    def get_queryset(self) -> QuerySet[Term]:
        if self.is_schema_request():
            return Term.objects.none()
        params = _parse(CommitteeFilterSerializer, self.request, self.request.query_params)
        qs = selectors.terms_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        return qs.prefetch_related("sessions").order_by("committee__path", "-number")

    def _show(self, term: Term, status: int = 200) -> Response:
        fresh = Term.objects.prefetch_related("sessions").get(pk=term.pk)
        return Response(TermDetailSerializer(fresh).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_term_for_user(request.user, self.lookup_pk()))

    def create(self, request: Request) -> Response:
        data = _parse(TermCreateSerializer, request)
        return self._show(services.term_create(actor=signed_in(request), **data), status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        term = selectors.get_term_for_user(request.user, self.lookup_pk())
        data = _partial(TermWriteSerializer, request)
        return self._show(services.term_update(actor=signed_in(request), term=term, **data))


# ---------------------------------------------------------------- plenary sessions


class SessionDetailSerializer(SessionSerializer):
    term = serializers.IntegerField(source="term_id", read_only=True)
    committee = serializers.IntegerField(source="term.committee_id", read_only=True)

    class Meta(SessionSerializer.Meta):
        fields = ["id", "committee", "term", *SessionSerializer.Meta.fields[1:]]


class SessionWriteSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=99, help_text="次，如三次会议填 3")
    start_date = serializers.DateField(help_text="开幕日期")
    end_date = serializers.DateField(help_text="闭幕日期")
    proposal_deadline = serializers.DateField(required=False, allow_null=True, help_text="大会提案截止日期")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="地点")


class SessionCreateSerializer(SessionWriteSerializer):
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.select_related("committee"), help_text="届编号")


class TermFilterSerializer(CommitteeFilterSerializer):
    term = serializers.IntegerField(required=False, help_text="届编号")


@extend_schema_view(
    list=extend_schema(summary="全体会议", parameters=[TermFilterSerializer],
                       responses={200: SessionDetailSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="全体会议详情", responses={200: SessionDetailSerializer, **ERRORS}),
    create=extend_schema(summary="新增全体会议", request=SessionCreateSerializer,
                         responses={201: SessionDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改全体会议", description="只修改提交的字段；所属的届不能改。",
                                 request=SessionWriteSerializer, responses={200: SessionDetailSerializer, **ERRORS}),
)
class SessionViewSet(mixins.ListModelMixin, OrganisationViewSet):
    serializer_class = SessionDetailSerializer
    capabilities = TermViewSet.capabilities

    def get_queryset(self) -> QuerySet[Session]:
        if self.is_schema_request():
            return Session.objects.none()
        params = _parse(TermFilterSerializer, self.request, self.request.query_params)
        qs = selectors.sessions_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(term__committee_id=params["committee"])
        if params.get("term"):
            qs = qs.filter(term_id=params["term"])
        return qs.select_related("term").order_by("term__committee__path", "-term__number", "number")

    def _show(self, session: Session, status: int = 200) -> Response:
        fresh = Session.objects.select_related("term").get(pk=session.pk)
        return Response(SessionDetailSerializer(fresh).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_session_for_user(request.user, self.lookup_pk()))

    def create(self, request: Request) -> Response:
        data = _parse(SessionCreateSerializer, request)
        return self._show(services.session_create(actor=signed_in(request), **data), status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        session = selectors.get_session_for_user(request.user, self.lookup_pk())
        data = _partial(SessionWriteSerializer, request)
        return self._show(services.session_update(actor=signed_in(request), session=session, **data))


# ---------------------------------------------------------------- standing-committee and chairs' meetings


class CommitteeMeetingSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="term.committee_id", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    label = serializers.CharField(read_only=True, help_text="如 十五届常委会第三次会议")  # type: ignore[assignment]  # a field named label, not Field.label

    class Meta:
        model = Meeting
        fields = ["id", "committee", "term", "kind", "kind_label", "number", "label", "date", "title", "place"]


class CommitteeMeetingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices, help_text="类型")
    number = serializers.IntegerField(min_value=1, max_value=999, help_text="次")
    date = serializers.DateField(help_text="日期")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="议题")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="地点")


class CommitteeMeetingCreateSerializer(CommitteeMeetingWriteSerializer):
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.select_related("committee"), help_text="届编号")


class CommitteeMeetingFilterSerializer(TermFilterSerializer):
    kind = serializers.ChoiceField(required=False, choices=MeetingKind.choices, help_text="类型")


@extend_schema_view(
    list=extend_schema(summary="常委会议与主席会议", parameters=[CommitteeMeetingFilterSerializer],
                       responses={200: CommitteeMeetingSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="会议详情", responses={200: CommitteeMeetingSerializer, **ERRORS}),
    create=extend_schema(summary="新增常委会议或主席会议", request=CommitteeMeetingCreateSerializer,
                         responses={201: CommitteeMeetingSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改会议", description="只修改提交的字段；所属的届不能改。",
                                 request=CommitteeMeetingWriteSerializer,
                                 responses={200: CommitteeMeetingSerializer, **ERRORS}),
)
class CommitteeMeetingViewSet(mixins.ListModelMixin, OrganisationViewSet):
    serializer_class = CommitteeMeetingSerializer
    capabilities = TermViewSet.capabilities

    def get_queryset(self) -> QuerySet[Meeting]:
        if self.is_schema_request():
            return Meeting.objects.none()
        params = _parse(CommitteeMeetingFilterSerializer, self.request, self.request.query_params)
        qs = selectors.meetings_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(term__committee_id=params["committee"])
        if params.get("term"):
            qs = qs.filter(term_id=params["term"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return qs.select_related("term").order_by("term__committee__path", "-date", "id")

    def _show(self, meeting: Meeting, status: int = 200) -> Response:
        fresh = Meeting.objects.select_related("term").get(pk=meeting.pk)
        return Response(CommitteeMeetingSerializer(fresh).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_meeting_for_user(request.user, self.lookup_pk()))

    def create(self, request: Request) -> Response:
        data = _parse(CommitteeMeetingCreateSerializer, request)
        return self._show(services.meeting_create(actor=signed_in(request), **data), status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        meeting = selectors.get_meeting_for_user(request.user, self.lookup_pk())
        data = _partial(CommitteeMeetingWriteSerializer, request)
        return self._show(services.meeting_update(actor=signed_in(request), meeting=meeting, **data))


# ---------------------------------------------------------------- configuration lists


class ConfigItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id", allow_null=True, default=None,
                                         help_text="所属政协组织（党派为全国统一，无）")
    name = serializers.CharField()
    sort_order = serializers.IntegerField()
    is_active = serializers.BooleanField()


class HandlingUnitSerializer(ConfigItemSerializer):
    kind = serializers.CharField(help_text="类别，如 政府部门、群团组织、法院检察院")
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()


class ConfigItemUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="名称")
    sort_order = serializers.IntegerField(required=False, min_value=0, help_text="排序，小的在前")
    is_active = serializers.BooleanField(required=False, help_text="启用；停用后表单不再提供，已有记录保留")


class ConfigItemCreateSerializer(ConfigItemUpdateSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), required=False,
                                                   allow_null=True, help_text="所属政协组织（党派不填）")


class _UnitExtra(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="类别")
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="联系人")
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="联系电话")


class HandlingUnitCreateSerializer(ConfigItemCreateSerializer, _UnitExtra):
    pass


class HandlingUnitUpdateSerializer(ConfigItemUpdateSerializer, _UnitExtra):
    pass


class ConfigFilterSerializer(CommitteeFilterSerializer):
    active = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true 只看启用的，false 只看停用的")


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[("up", "上移"), ("down", "下移")], help_text="移动方向",
                                        error_messages={"invalid_choice": "移动方向无效。"})


class ConfigListViewSet(mixins.ListModelMixin, OrganisationViewSet):
    """One configuration list; every change is the system administrator's (config.manage, deployment-wide)."""

    list_key = ""
    serializer_class: type[serializers.Serializer] = ConfigItemSerializer
    create_serializer: type[serializers.Serializer] = ConfigItemCreateSerializer
    update_serializer: type[serializers.Serializer] = ConfigItemUpdateSerializer
    capabilities = {
        "list": (Cap.COMMITTEE_VIEW, Cap.CONFIG_MANAGE), "retrieve": (Cap.COMMITTEE_VIEW, Cap.CONFIG_MANAGE),
        "create": Cap.CONFIG_MANAGE, "partial_update": Cap.CONFIG_MANAGE, "move": Cap.CONFIG_MANAGE,
    }

    def get_queryset(self) -> QuerySet[ConfigItem]:
        model = CONFIG_LISTS[self.list_key]
        if self.is_schema_request():
            return model.objects.none()
        params = _parse(ConfigFilterSerializer, self.request, self.request.query_params)
        qs = selectors.config_items_for_user(self.request.user, self.list_key)
        if params.get("committee") and services.is_committee_scoped(model):
            qs = qs.filter(committee_id=params["committee"])  # type: ignore[misc]  # only committee-scoped lists have the field
        if params.get("active") is not None:
            qs = qs.filter(is_active=params["active"])
        return qs.order_by(*(["committee__path"] if services.is_committee_scoped(model) else []), "sort_order", "id")

    def _show(self, item: ConfigItem, status: int = 200) -> Response:
        item.refresh_from_db()
        return Response(self.serializer_class(item).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_config_item_for_user(request.user, self.list_key, self.lookup_pk()))

    def create(self, request: Request) -> Response:
        data = _parse(self.create_serializer, request)
        committee = data.pop("committee", None)
        model = CONFIG_LISTS[self.list_key]
        if not services.is_committee_scoped(model):
            committee = None
        if data.get("sort_order") is None:
            # As on the screen: a new entry goes to the end of its list.
            last = services.config_siblings(self.list_key, committee).aggregate(n=Max("sort_order"))["n"] or 0
            data["sort_order"] = last + 10
        item = services.config_item_create(actor=signed_in(request), list_key=self.list_key, committee=committee, **data)
        return self._show(item, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        item = selectors.get_config_item_for_user(request.user, self.list_key, self.lookup_pk())
        data = _partial(self.update_serializer, request)
        return self._show(services.config_item_update(actor=signed_in(request), item=item, **data))

    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        item = selectors.get_config_item_for_user(request.user, self.list_key, self.lookup_pk())
        data = _parse(MoveSerializer, request)
        return self._show(services.config_item_move(actor=signed_in(request), item=item, direction=data["direction"]))


def _config_viewset(list_key: str) -> type[ConfigListViewSet]:
    """The viewset of one list, with its own names in the schema."""
    model = CONFIG_LISTS[list_key]
    label = str(model._meta.verbose_name)
    unit = model is HandlingUnit
    read = HandlingUnitSerializer if unit else ConfigItemSerializer
    create = HandlingUnitCreateSerializer if unit else ConfigItemCreateSerializer
    update = HandlingUnitUpdateSerializer if unit else ConfigItemUpdateSerializer
    scoped = "每个政协组织各有一份，" if services.is_committee_scoped(model) else "全国统一一份，"
    attrs = {"list_key": list_key, "serializer_class": read, "create_serializer": create,
             "update_serializer": update, "__doc__": f"{label}（基础数据）。"}
    cls: type[ConfigListViewSet] = type(f"{model.__name__}ViewSet", (ConfigListViewSet,), attrs)
    cls.move = extend_schema(summary=f"{label}上移或下移", request=MoveSerializer,  # type: ignore[method-assign]  # this list's own schema
                             responses={200: read, **ERRORS})(cls.move)
    return extend_schema_view(
        list=extend_schema(summary=label, description=f"{label}：{scoped}系统管理员维护，可查看政协组织的工作人员可读。",
                           parameters=[ConfigFilterSerializer], responses={200: read(many=True), **ERRORS}),
        retrieve=extend_schema(summary=f"{label}详情", responses={200: read, **ERRORS}),
        create=extend_schema(summary=f"新增{label}", description="不给排序时排在最后。", request=create,
                             responses={201: read, **ERRORS}),
        partial_update=extend_schema(summary=f"修改、启用或停用{label}", description="只修改提交的字段。",
                                     request=update, responses={200: read, **ERRORS}),
    )(cls)


CONFIG_VIEWSETS = {key: _config_viewset(key) for key in CONFIG_LISTS}


def register(router: SimpleRouter) -> None:
    """Add the organisation's viewsets to the API router."""
    router.register("terms", TermViewSet, basename="api-term")
    router.register("sessions", SessionViewSet, basename="api-session")
    router.register("committee-meetings", CommitteeMeetingViewSet, basename="api-committee-meeting")
    for key, viewset in CONFIG_VIEWSETS.items():
        router.register(key, viewset, basename=f"api-{key}")
