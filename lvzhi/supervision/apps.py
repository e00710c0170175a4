from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "lvzhi.supervision"
    label = "supervision"
    verbose_name = "民主监督"
