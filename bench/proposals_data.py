"""Bulk-generated proposals for the benchmark: realistic lengths, states, units, replies and ratings."""
from __future__ import annotations

import datetime
import random
from typing import Any

TOPICS = [
    ("养老", "社区居家养老服务", "民政局"), ("教育", "义务教育阶段课后服务", "教育局"),
    ("医疗", "基层医疗卫生服务能力", "卫生健康委员会"), ("营商", "优化营商环境", "营商环境建设局"),
    ("交通", "城区交通拥堵治理", "交通运输局"), ("环境", "黑土地保护与秸秆综合利用", "农业农村局"),
    ("就业", "高校毕业生留本地就业", "人力资源和社会保障局"), ("文旅", "冰雪旅游产业发展", "文化广播电视和旅游局"),
    ("住房", "老旧小区改造", "住房和城乡建设局"), ("食品", "校园食品安全监管", "市场监督管理局"),
    ("科技", "科技成果本地转化", "科学技术局"), ("乡村", "乡村振兴人才队伍建设", "农业农村局"),
]
OPENINGS = ["近年来，我市在{t}方面做了大量工作，取得了明显成效。", "{t}关系群众切身利益，是社会普遍关注的民生问题。"]
PROBLEMS = [
    "但调研中发现，{t}仍存在资金投入不足、专业人员短缺、服务供给与群众需求不匹配等问题。",
    "部分区县{t}的政策落实不到位，部门之间协调联动机制不健全，基层反映较为强烈。",
    "从全省对比看，我市{t}的相关指标仍有差距，群众满意度有待提升。",
]
ANALYSES = [
    "究其原因，一是统筹规划不够，二是保障机制不完善，三是考核评价体系尚未建立。",
    "问题的根源在于投入渠道单一，社会力量参与不足，信息化手段运用不充分。",
]
SUGGESTIONS = [
    "一是加强统筹规划，将{t}纳入年度重点工作；二是加大财政投入，建立稳定增长机制；三是完善考核评价，定期通报进展。",
    "建议由相关部门牵头制定专项实施方案，明确责任分工和时间节点，同时引导社会资本参与，形成工作合力。",
]


def body(rng: random.Random, topic: str, target: int) -> tuple[str, str, str]:
    situation = rng.choice(OPENINGS).format(t=topic) + rng.choice(PROBLEMS).format(t=topic)
    analysis = rng.choice(ANALYSES)
    suggestions = rng.choice(SUGGESTIONS).format(t=topic)
    while len(situation) + len(analysis) + len(suggestions) < target:
        situation += rng.choice(PROBLEMS).format(t=topic)
        analysis += rng.choice(ANALYSES)
        suggestions += rng.choice(SUGGESTIONS).format(t=topic)
    return situation, analysis, suggestions


def _sentence_cached_tokens() -> Any:
    """`segment.tokens`, cached per sentence: the generated texts reuse a few hundred sentences, so indexing
    100,000 of them costs seconds instead of the many minutes jieba would take on every full text."""
    import re

    from lvzhi.text import segment

    cache: dict[str, list[str]] = {}

    def cached(text: str) -> list[str]:
        out: list[str] = []
        for sentence in re.split(r"(?<=[。；！？])", text):
            if sentence not in cache:
                cache[sentence] = segment.tokens(sentence)
            out.extend(cache[sentence])
        return out

    return cached


def index_proposals(committee_ids: list[int]) -> int:
    """Fill the search index the way the services do, with sentence-cached segmentation."""
    from lvzhi.proposals import search_index as search
    from lvzhi.proposals.models import Proposal

    original = search.tokens
    search.tokens = _sentence_cached_tokens()
    try:
        return search.refresh_search_many(Proposal.objects.filter(committee_id__in=committee_ids).iterator())
    finally:
        search.tokens = original


def build_proposals(committees: list[Any], per_committee: int, seed: int = 11) -> dict[str, Any]:
    """Insert `per_committee` proposals in each committee across three years, with their handling records."""
    from django.utils import timezone

    from lvzhi.accounts.models import User
    from lvzhi.committees.models import HandlingUnit
    from lvzhi.members.models import Membership
    from lvzhi.proposals.models import (
        Assignment,
        AssignmentRole,
        AssignmentState,
        Contact,
        ContactPhase,
        Evaluation,
        Proposal,
        ProposalCategory,
        ProposalKind,
        Proposer,
        ProposerRole,
        Rating,
        ReplyClass,
        State,
    )
    from lvzhi.proposals.services.common import proposal_defaults

    rng = random.Random(seed)
    creator = User.objects.order_by("id").first()
    now = timezone.now()
    states = ([State.CLOSED] * 40 + [State.REPLIED] * 15 + [State.ASSIGNED] * 15 + [State.FILED] * 5
              + [State.IN_REVIEW] * 8 + [State.NOT_FILED] * 3 + [State.CONVERTED_OPINION] * 2 + [State.MERGED] * 2
              + [State.DRAFT] * 5 + [State.RETURNED] * 2 + [State.COSIGNING] * 3)
    total = 0
    sample: dict[str, Any] = {}
    for c in committees:
        proposal_defaults(c)
        term = c.current_term()
        categories = list(ProposalCategory.objects.filter(committee=c))
        classes = list(ReplyClass.objects.filter(committee=c))
        units = {u.name: u for u in HandlingUnit.objects.filter(committee=c)}
        for _, _, unit_name in TOPICS:
            if unit_name not in units:
                units[unit_name] = HandlingUnit.objects.create(committee=c, name=unit_name)
        people = list(Membership.objects.filter(committee=c).values_list("person_id", flat=True)[:300])
        proposals: list[Proposal] = []
        for i in range(per_committee):
            key, topic, unit_name = rng.choice(TOPICS)
            state = rng.choice(states)
            year = now.year - rng.choice([0, 0, 1, 2])
            submitted = now.replace(year=year) - datetime.timedelta(days=rng.randint(0, 300))
            filed = state in (State.CLOSED, State.REPLIED, State.ASSIGNED, State.FILED)
            situation, analysis, suggestions = body(rng, topic, rng.randint(600, 2400))
            seq = i + 1 if filed else None
            proposals.append(Proposal(
                committee=c, term=term, year=year, kind=rng.choice([ProposalKind.INDIVIDUAL] * 6 + [ProposalKind.JOINT] * 3
                                                                   + [ProposalKind.COLLECTIVE]),
                title=f"关于进一步做好{topic}工作的建议（{i}）", situation=situation, analysis=analysis,
                suggestions=suggestions, category=rng.choice(categories), state=state, created_by=creator,
                submitted_at=submitted if state != State.DRAFT else None, filed_at=submitted if filed else None,
                number=f"{term.number}届{year}第{seq:05d}号" if seq else "", seq=seq,
                search_text=f"{topic} {key} 建议",
            ))
        Proposal.objects.bulk_create(proposals, batch_size=2000)
        proposals = list(Proposal.objects.filter(committee=c).order_by("id"))
        proposers, assignments = [], []
        for p in proposals:
            for k, person_id in enumerate(rng.sample(people, k=min(len(people), 1 + (p.kind == ProposalKind.JOINT) * 2))):
                proposers.append(Proposer(proposal=p, person_id=person_id, order=k,
                                          role=ProposerRole.FIRST if k == 0 else ProposerRole.COSIGNER))
            if p.state in (State.CLOSED, State.REPLIED, State.ASSIGNED):
                unit = units[next(t[2] for t in TOPICS if t[1] in p.title)]
                replied = p.state != State.ASSIGNED
                assigned = p.filed_at + datetime.timedelta(days=20)
                assignments.append(Assignment(
                    proposal=p, unit=unit, role=AssignmentRole.SOLE,
                    state=AssignmentState.REPLIED if replied else AssignmentState.ASSIGNED, assigned_at=assigned,
                    due_date=(assigned + datetime.timedelta(days=90)).date(),
                    reassign_until=(assigned + datetime.timedelta(days=7)).date(),
                    reply_text="我单位高度重视，经研究答复如下……" * 20 if replied else "",
                    reply_class=rng.choice(classes) if replied else None,
                    replied_at=assigned + datetime.timedelta(days=rng.randint(30, 100)) if replied else None,
                ))
        Proposer.objects.bulk_create(proposers, batch_size=5000)
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        contacts, evaluations = [], []
        for a in Assignment.objects.filter(proposal__committee=c).select_related("proposal"):
            if rng.random() < 0.7:
                contacts.append(Contact(assignment=a, phase=rng.choice(list(ContactPhase)), date=a.assigned_at.date(),
                                        way="当面座谈", participants="提案人、承办单位", summary="沟通办理思路",
                                        recorded_by=creator))
            if a.replied_at is not None:
                first = Proposer.objects.filter(proposal_id=a.proposal_id, order=0).values_list("person_id", flat=True).first()
                if first:
                    evaluations.append(Evaluation(assignment=a, person_id=first, rating=rng.choice(
                        [Rating.SATISFIED] * 7 + [Rating.BASIC] * 2 + [Rating.UNSATISFIED])))
        Contact.objects.bulk_create(contacts, batch_size=5000)
        Evaluation.objects.bulk_create(evaluations, batch_size=5000)
        total += len(proposals)
        # The last committee is the one the benchmark's staff user works in.
        sample = {"committee": c.pk, "proposal": proposals[len(proposals) // 2].pk, "year": now.year}
    sample["total"] = total
    sample["indexed"] = index_proposals([c.pk for c in committees])
    return sample
