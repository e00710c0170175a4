"""The report's page and the API show each reader the same history, revisions and source-proposal history."""
from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from lvzhi.accounts.models import User
from lvzhi.api.tests.helpers import api_client
from lvzhi.opinions.models import OpinionReport
from lvzhi.opinions.services.editing import opinion_accept, opinion_revise
from lvzhi.proposals.models import Decision
from lvzhi.proposals.services.common import stages
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import joint_in_review
from lvzhi.testing import World

INTERNAL = "内部意见：数据须再核实"
HISTORY = re.compile(r'<ul class="timeline" id="history">(.*?)</ul>', re.S)
PROPOSAL_HISTORY = re.compile(r'<ul class="timeline" id="proposal-history">(.*?)</ul>', re.S)
REVISIONS = re.compile(r"<h2>编辑修改记录</h2>\s*<ul class=\"timeline\">(.*?)</ul>", re.S)
EVENT = re.compile(r'<li><span class="muted small">[^<]*</span> (?P<label>[^·：<]*?)(?: · (?P<actor>[^：<]*?))?'
                   r"(?:：(?P<remarks>[^<]*))?</li>", re.S)
PROPOSAL_EVENT = re.compile(r'<li><span class="muted small">[^<]*</span> (?P<text>[^<]*)</li>', re.S)


@pytest.fixture
def report(world: World) -> OpinionReport:
    """alice and bob's joint proposal, passed with an internal remark and turned into 社情民意, which rita
    accepts and revises."""
    proposal = joint_in_review(world)
    for _ in stages(world.city)[:-1]:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks=INTERNAL)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.CONVERT_OPINION, explanation="转社情民意",
                  proposer_consented=True)
    report = OpinionReport.objects.get(source_proposal=proposal)
    opinion_accept(actor=world.rita, report=report)
    report.refresh_from_db()
    opinion_revise(actor=world.rita, report=report, title="关于加快社区养老服务的建议", body=report.body,
                   note="精简标题")
    return report


def _page(user: User, report: OpinionReport) -> dict[str, Any] | int:
    client = Client()
    client.force_login(user)
    response = client.get(f"/opinions/{report.pk}/")
    if response.status_code != 200:
        return response.status_code
    text = response.content.decode()
    history, proposal, revisions = HISTORY.search(text), PROPOSAL_HISTORY.search(text), REVISIONS.search(text)
    assert history is not None and proposal is not None and revisions is not None
    events = [EVENT.fullmatch(li) for li in re.findall(r"<li>.*?</li>", history.group(1), re.S)]
    assert all(events)
    return {
        "events": [(html.unescape(m["label"]), m["actor"], html.unescape(m["remarks"] or ""))
                   for m in events if m is not None],
        "proposal": [html.unescape(m) for m in PROPOSAL_EVENT.findall(proposal.group(1))],
        "revisions": html.unescape(revisions.group(1)),
    }


def _api(username: str, report: OpinionReport) -> dict[str, Any] | int:
    response = api_client(username).get(f"/api/opinions/{report.pk}/")
    if response.status_code != 200:
        return response.status_code
    body = response.json()
    return {
        "events": [(e["label"], e["actor"], e["remarks"]) for e in body["events"]],
        "proposal": [e["remarks"] or e["label"] for e in body["source_proposal_history"]],
        "editors": [v["editor"] for v in body["revisions"]],
    }


OFFICE = ("rita", "carol", "leo")
AUTHORS = ("alice", "bob")
PROPOSAL_STAFF = ("carol", "leo")
REFUSED = ("pete", "uma", "olga", "sam", "auditor")


@pytest.mark.parametrize("username", OFFICE + AUTHORS)
def test_page_and_api_show_the_same_history(world: World, report: OpinionReport, username: str) -> None:
    page, api = _page(world.users[username], report), _api(username, report)
    assert isinstance(page, dict) and isinstance(api, dict)
    assert page["events"] == api["events"]
    assert page["proposal"] == api["proposal"]
    # The source proposal's internal review remarks: for proposal staff (carol, leo), not for rita or the authors.
    assert any(INTERNAL in text for text in api["proposal"]) is (username in PROPOSAL_STAFF)
    office = username in OFFICE
    editors: list[str | None] = ["任婷"] if office else [None]
    assert api["editors"] == editors
    assert ("任婷" in page["revisions"]) is office and "精简标题" in page["revisions"]
    actors = {actor for _, actor, _ in api["events"]}
    expected: set[str | None] = {"任婷", "彭涛"} if office else {None}
    assert actors == expected


@pytest.mark.parametrize("username", REFUSED)
def test_those_who_may_not_read_the_report_see_it_in_neither(world: World, report: OpinionReport,
                                                              username: str) -> None:
    page, api = _page(world.users[username], report), _api(username, report)
    assert page == api == 403
