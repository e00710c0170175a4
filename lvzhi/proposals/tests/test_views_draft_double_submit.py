"""The new-proposal form carries a one-time token: a double click or a resent POST makes one proposal."""
from __future__ import annotations

import re
from typing import Any

from django.test import Client

from lvzhi.proposals.models import Proposal, ProposalKind, State
from lvzhi.proposals.tests.review_support import ANALYSIS, SITUATION, SUGGESTIONS, TITLE, category
from lvzhi.testing import World


def _data(world: World, token: str, **overrides: Any) -> dict[str, Any]:
    return {"committee": world.city.pk, "kind": ProposalKind.INDIVIDUAL, "title": TITLE, "situation": SITUATION,
            "analysis": ANALYSIS, "suggestions": SUGGESTIONS, "category": category(world).pk, "action": "submit",
            "form_token": token, **overrides}


def _token(page: str) -> str:
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match is not None
    return match.group(1)


def test_a_double_submit_of_the_new_form_makes_one_proposal(world: World, client: Client) -> None:
    client.force_login(world.alice)
    token = _token(client.get("/proposals/new/").content.decode())
    first = client.post("/proposals/new/", _data(world, token))
    second = client.post("/proposals/new/", _data(world, token))
    proposal = Proposal.objects.get()
    assert proposal.state == State.IN_REVIEW
    assert first["Location"] == second["Location"] == f"/proposals/{proposal.pk}/"
    page = client.get(second["Location"]).content.decode()
    assert "该提案已经保存，请勿重复提交" in page


def test_each_opening_of_the_form_has_its_own_token(world: World, client: Client) -> None:
    client.force_login(world.alice)
    first, second = (_token(client.get("/proposals/new/").content.decode()) for _ in range(2))
    assert first != second
    client.post("/proposals/new/", _data(world, first, action="save"))
    client.post("/proposals/new/", _data(world, second, action="save", title="关于社区助餐服务的建议"))
    assert Proposal.objects.count() == 2


def test_a_refused_post_keeps_the_token_for_the_corrected_one(world: World, client: Client) -> None:
    client.force_login(world.alice)
    token = _token(client.get("/proposals/new/").content.decode())
    refused = client.post("/proposals/new/", _data(world, token, kind=ProposalKind.JOINT))
    assert refused.status_code == 200 and _token(refused.content.decode()) == token
    assert not Proposal.objects.exists()
    corrected = client.post("/proposals/new/", _data(world, token))
    assert corrected.status_code == 302 and Proposal.objects.count() == 1
