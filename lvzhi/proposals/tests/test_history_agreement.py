"""The proposal page and the API show each reader the same history: the same moves, actors and remarks."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from django.test import Client

from lvzhi.accounts.models import User
from lvzhi.api.tests.helpers import api_client
from lvzhi.members.services import membership_create, person_create
from lvzhi.proposals.models import Decision, Proposal, ProposalEvent, Rating, State
from lvzhi.proposals.services.common import stages
from lvzhi.proposals.services.drafting import proposal_submit
from lvzhi.proposals.services.handling import (
    assignment_reply,
    co_unit_send_view,
    evaluation_submit,
    proposal_assign,
    proposal_close,
)
from lvzhi.proposals.services.key import key_propose
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.handling_support import make_unit, make_unit_staff, reply_class
from lvzhi.proposals.tests.review_support import category, in_review, joint_in_review
from lvzhi.testing import World

INTERNAL = "内部意见：数据须再核实"  # a reviewer's pass remark: the office's alone
RETURN = "请补充具体建议"  # a return's remark: addressed to the proposers
FILING = "建议由教育局主办"
CLOSING = "答复已落实，予以办结"

HISTORY = re.compile(r'<ol class="timeline" id="history">(.*?)</ol>', re.S)
ROW = re.compile(
    r'<li><span class="muted small">[^<]*</span> <strong>(?P<label>[^<]*)</strong>'
    r'(?: → (?P<to>[^<]*?))?(?: <span class="muted small">（(?P<actor>[^<]*)）</span>)?'
    r'(?:<br><span class="small">(?P<remarks>[^<]*)</span>)?</li>', re.S)


@dataclass(frozen=True)
class Row:
    label: str
    to: str
    actor: str | None
    remarks: str


@dataclass
class Story:
    proposal: Proposal
    users: dict[str, User]


@pytest.fixture
def story(world: World) -> Story:
    """alice's joint proposal with bob, through review (an internal pass, a return, a resubmission, filing),
    assignment to uma's unit as lead with a co-unit, the co-unit's view, the reply, alice's rating, key
    supervision by leo, and closing."""
    co_unit, other_unit = make_unit(world, "长春市财政局"), make_unit(world, "长春市民政局")
    users = {**world.users, "cora": make_unit_staff(world, "cora", co_unit),
             "otto": make_unit_staff(world, "otto", other_unit)}
    leo = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    leo.user = world.leo
    leo.save(update_fields=["user"])

    proposal = joint_in_review(world)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.RETURN, remarks=RETURN)
    proposal_submit(actor=world.alice, proposal=proposal)
    proposal.refresh_from_db()
    for _ in stages(world.city)[:-1]:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks=INTERNAL)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world),
                  remarks=FILING)
    lead, co = proposal_assign(actor=world.pete, proposal=proposal, mode="lead", units=[world.unit],
                               co_units=[co_unit])
    key_propose(actor=world.pete, proposal=proposal, supervisors=[leo])
    co_unit_send_view(actor=users["cora"], assignment=co, text="同意主办单位意见")
    assignment_reply(actor=world.uma, assignment=lead, text="已将社区养老纳入年度计划。", reply_class=reply_class(world))
    evaluation_submit(actor=world.alice, assignment=lead, rating=Rating.SATISFIED)
    proposal.refresh_from_db()
    proposal_close(actor=world.pete, proposal=proposal, remarks=CLOSING)
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED
    return Story(proposal=proposal, users=users)


def _page(user: User, proposal: Proposal) -> tuple[int, list[Row] | None]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/proposals/{proposal.pk}/")
    if response.status_code != 200:
        return response.status_code, None
    section = HISTORY.search(response.content.decode())
    assert section is not None
    items = re.findall(r"<li>.*?</li>", section.group(1), re.S)
    rows = [ROW.fullmatch(item) for item in items]
    assert all(rows), items
    return 200, [Row(label=html.unescape(m["label"]), to=html.unescape(m["to"] or ""),
                     actor=html.unescape(m["actor"]) if m["actor"] else None,
                     remarks=html.unescape(m["remarks"] or "")) for m in rows if m is not None]


def _api(username: str, proposal: Proposal) -> tuple[int, list[Row] | None]:
    response = api_client(username).get(f"/api/proposals/{proposal.pk}/")
    if response.status_code != 200:
        return response.status_code, None
    return 200, [Row(label=e["label"],
                     to=State(e["to_state"]).label if e["to_state"] != e["from_state"] else "",
                     actor=e["actor"], remarks=e["remarks"]) for e in response.json()["events"]]


# Who reads everything the office recorded, who reads it as a party to the proposal, who may not read it.
STAFF = ("pete", "carol", "leo")
PARTIES = {"alice": "艾丽", "bob": "薄波", "uma": "吴敏", "cora": "cora"}
REFUSED = ("dan", "sam", "otto", "rita", "olga", "auditor")


def _history(story: Story, username: str) -> tuple[int, list[Row] | None]:
    page, api = _page(story.users[username], story.proposal), _api(username, story.proposal)
    assert page == api
    return page


@pytest.mark.parametrize("username", STAFF)
def test_staff_see_every_actor_and_remark_alike_on_the_page_and_in_the_api(story: Story, username: str) -> None:
    status, rows = _history(story, username)
    assert status == 200 and rows is not None
    assert len(rows) == ProposalEvent.objects.filter(proposal=story.proposal).count()
    remarks = " ".join(r.remarks for r in rows)
    assert INTERNAL in remarks and RETURN in remarks and FILING in remarks and CLOSING in remarks
    assert {r.actor for r in rows} >= {"艾丽", "薄波", "彭涛", "吴敏", "cora"}
    assert [r.to for r in rows if r.to][-1] == "已办结"


@pytest.mark.parametrize("username", PARTIES)
def test_parties_see_only_their_own_names_and_no_internal_remarks_alike(story: Story, username: str) -> None:
    status, rows = _history(story, username)
    assert status == 200 and rows is not None
    assert len(rows) == ProposalEvent.objects.filter(proposal=story.proposal).count()
    remarks = " ".join(r.remarks for r in rows)
    assert INTERNAL not in remarks and FILING not in remarks
    assert RETURN in remarks and CLOSING in remarks
    own = PARTIES[username]
    assert {r.actor for r in rows} == {None, own}
    assert "彭涛" not in {r.actor for r in rows}
    assert [r.label for r in rows if r.to == "已立案"] == ["立案"]


def test_special_committee_staff_read_their_own_proposal_as_a_proposer_alike(world: World) -> None:
    """proposal.review without view_all does not open the office's side of one's own proposal."""
    sam = person_create(actor=None, check_actor=False, name="孙明", id_number="",
                        phone="13500002222")
    sam.user = world.sam
    sam.save(update_fields=["user"])
    membership_create(actor=None, person=sam, committee=world.city, check_actor=False,
                      sector=world.sectors["经济界"], party=world.parties["无党派"])
    proposal = in_review(world, who="sam")
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks=INTERNAL)
    page, api = _page(world.sam, proposal), _api("sam", proposal)
    assert page == api and page[1] is not None
    assert INTERNAL not in " ".join(r.remarks for r in page[1])
    assert {r.actor for r in page[1]} == {None, "孙明"}


@pytest.mark.parametrize("username", REFUSED)
def test_those_who_may_not_read_the_proposal_see_no_history_in_either(story: Story, world: World,
                                                                      username: str) -> None:
    if username == "dan":
        from lvzhi.accounts.models import Role
        from lvzhi.accounts.services import grant_create_unchecked, user_create
        from lvzhi.testing import PASSWORD

        dan = user_create(actor=None, username="dan", display_name="丁丹", password=PASSWORD,
                          must_change_password=False, check_actor=False)
        grant_create_unchecked(actor=None, user=dan, role=Role.MEMBER, committee=world.city)
        story.users["dan"] = dan
    status, rows = _history(story, username)
    assert status == 403 and rows is None
