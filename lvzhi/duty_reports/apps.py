from __future__ import annotations

from django.apps import AppConfig


class DutyReportsConfig(AppConfig):
    name = "lvzhi.duty_reports"
    label = "duty_reports"
    verbose_name = "履职报告与述职"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.duty_reports.workflow import REPORT

        register_action_labels(move_labels("duty_reports.report_", "履职报告", [
            *REPORT.labels().items(), ("draft", "生成履职报告草稿")]))
        register_action_labels({
            "duty_reports.report_read": "查看委员履职报告", "duty_reports.report_export": "导出履职报告（Word）",
            "duty_reports.session_create": "登记述职会", "duty_reports.session_update": "修改述职会",
            "duty_reports.session_delete": "删除述职会", "duty_reports.feedback_read": "查看年终履职情况反馈",
            "duty_reports.feedback_export": "导出年终履职情况反馈",
        })
