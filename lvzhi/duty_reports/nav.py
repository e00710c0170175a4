"""The navigation entries of duty reports, 述职 and the year-end feedback, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    items = []
    if getattr(user, "person", None) is not None:
        items.append({"label": "我的履职报告", "url": reverse("duty_reports:mine"), "key": "duty_reports_mine"})
    if can_anywhere(user, Cap.DUTY_VIEW):
        items += [
            {"label": "委员履职报告", "url": reverse("duty_reports:list"), "key": "duty_reports"},
            {"label": "述职会", "url": reverse("duty_reports:sessions"), "key": "duty_reports_sessions"},
            {"label": "年终履职反馈", "url": reverse("duty_reports:feedback"), "key": "duty_reports_feedback"},
        ]
    return items
