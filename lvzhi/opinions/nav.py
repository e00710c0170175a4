"""The navigation entries of 社情民意, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    if can_anywhere(user, Cap.OPINION_SUBMIT) or can_anywhere(user, Cap.OPINION_VIEW_ALL):
        items.append({"label": "社情民意", "url": reverse("opinions:list"), "key": "opinions"})
    if can_anywhere(user, Cap.OPINION_VIEW_ALL):
        items.append({"label": "社情民意刊期", "url": reverse("opinions:issues"), "key": "opinion_issues"})
        items.append({"label": "社情民意统计", "url": reverse("opinions:figures"), "key": "opinion_figures"})
    if can_anywhere(user, Cap.OPINION_EDIT):
        items.append({"label": "社情民意设置", "url": reverse("opinions:settings"), "key": "opinion_settings"})
    return items
