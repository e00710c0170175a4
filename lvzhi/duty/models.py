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
    JOINT_FIRST = "joint_first", "联名提案第一提案人"
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


# ---------------------------------------------------------------- 履职量化考核: the rule table and the scores


class ScoringPreset(models.TextChoices):
    """The published local tables a committee may start its own from (lvzhi.duty.presets)."""

    BASE_BONUS = "base_bonus", "基础分+加分"
    PER_ITEM = "per_item", "逐项计分"
    BLANK = "blank", "空白表"


class ScoringRuleSet(models.Model):
    """A committee's scoring table for one year; `version` changes with every edit of it or of its rows, so a
    score computed with another version is out of date."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=60)
    preset = models.CharField("参照模板", max_length=16, choices=ScoringPreset.choices, default=ScoringPreset.BLANK)
    base_points = models.DecimalField("基础分", max_digits=7, decimal_places=2, default=0)
    notes = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "履职考核规则"
        verbose_name_plural = "履职考核规则"
        ordering = ["committee", "-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="scoring_ruleset_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度{self.name}"


class ScoringCategory(models.Model):
    """A group of rules with a cap: the positive points of its lines count up to `cap` (none: no cap);
    deductions are never capped away."""

    ruleset = models.ForeignKey(ScoringRuleSet, verbose_name="考核规则", on_delete=models.CASCADE,
                                related_name="categories")
    name = models.CharField("类别", max_length=30)
    cap = models.DecimalField("上限", max_digits=7, decimal_places=2, null=True, blank=True,
                              help_text="加分合计的上限；不填为不设上限")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核类别"
        verbose_name_plural = "考核类别"
        ordering = ["ruleset", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "name"], name="scoring_category_unique")]

    def __str__(self) -> str:
        return self.name


class ScoringRule(models.Model):
    """Points for each duty record of this event whose outcomes include `outcome`, for a member in `role_code`
    (blank: any part) at `level` (blank: any level). Every matching rule counts; negative points are deductions."""

    ruleset = models.ForeignKey(ScoringRuleSet, verbose_name="考核规则", on_delete=models.CASCADE,
                                related_name="rules")
    category = models.ForeignKey(ScoringCategory, verbose_name="类别", on_delete=models.CASCADE, related_name="rules")
    event = models.CharField("履职事项", max_length=24, choices=DutyEvent.choices)
    role_code = models.CharField("身份", max_length=16, choices=DutyRole.choices, blank=True,
                                 help_text="不填为任何身份")
    outcome = models.CharField("结果", max_length=24, choices=Outcome.choices)
    level = models.CharField("层级", max_length=16, choices=Level.choices, blank=True, help_text="不填为任何层级")
    points = models.DecimalField("分值", max_digits=7, decimal_places=2)
    note = models.CharField("备注", max_length=100, blank=True)

    class Meta:
        verbose_name = "计分规则"
        verbose_name_plural = "计分规则"
        ordering = ["ruleset", "category__order", "category_id", "id"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "event", "role_code", "outcome", "level"],
                                               name="scoring_rule_unique")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.get_outcome_display()} {self.points}"


class GradeBand(models.Model):
    """A grade from its lower bound up; the lowest band also takes every score below its bound."""

    ruleset = models.ForeignKey(ScoringRuleSet, verbose_name="考核规则", on_delete=models.CASCADE,
                                related_name="bands")
    label = models.CharField("等次", max_length=20)
    min_points = models.DecimalField("最低分", max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = "考核等次"
        verbose_name_plural = "考核等次"
        ordering = ["ruleset", "-min_points"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "label"], name="grade_band_unique_label"),
            models.UniqueConstraint(fields=["ruleset", "min_points"], name="grade_band_unique_min"),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.min_points}分以上）"


class MinimumDuty(models.Model):
    """A duty every member must do at least `at_least` times a year (三个一): any of `alternatives`, each an
    "event:outcome" pair, counts."""

    ruleset = models.ForeignKey(ScoringRuleSet, verbose_name="考核规则", on_delete=models.CASCADE,
                                related_name="minimums")
    label = models.CharField("基本要求", max_length=60)
    alternatives = models.JSONField("可计入的履职事项", default=list,
                                    help_text='["proposal:submitted", "opinion:submitted"] 之类，任一项即可')
    at_least = models.PositiveSmallIntegerField("至少次数", default=1)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "履职基本要求"
        verbose_name_plural = "履职基本要求"
        ordering = ["ruleset", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "label"], name="minimum_duty_unique")]

    def __str__(self) -> str:
        return self.label


class MemberScore(models.Model):
    """A member's score for a committee's year, stored and kept current.

    Every change of the member's duty record there bumps `stamp` in the same transaction
    (lvzhi.duty.services); a computation stores the stamp it read before reading the records as `computed_stamp`,
    and the rule-set version it used. The figures are current when both still match: a record change committed
    while a computation runs leaves the stamps apart, so the next read computes again."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.CASCADE,
                               related_name="duty_scores")
    year = models.PositiveSmallIntegerField("年度")
    stamp = models.PositiveIntegerField(default=0)
    computed_stamp = models.IntegerField(default=-1)  # -1: never computed
    ruleset = models.ForeignKey(ScoringRuleSet, verbose_name="考核规则", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    ruleset_version = models.PositiveIntegerField("规则版本", default=0)
    total = models.DecimalField("总分", max_digits=8, decimal_places=2, default=0)
    grade = models.CharField("等次", max_length=20, blank=True)
    minimum_met = models.BooleanField("达到基本要求", default=False)
    minimum_missed = models.JSONField("未达到的基本要求", default=list)
    only_plenary = models.BooleanField("年委员", default=False, help_text="当年只有出席全体会议的记录")
    breakdown = models.JSONField("得分明细", default=dict)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

    class Meta:
        verbose_name = "委员履职得分"
        verbose_name_plural = "委员履职得分"
        constraints = [models.UniqueConstraint(fields=["committee", "person", "year"], name="member_score_unique")]
        indexes = [models.Index(fields=["committee", "year", "total"], name="member_score_rank_idx")]

    @property
    def stale(self) -> bool:
        """Out of date whatever the rule set: a record changed since it was computed, or never computed."""
        return self.computed_stamp != self.stamp

    def is_current(self, ruleset: ScoringRuleSet) -> bool:
        return not self.stale and self.ruleset_id == ruleset.pk and self.ruleset_version == ruleset.version

    def __str__(self) -> str:
        return f"{self.person} {self.year} {self.total}"
