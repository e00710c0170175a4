"""The navigation entries of 会议与考勤, for whoever may use them."""
from __future__ import annotations

from typing import Any


def nav_items(user: Any) -> list[dict[str, str]]:
    return []
