from __future__ import annotations

from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "lvzhi.idempotency"
    label = "idempotency"
    verbose_name = "防重复提交"
    default_auto_field = "django.db.models.BigAutoField"
