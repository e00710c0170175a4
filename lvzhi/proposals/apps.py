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
