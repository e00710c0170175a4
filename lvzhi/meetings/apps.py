from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = "会议与考勤"
