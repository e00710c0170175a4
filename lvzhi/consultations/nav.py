"""The navigation entries of 协商, for whoever may use them."""
from __future__ import annotations

from typing import Any


def nav_items(user: Any) -> list[dict[str, str]]:
    return []
