"""会议与考勤: attendance sheets (签到表) for plenaries, meetings, trainings and other activities; speeches.

The states and moves are declared once in `workflow.py`; every change goes through `services/`, which writes a
history row (SheetEvent), an audit event and the member's duty record. Nothing else changes a status.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lvzhi.workflows import WorkflowEvent


class SheetKind(models.TextChoices):
    PLENARY = "plenary", "全体会议"
    STANDING = "standing", "常委会议"
    CHAIRS = "chairs", "主席会议"
    TRAINING = "training", "学习培训"
    OTHER = "other", "其他活动"


class SheetState(models.TextChoices):
    DRAFT = "draft", "筹备"
    OPEN = "open", "签到中"
    CLOSED = "closed", "已结束"


class Status(models.TextChoices):
    INVITED = "invited", "已邀请"
    PRESENT = "present", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"


class SignInMethod(models.TextChoices):
    CODE = "code", "本人输入签到码"
    STAFF = "staff", "工作人员代签"
    CORRECTION = "correction", "工作人员更正"


class LeaveState(models.TextChoices):
    NONE = "", "—"
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class SpeechKind(models.TextChoices):
    PLENARY = "plenary", "大会发言"
    WRITTEN = "written", "书面发言"
    OTHER = "other", "其他发言"


class AttendanceSheet(models.Model):
    """签到表: one occasion with its invitations, sign-in code and roll."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="attendance_sheets")
    kind = models.CharField("类型", max_length=16, choices=SheetKind.choices)
    session = models.ForeignKey("committees.Session", verbose_name="全体会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="attendance_sheets")
    meeting = models.ForeignKey("committees.Meeting", verbose_name="常委会议/主席会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="attendance_sheets")
    title = models.CharField("名称", max_length=200)
    date = models.DateField("日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    state = models.CharField("状态", max_length=16, choices=SheetState.choices, default=SheetState.DRAFT)
    code = models.CharField("签到码", max_length=6, blank=True, editable=False)
    code_generated_at = models.DateTimeField("签到码生成时间", null=True, blank=True, editable=False)
    # Simplified, NFKC, lower-case title and place: what the list's search matches.
    search_text = models.CharField(max_length=400, editable=False, default="")
    # Kept by the services so lists and figures need no aggregate over the roll.
    invited_count = models.PositiveIntegerField("应到", default=0, editable=False)
    present_count = models.PositiveIntegerField("出席", default=0, editable=False)
    excused_count = models.PositiveIntegerField("请假", default=0, editable=False)
    absent_count = models.PositiveIntegerField("缺席", default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    opened_at = models.DateTimeField("开始签到时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "签到表"
        verbose_name_plural = "签到表"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session"], condition=Q(session__isnull=False),
                                    name="sheet_one_per_session"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(meeting__isnull=False),
                                    name="sheet_one_per_meeting"),
            models.CheckConstraint(condition=Q(session__isnull=True) | Q(meeting__isnull=True),
                                   name="sheet_session_or_meeting"),
        ]
        indexes = [
            models.Index(fields=["committee", "date"], name="sheet_committee_date_idx"),
            models.Index(fields=["committee", "kind", "date"], name="sheet_committee_kind_idx"),
            models.Index(fields=["committee", "state", "date"], name="sheet_committee_state_idx"),
            models.Index(fields=["committee", "year", "kind"], name="sheet_committee_year_idx"),
            models.Index(fields=["code", "state"], name="sheet_code_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pending_count(self) -> int:
        return self.invited_count - self.present_count - self.excused_count - self.absent_count


class Attendance(models.Model):
    """One person's line on a sheet: invited, then present, excused (请假) or absent."""

    sheet = models.ForeignKey(AttendanceSheet, verbose_name="签到表", on_delete=models.CASCADE,
                              related_name="attendances")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT,
                               related_name="attendances")
    # Copied from the sheet so "my meetings" and the per-member figures read one table.
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    date = models.DateField("日期")
    status = models.CharField("出席情况", max_length=16, choices=Status.choices, default=Status.INVITED)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    sign_in_method = models.CharField("签到方式", max_length=16, choices=SignInMethod.choices, blank=True)
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签到操作人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    leave_state = models.CharField("请假审批", max_length=16, choices=LeaveState.choices, blank=True, default="")
    leave_reason = models.CharField("请假事由", max_length=500, blank=True)
    leave_requested_at = models.DateTimeField("请假申请时间", null=True, blank=True)
    leave_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    leave_decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    leave_remarks = models.CharField("审批意见", max_length=500, blank=True)
    remarks = models.CharField("备注", max_length=500, blank=True)
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        ordering = ["sheet", "id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "person"], name="attendance_unique_person")]
        indexes = [
            models.Index(fields=["person", "date"], name="attendance_person_date_idx"),
            models.Index(fields=["sheet", "status"], name="attendance_sheet_status_idx"),
            models.Index(fields=["committee", "leave_state"], name="attendance_leave_idx"),
            models.Index(fields=["committee", "date", "status"], name="attendance_committee_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"


class SheetEvent(WorkflowEvent):
    """The sheet's history as users see it: who did what, when, to whom."""

    sheet = models.ForeignKey(AttendanceSheet, verbose_name="签到表", on_delete=models.CASCADE,
                              related_name="events")
    attendance = models.ForeignKey(Attendance, verbose_name="出席记录", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="events")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    time_field = "created_at"

    class Meta:
        verbose_name = "签到表记录"
        verbose_name_plural = "签到表记录"
        ordering = ["-created_at", "-id"]



def speech_upload_to(instance: Speech, filename: str) -> str:
    return f"speeches/{instance.committee_id}/{filename}"


class Speech(models.Model):
    """大会发言、书面发言 and other speeches, by a member or in an organisation's name."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="speeches")
    kind = models.CharField("发言类型", max_length=16, choices=SpeechKind.choices)
    title = models.CharField("题目", max_length=200)
    search_text = models.CharField(max_length=400, editable=False, default="")
    session = models.ForeignKey("committees.Session", verbose_name="全体会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="speeches")
    meeting = models.ForeignKey("committees.Meeting", verbose_name="常委会议/主席会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="speeches")
    sheet = models.ForeignKey(AttendanceSheet, verbose_name="签到表", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="speeches")
    speaker = models.ForeignKey("members.Person", verbose_name="发言人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="speeches")
    organisation = models.CharField("发言单位", max_length=100, blank=True,
                                    help_text="以党派、界别、专委会等名义发言时填写")
    date = models.DateField("日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    file = models.FileField("发言稿", upload_to=speech_upload_to, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "发言"
        verbose_name_plural = "发言"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(speaker__isnull=False) & Q(organisation="")) | (Q(speaker__isnull=True) & ~Q(organisation="")),
                name="speech_person_or_organisation"),
        ]
        indexes = [
            models.Index(fields=["committee", "date"], name="speech_committee_date_idx"),
            models.Index(fields=["committee", "year", "kind"], name="speech_committee_year_idx"),
            models.Index(fields=["speaker", "date"], name="speech_speaker_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def speaker_name(self) -> str:
        return self.speaker.name if self.speaker is not None else self.organisation
