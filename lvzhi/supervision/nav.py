"""The navigation entries of 民主监督, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    if can_anywhere(user, Cap.SUPERVISION_VIEW):
        return [
            {"label": "民主监督", "url": reverse("supervision:index"), "key": "supervision"},
            {"label": "监督事项", "url": reverse("supervision:matters"), "key": "supervision_matters"},
            {"label": "特约监督员", "url": reverse("supervision:supervisors"), "key": "supervision_supervisors"},
            {"label": "列席与旁听", "url": reverse("supervision:attendance"), "key": "supervision_attendance"},
            {"label": "民主监督统计", "url": reverse("supervision:figures"), "key": "supervision_figures"},
        ]
    from lvzhi.supervision.selectors import has_own_records

    if getattr(user, "is_authenticated", False) and has_own_records(user):
        return [{"label": "我的民主监督", "url": reverse("supervision:index"), "key": "supervision"}]
    return []
