from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "lvzhi.consultations"
    label = "consultations"
    verbose_name = "协商"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.consultations.workflow import ACTIVITY_MOVES, PLAN_MOVES, SUGGESTION_MOVES

        register_action_labels(move_labels("consultations.plan_", "协商计划", [
            *((m.name, m.label) for m in PLAN_MOVES.values()), ("create", "登记计划"), ("item_add", "增加议题"),
            ("item_update", "修改议题"), ("item_remove", "删除议题")]))
        register_action_labels(move_labels("consultations.activity_", "协商活动", [
            *((m.name, m.label) for m in ACTIVITY_MOVES.values()), ("create", "登记活动")]))
        register_action_labels(move_labels("consultations.suggestion_", "协商意见建议", [
            *((m.name, m.label) for m in SUGGESTION_MOVES.values()), ("made", "提出")]))
        register_action_labels(move_labels("consultations.", "协商活动", [
            ("participant_add", "增加参加人员"), ("participant_update", "修改参加人员"),
            ("participant_remove", "删除参加人员"), ("material_add", "上传材料"), ("material_remove", "删除材料"),
            ("suggestion_add", "登记意见建议")]))
        register_action_labels(move_labels("consultations.", "协商", [
            ("export_activities", "导出活动"), ("export_plan_progress", "导出计划落实情况"),
            ("export_suggestions", "导出意见建议")]))
