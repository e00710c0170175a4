"""proposal_assign: modes, units, deadlines from the committee's settings, permission and workflow refusals."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import AssignmentRole, AssignmentState, ProposalEvent, ProposalSettings, State
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.handling import proposal_assign
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import assigned, make_unit, today


def test_sole_assignment_uses_default_deadlines(world):
    proposal, [a] = assigned(world)
    assert proposal.state == State.ASSIGNED and proposal.assigned_at is not None
    assert a.role == AssignmentRole.SOLE and a.state == AssignmentState.ASSIGNED and a.round == 1
    assert a.due_date == today() + datetime.timedelta(days=90)
    assert a.reassign_until == today() + datetime.timedelta(days=7)
    event = ProposalEvent.objects.get(proposal=proposal, action="assign")
    assert (event.from_state, event.to_state, event.actor) == (State.FILED, State.ASSIGNED, world.pete)
    assert AuditEvent.objects.filter(action="proposal.assign", object_id=str(proposal.pk)).exists()


def test_deadlines_follow_the_committee_settings(world):
    proposal_defaults(world.city)
    ProposalSettings.objects.filter(committee=world.city).update(reply_days=60, reassign_days=5, max_extension_days=120)
    _, [a] = assigned(world)
    assert a.due_date == today() + datetime.timedelta(days=60)
    assert a.reassign_until == today() + datetime.timedelta(days=5)
    proposal = make_proposal(world)
    with pytest.raises(ValidationError, match="最长为交办后 120 日"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit],
                        due_date=today() + datetime.timedelta(days=121))


def test_explicit_due_date_within_bounds(world):
    proposal = make_proposal(world)
    due = today() + datetime.timedelta(days=45)
    [a] = proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit], due_date=due)
    assert a.due_date == due
    other = make_proposal(world)
    with pytest.raises(ValidationError, match="不能早于交办日期"):
        proposal_assign(actor=world.pete, proposal=other, mode="sole", units=[world.unit],
                        due_date=today() - datetime.timedelta(days=1))


def test_separate_and_lead_modes(world):
    health = make_unit(world)
    transport = make_unit(world, "长春市交通运输局")
    _, created = assigned(world, mode="separate", units=[world.unit, health])
    assert [a.role for a in created] == [AssignmentRole.SEPARATE, AssignmentRole.SEPARATE]
    _, created = assigned(world, mode="lead", units=[world.unit], co_units=[health, transport])
    assert [a.role for a in created] == [AssignmentRole.LEAD, AssignmentRole.CO, AssignmentRole.CO]


@pytest.mark.parametrize(("mode", "n_units", "n_co", "message"), [
    ("sole", 2, 0, "单办须且只能指定一个"),
    ("sole", 0, 0, "单办须且只能指定一个"),
    ("separate", 1, 0, "分办须指定两个或以上"),
    ("lead", 1, 0, "至少一个会办单位"),
    ("lead", 2, 1, "一个主办单位"),
    ("other", 1, 0, "请选择交办方式"),
])
def test_mode_shapes_are_checked(world, mode, n_units, n_co, message):
    units = [world.unit, make_unit(world), make_unit(world, "长春市民政局")]
    proposal = make_proposal(world)
    with pytest.raises(ValidationError, match=message):
        proposal_assign(actor=world.pete, proposal=proposal, mode=mode, units=units[:n_units],
                        co_units=units[n_units:n_units + n_co])
    proposal.refresh_from_db()
    assert proposal.state == State.FILED and not proposal.assignments.exists()


def test_units_must_be_active_distinct_and_of_the_committee(world):
    proposal = make_proposal(world)
    district_unit = make_unit(world, "宽城区教育局", committee=world.district)
    with pytest.raises(ValidationError, match="不是.*的承办单位"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[district_unit])
    with pytest.raises(ValidationError, match="重复"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="lead", units=[world.unit], co_units=[world.unit])
    closed = make_unit(world, "长春市撤并局")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="已停用"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[closed])


@pytest.mark.parametrize("who", ["alice", "uma", "leo", "olga", "carol"])
def test_only_proposal_staff_assign(world, who):
    proposal = make_proposal(world)
    with pytest.raises(PermissionDenied):
        proposal_assign(actor=world.users[who], proposal=proposal, mode="sole", units=[world.unit])


@pytest.mark.parametrize("state", [State.IN_REVIEW, State.ASSIGNED, State.NOT_FILED, State.CLOSED])
def test_only_filed_proposals_are_assigned(world, state):
    proposal = make_proposal(world, state=state)
    with pytest.raises(ValidationError, match="不能执行“交办”"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit])


def test_assigning_twice_is_refused(world):
    proposal, _ = assigned(world)
    with pytest.raises(ValidationError, match="提案当前为“已交办”"):
        proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit])
    assert proposal.assignments.count() == 1
