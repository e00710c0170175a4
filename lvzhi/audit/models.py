"""The audit trail: append-only, hash-chained events for every change, login, refused access and personal-data read."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditEvent(models.Model):
    # Set by audit_record before the hash is computed (the row is never saved twice).
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # DO_NOTHING: deleting an account must not rewrite (and so break) the events it made; actor_name keeps who.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.DO_NOTHING,
        related_name="+", db_constraint=False,
    )
    # Kept as text so the record survives renames and deleted accounts.
    actor_name = models.CharField("操作人账号", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    committee_id = models.BigIntegerField("政协组织", null=True, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.CharField("说明", max_length=500, blank=True)
    # The chain (lvzhi/audit/chain.py): seq counts up by one, prev_hash is the previous event's hash and hash is
    # an HMAC over this event's fields and prev_hash, so an edited, inserted or removed row breaks a link.
    seq = models.BigIntegerField("序号", unique=True)
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录不可删除")


class AnchorKind(models.TextChoices):
    PERIODIC = "periodic", "定期锚点"
    ARCHIVE = "archive", "归档截点"


class AuditAnchor(models.Model):
    """A checkpoint of the chain (seq, hash, time). The audit administrator exports them; a chain rewritten
    later, even by someone holding the key, no longer matches an exported anchor. An archive anchor marks where
    archived events were cut off: the remaining chain continues from its hash."""

    at = models.DateTimeField("时间", default=timezone.now)
    kind = models.CharField("类型", max_length=16, choices=AnchorKind.choices, default=AnchorKind.PERIODIC)
    seq = models.BigIntegerField("序号")
    hash = models.CharField("哈希", max_length=64)
    mac = models.CharField("校验码", max_length=64)
    detail = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "审计锚点"
        verbose_name_plural = "审计锚点"
        ordering = ["seq", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.seq}"
