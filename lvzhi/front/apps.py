from __future__ import annotations

from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "lvzhi.front"
    label = "front"
    verbose_name = "首页"
