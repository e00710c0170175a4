"""The navigation entries of 协商, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    items = []
    if can_anywhere(user, Cap.CONSULTATION_VIEW):
        items += [
            {"label": "协商活动", "url": reverse("consultations:list"), "key": "consultations"},
            {"label": "年度协商计划", "url": reverse("consultations:plan"), "key": "consultations_plan"},
            {"label": "意见建议跟踪", "url": reverse("consultations:suggestions"), "key": "consultations_suggestions"},
            {"label": "协商统计", "url": reverse("consultations:figures"), "key": "consultations_figures"},
        ]
    if getattr(user, "person", None) is not None and can_anywhere(user, Cap.MEETING_ATTEND):
        items.append({"label": "我参加的协商", "url": reverse("consultations:list") + "?scope=mine",
                      "key": "consultations_mine"})
    return items
