from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "lvzhi.consultations"
    label = "consultations"
    verbose_name = "协商"
