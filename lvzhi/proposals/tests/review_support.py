"""Helpers for the drafting and review tests: realistic text and proposals moved through the real services."""
from __future__ import annotations

from typing import Any

from lvzhi.proposals.models import Decision, Proposal, ProposalCategory, ProposalKind
from lvzhi.proposals.services import common
from lvzhi.proposals.services.drafting import cosign_respond, proposal_create_draft, proposal_submit
from lvzhi.proposals.services.review import review_decide
from lvzhi.testing import World

SITUATION = ("我市现有60岁以上老年人口约150万人，占总人口的21%，社区养老服务站点覆盖率不足五成，"
             "部分老旧小区没有助餐、助浴等基本服务，独居和失能老人的照护需求难以满足。") * 2
ANALYSIS = ("主要原因在于社区养老服务设施规划滞后，运营补贴标准偏低，专业护理人员缺口较大，"
            "社会力量参与的积极性不高，医养结合的机制尚未真正建立。") * 2
SUGGESTIONS = ("一、将社区养老服务设施纳入新建小区配套，老旧小区通过改造补齐养老服务用房。"
               "二、提高社区养老服务站运营补贴标准，按服务老人人次给予奖补。"
               "三、加强养老护理员培训，落实养老护理员岗位津贴，稳定社区养老服务队伍。")
TITLE = "关于加快发展社区养老服务的建议"


def body(**overrides: str) -> dict[str, str]:
    return {"situation": SITUATION, "analysis": ANALYSIS, "suggestions": SUGGESTIONS, **overrides}


def draft(world: World, *, who: str = "alice", kind: str = ProposalKind.INDIVIDUAL, cosigners: tuple[str, ...] = (),
          title: str = TITLE, **fields: Any) -> Proposal:
    values = {**body(), **fields}
    return proposal_create_draft(actor=world.users[who], committee=world.city, kind=kind, title=title,
                                 cosigners=[world.people[c] for c in cosigners], **values)


def in_review(world: World, *, who: str = "alice", **kwargs: Any) -> Proposal:
    """An individual proposal submitted and waiting at the first review stage."""
    proposal = draft(world, who=who, **kwargs)
    return proposal_submit(actor=world.users[who], proposal=proposal)


def joint_in_review(world: World) -> Proposal:
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    return cosign_respond(actor=world.bob, proposal=proposal, accept=True)


def at_last_stage(world: World, proposal: Proposal, reviewer: str = "pete") -> Proposal:
    for _ in common.stages(proposal.committee)[:-1]:
        review_decide(actor=world.users[reviewer], proposal=proposal, decision=Decision.PASS, remarks="同意")
    return proposal


def category(world: World, name: str = "社会事业") -> ProposalCategory:
    common.proposal_defaults(world.city)
    return ProposalCategory.objects.get(committee=world.city, name=name)


def filed(world: World, **kwargs: Any) -> Proposal:
    proposal = at_last_stage(world, in_review(world, **kwargs))
    return review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
