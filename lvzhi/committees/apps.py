from __future__ import annotations

from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "lvzhi.committees"
    label = "committees"
    verbose_name = "政协组织"
