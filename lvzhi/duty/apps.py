from __future__ import annotations

from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lvzhi.duty"
    label = "duty"
    verbose_name = "委员履职"
