"""Benchmark data for 会议与考勤: bulk rows across the bench tree, and the pages to time."""
from __future__ import annotations

from typing import Any


def build(committees: list[Any], staff: Any, leader: Any) -> dict[str, Any]:
    """Bulk-create this line's records in `committees`; `staff` may be given extra grants in committees[-1].

    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    return {"total": 0}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms."""
    return {}
