"""The navigation entries of 履职申报与表彰, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere
from lvzhi.merits.selectors import person_id


def nav_items(user: Any) -> list[dict[str, str]]:
    items = []
    if person_id(user) is not None:
        items += [
            {"label": "申报履职活动", "url": reverse("merits:activity_create"), "key": "merits_new"},
            {"label": "我的申报", "url": reverse("merits:mine"), "key": "merits_mine"},
        ]
    if can_anywhere(user, Cap.DUTY_VIEW):
        items.append({"label": "履职活动审核", "url": reverse("merits:activities"), "key": "merits_queue"})
    if items:  # members read their committees' honours; duty.view staff record or read them
        items.append({"label": "表彰", "url": reverse("merits:commendations"), "key": "merits_commendations"})
    return items
