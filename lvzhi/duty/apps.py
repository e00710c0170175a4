from __future__ import annotations

from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lvzhi.duty"
    label = "duty"
    verbose_name = "委员履职"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({"duty.record_read": "查看委员履职档案"})
