"""The 社情民意 API: reads through the opinion selectors, every move through its one service."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.members.models import Person
from lvzhi.opinions.figures import HEADLINE, Period, Scope, opinion_figures
from lvzhi.opinions.models import (
    AdoptionLevel,
    IssueState,
    JournalIssue,
    OpinionAuthor,
    OpinionReport,
    Publication,
    State,
    SubmitterKind,
    TargetKind,
)
from lvzhi.opinions.selectors import (
    OUTCOMES,
    get_issue_for_user,
    get_report_for_user,
    opinion_revisions_for_user,
    opinion_timeline_for_user,
    search_issues,
    search_reports,
    source_proposal_history_for_user,
)
from lvzhi.opinions.services import editing, followup, issues, reports
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.settings import opinion_settings_update

READ_CAPS = (Cap.OPINION_SUBMIT, Cap.OPINION_VIEW_ALL)


# ---------------------------------------------------------------- serializers


class OpinionAuthorSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.name", read_only=True)
    order = serializers.IntegerField(read_only=True)


class OpinionSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    submitter_kind_display = serializers.CharField(source="get_submitter_kind_display", read_only=True)
    authors = OpinionAuthorSerializer(many=True, read_only=True)

    class Meta:
        model = OpinionReport
        fields = ["id", "committee", "committee_name", "year", "title", "submitter_kind", "submitter_kind_display",
                  "collective_name", "urgent", "state", "state_display", "submitted_at", "published_at", "authors",
                  "version"]


class _OpinionRow(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(read_only=True)


class OpinionSendingSerializer(_OpinionRow):
    target_kind = serializers.CharField(read_only=True)
    target_name = serializers.CharField(read_only=True)


class OpinionAdoptionSerializer(_OpinionRow):
    level = serializers.CharField(read_only=True)
    adopted_by = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class OpinionInstructionSerializer(_OpinionRow):
    level = serializers.CharField(read_only=True)
    leader = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)


class OpinionFeedbackSerializer(_OpinionRow):
    department = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)


class OpinionEventSerializer(serializers.Serializer):
    """One row of a history as the selector decided it for the reader: the report's own
    (`opinion_timeline_for_user`) or its source proposal's (`source_proposal_history_for_user`)."""

    action = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # a field named label, not Field.label
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)
    actor = serializers.CharField(read_only=True, allow_null=True,
                                  help_text="操作人；工作人员看到全部，其他人只看到本人的操作")
    remarks = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)


class OpinionRevisionSerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    editor = serializers.CharField(read_only=True, allow_null=True, help_text="编辑人；仅查看全部信息的工作人员可见")
    title_before = serializers.CharField(read_only=True)
    body_before = serializers.CharField(read_only=True)
    title_after = serializers.CharField(read_only=True)
    body_after = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class OpinionDetailSerializer(OpinionSerializer):
    sendings = OpinionSendingSerializer(many=True, read_only=True)
    adoptions = OpinionAdoptionSerializer(many=True, read_only=True)
    instructions = OpinionInstructionSerializer(many=True, read_only=True)
    feedback = OpinionFeedbackSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    revisions = serializers.SerializerMethodField()
    source_proposal_history = serializers.SerializerMethodField(help_text="来源提案的审查记录（按该提案的可见规则）")

    class Meta(OpinionSerializer.Meta):
        fields = [*OpinionSerializer.Meta.fields, "body", "original_title", "original_body", "decision_note",
                  "merged_into", "source_proposal", "sendings", "adoptions", "instructions", "feedback", "events",
                  "revisions", "source_proposal_history"]

    @extend_schema_field(OpinionEventSerializer(many=True))
    def get_events(self, obj: OpinionReport) -> list[dict[str, Any]]:
        rows = opinion_timeline_for_user(self.context["request"].user, obj)
        return OpinionEventSerializer(rows, many=True).data  # type: ignore[return-value]

    @extend_schema_field(OpinionRevisionSerializer(many=True))
    def get_revisions(self, obj: OpinionReport) -> list[dict[str, Any]]:
        rows = opinion_revisions_for_user(self.context["request"].user, obj)
        return OpinionRevisionSerializer(rows, many=True).data  # type: ignore[return-value]

    @extend_schema_field(OpinionEventSerializer(many=True))
    def get_source_proposal_history(self, obj: OpinionReport) -> list[dict[str, Any]]:
        rows = source_proposal_history_for_user(self.context["request"].user, obj)
        return OpinionEventSerializer(rows, many=True).data  # type: ignore[return-value]


class OpinionFilterSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), required=False,
                                                   help_text="政协组织；不填则只列本人的信息")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    state = serializers.ChoiceField(choices=State.choices, required=False)
    kind = serializers.ChoiceField(choices=SubmitterKind.choices, required=False)
    urgent = serializers.BooleanField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=OUTCOMES, required=False, help_text="成效：已被采用、获领导批示或已报送上级")


class OpinionCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    title = serializers.CharField(allow_blank=True, max_length=1000)
    body = serializers.CharField(allow_blank=True, max_length=100_000)
    submitter_kind = serializers.ChoiceField(choices=SubmitterKind.choices)
    collective_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    co_authors = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), many=True, required=False,
                                                    default=list)
    urgent = serializers.BooleanField(required=False, default=False)
    submit = serializers.BooleanField(required=False, default=False, help_text="直接报送（否则保存为草稿）")


class OpinionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=1000)
    body = serializers.CharField(allow_blank=True, max_length=100_000)
    submitter_kind = serializers.ChoiceField(choices=SubmitterKind.choices)
    collective_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    co_authors = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), many=True, required=False,
                                                    default=list)
    urgent = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(help_text="读取时的 version，防止覆盖他人的修改")


class OpinionVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text="读取时的 version，防止覆盖他人的修改")


class OpinionRemarksSerializer(OpinionVersionSerializer):
    remarks = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)


class OpinionReviseSerializer(OpinionVersionSerializer):
    title = serializers.CharField(allow_blank=True, max_length=1000)
    body = serializers.CharField(allow_blank=True, max_length=100_000)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class OpinionMergeSerializer(OpinionRemarksSerializer):
    into = serializers.IntegerField(help_text="合并到的信息 id")


class OpinionNotUseSerializer(OpinionVersionSerializer):
    reason = serializers.CharField(allow_blank=True, max_length=10_000)


class OpinionSendSerializer(OpinionVersionSerializer):
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    target_name = serializers.CharField(allow_blank=True, max_length=1000)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class OpinionAdoptSerializer(OpinionVersionSerializer):
    level = serializers.ChoiceField(choices=AdoptionLevel.choices)
    adopted_by = serializers.CharField(allow_blank=True, max_length=1000)
    date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class OpinionInstructSerializer(OpinionVersionSerializer):
    level = serializers.ChoiceField(choices=AdoptionLevel.choices)
    leader = serializers.CharField(allow_blank=True, max_length=1000)
    text = serializers.CharField(allow_blank=True, max_length=10_000)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class OpinionFeedbackInSerializer(OpinionVersionSerializer):
    department = serializers.CharField(allow_blank=True, max_length=1000)
    text = serializers.CharField(allow_blank=True, max_length=10_000)
    date = serializers.DateField(required=False, allow_null=True, default=None)


class OpinionFiguresParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    include_subtree = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("start" in attrs) != ("end" in attrs):
            raise serializers.ValidationError("起止日期须同时填写。")
        if "start" in attrs and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError("开始日期不能晚于结束日期。")
        return attrs


class OpinionFiguresSerializer(serializers.Serializer):
    committee = serializers.CharField()
    period = serializers.CharField()
    values = serializers.DictField(child=serializers.IntegerField())
    labels = serializers.DictField(child=serializers.CharField())
    adopted_by_level = serializers.DictField(child=serializers.IntegerField())
    instructed_by_level = serializers.DictField(child=serializers.IntegerField())
    by_submitter_kind = serializers.DictField(child=serializers.IntegerField())


class OpinionIssueSerializer(serializers.ModelSerializer):
    publication_name = serializers.CharField(source="publication.name", read_only=True)
    label = serializers.CharField(source="__str__", read_only=True)  # type: ignore[assignment]  # a field named label, not Field.label
    reports = serializers.SerializerMethodField()

    class Meta:
        model = JournalIssue
        fields = ["id", "committee", "publication", "publication_name", "year", "number", "label", "date", "state",
                  "published_at", "version", "reports"]

    def get_reports(self, obj: JournalIssue) -> list[int]:
        return [item.report_id for item in obj.items.all()]


class OpinionIssueCreateSerializer(serializers.Serializer):
    publication = serializers.PrimaryKeyRelatedField(queryset=Publication.objects.all())
    date = serializers.DateField(required=False, allow_null=True, default=None)


class OpinionIssueItemSerializer(OpinionVersionSerializer):
    report = serializers.IntegerField()




# ---------------------------------------------------------------- viewsets


def _list_queryset(qs: QuerySet[OpinionReport]) -> QuerySet[OpinionReport]:
    return qs.select_related("committee").prefetch_related(
        Prefetch("authors", queryset=OpinionAuthor.objects.select_related("person").order_by("order", "id")),
    ).order_by("-submitted_at", "-id")


def _versioned(data: dict[str, Any]) -> dict[str, Any]:
    """A move's parsed fields as the service takes them: the version read becomes `expected_version`."""
    out = dict(data)
    out["expected_version"] = out.pop("version", None)
    return out


def _move_schema(summary: str, request: Any) -> Any:
    return extend_schema(summary=summary, request=request, responses={200: OpinionDetailSerializer, **ERRORS})


@extend_schema_view(
    list=extend_schema(summary="社情民意信息", description="填写 committee 时列出该组织已报送的信息（须有查看全部的权限），"
                                                        "否则列出本人撰写或署名的信息。",
                       parameters=[OpinionFilterSerializer], responses={200: OpinionSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="社情民意详情", responses={200: OpinionDetailSerializer, **ERRORS}),
    create=extend_schema(summary="撰写社情民意", request=OpinionCreateSerializer,
                         responses={201: OpinionDetailSerializer, **ERRORS}),
    update=extend_schema(summary="修改草稿", description="只有填报人可以修改自己的草稿；须提交读取时的 version。",
                         request=OpinionUpdateSerializer, responses={200: OpinionDetailSerializer, **ERRORS}),
)
class OpinionViewSet(mixins.ListModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = OpinionSerializer
    http_method_names = ["get", "head", "post", "put"]
    capabilities = {
        "list": READ_CAPS, "retrieve": READ_CAPS, "create": Cap.OPINION_SUBMIT, "update": Cap.OPINION_SUBMIT,
        "submit": Cap.OPINION_SUBMIT,
        "withdraw": Cap.OPINION_SUBMIT, "figures": Cap.OPINION_VIEW_ALL,
        **{name: Cap.OPINION_EDIT for name in ("accept", "revise", "merge", "not_use", "send", "adopt", "instruct",
                                               "feedback")},
    }

    def get_queryset(self) -> QuerySet[OpinionReport]:
        if self.is_schema_request():
            return OpinionReport.objects.none()
        params = OpinionFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        committee = filters.pop("committee", None)
        qs = search_reports(self.request.user, committee=committee, mine=committee is None, **filters)
        return _list_queryset(qs)

    def get_object(self) -> OpinionReport:
        return get_report_for_user(self.request.user, self.lookup_pk())

    def _show(self, pk: int, status: int = 200) -> Response:
        report = get_report_for_user(self.request.user, pk)
        return Response(OpinionDetailSerializer(report, context={"request": self.request}).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(self.get_object().pk)

    def create(self, request: Request) -> Response:
        data = _parse(OpinionCreateSerializer, request)
        report, status = create_for_request(request, "opinions.create", OpinionReport,
                                            lambda: reports.opinion_create(actor=signed_in(request), **data))
        return self._show(report.pk, status=status)

    def update(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        data = _parse(OpinionUpdateSerializer, request)
        version = data.pop("version")
        reports.opinion_update_draft(actor=signed_in(request), report=report, expected_version=version, **data)
        return self._show(report.pk)

    def _move(self, parser: type[serializers.Serializer] | None,
              call: Callable[[OpinionReport, dict[str, Any]], Any]) -> Response:
        report = self.get_object()
        call(report, _parse(parser, self.request) if parser else {})
        return self._show(report.pk)

    @_move_schema("报送", OpinionVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(OpinionVersionSerializer, lambda r, d: reports.opinion_submit(
            actor=signed_in(request), report=r, expected_version=d["version"]))

    @_move_schema("撤回", OpinionRemarksSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._move(OpinionRemarksSerializer, lambda r, d: reports.opinion_withdraw(
            actor=signed_in(request), report=r, remarks=d["remarks"], expected_version=d["version"]))

    @_move_schema("采编", OpinionRemarksSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._move(OpinionRemarksSerializer, lambda r, d: editing.opinion_accept(
            actor=signed_in(request), report=r, remarks=d["remarks"], expected_version=d["version"]))

    @_move_schema("编辑修改（保留原稿和每次修改）", OpinionReviseSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str) -> Response:
        return self._move(OpinionReviseSerializer, lambda r, d: editing.opinion_revise(
            actor=signed_in(request), report=r, title=d["title"], body=d["body"], note=d["note"],
            expected_version=d["version"]))

    @_move_schema("合并到另一条信息", OpinionMergeSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        def call(report: OpinionReport, d: dict[str, Any]) -> Any:
            into = get_report_for_user(request.user, d["into"])
            return editing.opinion_merge(actor=signed_in(request), report=report, into=into, remarks=d["remarks"],
                                         expected_version=d["version"])
        return self._move(OpinionMergeSerializer, call)

    @_move_schema("不予采用", OpinionNotUseSerializer)
    @action(detail=True, methods=["post"], url_path="not-use")
    def not_use(self, request: Request, pk: str) -> Response:
        return self._move(OpinionNotUseSerializer, lambda r, d: editing.opinion_not_use(
            actor=signed_in(request), report=r, reason=d["reason"], expected_version=d["version"]))

    @_move_schema("记录报送", OpinionSendSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        return self._move(OpinionSendSerializer, lambda r, d: followup.opinion_send(
            actor=signed_in(request), report=r, **_versioned(d)))

    @_move_schema("记录采用", OpinionAdoptSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        return self._move(OpinionAdoptSerializer, lambda r, d: followup.opinion_adopt(
            actor=signed_in(request), report=r, **_versioned(d)))

    @_move_schema("记录领导批示", OpinionInstructSerializer)
    @action(detail=True, methods=["post"])
    def instruct(self, request: Request, pk: str) -> Response:
        return self._move(OpinionInstructSerializer, lambda r, d: followup.opinion_instruct(
            actor=signed_in(request), report=r, **_versioned(d)))

    @_move_schema("记录部门反馈", OpinionFeedbackInSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str) -> Response:
        return self._move(OpinionFeedbackInSerializer, lambda r, d: followup.opinion_feedback(
            actor=signed_in(request), report=r, **_versioned(d)))

    @extend_schema(summary="社情民意统计", description="与统计页面、Excel 导出同一套指标（docs/opinions.md）。",
                   parameters=[OpinionFiguresParamSerializer], responses={200: OpinionFiguresSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        params = OpinionFiguresParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        committee = data["committee"]
        require(request.user, Cap.OPINION_VIEW_ALL, committee)
        if "start" in data:
            period = Period(data["start"], data["end"])
        else:
            period = Period.for_year(data.get("year") or timezone.localdate().year)
        scope = Scope(committee, include_subtree=data["include_subtree"])
        f = opinion_figures(scope, period)
        return Response(OpinionFiguresSerializer({
            "committee": scope.label, "period": period.label, "values": f.values, "labels": dict(HEADLINE),
            "adopted_by_level": f.adopted_by_level, "instructed_by_level": f.instructed_by_level,
            "by_submitter_kind": f.by_submitter_kind,
        }).data)


class OpinionIssueFilterSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    state = serializers.ChoiceField(choices=IssueState.choices, required=False)
    publication = serializers.IntegerField(required=False, help_text="刊物编号")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="检索刊物名称、期号或所编信息（简繁互通）")


@extend_schema_view(
    list=extend_schema(summary="刊期", parameters=[OpinionIssueFilterSerializer],
                       responses={200: OpinionIssueSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="刊期详情", responses={200: OpinionIssueSerializer, **ERRORS}),
    create=extend_schema(summary="新建一期（期号自动顺延）", request=OpinionIssueCreateSerializer,
                         responses={201: OpinionIssueSerializer, **ERRORS}),
)
class IssueViewSet(mixins.ListModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = OpinionIssueSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {"list": Cap.OPINION_VIEW_ALL, "retrieve": Cap.OPINION_VIEW_ALL, "create": Cap.OPINION_EDIT,
                    "add": Cap.OPINION_EDIT, "remove": Cap.OPINION_EDIT, "publish": Cap.OPINION_EDIT}

    def get_queryset(self) -> QuerySet[JournalIssue]:
        if self.is_schema_request():
            return JournalIssue.objects.none()
        params = OpinionIssueFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        qs = search_issues(self.request.user, data.pop("committee"), **data).prefetch_related("items")
        return qs.order_by("-year", "-number")

    def get_object(self) -> JournalIssue:
        return get_issue_for_user(self.request.user, self.lookup_pk())

    def _show(self, pk: int, status: int = 200) -> Response:
        return Response(OpinionIssueSerializer(get_issue_for_user(self.request.user, pk)).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(self.get_object().pk)

    def create(self, request: Request) -> Response:
        data = _parse(OpinionIssueCreateSerializer, request)
        issue, status = create_for_request(request, "opinions.issue_create", JournalIssue, lambda: issues.issue_create(
            actor=signed_in(request), publication=data["publication"], date=data["date"]))
        return self._show(issue.pk, status=status)

    def _items(self, request: Request, service: Callable[..., Any]) -> Response:
        issue = self.get_object()
        data = _parse(OpinionIssueItemSerializer, request)
        report = get_report_for_user(request.user, data["report"])
        service(actor=request.user, issue=issue, report=report, expected_version=data["version"])
        return self._show(issue.pk)

    @extend_schema(summary="编入本期", request=OpinionIssueItemSerializer,
                   responses={200: OpinionIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: str) -> Response:
        return self._items(request, issues.issue_add_report)

    @extend_schema(summary="移出本期", request=OpinionIssueItemSerializer,
                   responses={200: OpinionIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        return self._items(request, issues.issue_remove_report)

    @extend_schema(summary="印发", request=OpinionVersionSerializer, responses={200: OpinionIssueSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        issue = self.get_object()
        data = _parse(OpinionVersionSerializer, request)
        issues.issue_publish(actor=signed_in(request), issue=issue, expected_version=data["version"])
        return self._show(issue.pk)


# ---------------------------------------------------------------- a committee's settings


class OpinionSettingsSerializer(serializers.Serializer):
    committee = serializers.IntegerField(source="committee_id", help_text="政协组织编号")
    max_length = serializers.IntegerField(help_text="正文字数上限")
    publications = serializers.ListField(child=serializers.CharField(), help_text="刊物，按排列顺序")
    version = serializers.IntegerField()


class OpinionSettingsUpdateSerializer(serializers.Serializer):
    max_length = serializers.IntegerField(help_text="正文字数上限")
    publications = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True,
                                         help_text="刊物，每项一种，按排列顺序；已有期次的刊物不能删除")
    version = serializers.IntegerField(help_text="读取时的 version")


@extend_schema_view(
    retrieve=extend_schema(summary="社情民意设置", description="编号为政协组织编号：正文字数上限和刊物。",
                           responses={200: OpinionSettingsSerializer, **ERRORS}),
    update=extend_schema(summary="修改社情民意设置", request=OpinionSettingsUpdateSerializer,
                         responses={200: OpinionSettingsSerializer, **ERRORS}),
)
class SettingsViewSet(CapabilityViewSet):
    """One row per committee, addressed by the committee's id; 研究室/信息委 staff (opinion.edit) read and set it."""

    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    http_method_names = ["get", "head", "put"]
    capabilities = {"retrieve": Cap.OPINION_EDIT, "update": Cap.OPINION_EDIT}

    def _committee(self) -> Committee:
        return get_committee_or_404(self.lookup_pk())

    def _show(self, committee: Committee) -> Response:
        row = opinion_defaults(committee)
        row.refresh_from_db()
        names = list(Publication.objects.filter(committee=committee).order_by("sort_order", "id")
                     .values_list("name", flat=True))
        return Response(OpinionSettingsSerializer({"committee_id": committee.pk, "max_length": row.max_length,
                                                   "publications": names, "version": row.version}).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        committee = self._committee()
        require(request.user, Cap.OPINION_EDIT, committee)
        return self._show(committee)

    def update(self, request: Request, pk: str) -> Response:
        committee = self._committee()
        data = _parse(OpinionSettingsUpdateSerializer, request)
        opinion_settings_update(actor=signed_in(request), committee=committee, max_length=data["max_length"],
                                publications=data["publications"], expected_version=data["version"])
        return self._show(committee)


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("opinion-settings", SettingsViewSet, basename="api-opinion-settings")
    router.register("opinions", OpinionViewSet, basename="api-opinion")
    router.register("opinion-issues", IssueViewSet, basename="api-opinion-issue")
