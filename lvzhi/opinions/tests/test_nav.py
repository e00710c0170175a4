"""The sidebar shows 社情民意 entries only to those who may use them."""
from __future__ import annotations

from lvzhi.opinions.nav import nav_items
from lvzhi.testing import World


def test_entries_per_persona(world: World) -> None:
    keys = {who: [i["key"] for i in nav_items(world.users[who])]
            for who in ("alice", "sam", "carol", "rita", "leo", "uma", "pete", "auditor")}
    assert keys["alice"] == keys["sam"] == ["opinions"]
    assert keys["carol"] == keys["leo"] == ["opinions", "opinion_issues", "opinion_figures"]
    assert keys["rita"] == ["opinions", "opinion_issues", "opinion_figures", "opinion_settings"]
    assert keys["uma"] == keys["pete"] == keys["auditor"] == []
