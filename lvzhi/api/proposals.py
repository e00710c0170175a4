"""The proposals API (提案): reads through the proposal selectors, every move through its one service."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from lvzhi.accounts.permissions import Cap, can, can_anywhere, deny, require
from lvzhi.api.idempotent import create_for_request
from lvzhi.api.permissions import AnyCapabilityPermission
from lvzhi.api.serializers import ErrorSerializer, RefSerializer
from lvzhi.api.views import ERRORS, CapabilityViewSet, signed_in
from lvzhi.api.views import parse_request as _parse
from lvzhi.committees.models import Committee, HandlingUnit, Meeting, MeetingKind, Session
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.documents.imports import FileRefused, ImportProblems, Problem
from lvzhi.members.models import Person
from lvzhi.proposals import search, similarity
from lvzhi.proposals.figures import HEADLINE, RATES, Period, ProposalFigures, Rate, Scope, proposal_figures
from lvzhi.proposals.history_uploads import (
    AlreadyImported,
    FileTooLarge,
    HistoryUpload,
    UploadGone,
    history_upload_confirm,
    history_upload_load,
    history_upload_plan,
    history_upload_save,
)
from lvzhi.proposals.models import (
    Assignment,
    AssignmentState,
    Attachment,
    CollectiveKind,
    ContactPhase,
    Decision,
    Evaluation,
    KeyProposal,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Proposer,
    Rating,
    RejectionReason,
    ReplyClass,
    ReviewRecord,
    ReviewStage,
    State,
    SupervisionKind,
)
from lvzhi.proposals.selectors import (
    AssignmentForReader,
    ProposalStanding,
    assignment_for_reader,
    assignments_for_user,
    get_proposal_for_user,
    proposal_assignments_for_user,
    proposal_standing,
    proposal_timeline_for_user,
    proposals_for_user,
)
from lvzhi.proposals.services import attachments as attachment_services
from lvzhi.proposals.services import drafting, handling
from lvzhi.proposals.services import key as key_services
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.services.review import review_queue as queue_for_reviewer

# Any one of these lets a user reach the proposal list at all; which rows they see is the selector's business.
READ_CAPS = (Cap.PROPOSAL_DRAFT, Cap.PROPOSAL_VIEW_ALL, Cap.PROPOSAL_REVIEW, Cap.PROPOSAL_MANAGE,
             Cap.PROPOSAL_SUPERVISE, Cap.PROPOSAL_HANDLE)
# Similar proposals show other proposals' titles and outcomes: members, staff and leaders, not handling units.
SIMILAR_CAPS = (Cap.PROPOSAL_DRAFT, Cap.PROPOSAL_VIEW_ALL, Cap.PROPOSAL_REVIEW)


def _standing(context: dict[str, Any], proposal: Proposal) -> ProposalStanding:
    """The reader's standing on this proposal, decided once per response by the selector the page uses."""
    cache: dict[int, ProposalStanding] = context.setdefault("_standing", {})
    if proposal.pk not in cache:
        cache[proposal.pk] = proposal_standing(context["request"].user, proposal)
    return cache[proposal.pk]


# ---------------------------------------------------------------------------------------------------------
# Read serializers


class _CodeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProposerSerializer(serializers.Serializer):
    """A proposer by name only: no phone, ID number or other personal data."""

    name = serializers.CharField(source="person.name", read_only=True)
    role = serializers.CharField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_me = serializers.SerializerMethodField(help_text="是否为当前账号本人")

    def get_is_me(self, obj: Proposer) -> bool:
        user = self.context["request"].user
        return obj.person.user_id is not None and obj.person.user_id == user.pk


class ReviewRecordSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.name", read_only=True)
    reviewer = serializers.SerializerMethodField()
    decision = serializers.CharField(read_only=True)
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    remarks = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)

    def get_reviewer(self, obj: ReviewRecord) -> str:
        return obj.reviewer.display_name or obj.reviewer.get_username()


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    phase = serializers.CharField(read_only=True)
    phase_display = serializers.CharField(source="get_phase_display", read_only=True)
    date = serializers.DateField(read_only=True)
    way = serializers.CharField(read_only=True)
    participants = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True, help_text="评价的提案人")
    round = serializers.IntegerField(read_only=True)
    rating = serializers.CharField(read_only=True)
    rating_display = serializers.CharField(source="get_rating_display", read_only=True)
    comment = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    result_solved = serializers.BooleanField(read_only=True, allow_null=True, help_text="回访：问题是否实际解决")
    result_note = serializers.CharField(read_only=True)
    result_at = serializers.DateTimeField(read_only=True, allow_null=True)


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    proposal_id = serializers.IntegerField(read_only=True)
    proposal_version = serializers.IntegerField(source="proposal.version", read_only=True,
                                                help_text="所属提案的 version：办理操作时原样提交，用于检测并发修改")
    unit = RefSerializer(read_only=True)
    role = serializers.CharField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    round = serializers.IntegerField(read_only=True)
    assigned_at = serializers.DateTimeField(read_only=True)
    due_date = serializers.DateField(read_only=True)
    reassign_until = serializers.DateField(read_only=True)
    reassign_reason = serializers.CharField(read_only=True)
    extension_requested_until = serializers.DateField(read_only=True, allow_null=True)
    extension_reason = serializers.CharField(read_only=True)
    reply_text = serializers.CharField(read_only=True)
    reply_file = serializers.SerializerMethodField()
    reply_class = serializers.SerializerMethodField()
    replied_at = serializers.DateTimeField(read_only=True, allow_null=True)
    co_unit_view = serializers.SerializerMethodField(
        help_text="会办单位的意见（仅会办交办；仅工作人员、主办单位和该会办单位可见，其他人为 null）")
    contacts = ContactSerializer(many=True, read_only=True)
    evaluations = serializers.SerializerMethodField(
        help_text="提案人对答复的评价；仅工作人员、已确认的提案人和该承办单位可见，其他人为空列表")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reply_file(self, obj: Assignment) -> str | None:
        # The permission-checked download, never the storage's own (unserved) URL.
        return reverse("proposals:reply_file", args=[obj.proposal_id, obj.pk]) if obj.reply_file else None

    @extend_schema_field(_CodeRefSerializer(allow_null=True))
    def get_reply_class(self, obj: Assignment) -> dict[str, Any] | None:
        c = obj.reply_class
        return {"id": c.pk, "code": c.code, "name": c.name} if c is not None else None

    def _shown(self, obj: Assignment) -> AssignmentForReader:
        """Which parts of the assignment the reader may read: the selector the page renders decides."""
        return assignment_for_reader(_standing(self.context, obj.proposal), obj)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_co_unit_view(self, obj: Assignment) -> str | None:
        view = self._shown(obj).co_unit_view
        return view.text if view is not None else None

    @extend_schema_field(EvaluationSerializer(many=True))
    def get_evaluations(self, obj: Assignment) -> list[dict[str, Any]]:
        return EvaluationSerializer(self._shown(obj).evaluations, many=True).data  # type: ignore[return-value]


class EventSerializer(serializers.Serializer):
    """One row of `proposal_timeline_for_user`: who and which remarks the reader may see are decided there."""

    action = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # a field named label, not Field.label
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)
    actor = serializers.CharField(read_only=True, allow_null=True,
                                  help_text="操作人；工作人员看到全部，其他人只看到本人的操作")
    remarks = serializers.CharField(read_only=True, help_text="说明；审查环节的内部意见仅工作人员可见")
    at = serializers.DateTimeField(read_only=True)


class KeySerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    leader_led = serializers.BooleanField(read_only=True)
    supervisors = serializers.SerializerMethodField(help_text="督办领导姓名")
    confirmed_meeting = serializers.SerializerMethodField()
    supervisions = serializers.SerializerMethodField()

    def get_supervisors(self, obj: Any) -> list[str]:
        return [p.name for p in obj.supervisors.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_confirmed_meeting(self, obj: Any) -> str | None:
        return obj.confirmed_meeting.label if obj.confirmed_meeting_id else None

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_supervisions(self, obj: Any) -> list[dict[str, Any]]:
        return [{"kind": s.kind, "kind_display": s.get_kind_display(), "date": s.date.isoformat(),
                 "leaders": [p.name for p in s.leaders.all()], "summary": s.summary}
                for s in obj.supervisions.all()]


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, help_text="原文件名")
    url = serializers.SerializerMethodField(help_text="下载地址（须登录且有权查看该提案）")
    uploaded_at = serializers.DateTimeField(read_only=True)

    def get_url(self, obj: Attachment) -> str:
        return reverse("proposals:attachment", args=[obj.proposal_id, obj.pk])


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="附件（multipart 上传）：PDF、Word、Excel、图片或文本，不超过 10 MB",
                                 allow_empty_file=True)


class ProposalSerializer(serializers.Serializer):
    """One row of the proposal list."""

    id = serializers.IntegerField(read_only=True)
    committee = RefSerializer(read_only=True)
    term = serializers.CharField(source="term.label", read_only=True)
    session = serializers.SerializerMethodField(help_text="大会提案所属会议；平时提案为空")
    year = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ProposalKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    collective_kind = serializers.CharField(read_only=True)
    collective_name = serializers.CharField(read_only=True)
    category = RefSerializer(read_only=True, allow_null=True)
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    is_key = serializers.BooleanField(read_only=True)
    proposers = serializers.SerializerMethodField(help_text="提案人姓名，第一提案人在前")
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    filed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text="修改草稿时原样提交，用于检测并发修改")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_session(self, obj: Proposal) -> str | None:
        return obj.session.label if obj.session else None

    def get_proposers(self, obj: Proposal) -> list[str]:
        return [p.person.name for p in obj.proposers.all()]


class ProposalDetailSerializer(ProposalSerializer):
    """The proposal page: text, proposers by name, outcome; review records only for staff."""

    situation = serializers.CharField(read_only=True)
    analysis = serializers.CharField(read_only=True)
    suggestions = serializers.CharField(read_only=True)
    signers = ProposerSerializer(source="proposers", many=True, read_only=True)
    review_stage = serializers.CharField(source="review_stage.name", read_only=True, allow_null=True,
                                         default=None, help_text="当前审查环节")
    decision_note = serializers.CharField(read_only=True, help_text="审查意见（提案人可见）")
    rejection_reason = RefSerializer(read_only=True, allow_null=True)
    merged_into = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField(help_text="审查记录；仅工作人员可见，其他人为 null")
    assignments = serializers.SerializerMethodField()
    key = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def _staff(self, obj: Proposal) -> bool:
        return _standing(self.context, obj).staff

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_merged_into(self, obj: Proposal) -> dict[str, Any] | None:
        lead = obj.merged_into
        return {"id": lead.pk, "name": str(lead)} if lead is not None else None

    @extend_schema_field(ReviewRecordSerializer(many=True, allow_null=True))
    def get_reviews(self, obj: Proposal) -> list[dict[str, Any]] | None:
        if not self._staff(obj):
            return None
        return ReviewRecordSerializer(obj.reviews.all(), many=True).data  # type: ignore[return-value]

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, obj: Proposal) -> list[dict[str, Any]]:
        shown = proposal_assignments_for_user(self.context["request"].user, obj, _standing(self.context, obj))
        return AssignmentSerializer([s.assignment for s in shown], many=True,  # type: ignore[return-value]
                                    context=self.context).data

    @extend_schema_field(KeySerializer(allow_null=True))
    def get_key(self, obj: Proposal) -> dict[str, Any] | None:
        key = getattr(obj, "key", None)
        return KeySerializer(key).data if key is not None else None

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, obj: Proposal) -> list[dict[str, Any]]:
        timeline = proposal_timeline_for_user(self.context["request"].user, obj, _standing(self.context, obj))
        return EventSerializer(timeline, many=True).data  # type: ignore[return-value]


class SimilarSerializer(serializers.Serializer):
    """A similar proposal: enough to judge it (title, number, outcome, reply classes), not its text."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.CharField()
    year = serializers.IntegerField()
    state = serializers.CharField()
    state_display = serializers.CharField()
    outcome = serializers.CharField(help_text="办理结果，如 已办结（A类）")
    reply_classes = serializers.ListField(child=serializers.CharField(), help_text="各承办单位的答复分类代码")
    score = serializers.FloatField(allow_null=True, help_text="相似度，越大越相近")
    readable = serializers.BooleanField(help_text="当前账号能否打开该提案")


class RateSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False,
                                       help_text="百分比，保留一位小数；分母为 0 时为 null")


class CountSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=HEADLINE, help_text="件数代码，口径见 docs/figures.md；"
                                   "with_contact 为有见面沟通的已交办提案")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    value = serializers.IntegerField()


class ClassShareSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False)


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    received = serializers.IntegerField()
    filed = serializers.IntegerField()
    closed = serializers.IntegerField()
    key_count = serializers.IntegerField(help_text="重点提案")
    merged = serializers.IntegerField()
    filing_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False,
                                           source="filing_rate.percent")


class UnitRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    name = serializers.CharField()
    assignments = serializers.IntegerField()
    answering = serializers.IntegerField(help_text="单办、分办、主办")
    co = serializers.IntegerField(help_text="会办")
    replied = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    with_contact = serializers.IntegerField()
    classes = serializers.DictField(child=serializers.IntegerField(), help_text="各答复分类的件数")
    evaluations = serializers.IntegerField()
    satisfied_counted = serializers.IntegerField()
    reply_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False,
                                          source="reply_rate.percent")
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                                 coerce_to_string=False, source="satisfaction_rate.percent")


class FiguresSerializer(serializers.Serializer):
    """The figures of lvzhi.proposals.figures, the same as the figures page and its export."""

    committee = RefSerializer()
    include_subtree = serializers.BooleanField()
    scope = serializers.CharField(help_text="统计范围")
    period = serializers.CharField(help_text="统计期间")
    counts = CountSerializer(many=True, help_text="各项件数")
    rates = RateSerializer(many=True, help_text="立案率、办结率、答复率、满意率、面办率")
    classes = ClassShareSerializer(many=True, help_text="答复分类 A/B/C/D 占比")
    by_category = BreakdownRowSerializer(many=True)
    by_proposer_kind = BreakdownRowSerializer(many=True)
    by_sector = BreakdownRowSerializer(many=True)
    by_unit = UnitRowSerializer(many=True)


def _figures_data(f: ProposalFigures) -> dict[str, Any]:
    def rate(code: str, label: str) -> dict[str, Any]:
        r: Rate = getattr(f, code)
        return {"code": code, "label": label, "numerator": r.numerator, "denominator": r.denominator,
                "percent": r.percent}

    return {
        "committee": f.scope.committee, "include_subtree": f.scope.include_subtree, "scope": f.scope.label,
        "period": f.period.label,
        "counts": [{"code": code, "label": label, "value": getattr(f, code)} for code, label in HEADLINE],
        "rates": [rate(code, label) for code, label in RATES],
        "classes": [{"code": c.code, "name": c.name, "count": c.count, "percent": c.share.percent}
                    for c in f.classes],
        "by_category": f.by_category, "by_proposer_kind": f.by_proposer_kind, "by_sector": f.by_sector,
        "by_unit": f.by_unit,
    }


class _StageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="负责审查的角色")


class _MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    date = serializers.DateField()


class HistoryProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel 行号；整个文件的问题为 null")
    column = serializers.CharField(help_text="列名")
    message = serializers.CharField()


class HistoryRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Excel 行号")
    year = serializers.IntegerField()
    term = serializers.CharField(help_text="届次")
    session = serializers.CharField(allow_null=True, help_text="会议；平时提案为 null")
    number = serializers.CharField()
    title = serializers.CharField()
    proposers = serializers.ListField(child=serializers.CharField(), help_text="提案人或提案单位")
    category = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=State.choices)
    state_display = serializers.CharField()
    units = serializers.ListField(child=serializers.CharField(), help_text="承办单位，主办在前")
    reply_class = serializers.CharField(allow_null=True, help_text="答复分类代码")


class HistoryPreviewSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="确认导入时使用；1 小时内有效")
    committee = RefSerializer()
    filename = serializers.CharField()
    state = serializers.ChoiceField(choices=[("pending", "待确认"), ("working", "导入中"), ("done", "已导入")])
    ok = serializers.BooleanField(help_text="没有问题、可以确认导入")
    problems = HistoryProblemSerializer(many=True, help_text="有问题时整个文件不导入")
    rows = HistoryRowSerializer(many=True, help_text="检查通过时各行将导入的提案")


class HistoryResultSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="导入件数")
    years = serializers.ListField(child=serializers.IntegerField(), help_text="涉及年度")


class OptionsSerializer(serializers.Serializer):
    categories = RefSerializer(many=True)
    review_stages = _StageSerializer(many=True)
    reply_classes = _CodeRefSerializer(many=True)
    rejection_reasons = RefSerializer(many=True)
    units = RefSerializer(many=True, help_text="承办单位")
    chairs_meetings = _MeetingSerializer(many=True, help_text="本届主席会议（确定重点提案用）")


# ---------------------------------------------------------------------------------------------------------
# Input serializers: they only parse; the services validate and decide.


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=True, **kwargs)


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, help_text="读取时的 version；他人已修改则拒绝")


class CommitteeParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")


class HistoryUploadSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="导入到哪个政协组织")
    file = serializers.FileField(help_text="按导入模板填写的 .xlsx（multipart 上传），不超过 10 MB")


class ProposalFilterSerializer(serializers.Serializer):
    committee = serializers.IntegerField(required=False, min_value=1, help_text="政协组织编号")
    include_subtree = serializers.BooleanField(required=False, default=False, help_text="包括下级政协组织")
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2999, help_text="年度")
    state = serializers.ChoiceField(required=False, choices=State.choices, help_text="状态")
    kind = serializers.ChoiceField(required=False, choices=ProposalKind.choices, help_text="提案方式")
    category = serializers.IntegerField(required=False, min_value=1, help_text="类别编号")
    session = serializers.CharField(required=False, max_length=12, help_text="全体会议编号；none 表示平时提案")
    is_key = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="是否重点提案")
    unit = serializers.IntegerField(required=False, min_value=1, help_text="承办单位编号")
    q = serializers.CharField(required=False, max_length=100, help_text="关键词（简繁均可）或提案编号")

    def validate_session(self, value: str) -> str | int:
        if value == "none":
            return value
        if not value.isdigit():
            raise serializers.ValidationError("请填写全体会议编号，或 none 表示平时提案。")
        return int(value)


class ProposalWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalKind.choices, help_text="个人、联名或集体提案")
    title = serializers.CharField(help_text="案由")
    situation = _text(help_text="情况")
    analysis = _text(help_text="分析")
    suggestions = _text(help_text="建议")
    category = serializers.PrimaryKeyRelatedField(required=False, allow_null=True,
                                                  queryset=ProposalCategory.objects.all(), help_text="类别编号")
    cosigners = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Person.objects.all(),
                                                   help_text="联名提案人（人员编号，见委员名册的 person_id）")
    collective_kind = serializers.ChoiceField(required=False, allow_blank=True, choices=CollectiveKind.choices,
                                              help_text="集体提案的提案单位类别")
    collective_name = _text(help_text="集体提案的提案单位名称")


class ProposalCreateSerializer(ProposalWriteSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="向哪个政协组织提出")


class ProposalUpdateSerializer(ProposalWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text="读取时的 version；他人已修改则拒绝")


class VersionSerializer(serializers.Serializer):
    version = _version()


class ProposalVersionSerializer(serializers.Serializer):
    """An operation on an assignment or an evaluation is a move on its proposal: it sends the proposal's version."""

    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="所属提案读取时的 version（proposal_version）；他人已修改则拒绝")


class CosignSerializer(VersionSerializer):
    accept = serializers.BooleanField(help_text="true 确认联名，false 拒绝")


class WithdrawSerializer(serializers.Serializer):
    reason = _text(help_text="撤回理由（已提交的提案必填）")
    version = _version()


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices, help_text="审查结论")
    remarks = _text(help_text="审查意见（工作人员可见）")
    category = serializers.PrimaryKeyRelatedField(required=False, allow_null=True,
                                                  queryset=ProposalCategory.objects.all(), help_text="立案类别")
    suggested_units = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                         queryset=HandlingUnit.objects.all(), help_text="建议承办单位")
    rejection_reason = serializers.PrimaryKeyRelatedField(required=False, allow_null=True,
                                                          queryset=RejectionReason.objects.all(),
                                                          help_text="不予立案理由")
    explanation = _text(help_text="给提案人的说明（不予立案、转办）")
    merge_into = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Proposal.objects.all(),
                                                    help_text="并案的主提案")
    proposer_consented = serializers.BooleanField(required=False, default=False, help_text="转办已征得提案人同意")
    version = _version()


class AssignSerializer(VersionSerializer):
    mode = serializers.ChoiceField(choices=[("sole", "单办"), ("separate", "分办"), ("lead", "主办会办")],
                                   help_text="交办方式")
    units = serializers.PrimaryKeyRelatedField(many=True, queryset=HandlingUnit.objects.all(),
                                               help_text="承办单位（主办会办时为主办单位）")
    co_units = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=HandlingUnit.objects.all(),
                                                  help_text="会办单位")
    due_date = serializers.DateField(required=False, allow_null=True, help_text="答复期限；默认按本会设置")
    remarks = _text(help_text="交办意见")


class RemarksSerializer(VersionSerializer):
    remarks = _text(help_text="说明")


class RehandleSerializer(VersionSerializer):
    assignments = serializers.PrimaryKeyRelatedField(many=True, queryset=Assignment.objects.all(),
                                                     help_text="需要重新办理的交办编号")
    due_date = serializers.DateField(help_text="新的答复期限")
    remarks = _text(help_text="重新办理的要求")


class KeyProposeSerializer(VersionSerializer):
    supervisors = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(),
                                                     help_text="督办领导（人员编号）")
    leader_led = serializers.BooleanField(required=False, default=False, help_text="党政领导领办")


class KeyConfirmSerializer(VersionSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), help_text="确定重点提案的主席会议")


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(SupervisionKind.values)})$",
                      "description": "督办形式：" + "，".join(f"{v} {label}" for v, label in SupervisionKind.choices)})
class _SupervisionKindField(serializers.ChoiceField):
    """Inline in the schema: a second enum named "kind" (besides the proposal's) would collide."""


class SupervisionInputSerializer(VersionSerializer):
    kind = _SupervisionKindField(choices=SupervisionKind.choices)
    date = serializers.DateField(help_text="日期")
    leaders = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Person.objects.all(),
                                                 help_text="参加领导（人员编号）")
    summary = _text(help_text="情况")


class ReplyInputSerializer(ProposalVersionSerializer):
    text = _text(help_text="答复内容")
    reply_class = serializers.PrimaryKeyRelatedField(queryset=ReplyClass.objects.all(), help_text="答复分类编号")
    file = serializers.FileField(required=False, allow_null=True,
                                 help_text="答复函（multipart 上传）：PDF、OFD、Word、WPS 或图片，不超过 10 MB，内容须与扩展名相符")


class TextInputSerializer(ProposalVersionSerializer):
    text = _text(help_text="会办意见")


class ContactInputSerializer(ProposalVersionSerializer):
    phase = serializers.ChoiceField(choices=ContactPhase.choices, help_text="办前、办中或办后见面")
    date = serializers.DateField(help_text="日期")
    way = _text(help_text="方式，如 当面座谈、实地察看、电话")
    participants = _text(help_text="参加人员")
    summary = _text(help_text="内容摘要")


class ReasonSerializer(ProposalVersionSerializer):
    reason = _text(help_text="理由")


class ReassignDecisionSerializer(ProposalVersionSerializer):
    approve = serializers.BooleanField(help_text="true 同意调整，false 不同意")
    new_units = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=HandlingUnit.objects.all(),
                                                   help_text="同意时的新承办单位")
    remarks = _text(help_text="说明")


class ExtensionRequestSerializer(ProposalVersionSerializer):
    until = serializers.DateField(help_text="申请延期至")
    reason = _text(help_text="理由")


class DecisionSerializer(ProposalVersionSerializer):
    approve = serializers.BooleanField(help_text="true 同意，false 不同意")
    remarks = _text(help_text="说明")


class EvaluateSerializer(ProposalVersionSerializer):
    rating = serializers.ChoiceField(choices=Rating.choices, help_text="满意、基本满意或不满意")
    comment = _text(help_text="意见（不满意时必填）")


class ClassCorrectionSerializer(ProposalVersionSerializer):
    reply_class = serializers.PrimaryKeyRelatedField(queryset=ReplyClass.objects.all(), help_text="更正后的答复分类")
    remarks = _text(help_text="更正理由")


class SimilarParamSerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50, help_text="最多几条")
    merge = serializers.BooleanField(required=False, default=False, help_text="只列同年度可并案的候选")


class SimilarTextSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    title = _text(help_text="案由")
    text = _text(help_text="正文")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50, help_text="最多几条")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs.get("title") or attrs.get("text")):
            raise serializers.ValidationError({"text": ["请填写案由或正文。"]})
        return attrs


class FiguresParamSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), help_text="政协组织编号")
    include_subtree = serializers.BooleanField(required=False, default=False, help_text="含下级政协")
    period = serializers.ChoiceField(required=False, default="year", help_text="统计期间",
                                     choices=[("year", "按年度"), ("session", "自某次全会以来"), ("range", "按日期")])
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2999, help_text="年度；默认今年")
    session = serializers.PrimaryKeyRelatedField(required=False, queryset=Session.objects.select_related("term"),
                                                 help_text="全体会议编号（period=session）")
    start = serializers.DateField(required=False, help_text="起始日期（period=range）")
    end = serializers.DateField(required=False, help_text="截止日期（含）")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        mode = attrs["period"]
        if mode == "session":
            session = attrs.get("session")
            if session is None:
                raise serializers.ValidationError({"session": ["请选择一次全体会议。"]})
            if session.term.committee_id != attrs["committee"].pk:
                raise serializers.ValidationError({"session": ["该全体会议不属于所选政协组织。"]})
        if mode == "range" and attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": ["截止日期不能早于起始日期。"]})
        return attrs

    def as_period(self) -> Period:
        d = self.validated_data
        if d["period"] == "session":
            return Period.since_session(d["session"], end=d.get("end"))
        if d["period"] == "range":
            return Period.between(d.get("start"), d.get("end"))
        return Period.for_year(d.get("year") or timezone.localdate().year)


class AssignmentFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, allow_null=True, default=None,
                                    help_text="只看本账号所在承办单位的；承办单位工作人员默认为是")
    unit = serializers.IntegerField(required=False, min_value=1, help_text="承办单位编号")
    proposal = serializers.IntegerField(required=False, min_value=1, help_text="提案编号")
    state = serializers.ChoiceField(required=False, choices=AssignmentState.choices, help_text="办理状态")
    overdue = serializers.BooleanField(required=False, default=False, help_text="只看已超过答复期限而未答复的")


class ResultSerializer(ProposalVersionSerializer):
    solved = serializers.BooleanField(help_text="问题是否实际解决")
    note = _text(help_text="跟踪回访情况")


# ---------------------------------------------------------------------------------------------------------
# Views




def _detail_queryset() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "committee", "term", "session__term", "category", "review_stage", "rejection_reason", "merged_into",
        "key__confirmed_meeting__term",
    ).prefetch_related(
        Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")),
        Prefetch("reviews", queryset=ReviewRecord.objects.select_related("stage", "reviewer").order_by("at", "id")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
        "key__supervisors", "key__supervisions__leaders",
    )


MOVED = OpenApiResponse(ProposalDetailSerializer, description="操作后的提案")
GONE = OpenApiResponse(description="操作成功，但当前账号已无权查看该提案（如拒绝联名）")


def _move_schema(summary: str, request: Any, description: str = "") -> Callable[[Any], Any]:
    return extend_schema(summary=summary, description=description, request=request,
                         responses={200: MOVED, 204: GONE, **ERRORS})


class _ShowsProposal(CapabilityViewSet):

    def _show(self, pk: int, status: int = 200) -> Response:
        """The proposal as it now is, for the reader; nothing if the move took their access away."""
        user = self.request.user
        if not proposals_for_user(user).filter(pk=pk).exists():
            return Response(status=204)
        proposal = _detail_queryset().get(pk=pk)
        return Response(ProposalDetailSerializer(proposal, context={"request": self.request}).data, status=status)


@extend_schema_view(
    list=extend_schema(
        summary="提案列表",
        description="当前账号可查看的提案：工作人员与领导看本会（领导含下级）全部，委员看本人提出或联名的，"
                    "承办单位只看交办给本单位的。q 为中文全文检索（简繁互通）或提案编号。",
        parameters=[ProposalFilterSerializer], responses={200: ProposalSerializer(many=True), 400: ERRORS[400],
                                                          403: ERRORS[403]}),
    retrieve=extend_schema(
        summary="提案详情",
        description="正文、提案人（仅姓名）、审查结果与说明、交办与答复、评价、流转记录；审查记录仅工作人员可见。",
        responses={200: ProposalDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]}),
    create=extend_schema(summary="起草提案", description="保存为草稿；联名提案在提交时邀请联名提案人。",
                         request=ProposalCreateSerializer, responses={201: ProposalDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="修改草稿", description="草稿或退回修改的提案；须提交读取时的 version。",
                                 request=ProposalUpdateSerializer, responses={200: ProposalDetailSerializer, **ERRORS}),
)
class ProposalViewSet(_ShowsProposal, mixins.ListModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = ProposalSerializer
    http_method_names = ["get", "head", "post", "patch", "delete"]
    capabilities = {
        "list": READ_CAPS, "retrieve": READ_CAPS, "similar": SIMILAR_CAPS, "similar_text": SIMILAR_CAPS,
        "figures": Cap.PROPOSAL_VIEW_ALL, "review_queue": Cap.PROPOSAL_REVIEW, "form_options": READ_CAPS,
        "create": Cap.PROPOSAL_DRAFT, "partial_update": Cap.PROPOSAL_DRAFT, "submit": Cap.PROPOSAL_DRAFT,
        "cosign": Cap.PROPOSAL_DRAFT, "withdraw": Cap.PROPOSAL_DRAFT,
        "attachment_add": Cap.PROPOSAL_DRAFT, "attachment_remove": Cap.PROPOSAL_DRAFT,
        "review": Cap.PROPOSAL_REVIEW,
        "assign": Cap.PROPOSAL_MANAGE, "rehandle": Cap.PROPOSAL_MANAGE, "close": Cap.PROPOSAL_MANAGE,
        "key": Cap.PROPOSAL_MANAGE, "key_confirm": Cap.PROPOSAL_MANAGE,
        "supervision": (Cap.PROPOSAL_MANAGE, Cap.PROPOSAL_SUPERVISE),
        "history_upload": Cap.PROPOSAL_MANAGE, "history_confirm": Cap.PROPOSAL_MANAGE,
    }

    def get_queryset(self) -> QuerySet[Proposal]:
        if self.is_schema_request():
            return Proposal.objects.none()
        filters = self._filters()
        query = filters.pop("q", "")
        qs = search.search(self.request.user, query, filters)
        return qs.select_related("committee", "term", "session__term", "category").prefetch_related(
            Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")),
        )

    def _filters(self) -> dict[str, Any]:
        params = ProposalFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        if filters.get("include_subtree") and "committee" in filters:
            # The selector still limits rows to what the reader may see; this only widens the filter.
            filters["committee"] = Committee.objects.filter(pk=filters["committee"]).first() or filters["committee"]
        return filters

    def get_object(self) -> Proposal:
        # Reading is checked where the row is fetched; a refusal is recorded and answered 403.
        return get_proposal_for_user(self.request.user, self.lookup_pk())

    def retrieve(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        return Response(ProposalDetailSerializer(_detail_queryset().get(pk=proposal.pk),
                                                 context={"request": request}).data)

    def create(self, request: Request) -> Response:
        data = _parse(ProposalCreateSerializer, request)
        proposal, status = create_for_request(request, "proposals.create", Proposal,
                                              lambda: drafting.proposal_create_draft(actor=signed_in(request), **data))
        return self._show(proposal.pk, status=status)

    def partial_update(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        data = _parse(ProposalUpdateSerializer, request, partial=True)
        if "version" not in data:
            raise serializers.ValidationError({"version": ["请提交读取时的 version，以免覆盖他人的修改。"]})
        version = data.pop("version")
        drafting.proposal_update_draft(actor=signed_in(request), proposal=proposal, expected_version=version, **data)
        return self._show(proposal.pk)

    def _committee_param(self) -> Committee:
        params = CommitteeParamSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data["committee"]

    @extend_schema(summary="待我审查的提案", description="本会处于由我的角色负责的审查环节的提案，先提交的在前。",
                   parameters=[CommitteeParamSerializer],
                   responses={200: ProposalSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]})
    @action(detail=False, methods=["get"], url_path="review-queue")
    def review_queue(self, request: Request) -> Response:
        committee = self._committee_param()
        require(request.user, Cap.PROPOSAL_REVIEW, committee)
        qs = queue_for_reviewer(request.user, committee).prefetch_related(
            Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")),
        ).select_related("committee", "term", "session__term")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    def _move(self, parser: type[serializers.Serializer], call: Callable[[Proposal, dict[str, Any]], Any]) -> Response:
        # Fetched first: someone who may not read the proposal is refused (403) before their input is judged.
        proposal = self.get_object()
        call(proposal, _parse(parser, self.request))
        return self._show(proposal.pk)

    @_move_schema("提交提案", VersionSerializer, "联名提案先等待联名提案人确认，否则进入第一道审查环节。")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._move(VersionSerializer, lambda p, d: drafting.proposal_submit(
            actor=signed_in(request), proposal=p, expected_version=d.get("version")))

    @_move_schema("确认或拒绝联名", CosignSerializer, "被邀请的联名提案人在期限内答复；拒绝后不再列为提案人。")
    @action(detail=True, methods=["post"])
    def cosign(self, request: Request, pk: str) -> Response:
        return self._move(CosignSerializer, lambda p, d: drafting.cosign_respond(
            actor=signed_in(request), proposal=p, accept=d["accept"], expected_version=d.get("version")))

    @_move_schema("撤回提案", WithdrawSerializer, "起草人在审查结论作出前撤回。")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._move(WithdrawSerializer, lambda p, d: drafting.proposal_withdraw(
            actor=signed_in(request), proposal=p, reason=d.get("reason", ""), expected_version=d.get("version")))

    @extend_schema(summary="上传附件", request={"multipart/form-data": AttachmentUploadSerializer},
                   description="起草人在草稿或退回修改时上传：PDF、Word、Excel、图片或文本，每个不超过 10 MB，"
                               "每件提案最多 10 个。",
                   responses={201: MOVED, **ERRORS})
    @action(detail=True, methods=["post"], url_path="attachments", parser_classes=[MultiPartParser, FormParser])
    def attachment_add(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        data = _parse(AttachmentUploadSerializer, request)
        attachment_services.attachment_add(actor=signed_in(request), proposal=proposal, file=data["file"])
        return self._show(proposal.pk, status=201)

    @extend_schema(summary="删除附件", description="起草人在草稿或退回修改时删除附件。", request=None,
                   responses={200: MOVED, **ERRORS})
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment_remove(self, request: Request, pk: str, attachment_id: str) -> Response:
        proposal = self.get_object()
        attachment = Attachment.objects.filter(proposal=proposal, pk=int(attachment_id)).first()
        if attachment is None:
            raise Http404("未找到该附件。")
        attachment_services.attachment_remove(actor=signed_in(request), attachment=attachment)
        return self._show(proposal.pk)

    @_move_schema("审查提案", ReviewSerializer,
                  "当前审查环节的结论：通过进入下一环节、退回修改；最后一道环节可立案（类别、建议承办单位）、"
                  "不予立案（理由与说明）、转作意见建议或转社情民意（须提案人同意）、并案。")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        return self._move(ReviewSerializer, lambda p, d: review_decide(
            actor=signed_in(request), proposal=p, decision=d["decision"], remarks=d.get("remarks", ""),
            category=d.get("category"), suggested_units=d.get("suggested_units", ()),
            rejection_reason=d.get("rejection_reason"), explanation=d.get("explanation", ""),
            merge_into=d.get("merge_into"), proposer_consented=d.get("proposer_consented", False),
            expected_version=d.get("version")))

    @_move_schema("交办提案", AssignSerializer, "单办、分办或主办会办；答复期限默认按本会设置。")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        return self._move(AssignSerializer, lambda p, d: handling.proposal_assign(
            actor=signed_in(request), proposal=p, mode=d["mode"], units=d["units"], co_units=d.get("co_units", ()),
            due_date=d.get("due_date"), remarks=d.get("remarks", ""), expected_version=d.get("version")))

    @_move_schema("重新办理", RehandleSerializer, "对评价为不满意的答复，要求承办单位在新期限内重新办理。")
    @action(detail=True, methods=["post"])
    def rehandle(self, request: Request, pk: str) -> Response:
        return self._move(RehandleSerializer, lambda p, d: handling.proposal_order_rehandling(
            actor=signed_in(request), proposal=p, assignments=d["assignments"], due_date=d["due_date"],
            remarks=d.get("remarks", ""), expected_version=d.get("version")))

    @_move_schema("办结提案", RemarksSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._move(RemarksSerializer, lambda p, d: handling.proposal_close(
            actor=signed_in(request), proposal=p, remarks=d.get("remarks", ""), expected_version=d.get("version")))

    @extend_schema(summary="提案工作选项", description="本会的提案类别、审查环节、答复分类、不予立案理由、承办单位和"
                                                   "主席会议，供填写上述操作时选用。",
                   parameters=[CommitteeParamSerializer],
                   responses={200: OptionsSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    @action(detail=False, methods=["get"], url_path="options")
    def form_options(self, request: Request) -> Response:
        committee = self._committee_param()
        require(request.user, Cap.COMMITTEE_VIEW, committee)
        proposal_defaults(committee)
        term = committee.current_term()
        data = {
            "categories": ProposalCategory.objects.filter(committee=committee, is_active=True)
            .order_by("sort_order", "id"),
            "review_stages": ReviewStage.objects.filter(committee=committee).order_by("order"),
            "reply_classes": ReplyClass.objects.filter(committee=committee, is_active=True)
            .order_by("sort_order", "code"),
            "rejection_reasons": RejectionReason.objects.filter(is_active=True).order_by("sort_order", "id"),
            "units": HandlingUnit.objects.filter(committee=committee, is_active=True).order_by("sort_order", "id"),
            "chairs_meetings": Meeting.objects.filter(term=term, kind=MeetingKind.CHAIRS).select_related("term")
            .order_by("-date") if term is not None else Meeting.objects.none(),
        }
        return Response(OptionsSerializer(data).data)

    def _key_of(self, proposal: Proposal) -> KeyProposal:
        key = KeyProposal.objects.select_related("proposal__committee").filter(proposal=proposal).first()
        if key is None:
            raise ValidationError("该提案尚未拟定为重点提案。")
        return key

    @_move_schema("拟定重点提案", KeyProposeSerializer, "提案委拟定重点提案并指定督办领导，待主席会议确定。")
    @action(detail=True, methods=["post"])
    def key(self, request: Request, pk: str) -> Response:
        return self._move(KeyProposeSerializer, lambda p, d: key_services.key_propose(
            actor=signed_in(request), proposal=p, supervisors=d["supervisors"], leader_led=d.get("leader_led", False),
            expected_version=d.get("version")))

    @_move_schema("主席会议确定重点提案", KeyConfirmSerializer)
    @action(detail=True, methods=["post"], url_path="key-confirm")
    def key_confirm(self, request: Request, pk: str) -> Response:
        return self._move(KeyConfirmSerializer, lambda p, d: key_services.key_confirm(
            actor=signed_in(request), key=self._key_of(p), meeting=d["meeting"], expected_version=d.get("version")))

    @_move_schema("记录督办", SupervisionInputSerializer, "重点提案的督办视察、座谈或协商会；提案委或督办领导记录。")
    @action(detail=True, methods=["post"])
    def supervision(self, request: Request, pk: str) -> Response:
        return self._move(SupervisionInputSerializer, lambda p, d: key_services.key_record_supervision(
            actor=signed_in(request), key=self._key_of(p), kind=d["kind"], date=d["date"], leaders=d.get("leaders", ()),
            summary=d.get("summary", ""), expected_version=d.get("version")))

    def _require_similar(self, committee: Committee) -> None:
        """Similar proposals show titles and outcomes of the committee's proposals: for its members, staff and
        leaders, not for handling units (who see only what was assigned to them)."""
        user = self.request.user
        if not any(can(user, cap, committee) for cap in SIMILAR_CAPS):
            require(user, SIMILAR_CAPS[0], committee)

    def _similar_rows(self, found: list[Any]) -> list[dict[str, Any]]:
        readable = set(proposals_for_user(self.request.user).filter(pk__in=[s.proposal.pk for s in found])
                       .values_list("pk", flat=True))
        return [{
            "id": s.proposal.pk, "title": s.proposal.title, "number": s.proposal.number, "year": s.proposal.year,
            "state": s.proposal.state, "state_display": s.proposal.get_state_display(), "outcome": s.outcome,
            "reply_classes": [c.code for c in s.reply_classes], "score": s.score,
            "readable": s.proposal.pk in readable,
        } for s in found]

    @extend_schema(summary="相似提案", description="本会本年度及以往年度最相近的提案及其办理结果；"
                                                   "merge=true 时为同年度可并案的候选（审查用）。",
                   parameters=[SimilarParamSerializer],
                   responses={200: SimilarSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403],
                              404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None)  # the best `limit`, never paged
    def similar(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        self._require_similar(proposal.committee)
        params = SimilarParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        limit = params.validated_data["limit"]
        if params.validated_data["merge"]:
            found = similarity.merge_candidates(proposal, limit=limit)
        else:
            found = similarity.similar_proposals(proposal.committee, proposal, limit=limit)
        return Response(SimilarSerializer(self._similar_rows(found), many=True).data)

    @extend_schema(summary="按文字查找相似提案", description="撰写时（尚未保存草稿）按案由和正文查找本会的相似提案。",
                   request=SimilarTextSerializer,
                   responses={200: SimilarSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]})
    @action(detail=False, methods=["post"], url_path="similar-text", pagination_class=None)
    def similar_text(self, request: Request) -> Response:
        d = _parse(SimilarTextSerializer, request)
        self._require_similar(d["committee"])
        text = "\n".join(part for part in (d.get("title", ""), d.get("text", "")) if part)
        found = similarity.similar_proposals(d["committee"], text, limit=d["limit"])
        return Response(SimilarSerializer(self._similar_rows(found), many=True).data)

    @extend_schema(summary="提案统计", description="收到、立案、转办、不予立案、并案、重点提案、领导督办，立案率、办结率、"
                                                 "答复率、满意率、面办率与 A/B/C/D 占比，以及按类别、承办单位、提案人类型、"
                                                 "界别的分项；可含下级政协，期间按年度、自某次全会以来或按日期。",
                   parameters=[FiguresParamSerializer],
                   responses={200: FiguresSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        params = FiguresParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        d = params.validated_data
        committee: Committee = d["committee"]
        require(request.user, Cap.PROPOSAL_VIEW_ALL, committee)
        if d["include_subtree"]:
            # Every committee below must be readable too; the first that is not is refused and recorded.
            for below in Committee.objects.filter(committee.subtree_q()).exclude(pk=committee.pk):
                require(request.user, Cap.PROPOSAL_VIEW_ALL, below)
        result = proposal_figures(Scope(committee, include_subtree=d["include_subtree"]),
                                          params.as_period())
        return Response(FiguresSerializer(_figures_data(result)).data)

    @extend_schema(summary="上传往年提案（导入预览）",
                   description="与“往年提案导入”页面相同：按模板填写的 .xlsx 先整体检查，返回各行将导入的提案或"
                               "各处问题；没有问题时用返回的 token 确认导入。",
                   request={"multipart/form-data": HistoryUploadSerializer},
                   responses={201: HistoryPreviewSerializer, **ERRORS})
    @action(detail=False, methods=["post"], url_path="history-import", parser_classes=[MultiPartParser, FormParser],
            pagination_class=None)
    def history_upload(self, request: Request) -> Response:
        d = _parse(HistoryUploadSerializer, request)
        committee: Committee = d["committee"]
        try:
            token, _ = history_upload_save(actor=signed_in(request), committee=committee, file=d["file"],
                                           filename=d["file"].name or "", size=d["file"].size)
        except (FileRefused, FileTooLarge) as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        return Response(_history_preview(history_upload_load(token, request.user), committee), status=201)

    @extend_schema(summary="确认导入往年提案",
                   description="导入预览没有问题时，全部导入（全有或全无）；同一文件只导入一次。",
                   request=None,
                   responses={200: HistoryResultSerializer, **ERRORS,
                              409: OpenApiResponse(ErrorSerializer, description="该文件已导入或正在导入")})
    @action(detail=False, methods=["post"], url_path=r"history-import/(?P<token>[A-Za-z0-9_-]{32,64})/confirm",
            pagination_class=None)
    def history_confirm(self, request: Request, token: str) -> Response:
        try:
            upload = history_upload_load(token, request.user)
        except UploadGone as exc:
            raise Http404(str(exc)) from None
        committee = get_committee_or_404(upload.committee_id)
        try:
            result = history_upload_confirm(upload=upload, actor=signed_in(request), committee=committee)
        except AlreadyImported as exc:
            return Response({"detail": str(exc)}, status=409)
        except ImportProblems as exc:
            return Response({"detail": str(exc), "errors": _problem_errors(exc.problems)}, status=400)
        return Response(HistoryResultSerializer({"total": result.total, "years": result.years}).data)


def _problem_errors(problems: list[Problem]) -> dict[str, list[str]]:
    """Problems in the API's error shape: by "第 N 行 列名" (or the file), each with its messages."""
    errors: dict[str, list[str]] = {}
    for p in problems:
        where = f"第 {p.row} 行" if p.row else "文件"
        errors.setdefault(f"{where} {p.column}".strip(), []).append(p.message)
    return errors


def _history_preview(upload: HistoryUpload, committee: Committee) -> dict[str, Any]:
    plan = history_upload_plan(upload, committee) if upload.state == "pending" else None
    rows = [{
        "row": r.row, "year": r.fields["year"], "term": r.fields["term"].label,
        "session": r.fields["session"].label if r.fields.get("session") else None,
        "number": r.fields["number"], "title": r.fields["title"],
        "proposers": [r.fields["collective_name"]] if r.fields.get("collective_name") else
        [person.name for person, _ in r.people],
        "category": str(r.fields["category"]) if r.fields.get("category") else None,
        "state": r.fields["state"], "state_display": State(r.fields["state"]).label,
        "units": [u.name for u in r.units], "reply_class": r.reply_class.code if r.reply_class else None,
    } for r in (plan.rows if plan is not None and not plan.problems else [])]
    problems = plan.problems if plan is not None else []
    return HistoryPreviewSerializer({
        "token": upload.token, "committee": committee, "filename": upload.filename, "state": upload.state,
        "ok": plan is not None and plan.ok, "problems": [p.as_dict() for p in problems], "rows": rows,
    }).data


def _assignment_queryset() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("proposal__committee", "unit")


@extend_schema_view(
    list=extend_schema(
        summary="交办列表（承办单位收件箱）",
        description="当前账号可查看的提案的交办，按答复期限排序；承办单位工作人员默认只看本单位的。",
        parameters=[AssignmentFilterSerializer], responses={200: AssignmentSerializer(many=True), 400: ERRORS[400],
                                                            403: ERRORS[403]}),
    retrieve=extend_schema(summary="交办详情", responses={200: AssignmentSerializer, 403: ERRORS[403],
                                                          404: ERRORS[404]}),
)
class AssignmentViewSet(_ShowsProposal, mixins.ListModelMixin, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = AssignmentSerializer
    http_method_names = ["get", "head", "post"]
    capabilities = {
        "list": READ_CAPS, "retrieve": READ_CAPS,
        "reply": Cap.PROPOSAL_HANDLE, "view": Cap.PROPOSAL_HANDLE, "reassign_request": Cap.PROPOSAL_HANDLE,
        "extension_request": Cap.PROPOSAL_HANDLE,
        "contact": (Cap.PROPOSAL_HANDLE, Cap.PROPOSAL_MANAGE),
        "reassign_decision": Cap.PROPOSAL_MANAGE, "extension_decision": Cap.PROPOSAL_MANAGE,
        "reply_class": Cap.PROPOSAL_MANAGE,
        "evaluate": Cap.PROPOSAL_DRAFT,
    }

    def get_queryset(self) -> QuerySet[Assignment]:
        if self.is_schema_request():
            return Assignment.objects.none()
        params = AssignmentFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        user = self.request.user
        # Only what the reader could see on each proposal's page: another unit's part stays out even with mine=false.
        qs = assignments_for_user(user)
        units = handling.unit_ids_of(user)
        mine = f.get("mine")
        if mine is None:
            mine = bool(units) and not can_anywhere(user, Cap.PROPOSAL_VIEW_ALL)
        if mine:
            qs = qs.filter(unit_id__in=units)
        if "unit" in f:
            qs = qs.filter(unit_id=f["unit"])
        if "proposal" in f:
            qs = qs.filter(proposal_id=f["proposal"])
        if "state" in f:
            qs = qs.filter(state=f["state"])
        if f.get("overdue"):
            qs = qs.filter(due_date__lt=timezone.localdate(), state__in=handling.OPEN_STATES)
        return qs.order_by("due_date", "id")

    def get_object(self) -> Assignment:
        assignment = _assignment_queryset().filter(pk=self.lookup_pk()).first()
        if assignment is None:
            raise Http404("未找到该交办。")
        # Reading rights follow the proposal (the refusal is recorded there), then the unit's part of it.
        user = self.request.user
        proposal = get_proposal_for_user(user, assignment.proposal_id)
        if not assignments_for_user(user).filter(pk=assignment.pk).exists():
            deny(user, detail="proposal.assignment", obj=proposal, message="您没有权限查看其他承办单位的交办。")
        return assignment

    def retrieve(self, request: Request, pk: str) -> Response:
        assignment = self.get_object()
        fresh = assignments_for_user(request.user).get(pk=assignment.pk)
        return Response(AssignmentSerializer(fresh, context={"request": request}).data)

    def _move(self, parser: type[serializers.Serializer],
              call: Callable[[Assignment, dict[str, Any]], Any]) -> Response:
        assignment = self.get_object()
        call(assignment, _parse(parser, self.request))
        return self._show(assignment.proposal_id)

    @_move_schema("答复", ReplyInputSerializer,
                  "承办单位（单办、分办或主办）答复：答复内容、答复分类，可 multipart 上传答复函；各答复单位均答复后提案为“已答复”。")
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str) -> Response:
        return self._move(ReplyInputSerializer, lambda a, d: handling.assignment_reply(
            actor=signed_in(request), assignment=a, text=d.get("text", ""), reply_class=d["reply_class"],
            file=d.get("file"), expected_version=d.get("version")))

    @_move_schema("提出会办意见", TextInputSerializer, "会办单位向主办单位提出意见。")
    @action(detail=True, methods=["post"])
    def view(self, request: Request, pk: str) -> Response:
        return self._move(TextInputSerializer, lambda a, d: handling.co_unit_send_view(
            actor=signed_in(request), assignment=a, text=d.get("text", ""), expected_version=d.get("version")))

    @_move_schema("记录见面沟通", ContactInputSerializer, "办前、办中、办后与提案人见面的日期、方式、人员和摘要。")
    @action(detail=True, methods=["post"])
    def contact(self, request: Request, pk: str) -> Response:
        return self._move(ContactInputSerializer, lambda a, d: handling.contact_record(
            actor=signed_in(request), assignment=a, phase=d["phase"], date=d["date"], way=d.get("way", ""),
            participants=d.get("participants", ""), summary=d.get("summary", ""), expected_version=d.get("version")))

    @_move_schema("申请调整承办单位", ReasonSerializer, "交办后规定期限内，承办单位说明理由申请调整。")
    @action(detail=True, methods=["post"], url_path="reassign-request")
    def reassign_request(self, request: Request, pk: str) -> Response:
        return self._move(ReasonSerializer, lambda a, d: handling.assignment_request_reassign(
            actor=signed_in(request), assignment=a, reason=d.get("reason", ""), expected_version=d.get("version")))

    @_move_schema("审批调整承办单位", ReassignDecisionSerializer, "同意时指定新的承办单位。")
    @action(detail=True, methods=["post"], url_path="reassign-decision")
    def reassign_decision(self, request: Request, pk: str) -> Response:
        return self._move(ReassignDecisionSerializer, lambda a, d: handling.assignment_decide_reassign(
            actor=signed_in(request), assignment=a, approve=d["approve"], new_units=d.get("new_units", ()),
            remarks=d.get("remarks", ""), expected_version=d.get("version")))

    @_move_schema("申请延期", ExtensionRequestSerializer, "在最长办理期限内申请延期答复。")
    @action(detail=True, methods=["post"], url_path="extension-request")
    def extension_request(self, request: Request, pk: str) -> Response:
        return self._move(ExtensionRequestSerializer, lambda a, d: handling.assignment_request_extension(
            actor=signed_in(request), assignment=a, until=d["until"], reason=d.get("reason", ""),
            expected_version=d.get("version")))

    @_move_schema("审批延期", DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="extension-decision")
    def extension_decision(self, request: Request, pk: str) -> Response:
        return self._move(DecisionSerializer, lambda a, d: handling.assignment_decide_extension(
            actor=signed_in(request), assignment=a, approve=d["approve"], remarks=d.get("remarks", ""),
            expected_version=d.get("version")))

    @_move_schema("评价答复", EvaluateSerializer, "提案人对该承办单位的答复评价满意、基本满意或不满意。")
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        return self._move(EvaluateSerializer, lambda a, d: handling.evaluation_submit(
            actor=signed_in(request), assignment=a, rating=d["rating"], comment=d.get("comment", ""),
            expected_version=d.get("version")))

    @_move_schema("更正答复分类", ClassCorrectionSerializer, "提案委更正承办单位自定的答复分类，须说明理由。")
    @action(detail=True, methods=["post"], url_path="class")
    def reply_class(self, request: Request, pk: str) -> Response:
        return self._move(ClassCorrectionSerializer, lambda a, d: handling.reply_correct_class(
            actor=signed_in(request), assignment=a, reply_class=d["reply_class"], remarks=d.get("remarks", ""),
            expected_version=d.get("version")))


class EvaluationViewSet(_ShowsProposal, CapabilityViewSet):
    permission_classes = [IsAuthenticated, AnyCapabilityPermission]
    serializer_class = EvaluationSerializer
    http_method_names = ["post"]
    capabilities = {"result": Cap.PROPOSAL_MANAGE}

    def get_queryset(self) -> QuerySet[Evaluation]:
        return Evaluation.objects.none()  # no listing: an evaluation is reached through its proposal

    def get_object(self) -> Evaluation:
        evaluation = (Evaluation.objects.select_related("assignment__proposal__committee", "assignment__unit")
                      .filter(pk=self.lookup_pk()).first())
        if evaluation is None:
            raise Http404("未找到该评价。")
        get_proposal_for_user(self.request.user, evaluation.assignment.proposal_id)
        return evaluation

    @_move_schema("记录结果满意回访", ResultSerializer, "答复后跟踪回访：问题是否实际解决。")
    @action(detail=True, methods=["post"])
    def result(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        d = _parse(ResultSerializer, request)
        handling.evaluation_record_result(actor=signed_in(request), evaluation=evaluation, solved=d["solved"],
                                          note=d.get("note", ""), expected_version=d.get("version"))
        return self._show(evaluation.assignment.proposal_id)
