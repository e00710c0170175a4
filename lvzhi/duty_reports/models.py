"""Members' annual duty reports (履职报告, 常委履职报告), group 述职 sessions, and their history."""
from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from lvzhi.workflows import WorkflowEvent


class ReportKind(models.TextChoices):
    MEMBER = "member", "委员履职报告"
    STANDING = "standing", "常委履职报告"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回修改"
    RESUBMITTED = "resubmitted", "重新提交"
    ACKNOWLEDGED = "acknowledged", "已确认"


class DutyReport(models.Model):
    """One member's report for one committee and year.

    The report's text is two things kept apart: `figures` (a snapshot of the member's duty record for the year —
    counts by kind, the items behind them and the paragraphs written from them, per section) which only
    "重新生成数据" replaces, and `body`, the member's own words, split into sections by the section headings on
    lines of their own. Regenerating the figures never touches what the member wrote."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT,
                               related_name="duty_reports")
    membership = models.ForeignKey("members.Membership", verbose_name="委员身份", on_delete=models.PROTECT,
                                   related_name="duty_reports")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("报告类别", max_length=16, choices=ReportKind.choices, default=ReportKind.MEMBER)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("本人撰写的内容", blank=True)
    figures: models.JSONField[Any, Any] = models.JSONField("履职数据", default=dict, blank=True)
    figures_at = models.DateTimeField("数据生成时间", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    return_reason = models.TextField("退回理由", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "履职报告"
        verbose_name_plural = "履职报告"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person", "year"], name="duty_report_one_a_year"),
        ]
        indexes = [models.Index(fields=["committee", "year", "state"], name="duty_report_state_idx")]

    def __str__(self) -> str:
        return self.title


class DutyReportEvent(WorkflowEvent):
    """The report's history: drafted, edited, figures regenerated, submitted, returned, acknowledged."""

    report = models.ForeignKey(DutyReport, verbose_name="履职报告", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)

    labels: ClassVar[dict[str, str]] = {}

    class Meta:
        verbose_name = "履职报告记录"
        verbose_name_plural = "履职报告记录"
        ordering = ["at", "id"]


class ReportingSession(models.Model):
    """A 述职 session: members of an activity group or a special committee (or of the whole committee) report on
    their year's duties before the others."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    date = models.DateField("日期")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    place = models.CharField("地点", max_length=100, blank=True)
    activity_group = models.ForeignKey("committees.ActivityGroup", verbose_name="委员活动小组", null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    special_committee = models.ForeignKey("committees.SpecialCommittee", verbose_name="专门委员会", null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    attendees: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "members.Person", verbose_name="参加人员", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "述职会"
        verbose_name_plural = "述职会"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["committee", "year"], name="reporting_session_year_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def group_name(self) -> str:
        if self.activity_group_id:
            return str(self.activity_group)
        if self.special_committee_id:
            return str(self.special_committee)
        return "全体委员"


class SessionReporter(models.Model):
    """A member who reported at the session, in the order they spoke, with the duty report they used if any."""

    session = models.ForeignKey(ReportingSession, verbose_name="述职会", on_delete=models.CASCADE,
                                related_name="reporters")
    person = models.ForeignKey("members.Person", verbose_name="述职人", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(DutyReport, verbose_name="所用履职报告", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "述职人"
        verbose_name_plural = "述职人"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="session_reporter_once")]
