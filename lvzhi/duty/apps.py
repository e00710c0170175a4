from __future__ import annotations

from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lvzhi.duty"
    label = "duty"
    verbose_name = "委员履职"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_action_labels

        register_action_labels({
            "duty.record_read": "查看委员履职档案",
            "duty.score_read": "查看委员履职得分",
            "duty.ruleset_create": "新建履职考核规则", "duty.ruleset_copy": "复制履职考核规则",
            "duty.ruleset_update": "修改履职考核规则",
            "duty.category_add": "新增考核类别", "duty.category_update": "修改考核类别",
            "duty.category_delete": "删除考核类别",
            "duty.rule_add": "新增计分规则", "duty.rule_update": "修改计分规则", "duty.rule_delete": "删除计分规则",
            "duty.band_add": "新增考核等次", "duty.band_update": "修改考核等次", "duty.band_delete": "删除考核等次",
            "duty.minimum_add": "新增履职基本要求", "duty.minimum_update": "修改履职基本要求",
            "duty.minimum_delete": "删除履职基本要求",
        })
