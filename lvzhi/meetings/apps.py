from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = "会议与考勤"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.meetings.workflow import EVENT_LABELS

        register_action_labels(move_labels("meetings.", "会议签到", EVENT_LABELS.items()))
        register_action_labels(move_labels("meetings.", "会议", [
            ("speech_create", "登记发言"), ("speech_delete", "删除发言"), ("export_docx", "导出签到表（Word）"),
            ("export_figures", "导出统计"), ("export_leave", "导出请假情况"), ("export_mine", "导出本人出席情况"),
            ("export_roll", "导出出席名单"), ("export_sheets", "导出签到表"), ("export_speeches", "导出发言"),
        ]))
