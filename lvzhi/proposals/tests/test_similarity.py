"""Similar proposals: a near-duplicate first, with its outcome; same committee, this and earlier years."""
from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from lvzhi.proposals.models import Assignment, AssignmentRole, AssignmentState, Proposal, ReplyClass, State
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.similarity import merge_candidates, similar_proposals
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

pytestmark = pytest.mark.django_db

ELDERLY = ("我市老年人口持续增加，社区居家养老服务设施不足，护理人员短缺，医养结合机构少。"
           "建议增加社区养老服务站点，培养专业护理人员，推进医疗机构与养老机构合作。")


def _proposal(world: World, title: str, body: str, **kwargs: object) -> Proposal:
    proposal = make_proposal(world, title=title, **kwargs)  # type: ignore[arg-type]
    proposal.situation, proposal.analysis, proposal.suggestions = body, "", ""
    proposal.save(update_fields=["situation", "analysis", "suggestions"])
    refresh_search(proposal)
    return proposal


@pytest.fixture
def corpus(world: World) -> dict[str, Proposal]:
    cache.clear()
    last_year = timezone.now() - datetime.timedelta(days=400)
    old = _proposal(world, "關於加強社區居家養老服務的建議", ELDERLY.replace("我市", "本市"), state=State.CLOSED,
                    submitted=last_year, number="15届1次第0009号")
    now = timezone.now()
    reply_class = ReplyClass.objects.get(committee=world.city, code="A")
    Assignment.objects.create(proposal=old, unit=world.unit, role=AssignmentRole.SOLE, assigned_at=now,
                              due_date=now.date(), reassign_until=now.date(), state=AssignmentState.REPLIED,
                              reply_class=reply_class, replied_at=now)
    return {
        "old": old,
        "school": _proposal(world, "关于完善课后服务的建议", "义务教育课后服务师资不足，收费标准不一，家长负担重。"),
        "traffic": _proposal(world, "关于缓解交通拥堵的建议", "早晚高峰拥堵严重，公交专用道不连续，停车难。"),
        "review": _proposal(world, "关于发展社区养老服务的建议", ELDERLY[:60], state=State.IN_REVIEW),
        "other_committee": _proposal(world, "关于加强社区居家养老服务的建议", ELDERLY, committee=world.district),
    }


def test_near_duplicate_first_with_its_outcome(world: World, corpus: dict[str, Proposal]) -> None:
    results = similar_proposals(world.city, "关于加强社区居家养老服务的建议\n" + ELDERLY)
    assert results[0].proposal == corpus["old"]
    proposal, score = results[0]
    assert 0.8 < score <= 1.0
    assert results[0].outcome == "已办结（A类）"
    assert corpus["other_committee"] not in [r.proposal for r in results]
    assert corpus["traffic"] not in [r.proposal for r in results]


def test_a_saved_draft_finds_others_but_not_itself(world: World, corpus: dict[str, Proposal]) -> None:
    draft = _proposal(world, "关于加强社区居家养老服务的建议", ELDERLY, state=State.DRAFT)
    found = [r.proposal for r in similar_proposals(world.city, draft, limit=5)]
    assert draft not in found
    assert found[:2] == [corpus["old"], corpus["review"]]


def test_earlier_years_only(world: World, corpus: dict[str, Proposal]) -> None:
    year = corpus["old"].year
    found = [r.proposal for r in similar_proposals(world.city, ELDERLY, year=year)]
    assert found == [corpus["old"]]


def test_merge_candidates_same_year_in_review_or_filed(world: World, corpus: dict[str, Proposal]) -> None:
    lead = _proposal(world, "关于加强社区居家养老服务的建议", ELDERLY, state=State.IN_REVIEW)
    found = [r.proposal for r in merge_candidates(lead)]
    assert found == [corpus["review"]]  # the closed one is last year's; drafts and other topics are not offered


def test_nothing_in_common(world: World, corpus: dict[str, Proposal]) -> None:
    assert similar_proposals(world.city, "航天 卫星 火箭") == []
    assert similar_proposals(world.city, "") == []


def test_an_indexed_proposal_finds_its_near_twin_even_in_a_small_committee(world: World) -> None:
    """Words that only the query proposal uses must not be chosen as the rarest seeds."""
    from lvzhi.proposals.search_index import refresh_search
    from lvzhi.proposals.similarity import similar_proposals
    from lvzhi.proposals.testing import make_proposal

    first = make_proposal(world, title="关于治理城区道路积水内涝的建议")
    first.situation = ("每逢暴雨城区道路积水严重，排水管网老化，内涝频发。还有地铁施工围挡、绿化带倒伏、井盖缺失、"
                       "路灯损坏、广告牌坠落、电缆裸露、窨井冒水、树木折断、信号灯故障、公交站台进水。")
    first.save()
    twin = make_proposal(world, title="关于解决城区暴雨内涝问题的建议")
    twin.situation = "暴雨时城区多处道路积水，排水管网陈旧，内涝影响出行。"
    twin.save()
    refresh_search(first)
    refresh_search(twin)
    found = [s.proposal for s in similar_proposals(world.city, first)]
    assert found and found[0] == twin
