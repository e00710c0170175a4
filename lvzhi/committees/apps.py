from __future__ import annotations

from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "lvzhi.committees"
    label = "committees"
    verbose_name = "政协组织"

    def ready(self) -> None:
        from lvzhi.audit.labels import config_list_labels, register_action_labels
        from lvzhi.committees.models import CONFIG_LISTS

        register_action_labels({
            "committee.create": "新建政协组织", "committee.update": "修改政协组织", "term.create": "新建届次",
            "term.update": "修改届次", "session.create": "新建全体会议", "session.update": "修改全体会议",
            "meeting.create": "新建会议", "meeting.update": "修改会议",
        })
        for key, model in list(CONFIG_LISTS.items()):
            register_action_labels(config_list_labels(key, str(model._meta.verbose_name)))
