"""民主监督: yearly plans, supervision groups and their matters (the closed loop), special supervisors, 列席."""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from lvzhi.workflows import WorkflowEvent

if TYPE_CHECKING:
    from lvzhi.members.models import Person


class PlanState(models.TextChoices):
    DRAFT = "draft", "草拟"
    APPROVED = "approved", "已审定"


class Method(models.TextChoices):
    RESEARCH = "research", "调研"
    INSPECTION = "inspection", "视察"
    FORUM = "forum", "座谈"
    HEARING = "hearing", "咨询问政"
    EXCHANGE = "exchange", "协商交流"


class GroupRole(models.TextChoices):
    LEADER = "leader", "组长"
    MEMBER = "member", "组员"


class MatterState(models.TextChoices):
    FACT_FINDING = "fact_finding", "摸清情况"
    OPINIONS_ISSUED = "opinions_issued", "已提出意见"
    FEEDBACK_RECEIVED = "feedback_received", "已反馈"
    VERIFIED = "verified", "已核实"


class AttendanceKind(models.TextChoices):
    GOVERNMENT_MEETING = "government_meeting", "列席政府常务会议"
    OTHER_MEETING = "other_meeting", "列席其他会议"
    COURT_HEARING = "court_hearing", "旁听庭审"
    PROCURATORATE = "procuratorate", "检察院座谈交流"


class SupervisionPlan(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="supervision_plans")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("计划名称", max_length=200)
    body = models.TextField("计划内容", blank=True)
    state = models.CharField("状态", max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "民主监督年度计划"
        verbose_name_plural = "民主监督年度计划"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="supervision_plan_one_a_year")]

    def __str__(self) -> str:
        return self.title


class SupervisionGroup(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="supervision_groups")
    plan = models.ForeignKey(SupervisionPlan, verbose_name="年度计划", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="groups")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("监督组名称", max_length=100)
    topic = models.CharField("监督主题", max_length=200, blank=True)
    sent_on = models.DateField("派出日期")
    methods = models.JSONField("监督方式", default=list, blank=True)
    departments = models.ManyToManyField("committees.HandlingUnit", verbose_name="被监督单位",
                                         related_name="supervision_groups")
    members: models.ManyToManyField[Person, GroupMember] = models.ManyToManyField(
        "members.Person", verbose_name="组成人员", through="GroupMember", related_name="supervision_groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "民主监督组"
        verbose_name_plural = "民主监督组"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "name"], name="supervision_group_unique_name"),
        ]
        indexes = [models.Index(fields=["committee", "year"], name="supervision_group_year_idx")]

    def __str__(self) -> str:
        return self.name

    def method_labels(self) -> list[str]:
        return [Method(m).label for m in self.methods if m in Method.values]


class GroupMember(models.Model):
    group = models.ForeignKey(SupervisionGroup, verbose_name="监督组", on_delete=models.CASCADE,
                              related_name="memberships")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("组内职务", max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER)

    class Meta:
        verbose_name = "监督组成员"
        verbose_name_plural = "监督组成员"
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="supervision_group_member_once"),
            models.UniqueConstraint(fields=["group"], condition=models.Q(role="leader"),
                                    name="supervision_group_one_leader"),
        ]
        indexes = [models.Index(fields=["person", "group"], name="supervision_member_person_idx")]


class SupervisionMatter(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="supervision_matters")
    group = models.ForeignKey(SupervisionGroup, verbose_name="监督组", on_delete=models.PROTECT,
                              related_name="matters")
    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey("committees.HandlingUnit", verbose_name="被监督单位", on_delete=models.PROTECT,
                                   related_name="supervision_matters")
    title = models.CharField("监督事项", max_length=200)
    description = models.TextField("实际情况", blank=True)
    # The same loop supervises proposal handling and the follow-through of consultation outcomes (domain §5).
    proposal = models.ForeignKey("proposals.Proposal", verbose_name="监督办理的提案", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="supervision_matters")
    suggestion = models.ForeignKey("consultations.Suggestion", verbose_name="监督落实的协商意见建议", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="supervision_matters")
    # Title and facts in Simplified characters, lower case: what the list's search matches.
    search_text = models.TextField(editable=False, default="")
    state = models.CharField("状态", max_length=24, choices=MatterState.choices, default=MatterState.FACT_FINDING)
    opinions_issued_on = models.DateField("提出意见日期", null=True, blank=True)
    feedback_due = models.DateField("反馈期限", null=True, blank=True)
    feedback = models.TextField("办理情况反馈", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    verification = models.TextField("核实情况", blank=True)
    verified_on = models.DateField("核实日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "监督事项"
        verbose_name_plural = "监督事项"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "department", "title"], name="supervision_matter_once"),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "state"], name="supervision_matter_state_idx"),
            models.Index(fields=["committee", "state", "feedback_due"], name="supervision_matter_due_idx"),
            # Covers the figures' one pass over a tree's matters (by state, overdue, linked), from the index alone.
            models.Index(fields=["group", "state", "feedback_due", "proposal", "suggestion"],
                         name="supervision_matter_group_idx"),
            models.Index(fields=["department", "state"], name="supervision_matter_dept_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Opinions issued, the department's feedback not in, and its deadline passed."""
        return (self.state == MatterState.OPINIONS_ISSUED and self.feedback_due is not None
                and self.feedback_due < timezone.localdate())

    @property
    def days_overdue(self) -> int:
        if not self.is_overdue or self.feedback_due is None:
            return 0
        return (timezone.localdate() - self.feedback_due).days


class SupervisionOpinion(models.Model):
    matter = models.ForeignKey(SupervisionMatter, verbose_name="监督事项", on_delete=models.CASCADE,
                               related_name="opinions")
    # The matter's committee, kept here so "opinions issued in a period" is one indexed range per committee.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+", null=True)
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("监督意见")
    issued_on = models.DateField("提出日期")

    class Meta:
        verbose_name = "监督意见"
        verbose_name_plural = "监督意见"
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["matter", "seq"], name="supervision_opinion_seq")]
        indexes = [models.Index(fields=["committee", "issued_on"], name="supervision_opinion_date_idx")]


class MatterStep(WorkflowEvent):
    """The matter's history: every step of its loop, who, when, from, to, remarks (shown on its page)."""

    matter = models.ForeignKey(SupervisionMatter, verbose_name="监督事项", on_delete=models.CASCADE,
                               related_name="steps")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "监督事项办理记录"
        verbose_name_plural = "监督事项办理记录"
        ordering = ["at", "id"]



class SupervisorAppointment(models.Model):
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="supervisor_appointments")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    body = models.CharField("聘请单位", max_length=100)
    title = models.CharField("监督员名称", max_length=60, default="特约监督员")
    appointed_on = models.DateField("聘任日期")
    ends_on = models.DateField("期满日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "特约监督员聘任"
        verbose_name_plural = "特约监督员聘任"
        ordering = ["body", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person", "body", "title", "appointed_on"],
                                    name="supervisor_appointment_once"),
        ]
        indexes = [models.Index(fields=["committee", "appointed_on"], name="supervisor_appointed_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.body}{self.title}"

    def active_on(self, day: datetime.date) -> bool:
        return self.appointed_on <= day and (self.ends_on is None or self.ends_on >= day)


class SupervisorDuty(models.Model):
    """One batch (批次) of special supervisors' duty at an outside body on a day."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="supervisor_duties")
    year = models.PositiveSmallIntegerField("年度")
    body = models.CharField("单位", max_length=100)
    title = models.CharField("活动内容", max_length=200)
    date = models.DateField("日期")
    participants = models.ManyToManyField("members.Person", verbose_name="参加的特约监督员", related_name="+")
    # Set with the participants, so the figures add person-times up one row per batch.
    participant_count = models.PositiveIntegerField("参加人次", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "特约监督员活动批次"
        verbose_name_plural = "特约监督员活动批次"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "body", "date", "title"], name="supervisor_duty_once"),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "date"], name="supervisor_duty_year_idx"),
            models.Index(fields=["committee", "date", "participant_count"], name="supervisor_duty_figures_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.body} {self.title}"


class OutsideAttendance(models.Model):
    """Members attending a government meeting (列席) or a court hearing (旁听庭审) on the committee's behalf."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="outside_attendances")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=24, choices=AttendanceKind.choices)
    body = models.CharField("单位", max_length=100)
    title = models.CharField("会议或案件", max_length=200)
    date = models.DateField("日期")
    attendees = models.ManyToManyField("members.Person", verbose_name="参加委员", related_name="+")
    # Set with the attendees, so the figures add person-times up one row per occasion.
    attendee_count = models.PositiveIntegerField("参加人次", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "列席旁听"
        verbose_name_plural = "列席旁听"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind", "body", "date", "title"],
                                    name="outside_attendance_once"),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "kind"], name="outside_attendance_year_idx"),
            models.Index(fields=["committee", "date", "kind", "attendee_count"], name="outside_attendance_figures_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.title}"


class YearTally(models.Model):
    """One committee's supervision records of one year, counted: what figures over whole years read, so a tree of
    hundreds of committees is one row each instead of every matter, batch and occasion. Each field is a figure of
    `figures.counted` for that committee and year; kept by the services (services.common.refresh_tally) whenever a
    counted record changes, never edited by hand. Distinct people and departments, and what is overdue today, are
    not kept here: they do not add up over committees or change with the date."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    groups = models.PositiveIntegerField(default=0)
    member_times = models.PositiveIntegerField(default=0)
    matters_fact_finding = models.PositiveIntegerField(default=0)
    matters_opinions_issued = models.PositiveIntegerField(default=0)
    matters_feedback_received = models.PositiveIntegerField(default=0)
    matters_verified = models.PositiveIntegerField(default=0)
    proposal_matters = models.PositiveIntegerField(default=0)
    suggestion_matters = models.PositiveIntegerField(default=0)
    opinions = models.PositiveIntegerField(default=0)
    duty_batches = models.PositiveIntegerField(default=0)
    supervisor_times = models.PositiveIntegerField(default=0)
    attended_government_meeting = models.PositiveIntegerField(default=0)
    attended_other_meeting = models.PositiveIntegerField(default=0)
    attended_court_hearing = models.PositiveIntegerField(default=0)
    attended_procuratorate = models.PositiveIntegerField(default=0)
    attendance_times = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="supervision_tally_unique")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.year}"

