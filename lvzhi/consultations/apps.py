from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "lvzhi.consultations"
    label = "consultations"
    verbose_name = "协商"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.consultations.workflow import ACTIVITY, ACTIVITY_ROWS, PLAN, PLAN_ROWS, SUGGESTION

        # The history's kinds of row; an activity's other rows are audited without the activity_ prefix.
        register_action_labels(move_labels("consultations.plan_", "协商计划", [
            *PLAN.labels().items(), ("create", "登记计划"), *PLAN_ROWS.items()]))
        register_action_labels(move_labels("consultations.activity_", "协商活动", [
            *ACTIVITY.labels().items(), ("create", "登记活动")]))
        register_action_labels(move_labels("consultations.", "协商活动", ACTIVITY_ROWS.items()))
        register_action_labels(move_labels("consultations.suggestion_", "协商意见建议", [
            *SUGGESTION.labels().items(), ("made", "提出")]))
        register_action_labels(move_labels("consultations.", "协商", [
            ("export_activities", "导出活动"), ("export_plan_progress", "导出计划落实情况"),
            ("export_suggestions", "导出意见建议")]))
