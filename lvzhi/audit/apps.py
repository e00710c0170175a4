from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lvzhi.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({"audit.export": "导出审计日志", "audit.archive": "归档审计日志",
                                "audit.anchors_export": "导出审计锚点"})
