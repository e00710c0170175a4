"""The navigation entries of 学习培训: staff with duty.view get the lists and figures; a serving member the lists."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    items = [{"label": "学习培训", "url": reverse("study:index"), "key": "study"},
             {"label": "读书群", "url": reverse("study:groups"), "key": "study_reading"}]
    if can_anywhere(user, Cap.DUTY_VIEW):
        return [*items, {"label": "学习培训统计", "url": reverse("study:figures"), "key": "study_figures"}]
    from lvzhi.study.selectors import member_committee_ids

    if getattr(user, "is_authenticated", False) and member_committee_ids(user):
        return items
    return []
