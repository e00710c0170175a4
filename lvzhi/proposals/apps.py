from __future__ import annotations

from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    label = "proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        # The proposal lists are edited on the same configuration screens as sectors and parties.
        from lvzhi.committees.models import CONFIG_LISTS
        from lvzhi.proposals.models import ProposalCategory, RejectionReason, ReplyClass

        CONFIG_LISTS.setdefault("proposal-categories", ProposalCategory)
        CONFIG_LISTS.setdefault("rejection-reasons", RejectionReason)
        CONFIG_LISTS.setdefault("reply-classes", ReplyClass)

        from lvzhi.audit.labels import config_list_labels, move_labels, register_action_labels
        from lvzhi.proposals.workflow import EVENT_LABELS

        for key in ("proposal-categories", "rejection-reasons", "reply-classes"):
            register_action_labels(config_list_labels(key, str(CONFIG_LISTS[key]._meta.verbose_name)))
        # Every kind of history row, then the codes only the audit trail records (and its own words for two).
        register_action_labels(move_labels("proposal.", "提案", EVENT_LABELS.items()))
        register_action_labels(move_labels("proposal.", "提案", [
            ("create", "新建草稿"), ("edit", "修改草稿"), ("history_upload", "上传往年提案文件"),
            ("settings_update", "修改提案工作设置"),
            ("stage_add", "增加审查环节"), ("stage_update", "修改审查环节"), ("stage_move", "调整审查环节顺序"),
            ("stage_remove", "删除审查环节"), ("figures_export", "导出统计"), ("export_catalogue", "导出提案目录"),
            ("export_handling", "导出办理情况表"),
        ]))
        register_action_labels({"reminder.sent": "发送提醒"})
