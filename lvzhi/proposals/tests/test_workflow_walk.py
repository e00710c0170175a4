"""Random walks over the proposal workflow by random personas keep the invariants users rely on."""
from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lvzhi.proposals.models import (
    CosignStatus,
    Decision,
    Proposal,
    ProposalEvent,
    ProposalKind,
    Proposer,
    RejectionReason,
    State,
)
from lvzhi.proposals.services import common
from lvzhi.proposals.services.drafting import (
    cosign_expire_overdue,
    cosign_respond,
    proposal_submit,
    proposal_update_draft,
    proposal_withdraw,
)
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import category, draft
from lvzhi.proposals.workflow import FILED_STATES
from lvzhi.testing import World

# Repeated entries weight the draw so that walks get past review often enough to file and merge.
PERSONAS = ["alice", "alice", "bob", "bob", "pete", "pete", "pete", "carol", "olga"]
ACTIONS = ["create", "create", "create_joint", "edit", "submit", "submit", "accept", "accept", "decline", "expire",
           "withdraw", "pass", "pass", "pass", "pass", "file", "file", "not_file", "convert", "merge", "merge",
           "return"]
STEP = st.tuples(st.sampled_from(ACTIONS), st.sampled_from(PERSONAS), st.integers(0, 3), st.integers(0, 3))


def _apply(world: World, action: str, who: str, i: int, j: int, reason: RejectionReason) -> None:
    actor = world.users[who]
    proposals = list(Proposal.objects.order_by("id"))
    if action in ("create", "create_joint"):
        cosigner = "bob" if who == "alice" else "alice"
        joint = action == "create_joint"
        draft(world, who=who, kind=ProposalKind.JOINT if joint else ProposalKind.INDIVIDUAL,
              cosigners=(cosigner,) if joint else (), title=f"关于第{len(proposals) + 1}件事的建议")
        return
    if action == "expire":
        cosign_expire_overdue(now=timezone.now() + datetime.timedelta(days=5))
        return
    if not proposals:
        return
    p = proposals[i % len(proposals)]
    other = proposals[j % len(proposals)]
    review: dict[str, dict[str, Any]] = {
        "pass": {"decision": Decision.PASS},
        "file": {"decision": Decision.FILE, "category": category(world), "suggested_units": [world.unit]},
        "not_file": {"decision": Decision.NOT_FILE, "rejection_reason": reason},
        "convert": {"decision": Decision.CONVERT_SUGGESTION, "explanation": "转作参考", "proposer_consented": True},
        "merge": {"decision": Decision.MERGE, "merge_into": other},
        "return": {"decision": Decision.RETURN, "remarks": "请修改"},
    }
    if action == "edit":
        proposal_update_draft(actor=actor, proposal=p, analysis=p.analysis + "补充分析。")
    elif action == "submit":
        proposal_submit(actor=actor, proposal=p)
    elif action in ("accept", "decline"):
        cosign_respond(actor=actor, proposal=p, accept=action == "accept")
    elif action == "withdraw":
        proposal_withdraw(actor=actor, proposal=p, reason="不再需要")
    else:
        review_decide(actor=actor, proposal=p, **review[action])


def _check_invariants() -> None:
    proposals = list(Proposal.objects.all())
    numbers = Counter((p.committee_id, p.term_id, p.number) for p in proposals if p.number)
    assert all(n == 1 for n in numbers.values()), numbers
    for p in proposals:
        assert p.state in State.values
        assert bool(p.number) == (p.state in FILED_STATES), (p.state, p.number)
        assert (p.review_stage_id is not None) == (p.state == State.IN_REVIEW)
        last = ProposalEvent.objects.filter(proposal=p).order_by("-id").first()
        assert last is not None and last.to_state == p.state
        if p.state == State.MERGED:
            assert p.merged_into_id is not None
            credited = set(Proposer.objects.filter(proposal_id=p.merged_into_id).values_list("person_id", flat=True))
            confirmed = set(Proposer.objects.filter(proposal=p, status=CosignStatus.CONFIRMED)
                            .values_list("person_id", flat=True))
            assert confirmed <= credited
        if p.kind == ProposalKind.JOINT:
            assert Proposer.objects.filter(proposal=p, role="cosigner").exists()
        if p.state not in (State.DRAFT, State.COSIGNING, State.WITHDRAWN):
            assert not Proposer.objects.filter(proposal=p, status=CosignStatus.INVITED).exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=5, max_size=40))
def test_random_walk_keeps_invariants(world, steps):
    common.stages(world.city)
    reason, _ = RejectionReason.objects.get_or_create(name="缺乏具体建议")
    with transaction.atomic():
        for action, who, i, j in steps:
            try:
                _apply(world, action, who, i, j, reason)
                event(f"done: {action}")
            except (ValidationError, PermissionDenied):
                pass
            _check_invariants()
        transaction.set_rollback(True)


def test_walk_reaches_the_outcomes(world):
    """A fixed walk that must end with a filed lead crediting everyone merged into it."""
    common.stages(world.city)
    reason, _ = RejectionReason.objects.get_or_create(name="缺乏具体建议")
    steps = [("create", "alice", 0, 0), ("create_joint", "bob", 0, 0), ("submit", "alice", 0, 0),
             ("submit", "bob", 1, 0), ("accept", "alice", 1, 0)]
    steps += [("pass", "pete", k, 0) for k in (0, 0, 1, 1)]
    steps += [("file", "pete", 0, 0), ("merge", "pete", 1, 0)]
    for action, who, i, j in steps:
        _apply(world, action, who, i, j, reason)
        _check_invariants()
    lead, merged = Proposal.objects.order_by("id")
    assert (lead.state, lead.number, merged.state) == (State.FILED, "15届平时第0001号", State.MERGED)
    assert set(lead.proposers.values_list("person__name", flat=True)) == {"艾丽", "薄波"}
