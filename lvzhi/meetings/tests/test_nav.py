"""The sidebar shows the meeting screens to whoever may use them, and nothing to others."""
from __future__ import annotations

import pytest

from lvzhi.meetings.nav import nav_items
from lvzhi.testing import World


@pytest.mark.parametrize(("who", "labels"), [
    ("alice", ["我的会议"]),
    ("carol", ["会议考勤", "会议发言", "请假审批", "会议考勤统计"]),
    ("sam", ["会议考勤", "会议发言", "会议考勤统计"]),
    ("leo", ["会议考勤", "会议发言", "会议考勤统计"]),
    ("uma", []),
    ("rita", []),
    ("auditor", []),
])
def test_nav_items(world: World, who: str, labels: list[str]) -> None:
    assert [item["label"] for item in nav_items(world.users[who])] == labels
