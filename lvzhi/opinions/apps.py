from __future__ import annotations

from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "lvzhi.opinions"
    label = "opinions"
    verbose_name = "社情民意"
