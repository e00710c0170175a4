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
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import CapabilityPermission, _handled, capability_for
from lvzhi.api.serializers import LineFigureSerializer, LineFiguresParamSerializer, WorkflowEventSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
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
    PlanState,
    SupervisionGroup,
    SupervisionMatter,
    SupervisionPlan,
    SupervisorAppointment,
    SupervisorDuty,
)
from lvzhi.supervision.selectors import filter_matters
from lvzhi.supervision.services import attendance as attendance_services
from lvzhi.supervision.services import groups as group_services
from lvzhi.supervision.services import matters as matter_services
from lvzhi.supervision.services import supervisors as supervisor_services


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


# ---------------------------------------------------------------- the yearly plan


class SupervisionPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    year = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    state = serializers.ChoiceField(choices=PlanState.choices)
    state_label = serializers.CharField(source="get_state_display")
    approved_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class PlanFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")


class PlanCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    year = serializers.IntegerField(help_text="年度（每年一个计划）")
    title = _text(required=True, help_text="计划名称")
    body = _text(help_text="计划内容")


class PlanVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的 version")


@extend_schema_view(
    list=extend_schema(summary="民主监督年度计划", description="工作人员看本会（领导含下级）的年度计划。",
                       parameters=[PlanFilterSerializer], responses={200: SupervisionPlanSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="年度计划详情", responses={200: SupervisionPlanSerializer, **ERRORS}),
    create=extend_schema(summary="建立年度计划", description="每个政协组织每年一个计划，建立后为草拟状态。",
                         request=PlanCreateSerializer, responses={201: SupervisionPlanSerializer, **ERRORS}),
)
class PlanViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisionPlanSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW,
                    "create": Cap.SUPERVISION_MANAGE, "approve": Cap.SUPERVISION_MANAGE}

    def get_queryset(self) -> QuerySet[SupervisionPlan]:
        if self.is_schema_request():
            return SupervisionPlan.objects.none()
        params = _parse(PlanFilterSerializer, self.request, self.request.query_params)
        qs = selectors.plans_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        if params.get("year"):
            qs = qs.filter(year=params["year"])
        return qs.order_by("-year", "id")

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(SupervisionPlanSerializer(selectors.get_plan_for_user(request.user, self.lookup_pk())).data)

    def create(self, request: Request) -> Response:
        data = _parse(PlanCreateSerializer, request)
        plan, status = create_for_request(request, "supervision.plan_create", SupervisionPlan,
                                          lambda: group_services.plan_create(actor=signed_in(request), **data))
        return Response(SupervisionPlanSerializer(plan).data, status=status)

    @extend_schema(summary="审定年度计划", request=PlanVersionSerializer, responses={200: SupervisionPlanSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        plan = selectors.get_plan_for_user(request.user, self.lookup_pk())
        data = _parse(PlanVersionSerializer, request)
        plan = group_services.plan_approve(actor=signed_in(request), plan=plan, expected_version=data["version"])
        return Response(SupervisionPlanSerializer(plan).data)


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
    method_codes = serializers.ListField(source="methods", child=serializers.ChoiceField(choices=Method.choices),
                                         help_text="监督方式代码（修改时提交）")
    seats = serializers.SerializerMethodField(help_text="组长和组员：人员编号、姓名、角色")
    plan = serializers.IntegerField(source="plan_id", allow_null=True, help_text="所属年度计划")
    version = serializers.IntegerField()

    def get_methods(self, obj: SupervisionGroup) -> list[str]:
        return obj.method_labels()

    def get_seats(self, obj: SupervisionGroup) -> list[dict[str, Any]]:
        return [{"person": m.person_id, "name": m.person.name, "role": m.role}
                for m in sorted(obj.memberships.all(), key=lambda m: (m.role != GroupRole.LEADER, m.pk))]

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


class _GroupFieldsSerializer(serializers.Serializer):
    name = _text(help_text="监督组名称")
    topic = _text(help_text="监督主题")
    leader = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), help_text="组长（人员编号）")
    members = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False,
                                                 help_text="组员（人员编号）")
    departments = serializers.PrimaryKeyRelatedField(many=True, queryset=HandlingUnit.objects.all(),
                                                     help_text="被监督单位编号")
    methods = serializers.ListField(child=serializers.ChoiceField(choices=Method.choices), required=False,
                                    help_text="监督方式")
    sent_on = serializers.DateField(required=False, help_text="派出日期，默认今天")


class GroupCreateSerializer(_GroupFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    name = _text(required=True, help_text="监督组名称")


class GroupUpdateSerializer(_GroupFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


@extend_schema_view(
    list=extend_schema(summary="民主监督组", description="工作人员与领导看本会（领导含下级）的监督组，委员看本人参加的。",
                       parameters=[SupervisionGroupFilterSerializer], responses={200: SupervisionGroupSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="监督组详情", responses={200: SupervisionGroupSerializer, **ERRORS}),
    create=extend_schema(summary="派出民主监督组", description="组长、组员、被监督单位和监督方式；派出当年有年度计划的，归入该计划。",
                         request=GroupCreateSerializer, responses={201: SupervisionGroupSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改监督组", description="只修改提交的字段（成员、被监督单位按提交的整体替换）；须提交 version。",
                                 request=GroupUpdateSerializer, responses={200: SupervisionGroupSerializer, **ERRORS}),
)
class GroupViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisionGroupSerializer
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW,
                    "create": Cap.SUPERVISION_MANAGE, "partial_update": Cap.SUPERVISION_MANAGE}

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

    def _show(self, pk: int, status: int = 200) -> Response:
        group = SupervisionGroup.objects.prefetch_related("memberships__person", "departments").get(pk=pk)
        return Response(SupervisionGroupSerializer(group).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_group_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(GroupCreateSerializer, request)
        committee: Committee = data.pop("committee")
        sent_on = data.get("sent_on") or timezone.localdate()
        # As on the screen: a group sent in a year that has a plan belongs to it.
        plan = SupervisionPlan.objects.filter(committee=committee, year=sent_on.year).first()
        group, status = create_for_request(request, "supervision.group_create", SupervisionGroup, lambda: (
            group_services.group_create(actor=signed_in(request), committee=committee, plan=plan, **data)))
        return self._show(group.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        group = selectors.get_group_for_user(request.user, self.lookup_pk())
        data = _parse(GroupUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        seats = list(group.memberships.select_related("person"))
        values: dict[str, Any] = {
            "name": group.name, "topic": group.topic, "methods": list(group.methods), "sent_on": group.sent_on,
            "leader": next((m.person for m in seats if m.role == GroupRole.LEADER), None),
            "members": [m.person for m in seats if m.role == GroupRole.MEMBER],
            "departments": list(group.departments.all()),
        }
        version = data.pop("version")
        values.update(data)
        group_services.group_update(actor=signed_in(request), group=group, expected_version=version, **values)
        return self._show(group.pk)


# ---------------------------------------------------------------- matters


class SupervisionOpinionSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    text = serializers.CharField()
    issued_on = serializers.DateField()


class MatterStepSerializer(WorkflowEventSerializer):
    pass


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


class MatterUpdateSerializer(serializers.Serializer):
    title = _text(help_text="监督事项")
    description = _text(help_text="实际情况")
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
    partial_update=extend_schema(summary="修改监督事项", description="修改事项名称和实际情况（核实前）；须提交 version。",
                                 request=MatterUpdateSerializer, responses={200: SupervisionMatterDetailSerializer, **ERRORS}),
)
class MatterViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisionMatterSerializer
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {
        "list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE,
        "partial_update": Cap.SUPERVISION_MANAGE,
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
        matter, status = create_for_request(request, "supervision.matter_create", SupervisionMatter,
                                            lambda: matter_services.matter_create(actor=signed_in(request), group=group, **data))
        return self._show(matter.pk, status=status)

    def _move(self, parser: type[serializers.Serializer], call: Any) -> Response:
        matter = selectors.get_matter_for_user(self.request.user, self.lookup_pk())
        data = _parse(parser, self.request)
        version = data.pop("version")
        call(actor=self.request.user, matter=matter, expected_version=version, **data)
        return self._show(matter.pk)

    def partial_update(self, request: Request, pk: str) -> Response:
        matter = selectors.get_matter_for_user(request.user, self.lookup_pk())
        data = _parse(MatterUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        values = {"title": matter.title, "description": matter.description, **data}
        version = values.pop("version")
        matter_services.matter_update(actor=signed_in(request), matter=matter, expected_version=version, **values)
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


# ---------------------------------------------------------------- special supervisors' appointments


class SupervisorAppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    person = SupervisionRefSerializer()
    body = serializers.CharField(help_text="聘请单位")
    title = serializers.CharField(help_text="监督员名称")
    appointed_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    is_serving = serializers.SerializerMethodField(help_text="今天是否在聘")

    def get_is_serving(self, obj: SupervisorAppointment) -> bool:
        today = timezone.localdate()
        return obj.appointed_on <= today and (obj.ends_on is None or obj.ends_on >= today)


class AppointmentFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="检索委员、聘请单位和监督员名称（简繁互通）")
    state = serializers.ChoiceField(required=False, choices=selectors.APPOINTMENT_STATES, help_text="在聘或已期满")


class AppointmentCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), help_text="委员（人员编号）")
    body = _text(required=True, help_text="聘请单位")
    title = _text(help_text="监督员名称，默认“特约监督员”")
    appointed_on = serializers.DateField(required=False, allow_null=True, help_text="聘任日期，默认今天")
    ends_on = serializers.DateField(required=False, allow_null=True, help_text="期满日期")


class AppointmentEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False, allow_null=True, help_text="期满日期，默认今天")


@extend_schema_view(
    list=extend_schema(summary="特约监督员聘任", description="工作人员看本会（领导含下级）的聘任，委员看本人的。",
                       parameters=[AppointmentFilterSerializer],
                       responses={200: SupervisorAppointmentSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="聘任详情", responses={200: SupervisorAppointmentSerializer, **ERRORS}),
    create=extend_schema(summary="聘任特约监督员", description="聘任后，该委员才能登记为该单位活动批次的参加人员。",
                         request=AppointmentCreateSerializer, responses={201: SupervisorAppointmentSerializer, **ERRORS}),
)
class AppointmentViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisorAppointmentSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "retrieve": Cap.SUPERVISION_VIEW,
                    "create": Cap.SUPERVISION_MANAGE, "end": Cap.SUPERVISION_MANAGE}

    def get_queryset(self) -> QuerySet[SupervisorAppointment]:
        if self.is_schema_request():
            return SupervisorAppointment.objects.none()
        params = _parse(AppointmentFilterSerializer, self.request, self.request.query_params)
        qs = selectors.appointments_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        qs = selectors.filter_appointments(qs, q=params.get("q", ""), state=params.get("state", ""))
        return qs.select_related("person").order_by("body", "person__stroke_key", "id")

    def retrieve(self, request: Request, pk: str) -> Response:
        row = selectors.get_appointment_for_user(request.user, self.lookup_pk())
        return Response(SupervisorAppointmentSerializer(row).data)

    def create(self, request: Request) -> Response:
        data = _parse(AppointmentCreateSerializer, request)
        row, status = create_for_request(request, "supervision.appointment_create", SupervisorAppointment,
                                         lambda: supervisor_services.appointment_create(actor=signed_in(request), **data))
        return Response(SupervisorAppointmentSerializer(row).data, status=status)

    @extend_schema(summary="聘任期满", request=AppointmentEndSerializer,
                   responses={200: SupervisorAppointmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        row = selectors.get_appointment_for_user(request.user, self.lookup_pk())
        data = _parse(AppointmentEndSerializer, request)
        row = supervisor_services.appointment_end(actor=signed_in(request), appointment=row, ends_on=data.get("ends_on"))
        return Response(SupervisorAppointmentSerializer(row).data)


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
    destroy=extend_schema(summary="删除误登记的活动批次", description="同时删除它写入的履职记录。",
                          responses={204: None, **ERRORS}),
)
class DutyViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = SupervisorDutySerializer
    http_method_names = ["get", "head", "post", "delete"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE,
                    "destroy": Cap.SUPERVISION_MANAGE}

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
        duty, status = create_for_request(request, "supervision.duty_create", SupervisorDuty,
                                          lambda: supervisor_services.duty_create(actor=signed_in(request), **data))
        return Response(SupervisorDutySerializer(duty).data, status=status)

    def destroy(self, request: Request, pk: str) -> Response:
        duty = selectors.get_duty_for_user(request.user, self.lookup_pk())
        supervisor_services.duty_delete(actor=signed_in(request), duty=duty)
        return Response(status=204)


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
    destroy=extend_schema(summary="删除误登记的列席或旁听", description="同时删除它写入的履职记录。",
                          responses={204: None, **ERRORS}),
)
class AttendanceViewSet(mixins.ListModelMixin, SupervisionViewSet):
    serializer_class = OutsideAttendanceSerializer
    http_method_names = ["get", "head", "post", "delete"]
    capabilities = {"list": Cap.SUPERVISION_VIEW, "create": Cap.SUPERVISION_MANAGE,
                    "destroy": Cap.SUPERVISION_MANAGE}

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
        row, status = create_for_request(request, "supervision.attendance_create", OutsideAttendance,
                                         lambda: attendance_services.attendance_create(actor=signed_in(request), **data))
        return Response(OutsideAttendanceSerializer(row).data, status=status)

    def destroy(self, request: Request, pk: str) -> Response:
        row = selectors.get_attendance_for_user(request.user, self.lookup_pk())
        attendance_services.attendance_delete(actor=signed_in(request), attendance=row)
        return Response(status=204)


# ---------------------------------------------------------------- figures


class SupervisionFiguresParamSerializer(LineFiguresParamSerializer):
    pass


class SupervisionFigureSerializer(LineFigureSerializer):
    pass


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
    router.register("supervision-plans", PlanViewSet, basename="api-supervision-plan")
    router.register("supervision-groups", GroupViewSet, basename="api-supervision-group")
    router.register("supervision-matters", MatterViewSet, basename="api-supervision-matter")
    router.register("supervisor-appointments", AppointmentViewSet, basename="api-supervisor-appointment")
    router.register("supervisor-duties", DutyViewSet, basename="api-supervisor-duty")
    router.register("outside-attendances", AttendanceViewSet, basename="api-outside-attendance")
    router.register("supervision-figures", FiguresViewSet, basename="api-supervision-figures")
