"""Who sees an assigned proposal: its unit, its signers and staff; not another unit, not an outsider."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lvzhi.proposals.models import Proposer, ProposerRole
from lvzhi.proposals.selectors import can_view, get_proposal_for_user, proposals_for_user
from lvzhi.proposals.services.handling import assignment_decide_reassign, assignment_request_reassign
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff


def test_a_unit_sees_only_what_was_assigned_to_it(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [a] = assigned(world, proposers=[world.people["alice"], world.people["bob"]])
    assert can_view(world.uma, proposal)
    assert list(proposals_for_user(world.uma)) == [proposal]
    assert not can_view(hank, proposal)
    assert not proposals_for_user(hank).exists()
    with pytest.raises(PermissionDenied):
        get_proposal_for_user(hank, proposal.pk)
    assignment_request_reassign(actor=world.uma, assignment=a, reason="非我局职责")
    assignment_decide_reassign(actor=world.pete, assignment=a, approve=True, new_units=[health])
    assert can_view(hank, proposal)


def test_signers_and_staff_see_it_an_outsider_does_not(world):
    proposal, _ = assigned(world, proposers=[world.people["alice"], world.people["bob"]])
    assert Proposer.objects.get(proposal=proposal, person=world.people["bob"]).role == ProposerRole.COSIGNER
    for who in ("alice", "bob", "pete", "leo"):
        assert can_view(world.users[who], proposal), who
    for who in ("olga", "sysadmin"):
        assert not can_view(world.users[who], proposal), who
