from __future__ import annotations

from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "lvzhi.opinions"
    label = "opinions"
    verbose_name = "社情民意"

    def ready(self) -> None:
        from lvzhi.audit.labels import move_labels, register_action_labels
        from lvzhi.opinions.services.intake import report_from_proposal
        from lvzhi.opinions.workflow import EVENT_LABELS
        from lvzhi.proposals.conversions import register_opinion_intake

        register_opinion_intake(report_from_proposal)

        # Every kind of history row, then the codes only the audit trail records (and its own words for one).
        register_action_labels(move_labels("opinions.", "社情民意", EVENT_LABELS.items()))
        register_action_labels(move_labels("opinions.", "社情民意", [
            ("edit_draft", "修改草稿"),
            ("issue_create", "新建刊期"), ("issue_publish", "编发刊期"), ("issue_export", "导出刊期"),
            ("issues_export", "导出刊期列表"), ("report_export", "导出信息"), ("export_list", "导出信息列表"),
            ("export_figures", "导出统计"), ("settings_update", "修改社情民意设置"),
        ]))
