"""Searching proposals: words of title and body in either script, visibility, filters, numbers, reindexing."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lvzhi.proposals.models import Assignment, AssignmentRole, Proposal, ProposalKind, State
from lvzhi.proposals.models_search import ProposalTerm
from lvzhi.proposals.search import search
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

pytestmark = pytest.mark.django_db


def _with_text(proposal: Proposal, body: str) -> Proposal:
    proposal.situation, proposal.analysis, proposal.suggestions = body, "", ""
    proposal.save(update_fields=["situation", "analysis", "suggestions"])
    refresh_search(proposal)
    return proposal


def _assign(proposal: Proposal, world: World) -> None:
    now = timezone.now()
    Assignment.objects.create(proposal=proposal, unit=world.unit, role=AssignmentRole.SOLE, assigned_at=now,
                              due_date=now.date() + datetime.timedelta(days=90), reassign_until=now.date())


@pytest.fixture
def corpus(world: World) -> dict[str, Proposal]:
    return {
        "elderly": _with_text(make_proposal(world, title="关于加强城市社区养老服务的建议", number="15届1次第0001号"),
                              "老年人口增多，居家养老服务设施不足，建议推进医养结合。"),
        "school": _with_text(make_proposal(world, title="關於完善義務教育課後服務的建議", state=State.ASSIGNED,
                                           number="15届1次第0002号", kind=ProposalKind.JOINT),
                             "課後服務師資不足，收費標準不一，建議加強協商。"),
        "traffic": _with_text(make_proposal(world, title="关于缓解城区交通拥堵的建议", state=State.IN_REVIEW),
                              "早晚高峰拥堵严重，公交专用道不连续。"),
        "district": _with_text(make_proposal(world, title="关于宽城区社区养老的建议", committee=world.district,
                                             proposers=[world.people["bob"]]), "社区养老服务站覆盖不足。"),
    }


def test_finds_title_and_body_words_in_both_scripts(world: World, corpus: dict[str, Proposal]) -> None:
    pete = world.pete
    assert list(search(pete, "社区养老")) == [corpus["elderly"]]
    assert list(search(pete, "社區養老")) == [corpus["elderly"]]
    assert list(search(pete, "医养结合")) == [corpus["elderly"]]
    assert list(search(pete, "义务教育 课后")) == [corpus["school"]]
    assert list(search(pete, "协商")) == [corpus["school"]]


def test_all_words_must_match(world: World, corpus: dict[str, Proposal]) -> None:
    assert list(search(world.pete, "养老 拥堵")) == []
    assert set(search(world.pete, "服务")) == {corpus["elderly"], corpus["school"]}


def test_relevance_puts_title_matches_first(world: World, corpus: dict[str, Proposal]) -> None:
    body_only = _with_text(make_proposal(world, title="关于公共服务数字化的建议"), "顺带提到养老。")
    results = list(search(world.pete, "养老"))
    assert results[0] == corpus["elderly"] and body_only in results


def test_exact_number(world: World, corpus: dict[str, Proposal]) -> None:
    assert list(search(world.pete, "15届1次第0002号")) == [corpus["school"]]


def test_visibility(world: World, corpus: dict[str, Proposal]) -> None:
    assert list(search(world.olga, "养老")) == [corpus["district"]]
    assert list(search(world.olga, "交通")) == []
    assert list(search(world.uma, "服务")) == []
    _assign(corpus["school"], world)
    assert list(search(world.uma, "服务")) == [corpus["school"]]
    assert list(search(world.alice, "交通")) == [corpus["traffic"]]  # her own (she is the proposer)
    assert list(search(world.bob, "交通")) == []


def test_filters(world: World, corpus: dict[str, Proposal]) -> None:
    pete = world.pete
    assert set(search(pete, "", {"state": State.ASSIGNED})) == {corpus["school"]}
    assert list(search(pete, "服务", {"kind": ProposalKind.JOINT})) == [corpus["school"]]
    assert list(search(pete, "服务", {"year": 1999})) == []
    assert set(search(pete, "养老", {"committee": world.city})) == {corpus["elderly"]}
    _assign(corpus["school"], world)
    assert list(search(pete, "", {"unit": world.unit})) == [corpus["school"]]
    assert list(search(pete, "", {"is_key": True})) == []
    assert set(search(pete, "", {"session": "none"})) >= {corpus["elderly"], corpus["school"]}


def test_reindex_after_edit_replaces_words(world: World, corpus: dict[str, Proposal]) -> None:
    proposal = corpus["traffic"]
    proposal.title = "关于治理噪声污染的建议"
    proposal.save(update_fields=["title"])
    _with_text(proposal, "夜间施工噪声扰民。")
    assert list(search(world.pete, "拥堵")) == []
    assert list(search(world.pete, "噪声")) == [proposal]
    assert ProposalTerm.objects.filter(proposal=proposal, term="噪声").exists()
    assert " 噪声 " in Proposal.objects.get(pk=proposal.pk).search_text


def test_stop_word_query_falls_back_to_title(world: World, corpus: dict[str, Proposal]) -> None:
    assert len(search(world.pete, "建议")) == 3
