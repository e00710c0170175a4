"""The duty reports API: members' annual reports (履职报告), 述职 sessions and the year-end feedback downloads,
read through the duty_reports selectors and changed through its services, with the screens' checks."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lvzhi.accounts.permissions import Cap, can, deny, require
from lvzhi.api.permissions import CapabilityPermission, _handled, capability_for
from lvzhi.api.serializers import WorkflowEventSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import ActivityGroup, Committee, SpecialCommittee
from lvzhi.documents.downloads import file_response
from lvzhi.documents.excel import XLSX_CONTENT_TYPE, content_disposition
from lvzhi.documents.word import DOCX_CONTENT_TYPE
from lvzhi.duty_reports import documents, drafting, selectors
from lvzhi.duty_reports import feedback as fb
from lvzhi.duty_reports.models import DutyReport, ReportingSession, ReportKind, ReportState
from lvzhi.duty_reports.scores import ScoreSummary, score_of
from lvzhi.duty_reports.services import reports as report_services
from lvzhi.duty_reports.services import sessions as session_services
from lvzhi.duty_reports.workflow import REPORT, Role
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import person_of

MEMBER = "member"  # an action only a member (an account with a roster entry) may take; the service checks whose


class DutyReportPermission(CapabilityPermission):
    """Members hold no duty capability, yet draft, edit and read their own reports: a member passes the door of
    a duty.view or member action, and the selectors and services decide which report is theirs."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _handled(request, view):
            return True
        cap = capability_for(request, view)
        is_member = person_of(request.user) is not None
        if cap == MEMBER:
            if not is_member:
                deny(request.user, detail=f"duty_reports.{view.action}", message="只有委员本人可以撰写和提交履职报告。")
            return True
        if cap == Cap.DUTY_VIEW and is_member:
            return True
        return super().has_permission(request, view)


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=kwargs.pop("required", False), allow_blank=True, trim_whitespace=False,
                                 **kwargs)


# ---------------------------------------------------------------- reports


class DutyScoreSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=True)
    grade = serializers.CharField()
    minimum_met = serializers.BooleanField()
    missed = serializers.ListField(child=serializers.CharField())


class DutyReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    membership = serializers.IntegerField(source="membership_id")
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.name")
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=ReportState.choices)
    state_label = serializers.CharField(source="get_state_display")
    return_reason = serializers.CharField(help_text="退回修改的理由（退回后才有）")
    submitted_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    figures_at = serializers.DateTimeField(allow_null=True, help_text="履职数据的生成时间")
    counts = serializers.SerializerMethodField(help_text="本年度各类履职记录的条数（履职类型代码 → 条数）")
    score = serializers.SerializerMethodField(help_text="履职考核得分；尚未评分时为 null")
    version = serializers.IntegerField()

    def get_counts(self, obj: DutyReport) -> dict[str, int]:
        return dict(obj.figures.get("counts", {})) if isinstance(obj.figures, dict) else {}

    @extend_schema_field(DutyScoreSerializer(allow_null=True))
    def get_score(self, obj: DutyReport) -> dict[str, Any] | None:
        score: ScoreSummary | None = score_of(committee=obj.committee, person=obj.person, year=obj.year)
        return None if score is None else dict(DutyScoreSerializer(score).data)


class DutyReportSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    generated = serializers.ListField(child=serializers.CharField(), help_text="系统根据履职档案生成的段落")
    own = serializers.ListField(child=serializers.CharField(), help_text="委员本人撰写的段落")


class DutyReportEventSerializer(WorkflowEventSerializer):
    pass


class DutyReportDetailSerializer(DutyReportSerializer):
    body = serializers.CharField(help_text="本人撰写的内容：以各部分标题单独成行分段")
    preamble = serializers.SerializerMethodField(help_text="第一个标题之前本人撰写的段落")
    sections = serializers.SerializerMethodField(help_text="报告各部分：生成的段落在前，本人撰写的在后")
    items = serializers.SerializerMethodField(help_text="各类履职记录的事项（履职类型代码 → 事项列表）")
    events = DutyReportEventSerializer(many=True)
    allowed_moves = serializers.SerializerMethodField(help_text="当前用户此时可以执行的操作")

    def get_preamble(self, obj: DutyReport) -> list[str]:
        return drafting.sections_of(obj.figures, obj.body)[0]

    @extend_schema_field(DutyReportSectionSerializer(many=True))
    def get_sections(self, obj: DutyReport) -> list[dict[str, Any]]:
        return [vars(s) for s in drafting.sections_of(obj.figures, obj.body)[1]]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_items(self, obj: DutyReport) -> dict[str, Any]:
        return dict(obj.figures.get("items", {})) if isinstance(obj.figures, dict) else {}

    def get_allowed_moves(self, obj: DutyReport) -> list[str]:
        user = self.context["request"].user
        role = (Role.MEMBER if selectors.is_own_report(user, obj)
                else Role.STAFF if can(user, Cap.DUTY_MANAGE, obj.committee) else None)
        return [m.name for m in REPORT.allowed(obj.state, role)] if role else []


class DutyReportFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")
    state = serializers.ChoiceField(required=False, choices=ReportState.choices, help_text="状态")
    mine = serializers.BooleanField(required=False, default=False, help_text="只看本人的报告")


class DutyReportDraftSerializer(serializers.Serializer):
    membership = serializers.IntegerField(help_text="本人的委员身份编号（/api/me/ 或委员名册）")
    year = serializers.IntegerField(help_text="年度")


class DutyReportVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="读取时的 version")


class DutyReportEditSerializer(DutyReportVersionSerializer):
    title = _text(max_length=1000, help_text="标题（不提交则不变）")
    body = _text(max_length=100_000, help_text="本人撰写的内容（不提交则不变）")


class DutyReportReturnSerializer(DutyReportVersionSerializer):
    reason = _text(max_length=5000, help_text="退回理由")


REPORT_READ = "委员本人，或本会（领导含下级）委员履职管理工作人员与领导。"


@extend_schema_view(
    list=extend_schema(summary="履职报告", description="委员看本人的报告；委员履职管理工作人员与领导看本会（领导含下级）的报告。",
                       parameters=[DutyReportFilterSerializer], responses={200: DutyReportSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="履职报告详情", description=REPORT_READ + "他人查看记入审计日志。",
                           responses={200: DutyReportDetailSerializer, **ERRORS}),
    create=extend_schema(summary="生成履职报告草稿",
                         description="委员本人根据履职档案生成本年度（或以前年度）的报告草稿；每人每年每个政协组织一份。",
                         request=DutyReportDraftSerializer, responses={201: DutyReportDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改履职报告", description="委员本人在草稿或退回修改状态下修改标题和本人撰写的内容；须提交 version。",
                                 request=DutyReportEditSerializer, responses={200: DutyReportDetailSerializer, **ERRORS}),
)
class DutyReportViewSet(mixins.ListModelMixin, CapabilityViewSet):
    serializer_class = DutyReportSerializer
    permission_classes = [IsAuthenticated, DutyReportPermission]
    http_method_names = ["get", "head", "post", "patch"]
    capabilities = {"list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "document": Cap.DUTY_VIEW,
                    "create": MEMBER, "partial_update": MEMBER, "regenerate": MEMBER, "submit": MEMBER,
                    "acknowledge": Cap.DUTY_MANAGE, "return_report": Cap.DUTY_MANAGE}

    def get_queryset(self) -> QuerySet[DutyReport]:
        if self.is_schema_request():
            return DutyReport.objects.none()
        params = _parse(DutyReportFilterSerializer, self.request, self.request.query_params)
        qs = selectors.reports_for_user(self.request.user)
        if params.get("mine"):
            qs = qs.filter(person=person_of(self.request.user))
        for key in ("committee", "year", "state"):
            if params.get(key):
                qs = qs.filter(**{f"{key}_id" if key == "committee" else key: params[key]})
        return qs.order_by("-year", "membership__role_rank", "membership__stroke_key", "id")

    def _show(self, report: DutyReport, status: int = 200) -> Response:
        fresh = selectors.get_report_for_user(self.request.user, report.pk, read=False)
        return Response(DutyReportDetailSerializer(fresh, context={"request": self.request}).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        report = selectors.get_report_for_user(request.user, self.lookup_pk())
        return Response(DutyReportDetailSerializer(report, context={"request": request}).data)

    def create(self, request: Request) -> Response:
        data = _parse(DutyReportDraftSerializer, request)
        membership: Membership = selectors.get_own_membership(request.user, data["membership"])
        report = report_services.duty_report_draft(actor=signed_in(request), membership=membership,
                                                   year=data["year"])
        return self._show(report, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        report = selectors.get_report_for_user(request.user, self.lookup_pk(), read=False)
        data = _parse(DutyReportEditSerializer, request)
        report = report_services.duty_report_edit(
            actor=signed_in(request), report=report, title=data.get("title", report.title),
            body=data.get("body", report.body), expected_version=data["version"])
        return self._show(report)

    def _move(self, request: Request, move: str) -> Response:
        report = selectors.get_report_for_user(request.user, self.lookup_pk(), read=False)
        if move == "return":
            data = _parse(DutyReportReturnSerializer, request)
            report = report_services.duty_report_return(actor=signed_in(request), report=report,
                                                        reason=data.get("reason", ""), expected_version=data["version"])
        else:
            data = _parse(DutyReportVersionSerializer, request)
            report = report_services.MOVES[move](actor=signed_in(request), report=report,
                                                 expected_version=data["version"])
        return self._show(report)

    @extend_schema(summary="重新生成履职数据", description="委员本人按最新履职档案重新统计；本人撰写的内容不变。",
                   request=DutyReportVersionSerializer, responses={200: DutyReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def regenerate(self, request: Request, pk: str) -> Response:
        return self._move(request, "regenerate")

    @extend_schema(summary="提交履职报告", description="委员本人提交；须已填写“存在的不足和今后努力方向”。退回修改的报告再次提交为“重新提交”。",
                   request=DutyReportVersionSerializer, responses={200: DutyReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(request, "submit")

    @extend_schema(summary="确认履职报告（已阅）", request=DutyReportVersionSerializer,
                   responses={200: DutyReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        return self._move(request, "acknowledge")

    @extend_schema(summary="退回修改", description="说明理由，退回委员本人修改。", request=DutyReportReturnSerializer,
                   responses={200: DutyReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request: Request, pk: str) -> Response:
        return self._move(request, "return")

    @extend_schema(summary="导出履职报告（Word）", description=REPORT_READ + "公文格式：标题居中，黑体标题，仿宋正文。",
                   responses={(200, DOCX_CONTENT_TYPE): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=True, methods=["get"])
    def document(self, request: Request, pk: str) -> HttpResponse:
        report = selectors.get_report_for_user(request.user, self.lookup_pk(), read=False)
        report_services.audit_export(actor=signed_in(request), report=report)
        return file_response(documents.report_document(report), documents.report_filename(report))


# ---------------------------------------------------------------- 述职 sessions


class SessionReporterSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    report = serializers.IntegerField(source="report_id", allow_null=True, help_text="所用履职报告；未关联时为 null")


class ReportingSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.IntegerField(source="committee_id")
    year = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    place = serializers.CharField()
    activity_group = serializers.IntegerField(source="activity_group_id", allow_null=True)
    special_committee = serializers.IntegerField(source="special_committee_id", allow_null=True)
    group_name = serializers.CharField()
    reporters = SessionReporterSerializer(many=True)
    attendees = serializers.SerializerMethodField(help_text="述职人以外的参加人员")
    version = serializers.IntegerField()

    def get_attendees(self, obj: ReportingSession) -> list[dict[str, Any]]:
        return [{"id": p.pk, "name": p.name} for p in obj.attendees.all()]


class SessionReporterInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), help_text="述职人（人员编号）")
    report = serializers.PrimaryKeyRelatedField(queryset=DutyReport.objects.all(), required=False, allow_null=True,
                                                help_text="所用履职报告编号；不提交则自动关联本年度或上一年度已提交的报告")


class _ReportingSessionFieldsSerializer(serializers.Serializer):
    title = _text(max_length=1000, help_text="述职会名称")
    date = serializers.DateField(help_text="日期")
    place = _text(max_length=1000, help_text="地点")
    activity_group = serializers.PrimaryKeyRelatedField(queryset=ActivityGroup.objects.all(), required=False,
                                                        allow_null=True, help_text="委员活动小组")
    special_committee = serializers.PrimaryKeyRelatedField(queryset=SpecialCommittee.objects.all(), required=False,
                                                           allow_null=True, help_text="专门委员会")
    reporters = SessionReporterInputSerializer(many=True, help_text="述职人，按述职顺序")
    attendees = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False,
                                                   help_text="参加人员（人员编号）")


class ReportingSessionCreateSerializer(_ReportingSessionFieldsSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")


class ReportingSessionUpdateSerializer(_ReportingSessionFieldsSerializer):
    version = serializers.IntegerField(help_text="读取时的 version")


class ReportingSessionFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, help_text="政协组织编号")
    year = serializers.IntegerField(required=False, help_text="年度")


def _reporters(rows: list[dict[str, Any]]) -> list[session_services.Reporter]:
    return [session_services.Reporter(person=r["person"], report=r.get("report")) for r in rows]


@extend_schema_view(
    list=extend_schema(summary="述职会", parameters=[ReportingSessionFilterSerializer],
                       responses={200: ReportingSessionSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="述职会详情", responses={200: ReportingSessionSerializer, **ERRORS}),
    create=extend_schema(summary="登记述职会", description="述职人记入“会议发言（述职）”，述职人和参加人员记入“出席会议”。",
                         request=ReportingSessionCreateSerializer, responses={201: ReportingSessionSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改述职会", description="只修改提交的字段（述职人、参加人员按提交的整体替换）；须提交 version。",
                                 request=ReportingSessionUpdateSerializer, responses={200: ReportingSessionSerializer, **ERRORS}),
    destroy=extend_schema(summary="删除误登记的述职会", description="同时删除它写入的履职记录。",
                          responses={204: None, **ERRORS}),
)
class ReportingSessionViewSet(mixins.ListModelMixin, CapabilityViewSet):
    serializer_class = ReportingSessionSerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {"list": Cap.DUTY_VIEW, "retrieve": Cap.DUTY_VIEW, "create": Cap.DUTY_MANAGE,
                    "partial_update": Cap.DUTY_MANAGE, "destroy": Cap.DUTY_MANAGE}

    def get_queryset(self) -> QuerySet[ReportingSession]:
        if self.is_schema_request():
            return ReportingSession.objects.none()
        params = _parse(ReportingSessionFilterSerializer, self.request, self.request.query_params)
        qs = selectors.sessions_for_user(self.request.user)
        if params.get("committee"):
            qs = qs.filter(committee_id=params["committee"])
        if params.get("year"):
            qs = qs.filter(year=params["year"])
        return qs.prefetch_related("reporters__person", "attendees").order_by("-date", "-id")

    def _show(self, pk: int, status: int = 200) -> Response:
        session = ReportingSession.objects.prefetch_related("reporters__person", "attendees").get(pk=pk)
        return Response(ReportingSessionSerializer(session).data, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._show(selectors.get_session_for_user(request.user, self.lookup_pk()).pk)

    def create(self, request: Request) -> Response:
        data = _parse(ReportingSessionCreateSerializer, request)
        require(request.user, Cap.DUTY_MANAGE, data["committee"])
        data["reporters"] = _reporters(data["reporters"])
        session = session_services.session_create(actor=signed_in(request), **data)
        return self._show(session.pk, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        session = selectors.get_session_for_user(request.user, self.lookup_pk())
        require(request.user, Cap.DUTY_MANAGE, session.committee)
        data = _parse(ReportingSessionUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version。"]})
        values: dict[str, Any] = {
            "title": session.title, "date": session.date, "place": session.place,
            "activity_group": session.activity_group, "special_committee": session.special_committee,
            "reporters": [session_services.Reporter(person=r.person, report=r.report)
                          for r in session.reporters.select_related("person", "report")],
            "attendees": list(session.attendees.all()),
        }
        version = data.pop("version")
        if "reporters" in data:
            data["reporters"] = _reporters(data["reporters"])
        values.update(data)
        session_services.session_update(actor=signed_in(request), session=session, expected_version=version,
                                        **values)
        return self._show(session.pk)

    def destroy(self, request: Request, pk: str) -> Response:
        session = selectors.get_session_for_user(request.user, self.lookup_pk())
        session_services.session_delete(actor=signed_in(request), session=session)
        return Response(status=204)


# ---------------------------------------------------------------- year-end feedback


class DutyFeedbackParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="年度，默认今年")


class DutyFeedbackLetterParamSerializer(DutyFeedbackParamSerializer):
    unit = serializers.CharField(max_length=200, help_text="反馈单位：org（组织部）、ufd（统战部）或委员所在单位名称")


class DutyFeedbackMemberSerializer(serializers.Serializer):
    membership = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.CharField()
    party = serializers.CharField()
    workplace = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="proposals 提案、opinions 社情民意、present 出席、excused 请假、absent 缺席、"
                                             "activities 协商视察调研、training 学习培训")
    score = DutyScoreSerializer(allow_null=True, help_text="尚未评分时为 null")
    remarks = serializers.CharField()


class DutyFeedbackRecipientSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="下载反馈函时的 unit 参数")
    name = serializers.CharField()
    is_unit = serializers.BooleanField(help_text="委员所在单位（否则为组织部、统战部）")
    has_letter = serializers.BooleanField(help_text="“工作单位未填写”一组没有反馈函")
    members = DutyFeedbackMemberSerializer(many=True)


class DutyFeedbackSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    recipients = DutyFeedbackRecipientSerializer(many=True)


def _member(row: fb.FeedbackRow) -> dict[str, Any]:
    m = row.membership
    return {"membership": m.pk, "name": m.person.name, "sector": m.sector.name if m.sector else "",
            "party": m.party.name if m.party else "", "workplace": m.person.workplace, "counts": row.counts,
            "score": None if row.score is None else DutyScoreSerializer(row.score).data, "remarks": row.remarks}


class FeedbackViewSet(CapabilityViewSet):
    """One committee's year-end feedback: the figures as JSON, and the same workbook and letters as the screen."""

    capabilities = {"list": Cap.DUTY_VIEW, "table": Cap.DUTY_VIEW, "letters": Cap.DUTY_VIEW,
                    "letter": Cap.DUTY_VIEW}
    pagination_class = None

    def _scope(self, request: Request, serializer: type[serializers.Serializer] = DutyFeedbackParamSerializer
               ) -> tuple[Committee, int, list[fb.Recipient], dict[str, Any]]:
        params = _parse(serializer, request, request.query_params)
        committee: Committee = params["committee"]
        require(request.user, Cap.DUTY_VIEW, committee)
        year = params.get("year") or timezone.localdate().year
        return committee, year, fb.recipients(committee, year), params

    @extend_schema(summary="年终履职情况反馈", description="组织部、统战部和委员所在单位各一组；与反馈页面、Excel 和反馈函同一口径。",
                   parameters=[DutyFeedbackParamSerializer], responses={200: DutyFeedbackSerializer, **ERRORS})
    def list(self, request: Request) -> Response:
        committee, year, found, _ = self._scope(request)
        fb.audit_feedback(actor=signed_in(request), committee=committee, year=year, what="查看（API）")
        return Response({"committee": committee.pk, "year": year, "recipients": [
            {"key": r.key, "name": r.name, "is_unit": r.is_unit, "has_letter": r.key != fb.NO_UNIT,
             "members": [_member(row) for row in r.rows]} for r in found]})

    @extend_schema(summary="下载反馈表（Excel）", description="每个反馈单位一页。", parameters=[DutyFeedbackParamSerializer],
                   responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=False, methods=["get"])
    def table(self, request: Request) -> HttpResponse:
        committee, year, found, _ = self._scope(request)
        fb.audit_feedback(actor=signed_in(request), committee=committee, year=year, what="导出Excel（API）",
                          export=True)
        return file_response(fb.workbook(found), f"{committee.name}{year}年度委员履职情况反馈表.xlsx")

    @extend_schema(summary="下载全部反馈函（zip）", description="每个反馈单位一份 Word 反馈函。",
                   parameters=[DutyFeedbackParamSerializer],
                   responses={(200, "application/zip"): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=False, methods=["get"])
    def letters(self, request: Request) -> HttpResponse:
        committee, year, found, _ = self._scope(request)
        fb.audit_feedback(actor=signed_in(request), committee=committee, year=year, what="导出全部反馈函（API）",
                          export=True)
        response = HttpResponse(fb.letters_zip(committee, year, found, today=timezone.localdate()),
                                content_type="application/zip")
        response["Content-Disposition"] = content_disposition(f"{committee.name}{year}年度委员履职情况反馈函.zip")
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(summary="下载一个单位的反馈函（Word）", parameters=[DutyFeedbackLetterParamSerializer],
                   responses={(200, DOCX_CONTENT_TYPE): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=False, methods=["get"])
    def letter(self, request: Request) -> HttpResponse:
        committee, year, found, params = self._scope(request, DutyFeedbackLetterParamSerializer)
        recipient = fb.find(found, params["unit"])
        if recipient is None:
            raise Http404("没有这个反馈单位。")
        fb.audit_feedback(actor=signed_in(request), committee=committee, year=year,
                          what=f"导出反馈函（{recipient.name}，API）", export=True)
        return file_response(fb.letter(committee, year, recipient, today=timezone.localdate()),
                             fb.letter_filename(year, recipient))


def register(router: SimpleRouter) -> None:
    """Add this line's viewsets to the API router."""
    router.register("duty-reports", DutyReportViewSet, basename="api-duty-report")
    router.register("reporting-sessions", ReportingSessionViewSet, basename="api-reporting-session")
    router.register("duty-feedback", FeedbackViewSet, basename="api-duty-feedback")
