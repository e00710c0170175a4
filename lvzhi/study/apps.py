from __future__ import annotations

from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "lvzhi.study"
    label = "study"
    verbose_name = "学习培训"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.study.workflow import SESSION

        register_action_labels(move_labels("study.session_", "学习培训", SESSION.labels().items()))
        register_action_labels(move_labels("study.", "学习培训", [
            ("session_create", "登记学习培训"), ("session_update", "修改学习培训"),
            ("session_roll", "登记出席名单"), ("session_sheet", "关联签到表"),
            ("trainee_add", "增加培训班学员"), ("trainee_remove", "移除培训班学员"),
        ]))
        register_action_labels(move_labels("study.", "读书群", [
            ("group_create", "建立读书群"), ("group_update", "修改读书群"),
            ("activity_create", "登记读书活动"), ("activity_update", "修改读书活动"),
            ("activity_delete", "删除读书活动"),
        ]))
