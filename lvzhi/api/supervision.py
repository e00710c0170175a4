"""The 民主监督 API: reads through the supervision selectors, every action through its one service."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, require
from lvzhi.api.permissions import CapabilityPermission, _handled, capability_for
from lvzhi.api.views import ERRORS, CapabilityViewSet
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.consultations.models import Suggestion
from lvzhi.members.models import Person
from lvzhi.proposals.models import Proposal
from lvzhi.supervision import selectors, workflow
from lvzhi.supervision.figures import HEADLINE, Period, Scope, supervision_figures
from lvzhi.supervision.models import (
    AttendanceKind,
    GroupRole,
    MatterState,
    Method,
    OutsideAttendance,
    SupervisionGroup,
    SupervisionMatter,
    SupervisorDuty,
)
from lvzhi.supervision.services import attendance as attendance_services
from lvzhi.supervision.services import matters as matter_services
from lvzhi.supervision.services import supervisors as supervisor_services
from lvzhi.supervision.services.matters import STEP_LABELS
from lvzhi.supervision.views_matters import filter_matters


class SupervisionPermission(CapabilityPermission):
    """A member holds no supervision.view but reads their own records: the selectors narrow what they get."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if (_handled(request, view) and capability_for(request, view) == Cap.SUPERVISION_VIEW
                and selectors.person_id(request.user) is not None):
            return True
        return super().has_permission(request, view)


class SupervisionViewSet(CapabilityViewSet):
    permission_classes = [IsAuthenticated, SupervisionPermission]




def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=kwargs.pop("required", False), allow_blank=True, trim_whitespace=False,
                                 **kwargs)


class SupervisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# ---------------------------------------------------------------- groups


class SupervisionGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    year = serializers.IntegerField()
    name = serializers.CharField()
    topic = serializers.CharField()
    sent_on = serializers.DateField()
    methods = serializers.SerializerMethodField()
    leader = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()

    def get_methods(self, obj: SupervisionGroup) -> list[str]:
        return obj.method_labels()

    def get_leader(self, obj: SupervisionGroup) -> str | None:
        return next((m.person.name for m in obj.memberships.all() if m.role == GroupRole.LEADER), None)

    def get_members(self, obj: SupervisionGroup) -> list[str]:
        return [m.person.name for m in obj.memberships.all() if m.role == GroupRole.MEMBER]

    def get_departments(self, obj: SupervisionGroup) -> list[dict[str, Any]]:
        return [{"id": u.pk, "name": u.name} for u in obj.departments.all()]


class SupervisionGroupFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="检索监督组名称、主题、被监督单位和成员（简繁互通）")
    department = serializers.IntegerField(required=False, help_text="被监督单位编号")
    method = serializers.ChoiceField(required=False, choices=Method.choices, help_text="监督方式")
    state = serializers.ChoiceField(required=False, choices=selectors.GROUP_STATES, help_text="办理情况")


@extend_schema_view(
    list=extend_schema(summary="民主监督组", description="工作人员与领导看本会（领导含下级）的监督组，委员看本人参加的。",
                       parameters=[SupervisionGroupFilterSerializer], responses={200: SupervisionGroupSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="监督组详情", responses={200: SupervisionGroupSerializer, **ERRORS}),
)
class GroupViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisionGroupSerializer
    capabilities = {"list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW}

    def get_queryset(self) -> QuerySet[SupervisionGroup]:
        if self.is_schema_request():
            return SupervisionGroup.objects.none()
        params = _parse(SupervisionGroupFilterSerializer, self.request, self.request.query_params)
        qs = selectors.groups_for_user(self.request.user)
        committee, year = params.pop("committee", None), params.pop("year", None)
        if committee:
            qs = qs.filter(committee_id=committee)
        if year:
            qs = qs.filter(year=year)
        qs = selectors.filter_groups(qs, **params)  # what is left: q, department, method, state
        return qs.prefetch_related("memberships__person", "departments").order_by("-sent_on", "id")

    def retrieve(self, request: Request, pk: str) -> Response:
        group = selectors.get_group_for_user(request.user, self.lookup_pk())
        return Response(SupervisionGroupSerializer(self.get_queryset().get(pk=group.pk)).data)


# ---------------------------------------------------------------- matters


class SupervisionOpinionSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    text = serializers.CharField()
    issued_on = serializers.DateField()


class MatterStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    remarks = serializers.CharField()

    def get_label(self, obj: Any) -> str:
        return STEP_LABELS.get(obj.action, obj.action)

    def get_actor(self, obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class SupervisionMatterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    year = serializers.IntegerField()
    group = SupervisionRefSerializer()
    department = SupervisionRefSerializer()
    title = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    opinions_issued_on = serializers.DateField(allow_null=True, help_text="尚未提出意见时为 null")
    feedback_due = serializers.DateField(allow_null=True, help_text="尚未提出意见时为 null")
    feedback_on = serializers.DateField(allow_null=True, help_text="尚未反馈时为 null")
    verified_on = serializers.DateField(allow_null=True, help_text="尚未核实时为 null")
    is_overdue = serializers.BooleanField()
    opinion_count = serializers.IntegerField()
    version = serializers.IntegerField()


class SupervisionMatterDetailSerializer(SupervisionMatterSerializer):
    description = serializers.CharField()
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True, help_text="监督办理的提案")
    suggestion = serializers.IntegerField(source="suggestion_id", allow_null=True, help_text="监督落实的协商意见建议")
    feedback = serializers.CharField()
    verification = serializers.CharField()
    opinions = SupervisionOpinionSerializer(many=True)
    steps = MatterStepSerializer(many=True)
    next_step = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()

    def get_next_step(self, obj: SupervisionMatter) -> str:
        return workflow.NEXT_STEP[MatterState(obj.state)]

    def get_allowed_moves(self, obj: SupervisionMatter) -> list[str]:
        user = self.context["request"].user
        if not can(user, Cap.SUPERVISION_MANAGE, obj.committee):
            return []
        return [m.name for m in workflow.allowed_moves(obj.state)]


class SupervisionMatterFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="检索（简繁互通）")
    year = serializers.IntegerField(required=False, help_text="年度")
    state = serializers.ChoiceField(required=False, choices=MatterState.choices, help_text="状态")
    group = serializers.IntegerField(required=False, help_text="监督组编号")
    department = serializers.IntegerField(required=False, help_text="被监督单位编号")
    overdue = serializers.BooleanField(required=False, default=False, help_text="只看逾期未反馈的")


class MatterCreateSerializer(serializers.Serializer):
    group = serializers.PrimaryKeyRelatedField(queryset=SupervisionGroup.objects.select_related("committee"),
                                               help_text="监督组编号")
    department = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), help_text="被监督单位编号")
    title = _text(required=True, help_text="监督事项")
    description = _text(help_text="实际情况")
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), required=False, allow_null=True,
                                                  help_text="监督办理的提案编号（可选，须为本政协组织已立案的提案）")
    suggestion = serializers.PrimaryKeyRelatedField(queryset=Suggestion.objects.all(), required=False,
                                                    allow_null=True,
                                                    help_text="监督落实的协商意见建议编号（可选，须已报送）")


class OpinionsInputSerializer(serializers.Serializer):
    opinions = serializers.ListField(child=serializers.CharField(allow_blank=True, trim_whitespace=False),
                                     help_text="监督意见，每条一项")
    issued_on = serializers.DateField(required=False, allow_null=True, help_text="提出日期，默认今天")
    feedback_due = serializers.DateField(required=False, allow_null=True, help_text="反馈期限，默认30天后")
    version = serializers.IntegerField(help_text="读取时的 version")


class FeedbackInputSerializer(serializers.Serializer):
    feedback = _text(required=True, help_text="办理情况")
    received_on = serializers.DateField(required=False, allow_null=True, help_text="反馈日期，默认今天")
    version = serializers.IntegerField(help_text="读取时的 version")


class VerifyInputSerializer(serializers.Serializer):
    verification = _text(required=True, help_text="核实情况")
    verified_on = serializers.DateField(required=False, allow_null=True, help_text="核实日期，默认今天")
    version = serializers.IntegerField(help_text="读取时的 version")


class RejectInputSerializer(serializers.Serializer):
    reason = _text(required=True, help_text="未达效果的理由")
    feedback_due = serializers.DateField(required=False, allow_null=True, help_text="新的反馈期限，默认30天后")
    version = serializers.IntegerField(help_text="读取时的 version")


def _move_schema(summary: str, request: Any) -> Any:
    return extend_schema(summary=summary, request=request, responses={200: SupervisionMatterDetailSerializer, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="监督事项", description="可查看的监督事项；q 检索事项、情况、意见和单位（简繁互通）。",
                       parameters=[SupervisionMatterFilterSerializer], responses={200: SupervisionMatterSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="监督事项详情", description="闭环各环节、意见、反馈、核实、办理记录和当前账号可做的操作。",
                           responses={200: SupervisionMatterDetailSerializer, **ERRORS}),
    create=extend_schema(summary="登记监督事项", request=MatterCreateSerializer,
                         responses={201: SupervisionMatterDetailSerializer, **ERRORS}),
)
class MatterViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisionMatterSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {
        "list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE,
        "issue_opinions": Cap.SUPERVISION_MANAGE, "record_feedback": Cap.SUPERVISION_MANAGE,
        "verify": Cap.SUPERVISION_MANAGE, "reject_effect": Cap.SUPERVISION_MANAGE,
    }

    def get_queryset(self) -> QuerySet[SupervisionMatter]:
        if self.is_schema_request():
            return SupervisionMatter.objects.none()
        params = _parse(SupervisionMatterFilterSerializer, self.request, self.request.query_params)
        qs = selectors.matters_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params.pop("committee"))
        qs = filter_matters(qs, params)
        return qs.select_related("group", "department").annotate(opinion_count=Count("opinions")).order_by("-id")

    def _show(self, pk: int, status: int = 200) -> Response:
        matter = (SupervisionMatter.objects.select_related("group", "department", "committee")
                  .annotate(opinion_count=Count("opinions"))
                  .prefetch_related("opinions", Prefetch("steps__actor")).get(pk=pk))
        return Response(SupervisionMatterDetailSerializer(matter, context={"request": self.request}).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_matter_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(MatterCreateSerializer, request)
        group = data.pop("group")
        matter = matter_services.matter_create(actor=request.user, group=group, **data)
        return self._show(matter.pk, status=201)

    def _move(self, parser: type[serializers.Serializer], call: Any) -> Response:
        matter = selectors.get_matter_for_user(self.request.user, self.lookup_pk())
        data = _parse(parser, self.request)
        version = data.pop("version")
        call(actor=self.request.user, matter=matter, expected_version=version, **data)
        return self._show(matter.pk)

    @_move_schema("提出监督意见", OpinionsInputSerializer)
    @action(detail=True, methods=["post"], url_path="issue-opinions")
    def issue_opinions(self, request: Request, pk: str) -> Response:
        return self._move(OpinionsInputSerializer, matter_services.matter_issue_opinions)

    @_move_schema("登记反馈", FeedbackInputSerializer)
    @action(detail=True, methods=["post"], url_path="record-feedback")
    def record_feedback(self, request: Request, pk: str) -> Response:
        return self._move(FeedbackInputSerializer, matter_services.matter_record_feedback)

    @_move_schema("核实确认", VerifyInputSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        return self._move(VerifyInputSerializer, matter_services.matter_verify)

    @_move_schema("未达效果，退回继续办理", RejectInputSerializer)
    @action(detail=True, methods=["post"], url_path="reject-effect")
    def reject_effect(self, request: Request, pk: str) -> Response:
        return self._move(RejectInputSerializer, matter_services.matter_reject_effect)


# ---------------------------------------------------------------- special supervisors' batches and 列席


class SupervisorDutySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    body = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()
    participants = SupervisionRefSerializer(many=True)


class DutyCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    body = _text(required=True, help_text="单位")
    title = _text(required=True, help_text="活动内容")
    date = serializers.DateField(help_text="日期")
    participants = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(),
                                                      help_text="参加的特约监督员（人员编号）")


class SupervisionYearFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="检索单位、内容和参加委员（简繁互通）")


class SupervisionAttendanceFilterSerializer(SupervisionYearFilterSerializer):
    kind = serializers.ChoiceField(required=False, choices=AttendanceKind.choices, help_text="类别")


@extend_schema_view(
    list=extend_schema(summary="特约监督员活动批次", parameters=[SupervisionYearFilterSerializer],
                       responses={200: SupervisorDutySerializer(many=True), **ERRORS}),
    create=extend_schema(summary="登记活动批次", request=DutyCreateSerializer, responses={201: SupervisorDutySerializer, **ERRORS}),
)
class DutyViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisorDutySerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE}

    def get_queryset(self) -> QuerySet[SupervisorDuty]:
        if self.is_schema_request():
            return SupervisorDuty.objects.none()
        params = _parse(SupervisionYearFilterSerializer, self.request, self.request.query_params)
        qs = selectors.duties_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        qs = selectors.filter_duties(qs, q=params.get("q", ""), year=params.get("year"))
        return qs.prefetch_related("participants").order_by("-date", "-id")

    def create(self, request: Request) -> Response:
        data = _parse(DutyCreateSerializer, request)
        duty = supervisor_services.duty_create(actor=request.user, **data)
        return Response(SupervisorDutySerializer(duty).data, status=201)


class OutsideAttendanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    body = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()
    attendees = SupervisionRefSerializer(many=True)


class AttendanceCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    kind = serializers.ChoiceField(choices=AttendanceKind.choices, help_text="类别")
    body = _text(required=True, help_text="单位")
    title = _text(required=True, help_text="会议或案件")
    date = serializers.DateField(help_text="日期")
    attendees = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(),
                                                   help_text="参加委员（人员编号）")


@extend_schema_view(
    list=extend_schema(summary="列席与旁听", parameters=[SupervisionAttendanceFilterSerializer],
                       responses={200: OutsideAttendanceSerializer(many=True), **ERRORS}),
    create=extend_schema(summary="登记列席或旁听", request=AttendanceCreateSerializer,
                         responses={201: OutsideAttendanceSerializer, **ERRORS}),
)
class AttendanceViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = OutsideAttendanceSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE}

    def get_queryset(self) -> QuerySet[OutsideAttendance]:
        if self.is_schema_request():
            return OutsideAttendance.objects.none()
        params = _parse(SupervisionAttendanceFilterSerializer, self.request, self.request.query_params)
        qs = selectors.attendances_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        qs = selectors.filter_attendances(qs, q=params.get("q", ""), year=params.get("year"),
                                          kind=params.get("kind", ""))
        return qs.prefetch_related("attendees").order_by("-date", "-id")

    def create(self, request: Request) -> Response:
        data = _parse(AttendanceCreateSerializer, request)
        row = attendance_services.attendance_create(actor=request.user, **data)
        return Response(OutsideAttendanceSerializer(row).data, status=201)


# ---------------------------------------------------------------- figures


class SupervisionFiguresParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    include_subtree = serializers.BooleanField(required=False, default=False, help_text="含下级政协")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度；默认今年")
    start = serializers.DateField(required=False, help_text="起始日期（给出则按日期统计）")
    end = serializers.DateField(required=False, help_text="截止日期（含）")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": ["截止日期不能早于起始日期。"]})
        return attrs


class SupervisionFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.IntegerField()


@extend_schema_serializer(many=False)  # one set of figures, though served by the viewset's "list"
class SupervisionFiguresSerializer(serializers.Serializer):
    scope = serializers.CharField()
    period = serializers.CharField()
    figures = SupervisionFigureSerializer(many=True)
    matters_by_state = serializers.DictField(child=serializers.IntegerField())


class FiguresViewSet(SupervisionViewSet):
    capabilities = {"list": Cap.SUPERVISION_VIEW}
    pagination_class = None

    @extend_schema(summary="民主监督统计", description="各项指标口径见 docs/supervision.md；与统计页面、Excel 导出同一口径。",
                   parameters=[SupervisionFiguresParamSerializer], responses={200: SupervisionFiguresSerializer, **ERRORS})
    def list(self, request: Request) -> Response:
        d = _parse(SupervisionFiguresParamSerializer, request, request.query_params)
        committee = d["committee"]
        require(request.user, Cap.SUPERVISION_VIEW, committee)
        subtree = d.get("include_subtree", False)
        if subtree:
            below = Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk)
            for c in below:
                require(request.user, Cap.SUPERVISION_VIEW, c)
        if d.get("start") or d.get("end"):
            period = Period.between(d.get("start"), d.get("end"))
        else:
            period = Period.for_year(d.get("year") or timezone.localdate().year)
        f = supervision_figures(Scope(committee, include_subtree=subtree), period)
        return Response({
            "scope": f.scope.label, "period": f.period.label,
            "figures": [{"code": c, "label": label, "unit": unit, "value": getattr(f, c)} for c, label, unit in HEADLINE],
            "matters_by_state": f.matters_by_state,
        })


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("supervision-groups", GroupViewSet, basename="api-supervision-group")
    router.register("supervision-matters", MatterViewSet, basename="api-supervision-matter")
    router.register("supervisor-duties", DutyViewSet, basename="api-supervisor-duty")
    router.register("outside-attendances", AttendanceViewSet, basename="api-outside-attendance")
    router.register("supervision-figures", FiguresViewSet, basename="api-supervision-figures")
