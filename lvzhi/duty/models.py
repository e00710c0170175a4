"""The duty record (履职档案): one row per thing a member did, written by the service that did it.

Every working line (proposals, opinion reports, meetings, consultations, supervision, stations) calls
`lvzhi.duty.services.duty_record_set` in the same transaction as its own change, so a member's record is
always what the records say; scoring (履职量化考核) reads these rows and nothing else.
"""
from __future__ import annotations

from django.db import models


class DutyKind(models.TextChoices):
    PROPOSAL_FIRST = "proposal_first", "提案（第一提案人）"
    PROPOSAL_COSIGN = "proposal_cosign", "提案（联名）"
    PROPOSAL_COLLECTIVE = "proposal_collective", "集体提案"
    OPINION_SUBMITTED = "opinion_submitted", "报送社情民意"
    OPINION_ADOPTED = "opinion_adopted", "社情民意被采用"
    OPINION_INSTRUCTED = "opinion_instructed", "社情民意获领导批示"
    ATTENDANCE_PRESENT = "attendance_present", "出席会议"
    ATTENDANCE_EXCUSED = "attendance_excused", "请假"
    ATTENDANCE_ABSENT = "attendance_absent", "缺席"
    SPEECH_PLENARY = "speech_plenary", "大会发言"
    SPEECH_WRITTEN = "speech_written", "书面发言"
    SPEECH_OTHER = "speech_other", "会议发言"
    CONSULTATION = "consultation", "参加协商活动"
    INSPECTION = "inspection", "参加视察"
    RESEARCH = "research", "参加调研"
    SUPERVISION = "supervision", "参加民主监督"
    SPECIAL_SUPERVISOR = "special_supervisor", "特约监督员履职"
    ATTEND_OUTSIDE = "attend_outside", "列席会议、旁听庭审"
    STATION_ACTIVITY = "station_activity", "委员工作站活动"
    TRAINING = "training", "学习培训"
    OTHER = "other", "其他履职活动"


class DutyRecord(models.Model):
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.CASCADE,
                               related_name="duty_records")
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    kind = models.CharField("履职类型", max_length=32, choices=DutyKind.choices)
    date = models.DateField("日期", db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("事项", max_length=200)
    role = models.CharField("角色", max_length=40, blank=True, help_text="如 第一提案人、组长、发言人")
    # What the row came from, so the line that wrote it can update or remove it (and link back to it).
    source_type = models.CharField("来源类型", max_length=64)
    source_id = models.BigIntegerField("来源编号")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "履职记录"
        verbose_name_plural = "履职记录"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id", "person", "kind"], name="duty_record_unique"),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="duty_person_year_idx"),
            models.Index(fields=["committee", "year", "kind"], name="duty_committee_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.title}"
