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
    COMMENDATION = "commendation", "获得表彰"
    REPORTED = "reported", "自报履职活动"


class DutyEvent(models.TextChoices):
    """What a rule in the scoring table (履职量化考核) is about: the occasion, whatever row wrote it."""

    PROPOSAL = "proposal", "提案"
    OPINION = "opinion", "社情民意"
    PLENARY = "plenary", "全体会议"
    STANDING = "standing", "常委会议"
    MEETING = "meeting", "其他会议"
    SPEECH = "speech", "会议发言"
    STUDY = "study", "学习培训"
    CONSULTATION = "consultation", "协商活动"
    INSPECTION = "inspection", "视察"
    RESEARCH = "research", "调研"
    SUPERVISION = "supervision", "民主监督"
    SPECIAL_SUPERVISOR = "special_supervisor", "特约监督"
    ATTEND_OUTSIDE = "attend_outside", "列席、旁听"
    STATION = "station", "委员工作站活动"
    REPORTED = "reported", "自报履职活动"
    COMMENDATION = "commendation", "表彰"
    OTHER = "other", "其他"


class DutyRole(models.TextChoices):
    """The member's part in it."""

    FIRST = "first", "第一提案人"
    COSIGNER = "cosigner", "联名提案人"
    COLLECTIVE = "collective", "集体提案"
    AUTHOR = "author", "撰稿人"
    SPEAKER = "speaker", "发言人"
    LEADER = "leader", "组长、牵头人"
    PARTICIPANT = "participant", "参加人"


class Outcome(models.TextChoices):
    """What came of it; one record may carry several (a proposal submitted, filed and made key)."""

    SUBMITTED = "submitted", "提交"
    FILED = "filed", "立案"
    KEY = "key", "重点提案"
    EXCELLENT = "excellent", "优秀提案"
    ADOPTED = "adopted", "采用"
    INSTRUCTED = "instructed", "获批示"
    ATTENDED = "attended", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"
    TOOK_PART = "took_part", "参加"
    SPOKE_PLENARY = "spoke_plenary", "大会发言"
    SPOKE_WRITTEN = "spoke_written", "书面发言"
    SPOKE = "spoke", "发言"
    EXCELLENT_MEMBER = "excellent_member", "优秀委员"
    ADVANCED = "advanced", "先进个人"
    EXCELLENT_OPINION = "excellent_opinion", "优秀社情民意信息"


class Level(models.TextChoices):
    """The level of an adoption or an instruction (采用、批示的层级)."""

    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


# What a record of each kind is, for scoring, unless its writer says more (the proposal's outcomes, a meeting's
# kind, an adoption's level, a group leader).
DEFAULT_FACETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    DutyKind.PROPOSAL_FIRST: (DutyEvent.PROPOSAL, DutyRole.FIRST, (Outcome.SUBMITTED,)),
    DutyKind.PROPOSAL_COSIGN: (DutyEvent.PROPOSAL, DutyRole.COSIGNER, (Outcome.SUBMITTED,)),
    DutyKind.PROPOSAL_COLLECTIVE: (DutyEvent.PROPOSAL, DutyRole.COLLECTIVE, (Outcome.SUBMITTED,)),
    DutyKind.OPINION_SUBMITTED: (DutyEvent.OPINION, DutyRole.AUTHOR, (Outcome.SUBMITTED,)),
    DutyKind.OPINION_ADOPTED: (DutyEvent.OPINION, DutyRole.AUTHOR, (Outcome.ADOPTED,)),
    DutyKind.OPINION_INSTRUCTED: (DutyEvent.OPINION, DutyRole.AUTHOR, (Outcome.INSTRUCTED,)),
    DutyKind.ATTENDANCE_PRESENT: (DutyEvent.MEETING, DutyRole.PARTICIPANT, (Outcome.ATTENDED,)),
    DutyKind.ATTENDANCE_EXCUSED: (DutyEvent.MEETING, DutyRole.PARTICIPANT, (Outcome.EXCUSED,)),
    DutyKind.ATTENDANCE_ABSENT: (DutyEvent.MEETING, DutyRole.PARTICIPANT, (Outcome.ABSENT,)),
    DutyKind.SPEECH_PLENARY: (DutyEvent.SPEECH, DutyRole.SPEAKER, (Outcome.SPOKE_PLENARY,)),
    DutyKind.SPEECH_WRITTEN: (DutyEvent.SPEECH, DutyRole.SPEAKER, (Outcome.SPOKE_WRITTEN,)),
    DutyKind.SPEECH_OTHER: (DutyEvent.SPEECH, DutyRole.SPEAKER, (Outcome.SPOKE,)),
    DutyKind.CONSULTATION: (DutyEvent.CONSULTATION, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.INSPECTION: (DutyEvent.INSPECTION, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.RESEARCH: (DutyEvent.RESEARCH, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.SUPERVISION: (DutyEvent.SUPERVISION, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.SPECIAL_SUPERVISOR: (DutyEvent.SPECIAL_SUPERVISOR, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.ATTEND_OUTSIDE: (DutyEvent.ATTEND_OUTSIDE, DutyRole.PARTICIPANT, (Outcome.ATTENDED,)),
    DutyKind.STATION_ACTIVITY: (DutyEvent.STATION, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.TRAINING: (DutyEvent.STUDY, DutyRole.PARTICIPANT, (Outcome.ATTENDED,)),
    DutyKind.OTHER: (DutyEvent.OTHER, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
    DutyKind.COMMENDATION: (DutyEvent.COMMENDATION, DutyRole.PARTICIPANT, ()),
    DutyKind.REPORTED: (DutyEvent.REPORTED, DutyRole.PARTICIPANT, (Outcome.TOOK_PART,)),
}


def join_outcomes(outcomes: tuple[str, ...] | list[str]) -> str:
    """Outcomes as stored: sorted, comma-joined, so equal sets compare equal."""
    return ",".join(sorted(set(outcomes)))


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
    # The facets scoring matches on (see DEFAULT_FACETS); kind and role above are what the record page shows.
    event = models.CharField("履职事项类别", max_length=24, choices=DutyEvent.choices, default=DutyEvent.OTHER)
    role_code = models.CharField("身份", max_length=16, choices=DutyRole.choices, default=DutyRole.PARTICIPANT)
    outcomes = models.CharField("结果", max_length=120, blank=True, help_text="逗号分隔的结果代码")
    level = models.CharField("层级", max_length=16, choices=Level.choices, blank=True)
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

    def outcome_list(self) -> list[str]:
        return [o for o in self.outcomes.split(",") if o]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.title}"
