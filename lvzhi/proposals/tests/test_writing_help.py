"""The writing help's similar proposals: each one the writer may read is a link to its page."""
from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from lvzhi.proposals.models import Proposal
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

pytestmark = pytest.mark.django_db

BODY = "我市社区居家养老服务设施不足，护理人员短缺。建议增加社区养老服务站点，培养专业护理人员。"


def _indexed(world: World, title: str, **kwargs: object) -> Proposal:
    proposal = make_proposal(world, title=title, **kwargs)  # type: ignore[arg-type]
    proposal.situation, proposal.analysis, proposal.suggestions = BODY, "", ""
    proposal.save(update_fields=["situation", "analysis", "suggestions"])
    refresh_search(proposal)
    return proposal


def _links(page: str) -> dict[str, str]:
    return {title: href for href, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', page)}


def test_similar_proposals_are_links_where_the_writer_may_read_them(world: World) -> None:
    cache.clear()
    own = _indexed(world, "关于加强社区居家养老服务的建议")
    others = _indexed(world, "关于发展社区养老服务站点的建议", proposers=[world.people["bob"]])
    data = {"committee": world.city.pk, "title": "关于社区养老服务的建议", "situation": BODY, "analysis": "",
            "suggestions": ""}

    alice = Client()
    alice.force_login(world.alice)
    page = alice.post("/proposals/help/", data).content.decode()
    assert own.title in page and others.title in page
    links = _links(page)
    assert links.get(own.title) == f"/proposals/{own.pk}/"
    assert others.title not in links  # bob's proposal: alice may not open it, so no dead link
    assert alice.get(links[own.title]).status_code == 200

    pete = Client()  # proposal staff read every proposal of the committee
    pete.force_login(world.users["pete"])
    links = _links(pete.post("/proposals/help/", data).content.decode())
    assert links.get(others.title) == f"/proposals/{others.pk}/"
