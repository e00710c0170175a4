from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "lvzhi.supervision"
    label = "supervision"
    verbose_name = "民主监督"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.supervision.workflow import EVENT_LABELS

        register_action_labels(move_labels("supervision.matter_", "监督事项", EVENT_LABELS.items()))
        register_action_labels(move_labels("supervision.", "民主监督", [
            ("plan_create", "新建监督计划"), ("plan_approve", "审定监督计划"), ("group_create", "新建监督小组"),
            ("group_update", "修改监督小组"), ("appointment_create", "聘任特约监督员"),
            ("appointment_end", "结束特约监督员聘任"), ("attendance_create", "登记列席旁听"),
            ("attendance_delete", "删除列席旁听记录"), ("duty_create", "登记特约监督员履职"),
            ("duty_delete", "删除特约监督员履职"),
            ("export_appointments", "导出特约监督员"), ("export_attendance", "导出列席旁听情况"),
            ("export_duties", "导出特约监督员履职"), ("export_figures", "导出统计"), ("export_groups", "导出监督小组"),
            ("export_matters", "导出监督事项"), ("export_report", "导出监督报告"),
        ]))
