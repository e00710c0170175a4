"""One row per keyed create: which account sent the key, for what, and the record it made."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField("操作", max_length=60)
    key = models.CharField("请求标识", max_length=80)
    fingerprint = models.CharField("请求内容摘要", max_length=64, blank=True)
    object_id = models.PositiveBigIntegerField("所建记录", null=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "请求标识"
        verbose_name_plural = "请求标识"
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_unique_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
