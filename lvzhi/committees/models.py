"""The organisation: the committee tree, terms, plenary sessions, meetings and the configuration lists."""
from __future__ import annotations

from django.db import models
from django.db.models import Q

CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals, as in 第十届, 十届二次会议."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return head + "十" + (CHINESE_NUMERALS[units] if units else "")


class Level(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class Committee(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级政协", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path ("/1/4/") so that a subtree is one indexed prefix query on both databases.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    region_code = models.CharField("行政区划代码", max_length=12, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "政协组织"
        verbose_name_plural = "政协组织"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The short name, for a dense column or a prefix of a body's name (长春市 + 教育局). Pages, titles,
        letters and switchers call the committee by its `name` (长春市政协)."""
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    def subtree_q(self, prefix: str = "") -> Q:
        """A filter for objects whose committee is this one or below it."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def current_term(self) -> Term | None:
        return self.terms.filter(is_current=True).first()


class Term(models.Model):
    committee = models.ForeignKey(Committee, verbose_name="政协组织", on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    is_current = models.BooleanField("本届", default=False)

    class Meta:
        verbose_name = "届"
        verbose_name_plural = "届"
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(is_current=True), name="term_one_current_per_committee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}第{chinese_number(self.number)}届"

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}届"


class Session(models.Model):
    """A plenary session (全体会议), e.g. 十届二次会议."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField("次")
    start_date = models.DateField("开幕日期")
    end_date = models.DateField("闭幕日期")
    proposal_deadline = models.DateField("大会提案截止日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)

    class Meta:
        verbose_name = "全体会议"
        verbose_name_plural = "全体会议"
        ordering = ["term", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self) -> str:
        return f"{self.term.committee.name}{self.label}"

    @property
    def label(self) -> str:
        return f"{chinese_number(self.term.number)}届{chinese_number(self.number)}次会议"


class MeetingKind(models.TextChoices):
    STANDING = "standing", "常务委员会议"
    CHAIRS = "chairs", "主席会议"


class Meeting(models.Model):
    """A standing-committee or chairs' meeting, as a dated record."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("类型", max_length=16, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField("次")
    date = models.DateField("日期")
    title = models.CharField("议题", max_length=200, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["term", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "kind", "number"], name="meeting_unique_number")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        kind = "常委会第" if self.kind == MeetingKind.STANDING else "主席会议第"
        return f"{chinese_number(self.term.number)}届{kind}{chinese_number(self.number)}次会议"


class ConfigItem(models.Model):
    """Common shape of the configuration lists the system administrator edits without code."""

    name = models.CharField("名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = models.Manager()  # Django's default, declared so that code over any of the lists can name it

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Party(ConfigItem):
    """党派: one national list (中共, 民革 ... 无党派, 群众)."""

    class Meta(ConfigItem.Meta):
        verbose_name = "党派"
        verbose_name_plural = "党派"
        constraints = [models.UniqueConstraint(fields=["name"], name="party_unique_name")]


class Sector(ConfigItem):
    """界别, per committee: a county committee has fewer than a province."""

    committee = models.ForeignKey(Committee, verbose_name="政协组织", on_delete=models.PROTECT, related_name="sectors")

    class Meta(ConfigItem.Meta):
        verbose_name = "界别"
        verbose_name_plural = "界别"
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="sector_unique_name")]


class SpecialCommittee(ConfigItem):
    """专门委员会, e.g. 提案委员会, 经济委员会."""

    committee = models.ForeignKey(
        Committee, verbose_name="政协组织", on_delete=models.PROTECT, related_name="special_committees"
    )

    class Meta(ConfigItem.Meta):
        verbose_name = "专门委员会"
        verbose_name_plural = "专门委员会"
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="special_committee_unique_name")]


class ActivityGroup(ConfigItem):
    """委员活动小组, usually one per town or street."""

    committee = models.ForeignKey(
        Committee, verbose_name="政协组织", on_delete=models.PROTECT, related_name="activity_groups"
    )

    class Meta(ConfigItem.Meta):
        verbose_name = "委员活动小组"
        verbose_name_plural = "委员活动小组"
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="activity_group_unique_name")]


class HandlingUnit(ConfigItem):
    """承办单位: a department or body that answers proposals."""

    committee = models.ForeignKey(
        Committee, verbose_name="政协组织", on_delete=models.PROTECT, related_name="handling_units"
    )
    kind = models.CharField("类别", max_length=40, blank=True, help_text="如 政府部门、群团组织、法院检察院")
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta(ConfigItem.Meta):
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="handling_unit_unique_name")]


# The lists the system administrator edits, keyed by the name used in URLs.
CONFIG_LISTS: dict[str, type[ConfigItem]] = {
    "parties": Party,
    "sectors": Sector,
    "special-committees": SpecialCommittee,
    "activity-groups": ActivityGroup,
    "handling-units": HandlingUnit,
}
