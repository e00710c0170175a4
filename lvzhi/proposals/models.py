"""Proposals (提案): drafting, co-signing, review, filing, assignment, handling, reply, evaluation, supervision.

The states and the moves between them are declared once in `workflow.py`; every move goes through
`services.py`, which writes a ProposalEvent row and an audit event. Nothing else changes `state`.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lvzhi.committees.models import ConfigItem
from lvzhi.workflows import WorkflowEvent


class ProposalCategory(ConfigItem):
    """提案类别 per committee, e.g. 经济建设, 科教文化, 医疗卫生."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT, related_name="proposal_categories"
    )

    class Meta(ConfigItem.Meta):
        verbose_name = "提案类别"
        verbose_name_plural = "提案类别"
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="proposal_category_unique_name")]


class RejectionReason(ConfigItem):
    """不予立案的理由: the standard list (state secrets, personal matters, no concrete suggestion ...)."""

    class Meta(ConfigItem.Meta):
        verbose_name = "不予立案理由"
        verbose_name_plural = "不予立案理由"
        constraints = [models.UniqueConstraint(fields=["name"], name="rejection_reason_unique_name")]


class ReplyClass(ConfigItem):
    """答复分类 per committee: A 已解决或基本解决, B 正在解决或已列入计划, C 暂时难以解决, D 留作参考."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT, related_name="reply_classes"
    )
    code = models.CharField("代码", max_length=4)

    class Meta(ConfigItem.Meta):
        verbose_name = "答复分类"
        verbose_name_plural = "答复分类"
        constraints = [models.UniqueConstraint(fields=["committee", "code"], name="reply_class_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}类（{self.name}）"


class ProposalSettings(models.Model):
    """Per-committee rules, with the defaults seen in local 实施细则."""

    committee = models.OneToOneField(
        "committees.Committee", verbose_name="政协组织", on_delete=models.CASCADE, related_name="proposal_settings"
    )
    number_format = models.CharField(
        "编号格式", max_length=100, default="{term}届{sitting}第{seq:04d}号",
        help_text="可用 {term} 届次、{sitting} 会议（如“四次会议”，平时提案为“平时”）、{session} 次会议的数字"
                  "（平时提案为 0）、{year} 年份、{seq} 序号",
    )
    cosign_days = models.PositiveSmallIntegerField("联名确认期限（天）", default=3)
    reassign_days = models.PositiveSmallIntegerField("申请调整承办单位期限（天）", default=7)
    co_unit_days = models.PositiveSmallIntegerField("会办单位提出意见期限（天）", default=30)
    reply_days = models.PositiveSmallIntegerField("答复期限（天）", default=90)
    max_extension_days = models.PositiveSmallIntegerField("延期后最长办理期限（天）", default=180)
    evaluation_days = models.PositiveSmallIntegerField("评价期限（天）", default=30)
    basic_satisfied_counts = models.BooleanField("满意率计入基本满意", default=True)
    min_body_chars = models.PositiveSmallIntegerField("正文最少字数", default=300)

    class Meta:
        verbose_name = "提案工作设置"
        verbose_name_plural = "提案工作设置"

    def __str__(self) -> str:
        return f"{self.committee}提案工作设置"


class ReviewStage(models.Model):
    """One stage of the committee's review chain (初审 → 复审 → 终审, or a four-stage 立案四审)."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", on_delete=models.CASCADE, related_name="review_stages"
    )
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("名称", max_length=40)
    role = models.CharField("审查角色", max_length=32, default="proposal_staff")

    class Meta:
        verbose_name = "审查环节"
        verbose_name_plural = "审查环节"
        ordering = ["committee", "order"]
        constraints = [models.UniqueConstraint(fields=["committee", "order"], name="review_stage_unique_order")]

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    INDIVIDUAL = "individual", "个人提案"
    JOINT = "joint", "联名提案"
    COLLECTIVE = "collective", "集体提案"


class CollectiveKind(models.TextChoices):
    PARTY = "party", "党派"
    ORGANISATION = "organisation", "人民团体"
    SECTOR = "sector", "界别"
    GROUP = "group", "委员活动小组"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    COSIGNING = "cosigning", "联名确认中"
    SUBMITTED = "submitted", "已提交"
    IN_REVIEW = "in_review", "审查中"
    RETURNED = "returned", "退回修改"
    FILED = "filed", "已立案"
    NOT_FILED = "not_filed", "不予立案"
    CONVERTED_SUGGESTION = "converted_suggestion", "转作意见建议"
    CONVERTED_OPINION = "converted_opinion", "转社情民意"
    MERGED = "merged", "已并案"
    ASSIGNED = "assigned", "已交办"
    REPLIED = "replied", "已答复"
    REHANDLING = "rehandling", "重新办理"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


class Proposal(models.Model):
    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT, related_name="proposals"
    )
    term = models.ForeignKey("committees.Term", verbose_name="届", on_delete=models.PROTECT, related_name="proposals")
    session = models.ForeignKey(
        "committees.Session", verbose_name="全体会议", null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposals", help_text="大会提案所属的会议；平时提案为空",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    kind = models.CharField("提案方式", max_length=16, choices=ProposalKind.choices)
    collective_kind = models.CharField("集体提案单位类别", max_length=24, choices=CollectiveKind.choices, blank=True)
    collective_name = models.CharField("提案单位", max_length=100, blank=True)
    title = models.CharField("案由", max_length=200)
    situation = models.TextField("情况", blank=True)
    analysis = models.TextField("分析", blank=True)
    suggestions = models.TextField("建议", blank=True)
    category = models.ForeignKey(
        ProposalCategory, verbose_name="类别", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.DRAFT, db_index=True)
    review_stage = models.ForeignKey(
        ReviewStage, verbose_name="当前审查环节", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("提案编号", max_length=40, blank=True)
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    suggested_units = models.ManyToManyField(
        "committees.HandlingUnit", verbose_name="建议承办单位", blank=True, related_name="+",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name="并入", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_proposals"
    )
    rejection_reason = models.ForeignKey(
        RejectionReason, verbose_name="不予立案理由", null=True, blank=True, on_delete=models.PROTECT
    )
    decision_note = models.TextField("审查意见（提案人可见）", blank=True)
    is_key = models.BooleanField("重点提案", default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, db_index=True)
    filed_at = models.DateTimeField("立案时间", null=True, blank=True, db_index=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Simplified, segmented text (jieba) for search and similarity on both databases.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "提案"
        verbose_name_plural = "提案"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "term", "number"], condition=~Q(number=""), name="proposal_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "state"], name="proposal_committee_year_idx"),
            models.Index(fields=["committee", "state", "submitted_at"], name="proposal_committee_state_idx"),
            models.Index(fields=["committee", "submitted_at"], name="proposal_committee_sub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_plenary(self) -> bool:
        return self.session_id is not None


class ProposerRole(models.TextChoices):
    FIRST = "first", "第一提案人"
    COSIGNER = "cosigner", "联名提案人"
    COLLECTIVE = "collective", "集体提案经办人"


class CosignStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DECLINED = "declined", "已拒绝"


class Proposer(models.Model):
    """Who gets the credit: every signer of the proposal (and of proposals merged into it)."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="proposers")
    person = models.ForeignKey("members.Person", verbose_name="提案人", on_delete=models.PROTECT, related_name="proposals")
    role = models.CharField("身份", max_length=16, choices=ProposerRole.choices)
    order = models.PositiveSmallIntegerField("排序", default=0)
    status = models.CharField("联名状态", max_length=16, choices=CosignStatus.choices, default=CosignStatus.CONFIRMED)
    invited_at = models.DateTimeField("邀请时间", null=True, blank=True)
    responded_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "提案人"
        verbose_name_plural = "提案人"
        ordering = ["proposal", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="proposer_unique_person")]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_role_display()}）"


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="proposals/%Y/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PASS = "pass", "通过，进入下一环节"
    FILE = "file", "立案"
    NOT_FILE = "not_file", "不予立案"
    CONVERT_SUGGESTION = "convert_suggestion", "转作意见建议"
    CONVERT_OPINION = "convert_opinion", "转社情民意"
    MERGE = "merge", "并案"
    RETURN = "return", "退回修改"


class ReviewRecord(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="reviews")
    stage = models.ForeignKey(ReviewStage, verbose_name="环节", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("审查结论", max_length=24, choices=Decision.choices)
    remarks = models.TextField("审查意见", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审查记录"
        verbose_name_plural = "审查记录"
        ordering = ["proposal", "at", "id"]


class AssignmentRole(models.TextChoices):
    SOLE = "sole", "单办"
    SEPARATE = "separate", "分办"
    LEAD = "lead", "主办"
    CO = "co", "会办"


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", "办理中"
    REASSIGN_REQUESTED = "reassign_requested", "申请调整"
    WITHDRAWN = "withdrawn", "已调整撤回"
    VIEW_SENT = "view_sent", "已提出会办意见"
    REPLIED = "replied", "已答复"


class Assignment(models.Model):
    """One unit's part in handling a filed proposal."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "committees.HandlingUnit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("承办方式", max_length=16, choices=AssignmentRole.choices)
    state = models.CharField("办理状态", max_length=24, choices=AssignmentState.choices,
                             default=AssignmentState.ASSIGNED, db_index=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1, help_text="重新办理时加一")
    assigned_at = models.DateTimeField("交办时间")
    due_date = models.DateField("答复期限", db_index=True)
    reassign_until = models.DateField("申请调整截止")
    extension_reason = models.TextField("延期理由", blank=True)
    extension_requested_until = models.DateField("申请延期至", null=True, blank=True)
    reassign_reason = models.TextField("申请调整理由", blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    reply_file = models.FileField("答复函", upload_to="replies/%Y/", blank=True)
    reply_class = models.ForeignKey(ReplyClass, verbose_name="答复分类", null=True, blank=True, on_delete=models.PROTECT)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["proposal", "id"]
        indexes = [models.Index(fields=["unit", "state", "due_date"], name="assignment_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class ContactPhase(models.TextChoices):
    BEFORE = "before", "办前见面"
    DURING = "during", "办中见面"
    AFTER = "after", "办后见面"


class Contact(models.Model):
    """办前/办中/办后见面 between the unit and the proposer; 面办率 counts them."""

    assignment = models.ForeignKey(Assignment, verbose_name="交办", on_delete=models.CASCADE, related_name="contacts")
    phase = models.CharField("阶段", max_length=16, choices=ContactPhase.choices)
    date = models.DateField("日期")
    way = models.CharField("方式", max_length=40, help_text="如 当面座谈、实地察看、电话")
    participants = models.CharField("参加人员", max_length=200)
    summary = models.TextField("内容摘要")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "见面沟通"
        verbose_name_plural = "见面沟通"
        ordering = ["assignment", "date", "id"]


class CoUnitView(models.Model):
    """A co-unit's view sent to the lead unit (会办意见)."""

    assignment = models.OneToOneField(Assignment, verbose_name="会办交办", on_delete=models.CASCADE, related_name="view")
    text = models.TextField("会办意见")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会办意见"
        verbose_name_plural = "会办意见"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Evaluation(models.Model):
    """A proposer's rating of one answering unit's reply, for one round of handling."""

    assignment = models.ForeignKey(Assignment, verbose_name="交办", on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey("members.Person", verbose_name="评价人", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    rating = models.CharField("评价", max_length=16, choices=Rating.choices)
    comment = models.TextField("意见", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    result_solved = models.BooleanField("问题是否实际解决（结果满意）", null=True, blank=True)
    result_note = models.TextField("跟踪回访情况", blank=True)
    result_at = models.DateTimeField("回访时间", null=True, blank=True)

    class Meta:
        verbose_name = "办理评价"
        verbose_name_plural = "办理评价"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "person", "round"], name="evaluation_once_per_round"),
        ]


class KeyStatus(models.TextChoices):
    PROPOSED = "proposed", "拟定"
    CONFIRMED = "confirmed", "主席会议确定"


class KeyProposal(models.Model):
    """重点提案: proposed by staff, confirmed by the chairs' meeting, supervised by named leaders."""

    proposal = models.OneToOneField(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="key")
    status = models.CharField("状态", max_length=16, choices=KeyStatus.choices, default=KeyStatus.PROPOSED)
    confirmed_meeting = models.ForeignKey(
        "committees.Meeting", verbose_name="确定的主席会议", null=True, blank=True, on_delete=models.PROTECT
    )
    supervisors = models.ManyToManyField("members.Person", verbose_name="督办领导", blank=True, related_name="+")
    leader_led = models.BooleanField("党政领导领办", default=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "重点提案"
        verbose_name_plural = "重点提案"


class SupervisionKind(models.TextChoices):
    VISIT = "visit", "督办视察"
    MEETING = "meeting", "督办座谈会"
    CONSULTATION = "consultation", "提案办理协商会"


class Supervision(models.Model):
    key = models.ForeignKey(KeyProposal, verbose_name="重点提案", on_delete=models.CASCADE, related_name="supervisions")
    kind = models.CharField("形式", max_length=16, choices=SupervisionKind.choices)
    date = models.DateField("日期")
    leaders = models.ManyToManyField("members.Person", verbose_name="参加领导", blank=True, related_name="+")
    summary = models.TextField("情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "督办活动"
        verbose_name_plural = "督办活动"
        ordering = ["key", "date"]


class ProposalEvent(WorkflowEvent):
    """The proposal's own history: every workflow move, who, when, from, to, remarks (shown to users)."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "提案流转记录"
        verbose_name_plural = "提案流转记录"
        ordering = ["proposal", "at", "id"]



from lvzhi.proposals.models_search import ProposalTerm  # noqa: E402,F401  (the word index)
