"""The proposal page and the API show each reader the same assignments, co-unit views and ratings.

`proposal_assignments_for_user` decides; the page, the proposal in the API and the assignments endpoint (list
and detail) render it. Each persona's expectation is written out here, so a rule that drifts fails on both.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from lvzhi.accounts.models import User
from lvzhi.api.tests.helpers import api_client
from lvzhi.members.services import person_create
from lvzhi.proposals.models import Assignment, Decision, Proposal, Rating
from lvzhi.proposals.services.handling import assignment_reply, co_unit_send_view, evaluation_submit, proposal_assign
from lvzhi.proposals.services.key import key_propose
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.handling_support import make_unit, make_unit_staff, reply_class
from lvzhi.proposals.tests.review_support import at_last_stage, category, joint_in_review
from lvzhi.testing import World

ARTICLE = re.compile(r'<article class="card" id="assignment-(?P<pk>\d+)">(?P<body>.*?)</article>', re.S)
VIEW = re.compile(r'<h4>会办意见</h4><div class="body-text">(?P<text>[^<]*)</div>')
RATINGS = re.compile(r"<h4>评价</h4>\s*<ul>(?P<items>.*?)</ul>", re.S)
RATING = re.compile(r"<li>(?P<name>[^<（]*)（第 (?P<round>\d+) 轮）：<strong>(?P<rating>[^<]*)</strong>")

CORA_VIEW = "同意主办单位意见，财政予以支持"
CODY_VIEW = "民政部门配合做好养老床位统计"


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one assignment: its unit, the co-unit's view (or None), the ratings."""

    unit: str
    view: str | None
    ratings: tuple[tuple[str, int, str], ...]


Seen = dict[int, Shown]


def _file(world: World) -> Proposal:
    proposal = at_last_stage(world, joint_in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    proposal.refresh_from_db()
    return proposal


@dataclass
class Story:
    users: dict[str, User]
    lead: Proposal  # uma's unit leads, cora's and cody's units are co-units; leo supervises it as a key proposal
    separate: Proposal  # uma's and sid's units answer separately (分办)
    a: dict[str, Assignment]


@pytest.fixture
def story(world: World) -> Story:
    units = {name: make_unit(world, unit) for name, unit in
             (("cora", "长春市财政局"), ("cody", "长春市民政局"), ("sid", "长春市住房和城乡建设局"), ("otto", "长春市交通局"))}
    users = {**world.users, **{name: make_unit_staff(world, name, unit) for name, unit in units.items()}}
    leo = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    leo.user = world.leo
    leo.save(update_fields=["user"])

    lead = _file(world)
    main, co1, co2 = proposal_assign(actor=world.pete, proposal=lead, mode="lead", units=[world.unit],
                                     co_units=[units["cora"], units["cody"]])
    key_propose(actor=world.pete, proposal=lead, supervisors=[leo])
    co_unit_send_view(actor=users["cora"], assignment=co1, text=CORA_VIEW)
    co_unit_send_view(actor=users["cody"], assignment=co2, text=CODY_VIEW)
    assignment_reply(actor=world.uma, assignment=main, text="已将社区养老纳入年度计划。", reply_class=reply_class(world))
    evaluation_submit(actor=world.alice, assignment=main, rating=Rating.SATISFIED)

    separate = _file(world)
    s1, s2 = proposal_assign(actor=world.pete, proposal=separate, mode="separate", units=[world.unit, units["sid"]])
    for unit_user, row in ((world.uma, s1), (users["sid"], s2)):
        assignment_reply(actor=unit_user, assignment=row, text="已研究落实。", reply_class=reply_class(world))
    evaluation_submit(actor=world.alice, assignment=s1, rating=Rating.SATISFIED)
    evaluation_submit(actor=world.bob, assignment=s2, rating=Rating.BASIC)
    return Story(users=users, lead=lead, separate=separate,
                 a={"main": main, "co1": co1, "co2": co2, "s1": s1, "s2": s2})


def _page(user: User, proposal: Proposal) -> Seen | int:
    client = Client()
    client.force_login(user)
    response = client.get(f"/proposals/{proposal.pk}/")
    if response.status_code != 200:
        return response.status_code
    seen: Seen = {}
    for article in ARTICLE.finditer(response.content.decode()):
        body = article["body"]
        unit = re.search(r'<h3 style="margin-top:0">(?P<unit>[^<]*?) <span', body)
        view = VIEW.search(body)
        ratings = RATINGS.search(body)
        assert unit is not None
        seen[int(article["pk"])] = Shown(
            unit=html.unescape(unit["unit"]),
            view=html.unescape(view["text"]) if view else None,
            ratings=tuple((html.unescape(m["name"]), int(m["round"]), m["rating"])
                          for m in RATING.finditer(ratings["items"])) if ratings else (),
        )
    return seen


def _shown(row: dict[str, Any]) -> Shown:
    return Shown(unit=row["unit"]["name"], view=row["co_unit_view"],
                 ratings=tuple((e["name"], e["round"], e["rating_display"]) for e in row["evaluations"]))


def _api(username: str, proposal: Proposal) -> Seen | int:
    response = api_client(username).get(f"/api/proposals/{proposal.pk}/")
    if response.status_code != 200:
        return response.status_code
    return {row["id"]: _shown(row) for row in response.json()["assignments"]}


def _endpoint(username: str, proposal: Proposal) -> Seen | int:
    """The assignments endpoint: the list (asking for other units' too) and each row's detail agree."""
    client = api_client(username)
    listed = client.get(f"/api/assignments/?proposal={proposal.pk}&mine=false")
    assert listed.status_code == 200
    seen = {row["id"]: _shown(row) for row in listed.json()["results"]}
    for a in Assignment.objects.filter(proposal=proposal):
        one = client.get(f"/api/assignments/{a.pk}/")
        if a.pk in seen:
            assert one.status_code == 200 and _shown(one.json()) == seen[a.pk]
        else:
            assert one.status_code in (403, 404), (username, a.unit.name, one.status_code)
    if not seen:
        return 403  # nothing of the proposal: the page refuses it
    return seen


def _everywhere(story: Story, username: str, proposal: Proposal) -> Seen | int:
    page = _page(story.users[username], proposal)
    assert _api(username, proposal) == page
    assert _endpoint(username, proposal) == page
    return page


ALICE = ("艾丽", 1, "满意")
BOB = ("薄波", 1, "基本满意")


def _expected(story: Story, key: str, *, view: bool = False, ratings: bool = False) -> tuple[int, Shown]:
    a = story.a[key]
    texts = {"co1": CORA_VIEW, "co2": CODY_VIEW}
    given = {"main": (ALICE,), "s1": (ALICE,), "s2": (BOB,)}
    return a.pk, Shown(a.unit.name, texts.get(key) if view else None, given.get(key, ()) if ratings else ())


# ---------------------------------------------------------------- a lead unit with two co-units


@pytest.mark.parametrize("username", ["alice", "bob"])
def test_proposers_see_every_unit_and_their_ratings_but_not_the_co_units_views(story: Story, username: str) -> None:
    seen = _everywhere(story, username, story.lead)
    assert seen == dict(_expected(story, k, ratings=True) for k in ("main", "co1", "co2"))


@pytest.mark.parametrize("username", ["carol", "pete", "leo"])
def test_staff_and_the_supervising_leader_see_everything(story: Story, username: str) -> None:
    """carol reviews, pete manages, leo supervises this key proposal (and reads all of the committee's)."""
    seen = _everywhere(story, username, story.lead)
    assert seen == dict(_expected(story, k, view=True, ratings=True) for k in ("main", "co1", "co2"))


def test_the_lead_unit_sees_its_co_units_and_their_views(story: Story) -> None:
    seen = _everywhere(story, "uma", story.lead)
    assert seen == dict(_expected(story, k, view=True, ratings=True) for k in ("main", "co1", "co2"))


@pytest.mark.parametrize(("username", "key"), [("cora", "co1"), ("cody", "co2")])
def test_a_co_unit_sees_only_its_own_part_and_view(story: Story, username: str, key: str) -> None:
    """Not the lead's reply or its rating, not the other co-unit's view."""
    seen = _everywhere(story, username, story.lead)
    assert seen == dict([_expected(story, key, view=True, ratings=True)])


@pytest.mark.parametrize("username", ["otto", "sid"])
def test_a_unit_not_on_the_proposal_sees_nothing(story: Story, username: str) -> None:
    assert _everywhere(story, username, story.lead) == 403


# ---------------------------------------------------------------- units answering separately (分办)


@pytest.mark.parametrize(("username", "key"), [("uma", "s1"), ("sid", "s2")])
def test_a_separate_unit_sees_only_its_own_answer_and_rating(story: Story, username: str, key: str) -> None:
    seen = _everywhere(story, username, story.separate)
    assert seen == dict([_expected(story, key, ratings=True)])


@pytest.mark.parametrize("username", ["alice", "bob", "pete"])
def test_proposers_and_staff_see_both_separate_answers_and_every_rating(story: Story, username: str) -> None:
    seen = _everywhere(story, username, story.separate)
    assert seen == dict(_expected(story, k, ratings=True) for k in ("s1", "s2"))


@pytest.mark.parametrize("username", ["otto", "cora"])
def test_other_units_see_nothing_of_the_separate_proposal(story: Story, username: str) -> None:
    assert _everywhere(story, username, story.separate) == 403
