"""协商: the annual plan, the activities that carry it out, their participants and materials, and the suggestions
they produce, each followed through 协商—转化—监督—反馈."""
from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.db import models

from lvzhi.workflows import WorkflowEvent


class Form(models.TextChoices):
    PLENARY = "plenary", "全体会议"
    STANDING_TOPIC = "standing_topic", "专题议政性常委会"
    TOPIC = "topic", "专题协商会"
    COUNTERPART = "counterpart", "对口协商"
    SECTOR = "sector", "界别协商"
    PROPOSAL_HANDLING = "proposal_handling", "提案办理协商"
    GRASSROOTS = "grassroots", "基层协商"
    INQUIRY = "inquiry", "咨询问政"
    ONLINE = "online", "网络议政"
    RESEARCH = "research", "调研"
    INSPECTION = "inspection", "视察"


# Forms that must appear in the annual plan (domain.md §4).
PLANNED_FORMS = frozenset({Form.STANDING_TOPIC, Form.TOPIC})
# Trips rather than meetings: counted apart in the figures, and recorded as 视察/调研 in the duty record.
TRIP_FORMS = frozenset({Form.RESEARCH, Form.INSPECTION})


class PlanState(models.TextChoices):
    DRAFT = "draft", "起草"
    SUBMITTED = "submitted", "报批"
    APPROVED = "approved", "已批准"


class ConsultationPlan(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="consultation_plans")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    state = models.CharField("状态", max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    approved_by = models.CharField("批准机关", max_length=100, blank=True, help_text="如 中共长春市委")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+", null=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度协商计划"
        verbose_name_plural = "年度协商计划"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="consultation_plan_unique_year")]

    def __str__(self) -> str:
        return self.title


class ActivityState(models.TextChoices):
    PLANNED = "planned", "筹备中"
    HELD = "held", "已举行"
    CLOSED = "closed", "已办结"


# An activity counts in the figures once it has taken place: recorded as held, or held and closed.
HELD_STATES: tuple[str, ...] = (ActivityState.HELD, ActivityState.CLOSED)


class ConsultationActivity(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="consultation_activities")
    form = models.CharField("形式", max_length=24, choices=Form.choices)
    title = models.CharField("主题", max_length=200)
    date = models.DateField("日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    place = models.CharField("地点", max_length=200, blank=True)
    organiser = models.CharField("组织单位", max_length=100, blank=True,
                                 help_text="专委会、界别、委员活动小组或其他组织单位")
    special_committee = models.ForeignKey("committees.SpecialCommittee", verbose_name="牵头专委会",
                                          on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    station_name = models.CharField("委员工作站", max_length=100, blank=True)
    summary = models.TextField("情况简介", blank=True)
    state = models.CharField("状态", max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED)
    other_headcount = models.PositiveIntegerField("其他参加人数", default=0,
                                                  help_text="未逐一登记姓名的群众等参加人数，计入人次")
    search_text = models.TextField(editable=False, default="")
    # Kept by `services.common.refresh_counts` after every change of the activity's participants or suggestions,
    # so figures over a whole tree add up one row per activity instead of every participant and suggestion.
    participant_count = models.PositiveIntegerField("登记参加人数", default=0, editable=False)
    member_count = models.PositiveIntegerField("参加委员人数", default=0, editable=False)
    speech_count = models.PositiveIntegerField("发言人次", default=0, editable=False)
    suggestion_count = models.PositiveIntegerField("意见建议条数", default=0, editable=False)
    sent_count = models.PositiveIntegerField("已报送条数", default=0, editable=False)
    adopted_count = models.PositiveIntegerField("已采纳条数", default=0, editable=False)
    transformed_count = models.PositiveIntegerField("已转化条数", default=0, editable=False)
    fed_back_count = models.PositiveIntegerField("已反馈条数", default=0, editable=False)
    instructed_count = models.PositiveIntegerField("获批示条数", default=0, editable=False)
    problems_solved = models.PositiveIntegerField("解决问题数", default=0, editable=False)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+", null=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "协商活动"
        verbose_name_plural = "协商活动"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["committee", "-date", "-id"], name="consult_act_committee_date"),
            models.Index(fields=["committee", "year", "form"], name="consult_act_committee_form"),
            models.Index(fields=["committee", "state", "-date"], name="consult_act_committee_state"),
            # Covers the figures' one pass over a tree's held activities: the counters are read from the index.
            models.Index(fields=["committee", "date", "state", "form", "other_headcount", "participant_count",
                                 "member_count", "speech_count", "suggestion_count", "sent_count", "adopted_count",
                                 "transformed_count", "fed_back_count", "instructed_count", "problems_solved"],
                         name="consult_act_figures"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_trip(self) -> bool:
        return self.form in TRIP_FORMS


# The counters an activity keeps of its participants and suggestions, and (with the unlisted headcount) what a
# tally adds up per committee, year and form.
COUNT_FIELDS = ("participant_count", "member_count", "speech_count", "suggestion_count", "sent_count",
                "adopted_count", "transformed_count", "fed_back_count", "instructed_count", "problems_solved")
TALLY_FIELDS = ("other_headcount", *COUNT_FIELDS)


class ActivityTally(models.Model):
    """One committee's held activities of one year and form, added up: what figures over whole years read, so a
    tree of hundreds of committees is a few thousand rows rather than every activity. Kept by the services
    (services.common.refresh_tally) whenever an activity or what it counts changes; never edited by hand."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=24, choices=Form.choices)
    activities = models.PositiveIntegerField(default=0)
    other_headcount = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    member_count = models.PositiveIntegerField(default=0)
    speech_count = models.PositiveIntegerField(default=0)
    suggestion_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    adopted_count = models.PositiveIntegerField(default=0)
    transformed_count = models.PositiveIntegerField(default=0)
    fed_back_count = models.PositiveIntegerField(default=0)
    instructed_count = models.PositiveIntegerField(default=0)
    problems_solved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year", "form"], name="consult_tally_unique")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.year} {self.form}"


class PlanItem(models.Model):
    plan = models.ForeignKey(ConsultationPlan, verbose_name="协商计划", on_delete=models.CASCADE,
                             related_name="items")
    topic = models.CharField("协商议题", max_length=200)
    form = models.CharField("协商形式", max_length=24, choices=Form.choices)
    lead_body = models.CharField("牵头单位", max_length=100, blank=True)
    special_committee = models.ForeignKey("committees.SpecialCommittee", verbose_name="牵头专委会",
                                          on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    planned_month = models.PositiveSmallIntegerField("计划月份")
    activity = models.ForeignKey(ConsultationActivity, verbose_name="开展的活动", on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="plan_items")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "计划议题"
        verbose_name_plural = "计划议题"
        ordering = ["planned_month", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned_month__gte=1, planned_month__lte=12),
                                   name="consultation_plan_item_month"),
        ]

    def __str__(self) -> str:
        return self.topic


class ParticipantKind(models.TextChoices):
    MEMBER = "member", "政协委员"
    OFFICIAL = "official", "政府部门"
    RESIDENT = "resident", "群众代表"
    EXPERT = "expert", "专家学者"
    OTHER = "other", "其他"


class Participant(models.Model):
    activity = models.ForeignKey(ConsultationActivity, verbose_name="协商活动", on_delete=models.CASCADE,
                                 related_name="participants")
    kind = models.CharField("身份", max_length=16, choices=ParticipantKind.choices)
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="consultation_participations")
    name = models.CharField("姓名", max_length=40)
    unit = models.CharField("单位及职务", max_length=200, blank=True)
    spoke = models.BooleanField("发言", default=False)
    speech_title = models.CharField("发言题目", max_length=200, blank=True)

    class Meta:
        verbose_name = "参加人员"
        verbose_name_plural = "参加人员"
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], condition=models.Q(person__isnull=False),
                                    name="consultation_participant_once"),
        ]
        indexes = [models.Index(fields=["person", "activity"], name="consult_part_person")]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    activity = models.ForeignKey(ConsultationActivity, verbose_name="协商活动", on_delete=models.CASCADE,
                                 related_name="materials")
    file = models.FileField("文件", upload_to="consultations/%Y/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动材料"
        verbose_name_plural = "活动材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class SuggestionState(models.TextChoices):
    MADE = "made", "已提出"
    SENT = "sent", "已报送"
    ADOPTED = "adopted", "已采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    TRANSFORMED = "transformed", "已转化"
    FED_BACK = "fed_back", "已反馈"


class Suggestion(models.Model):
    activity = models.ForeignKey(ConsultationActivity, verbose_name="协商活动", on_delete=models.CASCADE,
                                 related_name="suggestions")
    # Copied from the activity so the tracking list and the figures filter without a join.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("序号")
    text = models.TextField("意见建议")
    state = models.CharField("状态", max_length=16, choices=SuggestionState.choices, default=SuggestionState.MADE)
    sent_to = models.CharField("报送对象", max_length=200, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    decided_on = models.DateField("采纳情况确认日期", null=True, blank=True)
    policy_document = models.CharField("转化成果（政策文件）", max_length=200, blank=True)
    transformed_on = models.DateField("转化日期", null=True, blank=True)
    fed_back_on = models.DateField("反馈日期", null=True, blank=True)
    problems_solved = models.PositiveIntegerField("解决问题数", default=0)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["activity_id", "number"]
        constraints = [models.UniqueConstraint(fields=["activity", "number"], name="consultation_suggestion_number")]
        indexes = [
            models.Index(fields=["committee", "state", "-id"], name="consult_sugg_committee_state"),
            models.Index(fields=["committee", "year"], name="consult_sugg_committee_year"),
        ]

    def __str__(self) -> str:
        return f"第{self.number}条 {self.text[:30]}"


class StepKind(models.TextChoices):
    MADE = "made", "提出"
    SENT = "send", "报送"
    ADOPTED = "adopt", "采纳"
    NOT_ADOPTED = "reject", "未采纳"
    TRANSFORMED = "transform", "转化"
    FED_BACK = "feed_back", "反馈"
    INSTRUCTION = "instruct", "领导批示"
    FOLLOW_UP = "follow_up", "跟踪督办"
    EDIT = "edit", "修改"


class InstructionLevel(models.TextChoices):
    NATIONAL = "national", "国家级领导"
    PROVINCIAL = "provincial", "省级领导"
    CITY = "city", "市级领导"
    COUNTY = "county", "县（区）级领导"


class SuggestionStep(models.Model):
    """One dated step of a suggestion's follow-through: a move, a leader's instruction or a follow-up note."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="意见建议", on_delete=models.CASCADE,
                                   related_name="steps")
    kind = models.CharField("环节", max_length=16, choices=StepKind.choices)
    date = models.DateField("日期")
    text = models.TextField("内容", blank=True)
    instruction_level = models.CharField("批示层级", max_length=16, choices=InstructionLevel.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.SET_NULL, null=True,
                              related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "落实环节"
        verbose_name_plural = "落实环节"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class ConsultationEvent(WorkflowEvent):
    """The history shown on a plan or an activity page: who did what, when, from which state to which."""

    plan = models.ForeignKey(ConsultationPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    activity = models.ForeignKey(ConsultationActivity, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="events")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    time_field = "created_at"

    class Meta:
        verbose_name = "协商操作记录"
        verbose_name_plural = "协商操作记录"
        ordering = ["created_at", "id"]

    # Set by consultations/workflow.py: a plan's and an activity's rows read differently ("修改计划", "修改").
    plan_labels: ClassVar[Mapping[str, str]] = {}

    def label_table(self) -> Mapping[str, str]:
        return self.plan_labels if self.plan_id is not None else self.labels
