"""The supervision tables are what the services do: each declared move, made through its real service, leaves the
matter (or the plan) in one of the move's declared outcomes, and the table refuses an actor it does not name."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from lvzhi.supervision import workflow
from lvzhi.supervision.models import MatterState, SupervisionMatter
from lvzhi.supervision.services import groups, matters
from lvzhi.supervision.tests.support import new_matter, setup_group
from lvzhi.testing import World


def _issued(world: World) -> SupervisionMatter:
    matter = new_matter(world, setup_group(world))
    return matters.matter_issue_opinions(actor=world.carol, matter=matter, opinions=["公示收费清单"])


def _fed_back(world: World) -> SupervisionMatter:
    return matters.matter_record_feedback(actor=world.carol, matter=_issued(world), feedback="已在窗口公示收费清单")


# Each declared matter move → the real service that makes it, returning the matter it moved.
SERVICE_FOR_MOVE: dict[str, Callable[[World], SupervisionMatter]] = {
    "edit": lambda w: matters.matter_update(actor=w.carol, matter=new_matter(w, setup_group(w)),
                                            title="涉企收费清单公示情况"),
    "issue_opinions": _issued,
    "record_feedback": _fed_back,
    "verify": lambda w: matters.matter_verify(actor=w.carol, matter=_fed_back(w), verification="实地查看，已整改"),
    "reject_effect": lambda w: matters.matter_reject_effect(actor=w.carol, matter=_fed_back(w),
                                                            reason="仍有两个窗口未公示"),
}


def test_every_move_has_a_service() -> None:
    assert set(SERVICE_FOR_MOVE) == set(workflow.MOVES)
    assert set(workflow.PLAN_MOVES) == {"approve"}  # test_the_plan_approval_leaves_its_outcome covers it


@pytest.mark.parametrize("name", sorted(workflow.MOVES))
def test_the_service_leaves_a_declared_outcome(world: World, name: str) -> None:
    matter = SERVICE_FOR_MOVE[name](world)
    matter.refresh_from_db()
    assert matter.state in workflow.MOVES[name].outcomes
    assert matter.steps.filter(action=name).exists()


def test_the_plan_approval_leaves_its_outcome(world: World) -> None:
    plan = setup_group(world).plan
    groups.plan_approve(actor=world.carol, plan=plan, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.state in workflow.PLAN_MOVES["approve"].outcomes


def test_the_table_refuses_an_actor_it_does_not_name(world: World) -> None:
    matter = new_matter(world, setup_group(world))
    with pytest.raises(ValidationError, match="您无权执行“提出监督意见”"):
        workflow.MATTER.apply(matter, "issue_opinions", actor_role="member")
    assert matter.state == MatterState.FACT_FINDING
