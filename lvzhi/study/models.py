"""学习培训: study sessions, trainings and training classes with their rolls; reading groups (读书群) and their
activities. Every change goes through `services/`, which keeps the members' duty records (学习培训) in step.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from lvzhi.members.models import Person


class SessionKind(models.TextChoices):
    TOPIC = "topic", "专题学习"
    COLLECTIVE = "collective", "集体学习会"
    SEMINAR = "seminar", "学习研讨会"
    CENTRE_GROUP = "centre_group", "理论学习中心组学习"
    TRAINING = "training", "培训讲座"
    CLASS = "class", "培训班"


# The kinds that count as trainings (培训) in the figures: lectures and classes alike.
TRAINING_KINDS = (SessionKind.TRAINING, SessionKind.CLASS)


class SessionState(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已举办"
    CANCELLED = "cancelled", "已取消"


class StudySession(models.Model):
    """One study session, lecture or training class. Who took part comes from the linked sign-in sheet (签到表,
    its present lines) or from the roll kept here; non-members are counted (or, in a class, named)."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="study_sessions")
    kind = models.CharField("类别", max_length=16, choices=SessionKind.choices)
    title = models.CharField("主题", max_length=200)
    date = models.DateField("日期")
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="培训班的结业日期")
    days = models.PositiveSmallIntegerField("天数", null=True, blank=True, help_text="培训班的培训天数")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    place = models.CharField("地点", max_length=100, blank=True)
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    speaker = models.CharField("主讲人", max_length=100, blank=True)
    description = models.TextField("内容", blank=True)
    state = models.CharField("状态", max_length=16, choices=SessionState.choices, default=SessionState.PLANNED)
    cancel_reason = models.CharField("取消原因", max_length=500, blank=True)
    sheet = models.OneToOneField("meetings.AttendanceSheet", verbose_name="签到表", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="study_session")
    non_member_count = models.PositiveIntegerField("非委员参加人次", default=0,
                                                   help_text="机关干部等非委员参加的人次")
    # Kept by the services from the roll kept here (none while a sign-in sheet is linked).
    member_count = models.PositiveIntegerField("委员人数", default=0, editable=False)
    trainee_count = models.PositiveIntegerField("非委员学员人数", default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "学习培训"
        verbose_name_plural = "学习培训"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date", "title"], name="study_session_once"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                                   name="study_session_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "kind"], name="study_session_year_idx"),
            models.Index(fields=["committee", "state", "date"], name="study_session_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_class(self) -> bool:
        return self.kind == SessionKind.CLASS

    @property
    def members_present(self) -> int:
        """Members who took part: the sheet's present lines, or the roll kept here."""
        if self.sheet_id is not None and self.sheet is not None:
            return self.sheet.present_count
        return self.member_count

    @property
    def class_size(self) -> int:
        """A class's size is its roll: members and named non-member trainees."""
        return self.member_count + self.trainee_count

    @property
    def person_times(self) -> int:
        """人次: members present, named trainees and the non-members counted."""
        return self.members_present + self.trainee_count + self.non_member_count


class Trainee(models.Model):
    """A line of the roll kept here: a member present (or enrolled in a class), or a named non-member trainee."""

    session = models.ForeignKey(StudySession, verbose_name="学习培训", on_delete=models.CASCADE,
                                related_name="trainees")
    person = models.ForeignKey("members.Person", verbose_name="委员", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="study_rolls")
    name = models.CharField("姓名", max_length=40, blank=True, help_text="非委员学员的姓名")
    unit = models.CharField("工作单位", max_length=100, blank=True)
    added_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员名单"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], condition=Q(person__isnull=False),
                                    name="study_trainee_member_once"),
            models.UniqueConstraint(fields=["session", "name", "unit"], condition=Q(person__isnull=True),
                                    name="study_trainee_other_once"),
            models.CheckConstraint(condition=(Q(person__isnull=False) & Q(name="")) |
                                   (Q(person__isnull=True) & ~Q(name="")), name="study_trainee_person_or_name"),
        ]
        indexes = [models.Index(fields=["person", "session"], name="study_trainee_person_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", "群主"
    MEMBER = "member", "成员"


class ReadingGroup(models.Model):
    """读书群 / 读书小组: a standing group of members who read together, usually one per special committee."""

    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="reading_groups")
    name = models.CharField("名称", max_length=100)
    theme = models.CharField("读书主题", max_length=200, blank=True)
    founded_on = models.DateField("成立日期")
    is_active = models.BooleanField("活跃", default=True)
    members: models.ManyToManyField[Person, ReadingMember] = models.ManyToManyField(
        "members.Person", verbose_name="成员", through="ReadingMember", related_name="reading_groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="建立人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "读书群"
        verbose_name_plural = "读书群"
        ordering = ["committee", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="reading_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class ReadingMember(models.Model):
    group = models.ForeignKey(ReadingGroup, verbose_name="读书群", on_delete=models.CASCADE,
                              related_name="memberships")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("群内职务", max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = "读书群成员"
        verbose_name_plural = "读书群成员"
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="reading_member_once"),
            models.UniqueConstraint(fields=["group"], condition=Q(role="leader"), name="reading_group_one_leader"),
        ]
        indexes = [models.Index(fields=["person", "group"], name="reading_member_person_idx")]


class ReadingActivity(models.Model):
    """One activity of a reading group (读书分享会, 线上共读 ...) and the members who took part."""

    group = models.ForeignKey(ReadingGroup, verbose_name="读书群", on_delete=models.PROTECT,
                              related_name="activities")
    committee = models.ForeignKey("committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT,
                                  related_name="+")
    date = models.DateField("日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    title = models.CharField("活动名称", max_length=200)
    notes = models.TextField("活动情况", blank=True)
    participants: models.ManyToManyField[Person, ReadingParticipant] = models.ManyToManyField(
        "members.Person", verbose_name="参加成员", through="ReadingParticipant", related_name="reading_activities")
    participant_count = models.PositiveIntegerField("参加人数", default=0, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "读书活动"
        verbose_name_plural = "读书活动"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["group", "date", "title"], name="reading_activity_once")]
        indexes = [models.Index(fields=["committee", "date"], name="reading_activity_date_idx")]

    def __str__(self) -> str:
        return self.title


class ReadingParticipant(models.Model):
    activity = models.ForeignKey(ReadingActivity, verbose_name="读书活动", on_delete=models.CASCADE,
                                 related_name="participations")
    person = models.ForeignKey("members.Person", verbose_name="委员", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "读书活动参加人"
        verbose_name_plural = "读书活动参加人"
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="reading_participant_once")]
        indexes = [models.Index(fields=["person", "activity"], name="reading_participant_person_idx")]
