"""Evaluation by each proposer: once per round, within the window, 不满意 with a comment."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.members.services import person_create
from lvzhi.proposals.models import CosignStatus, Evaluation, ProposalSettings, Proposer, Rating
from lvzhi.proposals.services.handling import assignment_reply, evaluation_submit
from lvzhi.proposals.tests.handling_support import assigned, reply_class, shift_reply


def replied(world, **kwargs):
    proposal, [a] = assigned(world, proposers=[world.people["alice"], world.people["bob"]], **kwargs)
    assignment_reply(actor=world.uma, assignment=a, text="已列入年度计划", reply_class=reply_class(world, "B"))
    a.refresh_from_db()
    return proposal, a


def test_every_proposer_rates_once(world):
    _, a = replied(world)
    ev = evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
    assert (ev.person, ev.round, ev.rating) == (world.people["alice"], 1, Rating.SATISFIED)
    with pytest.raises(ValidationError, match="您已评价过该答复"):
        evaluation_submit(actor=world.alice, assignment=a, rating=Rating.BASIC)
    evaluation_submit(actor=world.bob, assignment=a, rating=Rating.BASIC, comment="希望加快进度")
    assert Evaluation.objects.filter(assignment=a).count() == 2


def test_unsatisfied_needs_a_comment(world):
    _, a = replied(world)
    with pytest.raises(ValidationError, match="请填写意见"):
        evaluation_submit(actor=world.alice, assignment=a, rating=Rating.UNSATISFIED, comment=" ")
    with pytest.raises(ValidationError, match="请选择满意"):
        evaluation_submit(actor=world.alice, assignment=a, rating="great")
    evaluation_submit(actor=world.alice, assignment=a, rating=Rating.UNSATISFIED, comment="答复空泛，未回应建议")


def test_only_confirmed_proposers_rate(world):
    _, a = replied(world)
    Proposer.objects.filter(proposal=a.proposal, person=world.people["bob"]).update(status=CosignStatus.DECLINED)
    for who in ("bob", "uma", "pete", "olga", "leo"):
        with pytest.raises(PermissionDenied):
            evaluation_submit(actor=world.users[who], assignment=a, rating=Rating.SATISFIED)
    outsider = person_create(actor=None, check_actor=False, name="欧丽", id_number="", phone="")
    outsider.user = world.olga
    outsider.save(update_fields=["user"])
    with pytest.raises(PermissionDenied):
        evaluation_submit(actor=world.olga, assignment=a, rating=Rating.SATISFIED)


def test_evaluation_window(world):
    _, a = replied(world)
    shift_reply(a, 30)
    evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
    shift_reply(a, 1)
    with pytest.raises(ValidationError, match="已超过评价期限（答复后 30 日内）"):
        evaluation_submit(actor=world.bob, assignment=a, rating=Rating.SATISFIED)
    ProposalSettings.objects.filter(committee=world.city).update(evaluation_days=45)
    evaluation_submit(actor=world.bob, assignment=a, rating=Rating.SATISFIED)


def test_no_evaluation_before_every_unit_replied(world):
    proposal, [a] = assigned(world)
    with pytest.raises(ValidationError, match="不能执行“评价”"):
        evaluation_submit(actor=world.alice, assignment=a, rating=Rating.SATISFIED)
