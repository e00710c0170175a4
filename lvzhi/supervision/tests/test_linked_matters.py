"""The supervision loop reused for proposal handling and consultation outcomes (domain §5)."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lvzhi.consultations.services import suggestions
from lvzhi.consultations.testing import held_activity
from lvzhi.figures import Scope
from lvzhi.proposals.models import State
from lvzhi.proposals.testing import make_proposal
from lvzhi.supervision.figures import Period, supervision_figures
from lvzhi.supervision.services import matters
from lvzhi.supervision.tests.support import setup_group
from lvzhi.testing import World


def test_a_matter_supervises_a_proposal_and_a_suggestion(world: World, client) -> None:
    s = setup_group(world)
    proposal = make_proposal(world, state=State.ASSIGNED, number="十五届三次第0012号", seq=12)
    activity = held_activity(world, date=s.group.sent_on)
    suggestion = suggestions.suggestion_add(actor=world.carol, activity=activity, text="建立养老服务补贴动态调整机制")
    suggestions.suggestion_send(actor=world.carol, suggestion=suggestion, sent_to="市民政局", date=s.group.sent_on,
                                expected_version=None)
    on_proposal = matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title="提案办理情况",
                                        proposal=proposal)
    matters.matter_create(actor=world.carol, group=s.group, department=s.market, title="协商成果落实",
                          suggestion=suggestion)
    f = supervision_figures(Scope(world.city), Period.for_year(s.group.sent_on.year))
    assert (f.matters, f.proposal_matters, f.suggestion_matters) == (2, 1, 1)
    client.force_login(world.carol)
    page = client.get(f"/supervision/matters/{on_proposal.pk}/").content.decode()
    assert "监督办理的提案" in page and f"/proposals/{proposal.pk}/" in page
    assert f"/supervision/matters/{on_proposal.pk}/" in client.get(f"/proposals/{proposal.pk}/").content.decode()


def test_only_filed_proposals_and_sent_suggestions(world: World) -> None:
    s = setup_group(world)
    draft = make_proposal(world, state=State.IN_REVIEW)
    with pytest.raises(ValidationError) as exc:
        matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title="提案办理情况", proposal=draft)
    assert exc.value.message_dict["proposal"] == ["只能监督本政协组织已立案提案的办理。"]
    activity = held_activity(world, date=s.group.sent_on)
    unsent = suggestions.suggestion_add(actor=world.carol, activity=activity, text="建立养老服务补贴动态调整机制")
    with pytest.raises(ValidationError) as exc:
        matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title="协商成果落实",
                              suggestion=unsent)
    assert exc.value.message_dict["suggestion"] == ["只能监督本政协组织已报送的协商意见建议的落实。"]


def test_the_form_finds_the_proposal_by_number(world: World, client) -> None:
    s = setup_group(world)
    proposal = make_proposal(world, state=State.ASSIGNED, number="十五届三次第0012号", seq=12)
    client.force_login(world.carol)
    url = f"/supervision/groups/{s.group.pk}/"
    bad = client.post(url, {"department": s.tax.pk, "title": "提案办理情况", "proposal_number": "第9999号"})
    assert "本政协组织没有编号为“第9999号”的提案。" in bad.content.decode()
    client.post(url, {"department": s.tax.pk, "title": "提案办理情况", "proposal_number": proposal.number})
    assert proposal.supervision_matters.get().title == "提案办理情况"


def test_the_api_links_a_matter_to_a_proposal(world: World) -> None:
    from rest_framework.test import APIClient

    s = setup_group(world)
    proposal = make_proposal(world, state=State.ASSIGNED, number="十五届三次第0012号", seq=12)
    api = APIClient()
    api.force_authenticate(world.carol)
    response = api.post("/api/supervision-matters/", {"group": s.group.pk, "department": s.tax.pk,
                                                       "title": "提案办理情况", "proposal": proposal.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["proposal"] == proposal.pk
