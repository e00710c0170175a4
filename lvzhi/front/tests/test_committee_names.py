"""Pages call a committee by its name (长春市政协), not by its short name (长春市), which is a city's name."""
from __future__ import annotations

import re

from django.test import Client

from lvzhi.meetings.testing import make_sheet
from lvzhi.members.models import Membership
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_name_the_committee_in_full(world: World) -> None:
    assert world.city.name == "长春市政协" and world.city.short_name == "长春市"
    alice = _client(world, "alice")
    proposal = make_proposal(world)
    page = _text(alice.get(f"/proposals/{proposal.pk}/").content.decode())
    assert "政协组织 长春市政协 · 第十五届" in page

    make_sheet(world, title="委员读书会", open_it=True)
    page = _text(alice.get("/meetings/mine/").content.decode())
    assert "长春市政协 ·" in page and "长春市 ·" not in page

    carol = _client(world, "carol")
    membership = Membership.objects.get(person=world.people["alice"], committee=world.city)
    page = carol.get(f"/members/{membership.pk}/").content.decode()
    assert "← 长春市政协委员名册" in page
    page = carol.get(f"/members/?committee={world.city.pk}").content.decode()
    assert "<title>委员名册 · 长春市政协" in page


def test_terms_sessions_and_memberships_read_in_full(world: World) -> None:
    term = world.city.current_term()
    assert term is not None
    assert str(term) == "长春市政协第十五届"
    membership = Membership.objects.get(person=world.people["alice"], committee=world.city)
    assert str(membership) == "艾丽（长春市政协）"
