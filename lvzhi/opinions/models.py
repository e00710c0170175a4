"""社情民意: opinion reports, their authors, revisions and history, journal issues, sendings, adoptions,
leaders' instructions (批示) and departments' feedback."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from lvzhi.workflows import WorkflowEvent


class OpinionSettings(models.Model):
    committee = models.OneToOneField("committees.Committee", verbose_name="政协组织", on_delete=models.CASCADE,
                                     related_name="opinion_settings")
    max_length = models.PositiveIntegerField("正文字数上限", default=1500)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "社情民意设置"
        verbose_name_plural = "社情民意设置"

    def __str__(self) -> str:
        return f"{self.committee} 社情民意设置"


class SubmitterKind(models.TextChoices):
    MEMBER = "member", "委员个人"
    JOINT = "joint", "委员联名"
    PARTY = "party", "民主党派"
    ORGANISATION = "organisation", "人民团体"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"
    SECTOR = "sector", "界别"
    ACTIVITY_GROUP = "activity_group", "委员活动小组"
    STATION = "station", "委员工作站"


COLLECTIVE_KINDS = frozenset({
    SubmitterKind.PARTY, SubmitterKind.ORGANISATION, SubmitterKind.SPECIAL_COMMITTEE, SubmitterKind.SECTOR,
    SubmitterKind.ACTIVITY_GROUP, SubmitterKind.STATION,
})


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    EDITING = "editing", "编辑中"
    PUBLISHED = "published", "已编发"
    MERGED = "merged", "已合并"
    NOT_USED = "not_used", "不予采用"
    WITHDRAWN = "withdrawn", "已撤回"


class OpinionReport(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="opinion_reports")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    original_title = models.CharField("原标题", max_length=200, blank=True)
    original_body = models.TextField("原文", blank=True)
    submitter_kind = models.CharField("报送方式", max_length=24, choices=SubmitterKind.choices)
    collective_name = models.CharField("报送单位", max_length=100, blank=True)
    urgent = models.BooleanField("紧急", default=False)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    merged_into = models.ForeignKey("self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_reports")
    decision_note = models.TextField("处理意见", blank=True)
    source_proposal = models.OneToOneField("proposals.Proposal", verbose_name="来源提案", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="opinion_report")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                   related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    accepted_at = models.DateTimeField("采编时间", null=True, blank=True)
    published_at = models.DateTimeField("编发时间", null=True, blank=True)
    # Simplified, lower-cased title, body and names: one icontains within a committee stays fast.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "社情民意信息"
        verbose_name_plural = "社情民意信息"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "year", "state"], name="opinion_committee_year_idx"),
            # Covers the received figures (by kind, urgent, state) without reading the long rows.
            models.Index(fields=["committee", "submitted_at", "state", "submitter_kind", "urgent"],
                         name="opinion_committee_sub_idx"),
            models.Index(fields=["committee", "accepted_at"], name="opinion_committee_acc_idx"),
            models.Index(fields=["committee", "published_at"], name="opinion_committee_pub_idx"),
            models.Index(fields=["committee", "state", "submitted_at"], name="opinion_committee_state_idx"),
            models.Index(fields=["created_by", "state"], name="opinion_creator_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class OpinionAuthor(models.Model):
    """The members credited with a report (joint authors, and the authors of reports merged into it)."""

    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="authors")
    person = models.ForeignKey("members.Person", verbose_name="作者", on_delete=models.PROTECT,
                               related_name="opinion_reports")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "社情民意作者"
        verbose_name_plural = "社情民意作者"
        ordering = ["report", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="opinion_author_unique")]

    def __str__(self) -> str:
        return str(self.person)


class OpinionRevision(models.Model):
    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编辑人", on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    title_before = models.CharField("修改前标题", max_length=200)
    body_before = models.TextField("修改前正文")
    title_after = models.CharField("修改后标题", max_length=200)
    body_after = models.TextField("修改后正文")
    note = models.CharField("修改说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "编辑修改记录"
        verbose_name_plural = "编辑修改记录"
        ordering = ["report", "at", "id"]


class OpinionEvent(WorkflowEvent):
    """The report's history: every move, who, when, from, to, remarks (shown on its page)."""

    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "社情民意处理记录"
        verbose_name_plural = "社情民意处理记录"
        ordering = ["report", "at", "id"]



class Publication(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.CASCADE,
                                  related_name="opinion_publications")
    name = models.CharField("刊物名称", max_length=40)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "刊物"
        verbose_name_plural = "刊物"
        ordering = ["committee", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="publication_unique_name")]

    def __str__(self) -> str:
        return f"《{self.name}》"


class IssueState(models.TextChoices):
    DRAFT = "draft", "编辑中"
    PUBLISHED = "published", "已印发"


class JournalIssue(models.Model):
    publication = models.ForeignKey(Publication, verbose_name="刊物", on_delete=models.PROTECT,
                                    related_name="issues")
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("期号")
    date = models.DateField("日期")
    state = models.CharField("状态", max_length=16, choices=IssueState.choices, default=IssueState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编辑", on_delete=models.PROTECT,
                                   related_name="+")
    published_at = models.DateTimeField("印发时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "刊期"
        verbose_name_plural = "刊期"
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "year", "number"], name="journal_issue_unique_number"),
        ]
        indexes = [models.Index(fields=["committee", "year", "state"], name="journal_issue_committee_idx")]

    def __str__(self) -> str:
        return f"{self.publication}{self.year}年第{self.number}期"


class IssueItem(models.Model):
    issue = models.ForeignKey(JournalIssue, verbose_name="刊期", on_delete=models.CASCADE, related_name="items")
    report = models.OneToOneField(OpinionReport, verbose_name="社情民意", on_delete=models.PROTECT,
                                  related_name="issue_item")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "刊期稿件"
        verbose_name_plural = "刊期稿件"
        ordering = ["issue", "order", "id"]


class TargetKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "党委"
    GOVERNMENT = "government", "政府"
    UPPER_CPPCC = "upper_cppcc", "上级政协"
    OTHER = "other", "其他"


class Sending(models.Model):
    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="sendings")
    # The report's committee, copied so the figures count these rows without joining the reports.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    target_kind = models.CharField("报送对象类别", max_length=24, choices=TargetKind.choices)
    target_name = models.CharField("报送对象", max_length=100)
    date = models.DateField("报送日期")

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["report", "date", "id"]
        indexes = [models.Index(fields=["committee", "date", "report"], name="opinion_sending_date_idx")]


class AdoptionLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class Adoption(models.Model):
    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="adoptions")
    # The report's committee, copied so the figures count these rows without joining the reports.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    level = models.CharField("采用层级", max_length=16, choices=AdoptionLevel.choices)
    adopted_by = models.CharField("采用单位", max_length=100)
    date = models.DateField("采用日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "采用记录"
        verbose_name_plural = "采用记录"
        ordering = ["report", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "level", "adopted_by"], name="opinion_adoption_unique"),
        ]
        indexes = [models.Index(fields=["committee", "date", "level"], name="opinion_adoption_date_idx")]


class Instruction(models.Model):
    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="instructions")
    # The report's committee, copied so the figures count these rows without joining the reports.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    level = models.CharField("批示领导层级", max_length=16, choices=AdoptionLevel.choices)
    leader = models.CharField("批示领导", max_length=60, help_text="姓名及职务")
    text = models.TextField("批示内容")
    date = models.DateField("批示日期")

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["report", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "leader", "date"], name="opinion_instruction_unique"),
        ]
        indexes = [models.Index(fields=["committee", "date", "level"], name="opinion_instruction_date_idx")]


class Feedback(models.Model):
    report = models.ForeignKey(OpinionReport, verbose_name="社情民意", on_delete=models.CASCADE,
                               related_name="feedback")
    department = models.CharField("反馈部门", max_length=100)
    text = models.TextField("落实情况")
    date = models.DateField("反馈日期")

    class Meta:
        verbose_name = "部门反馈"
        verbose_name_plural = "部门反馈"
        ordering = ["report", "date", "id"]

