from __future__ import annotations

from django.apps import AppConfig


class MeritsConfig(AppConfig):
    name = "lvzhi.merits"
    label = "merits"
    verbose_name = "履职申报与表彰"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.merits.workflow import EVENT_LABELS

        register_action_labels(move_labels("merits.activity_", "履职活动申报", EVENT_LABELS.items()))
        register_action_labels(move_labels("merits.", "表彰", [
            ("commendation_create", "登记表彰"), ("commendation_update", "修改表彰"),
            ("commendation_delete", "删除表彰"), ("commendation_add_people", "增加受表彰委员"),
            ("commendation_remove_person", "移除受表彰委员"),
        ]))
