from __future__ import annotations

from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "lvzhi.front"
    label = "front"
    verbose_name = "首页"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({"tallies.rebuild": "重新统计年度汇总"})
