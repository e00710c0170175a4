"""People and their memberships: one person may sit on several committees at once."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Person(models.Model):
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    education = models.CharField("学历", max_length=20, blank=True)
    workplace = models.CharField("工作单位及职务", max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    # Stored sort and search keys, computed by the services from `name`.
    stroke_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    pinyin_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    pinyin = models.CharField(max_length=255, editable=False, db_index=True, default="")
    initials = models.CharField(max_length=64, editable=False, db_index=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["stroke_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=~Q(id_number=""), name="person_unique_id_number"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    STANDING = "standing", "常委"
    MEMBER = "member", "委员"


# Rosters list leaders first, in this order, then everyone by surname strokes.
ROLE_RANK = {
    MemberRole.CHAIR: 1,
    MemberRole.VICE_CHAIR: 2,
    MemberRole.SECRETARY_GENERAL: 3,
    MemberRole.STANDING: 4,
    MemberRole.MEMBER: 5,
}


class Membership(models.Model):
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="memberships")
    committee = models.ForeignKey(
        "committees.Committee", verbose_name="政协组织", on_delete=models.PROTECT, related_name="memberships"
    )
    term = models.ForeignKey("committees.Term", verbose_name="届", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("职务", max_length=24, choices=MemberRole.choices, default=MemberRole.MEMBER)
    role_rank = models.PositiveSmallIntegerField(default=5, editable=False)
    sector = models.ForeignKey(
        "committees.Sector", verbose_name="界别", null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )
    party = models.ForeignKey(
        "committees.Party", verbose_name="党派", null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )
    special_committees = models.ManyToManyField(
        "committees.SpecialCommittee", verbose_name="专门委员会", blank=True, related_name="memberships"
    )
    activity_group = models.ForeignKey(
        "committees.ActivityGroup", verbose_name="活动小组", null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )
    manual_order = models.PositiveIntegerField("同笔画排序", default=0)
    joined_on = models.DateField("任职日期", null=True, blank=True)
    left_on = models.DateField("离任日期", null=True, blank=True)
    is_active = models.BooleanField("在任", default=True)
    # Copied from the person so the roster sorts with one index and no join.
    stroke_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    pinyin_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "委员"
        verbose_name_plural = "委员"
        ordering = ["role_rank", "stroke_key", "manual_order", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "term"], name="membership_unique_per_term")]
        indexes = [
            models.Index(fields=["committee", "is_active", "role_rank", "stroke_key"], name="membership_roster_idx"),
            models.Index(fields=["committee", "is_active", "pinyin_key"], name="membership_pinyin_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.committee.name}）"
