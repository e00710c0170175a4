from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    verbose_name = "接口"
    name = "lvzhi.api"
    label = "api"
