"""Submitting, co-signing and withdrawing proposals."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.committees.models import Session
from lvzhi.proposals.models import CosignStatus, Decision, ProposalEvent, ProposalKind, Proposer, State
from lvzhi.proposals.services.drafting import (
    cosign_expire_overdue,
    cosign_respond,
    proposal_submit,
    proposal_update_draft,
    proposal_withdraw,
)
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import draft, in_review


def test_individual_submit_goes_to_first_stage(world):
    proposal = in_review(world)
    assert proposal.state == State.IN_REVIEW
    assert proposal.review_stage.name == "初审"
    assert proposal.submitted_at is not None
    assert proposal.session is None  # 平时提案
    assert proposal.year == timezone.localdate().year
    assert ProposalEvent.objects.filter(proposal=proposal).last().to_state == State.IN_REVIEW


def test_submit_during_plenary_window_is_plenary_proposal(world):
    today = timezone.localdate()
    session = Session.objects.create(term=world.city_term, number=4, start_date=today + datetime.timedelta(days=5),
                                     end_date=today + datetime.timedelta(days=9))
    proposal = in_review(world)
    assert proposal.session == session
    assert proposal.is_plenary


def test_submit_twice_is_refused(world):
    proposal = in_review(world)
    with pytest.raises(ValidationError) as exc:
        proposal_submit(actor=world.alice, proposal=proposal)
    assert exc.value.messages == ["提案当前为“审查中”，不能执行“提交”。"]


@pytest.mark.parametrize("part, label", [("situation", "情况"), ("analysis", "分析"), ("suggestions", "建议")])
def test_submit_names_the_missing_part(world, part, label):
    proposal = draft(world, **{part: ""})
    with pytest.raises(ValidationError) as exc:
        proposal_submit(actor=world.alice, proposal=proposal)
    assert exc.value.message_dict[part] == [f"缺少“{label}”部分，提案须包括情况、分析和具体建议。"]
    proposal.refresh_from_db()
    assert proposal.state == State.DRAFT


def test_submit_refuses_too_short_body(world):
    proposal = draft(world, situation="情况简述。", analysis="原因简析。", suggestions="建议加强。")
    with pytest.raises(ValidationError) as exc:
        proposal_submit(actor=world.alice, proposal=proposal)
    assert exc.value.message_dict["suggestions"] == ["提案正文过短：至少 300 字，当前 15 字。"]


def test_only_drafter_submits(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    with pytest.raises(PermissionDenied):
        proposal_submit(actor=world.bob, proposal=proposal)


def test_joint_waits_for_cosigner_then_goes_to_review(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    assert proposal.state == State.COSIGNING
    invitation = Proposer.objects.get(proposal=proposal, person=world.people["bob"])
    assert invitation.status == CosignStatus.INVITED and invitation.invited_at is not None
    cosign_respond(actor=world.bob, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW
    assert proposal.review_stage.name == "初审"
    assert proposal.kind == ProposalKind.JOINT
    invitation.refresh_from_db()
    assert invitation.status == CosignStatus.CONFIRMED and invitation.responded_at is not None
    assert "薄波确认联名" in ProposalEvent.objects.filter(proposal=proposal).last().remarks


def test_declined_cosigner_loses_credit_and_proposal_becomes_individual(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    cosign_respond(actor=world.bob, proposal=proposal, accept=False)
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW
    assert proposal.kind == ProposalKind.INDIVIDUAL
    assert [p.person.name for p in proposal.proposers.all()] == ["艾丽"]
    assert "转为个人提案" in ProposalEvent.objects.filter(proposal=proposal).last().remarks


def test_responding_twice_or_uninvited_is_refused(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    with pytest.raises(PermissionDenied) as exc:
        cosign_respond(actor=world.alice, proposal=proposal, accept=True)
    assert str(exc.value) == "您不是该提案邀请的联名提案人。"
    cosign_respond(actor=world.bob, proposal=proposal, accept=True)
    with pytest.raises(ValidationError) as exc:
        cosign_respond(actor=world.bob, proposal=proposal, accept=False)
    assert exc.value.messages == ["提案当前为“审查中”，不能执行“拒绝联名”。"]


def test_cosigner_responding_after_window_is_refused(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    Proposer.objects.filter(proposal=proposal, person=world.people["bob"]).update(
        invited_at=timezone.now() - datetime.timedelta(days=4))
    with pytest.raises(ValidationError) as exc:
        cosign_respond(actor=world.bob, proposal=proposal, accept=True)
    assert exc.value.messages == ["联名确认已超过期限。"]


def test_overdue_invitations_expire_as_declined(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    assert cosign_expire_overdue() == 0
    assert cosign_expire_overdue(now=timezone.now() + datetime.timedelta(days=3, hours=1)) == 1
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW
    assert proposal.kind == ProposalKind.INDIVIDUAL
    assert not Proposer.objects.filter(proposal=proposal, person=world.people["bob"]).exists()
    assert "薄波未在期限内确认联名" in ProposalEvent.objects.filter(proposal=proposal).last().remarks


def test_cosigners_cannot_change_after_submission(world):
    proposal = in_review(world)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.RETURN, remarks="请补充数据来源")
    with pytest.raises(ValidationError) as exc:
        proposal_update_draft(actor=world.alice, proposal=proposal, cosigners=[world.people["bob"]])
    assert exc.value.message_dict["cosigners"] == ["提案提交后不能再更改联名提案人。"]


def test_withdraw_needs_reason_once_submitted(world):
    proposal = in_review(world)
    with pytest.raises(ValidationError) as exc:
        proposal_withdraw(actor=world.alice, proposal=proposal, reason=" ")
    assert exc.value.message_dict["reason"] == ["请说明撤回理由。"]
    proposal_withdraw(actor=world.alice, proposal=proposal, reason="已通过其他渠道反映")
    assert proposal.state == State.WITHDRAWN
    assert proposal.review_stage is None
    with pytest.raises(ValidationError) as exc:
        proposal_withdraw(actor=world.alice, proposal=proposal, reason="再撤一次")
    assert exc.value.messages == ["提案当前为“已撤回”，不能执行“撤回”。"]


def test_only_drafter_withdraws(world):
    proposal = in_review(world)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(actor=world.bob, proposal=proposal, reason="不想要了")


def test_withdraw_draft_without_reason(world):
    proposal = draft(world)
    proposal_withdraw(actor=world.alice, proposal=proposal, reason="")
    assert proposal.state == State.WITHDRAWN
