"""履职活动申报 and 表彰: what a member reports doing (with evidence, approved by staff) and the honours recorded
per year. Both land in the duty record (lvzhi.duty) through their services."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lvzhi.duty.models import DutyRole
from lvzhi.workflows import WorkflowEvent


class ActivityKind(models.TextChoices):
    RESEARCH = "research", "调研"
    INSPECTION = "inspection", "视察"
    STATION = "station", "委员工作站活动"
    MEETING = "meeting", "参加会议、活动"
    LECTURE = "lecture", "宣讲"
    MEDIATION = "mediation", "调解"
    CHARITY = "charity", "捐助公益"
    OTHER = "other", "其他"


class ActivityState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "退回补充"
    APPROVED = "approved", "已认定"
    WITHDRAWN = "withdrawn", "已撤回"


class ReportedActivity(models.Model):
    """One activity a member reports (委员履职活动申报): approved, it is a row of their duty record."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="reported_activities")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT,
                               related_name="reported_activities")
    kind = models.CharField("活动类别", max_length=16, choices=ActivityKind.choices)
    date = models.DateField("活动日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    title = models.CharField("活动名称", max_length=200)
    place = models.CharField("地点", max_length=100, blank=True)
    description = models.TextField("活动情况", blank=True)
    evidence_note = models.TextField("佐证说明", blank=True,
                                     help_text="没有文件时，写明可以证明的材料（如通知文号、报道链接、组织单位联系人）")
    state = models.CharField("状态", max_length=16, choices=ActivityState.choices, default=ActivityState.DRAFT)
    # The reason of the last 退回补充 or 撤销认定, shown to the member until they resubmit.
    return_reason = models.TextField("退回原因", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("认定时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="认定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报账号", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "履职活动申报"
        verbose_name_plural = "履职活动申报"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["committee", "state", "year"], name="merits_activity_queue_idx"),
            models.Index(fields=["person", "date"], name="merits_activity_person_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def evidence_upload_to(instance: ActivityEvidence, filename: str) -> str:
    return f"merits/{timezone.localdate():%Y}/{filename}"


class ActivityEvidence(models.Model):
    """A file proving the activity (通知、照片、签到表 ...), stored under a generated name; `name` is the original."""

    activity = models.ForeignKey(ReportedActivity, verbose_name="履职活动", on_delete=models.CASCADE,
                                 related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_upload_to)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ActivityStep(WorkflowEvent):
    """The activity's history (shown on its page): every move, who, when, from, to, remarks."""

    activity = models.ForeignKey(ReportedActivity, verbose_name="履职活动", on_delete=models.CASCADE,
                                 related_name="steps")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "履职活动申报记录"
        verbose_name_plural = "履职活动申报记录"
        ordering = ["at", "id"]


class CommendationKind(models.TextChoices):
    EXCELLENT_MEMBER = "excellent_member", "优秀委员"
    ADVANCED_PROPOSER = "advanced_proposer", "提案先进个人"
    EXCELLENT_PROPOSAL = "excellent_proposal", "优秀提案"
    EXCELLENT_OPINION = "excellent_opinion", "优秀社情民意信息"
    OTHER = "other", "其他"


class Commendation(models.Model):
    """One honour of a year (表彰), issued by a body under a document number, with the members credited."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="commendations")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("表彰类别", max_length=24, choices=CommendationKind.choices)
    title = models.CharField("表彰名称", max_length=200)
    issued_on = models.DateField("表彰日期")
    issuer = models.CharField("表彰单位", max_length=100, blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    # 优秀提案: the proposal honoured; its confirmed proposers are the people credited.
    proposal = models.ForeignKey("proposals.Proposal", verbose_name="优秀提案", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="commendations")
    people: models.ManyToManyField = models.ManyToManyField(
        "members.Person", verbose_name="受表彰委员", through="Commendee", related_name="commendations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "表彰"
        verbose_name_plural = "表彰"
        ordering = ["-year", "kind", "-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "kind", "title"], condition=Q(proposal__isnull=True),
                                    name="merits_commendation_once"),
            models.UniqueConstraint(fields=["committee", "year", "proposal"], condition=Q(proposal__isnull=False),
                                    name="merits_proposal_commended_once"),
        ]
        indexes = [models.Index(fields=["committee", "year", "kind"], name="merits_commendation_year_idx")]

    def __str__(self) -> str:
        return self.title


class Commendee(models.Model):
    """One member credited by a commendation: the source of their duty row (表彰)."""

    commendation = models.ForeignKey(Commendation, verbose_name="表彰", on_delete=models.CASCADE,
                                     related_name="commendees")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    role_code = models.CharField("身份", max_length=16, choices=DutyRole.choices, default=DutyRole.PARTICIPANT)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "受表彰委员"
        verbose_name_plural = "受表彰委员"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["commendation", "person"], name="merits_commendee_once")]
        indexes = [models.Index(fields=["person", "commendation"], name="merits_commendee_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.commendation}"
