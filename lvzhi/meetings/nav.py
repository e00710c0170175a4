"""The navigation entries of 会议与考勤, for whoever may use them."""
from __future__ import annotations

from typing import Any

from django.urls import reverse

from lvzhi.accounts.permissions import Cap, can_anywhere


def nav_items(user: Any) -> list[dict[str, str]]:
    items = []
    if can_anywhere(user, Cap.MEETING_ATTEND) and getattr(user, "person", None) is not None:
        items.append({"label": "我的会议", "url": reverse("meetings:mine"), "key": "meetings_mine"})
    if can_anywhere(user, Cap.MEETING_VIEW):
        items.append({"label": "会议考勤", "url": reverse("meetings:list"), "key": "meetings"})
        items.append({"label": "会议发言", "url": reverse("meetings:speeches"), "key": "meetings_speeches"})
    if can_anywhere(user, Cap.MEETING_MANAGE):
        items.append({"label": "请假审批", "url": reverse("meetings:leave_queue"), "key": "meetings_leave"})
    if can_anywhere(user, Cap.MEETING_VIEW):
        items.append({"label": "会议考勤统计", "url": reverse("meetings:figures"), "key": "meetings_figures"})
    return items
