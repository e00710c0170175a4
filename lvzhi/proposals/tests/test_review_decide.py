"""Review stage by stage: pass, file, not file, convert, merge, return; refusals with clear messages."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.accounts.permissions import record_denial
from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import (
    CosignStatus,
    Decision,
    ProposalEvent,
    ProposalKind,
    Proposer,
    RejectionReason,
    ReviewRecord,
    ReviewStage,
    State,
)
from lvzhi.proposals.services import common
from lvzhi.proposals.services.drafting import proposal_submit, proposal_update_draft
from lvzhi.proposals.services.review import review_decide, review_queue, suggested_units
from lvzhi.proposals.tests.review_support import at_last_stage, category, draft, filed, in_review, joint_in_review


def test_pass_moves_through_stages_and_records_each(world):
    proposal = in_review(world)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks="内容符合要求")
    assert proposal.review_stage.name == "复审"
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    assert proposal.review_stage.name == "终审"
    records = list(ReviewRecord.objects.filter(proposal=proposal).values_list("stage__name", "decision", "remarks"))
    assert records == [("初审", Decision.PASS, "内容符合要求"), ("复审", Decision.PASS, "")]
    assert all(r.reviewer == world.pete for r in ReviewRecord.objects.filter(proposal=proposal))


def test_file_at_last_stage_numbers_the_proposal(world):
    proposal = at_last_stage(world, in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world),
                  suggested_units=[world.unit], remarks="同意立案")
    proposal.refresh_from_db()
    assert proposal.state == State.FILED
    assert proposal.number == "15届平时第0001号"
    assert proposal.seq == 1
    assert proposal.filed_at is not None
    assert proposal.category.name == "社会事业"
    assert proposal.review_stage is None
    assert suggested_units(proposal) == [world.unit]
    last = ProposalEvent.objects.filter(proposal=proposal).last()
    assert last.to_state == State.FILED
    assert "编号15届平时第0001号" in last.remarks and "长春市教育局" in last.remarks


def test_file_needs_category(world):
    proposal = at_last_stage(world, in_review(world))
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE)
    assert exc.value.message_dict["category"] == ["立案须确定提案类别。"]


def test_file_at_first_stage_is_refused(world):
    proposal = in_review(world)
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    assert exc.value.message_dict["decision"] == [
        "“立案”须在最后一道审查环节（终审）作出，当前为“初审”，请先审查通过进入下一环节。"]
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW and proposal.number == ""


def test_pass_at_last_stage_is_refused(world):
    proposal = at_last_stage(world, in_review(world))
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    assert exc.value.message_dict["decision"] == ["已是最后一道审查环节，请作出立案或其他结论。"]


def test_reviewing_a_draft_is_refused(world):
    proposal = draft(world)
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    assert exc.value.messages == ["提案当前为“草稿”，不能执行“审查通过”。"]


def test_reviewing_a_filed_proposal_again_is_refused(world):
    proposal = filed(world)
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    assert exc.value.messages == ["提案当前为“已立案”，不能执行“立案”。"]


@pytest.mark.parametrize("who", ["olga", "alice", "uma", "carol", "leo"])
def test_others_cannot_review(world, who):
    proposal = in_review(world)
    before = AuditEvent.objects.filter(outcome="denied").count()
    with pytest.raises(PermissionDenied) as exc:
        review_decide(actor=world.users[who], proposal=proposal, decision=Decision.PASS)
    record_denial(exc.value)  # as the HTTP layer does once the service's transaction is rolled back
    assert AuditEvent.objects.filter(outcome="denied").count() == before + 1
    proposal.refresh_from_db()
    assert proposal.review_stage.name == "初审"


def test_stage_done_by_another_role_is_refused(world):
    common.stages(world.city)
    ReviewStage.objects.filter(committee=world.city, order=1).update(role="leader")
    proposal = in_review(world)
    with pytest.raises(PermissionDenied) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    assert str(exc.value) == "“初审”环节不由您负责审查。"
    assert list(review_queue(world.pete, world.city)) == []


def test_not_file_with_reason_and_explanation(world):
    reason = RejectionReason.objects.create(name="属于个人或家庭事务")
    proposal = at_last_stage(world, in_review(world))
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.NOT_FILE)
    assert exc.value.message_dict["rejection_reason"] == ["不予立案须选择理由。"]
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.NOT_FILE, rejection_reason=reason,
                  explanation="所提事项为个人诉求，建议通过信访渠道反映。")
    assert proposal.state == State.NOT_FILED
    assert proposal.decision_note == "所提事项为个人诉求，建议通过信访渠道反映。"
    assert proposal.number == ""


@pytest.mark.parametrize("decision, state", [(Decision.CONVERT_SUGGESTION, State.CONVERTED_SUGGESTION),
                                             (Decision.CONVERT_OPINION, State.CONVERTED_OPINION)])
def test_convert_needs_explanation_and_consent(world, decision, state):
    proposal = at_last_stage(world, in_review(world))
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=decision)
    assert exc.value.message_dict == {"explanation": ["请填写转办说明（提案人可见）。"],
                                      "proposer_consented": ["转作意见建议或社情民意须征得提案人同意。"]}
    review_decide(actor=world.pete, proposal=proposal, decision=decision, explanation="经与提案人沟通，转作参考。",
                  proposer_consented=True)
    assert proposal.state == state
    assert proposal.decision_note == "经与提案人沟通，转作参考。"


def test_return_needs_remarks_and_resubmission_restarts_review(world):
    proposal = in_review(world)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.RETURN)
    assert exc.value.message_dict["remarks"] == ["退回修改须填写审查意见，说明需要修改的地方。"]
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.RETURN, remarks="请补充具体数据。")
    assert proposal.state == State.RETURNED
    assert proposal.decision_note == "请补充具体数据。"
    proposal_update_draft(actor=world.alice, proposal=proposal, situation=proposal.situation + "据统计，缺口约2000张床位。")
    proposal_submit(actor=world.alice, proposal=proposal)
    assert proposal.state == State.IN_REVIEW
    assert proposal.review_stage.name == "初审"
    assert ReviewRecord.objects.filter(proposal=proposal).count() == 2


def test_merge_keeps_every_proposer_credited_on_the_lead(world):
    lead = in_review(world)  # alice
    joint = joint_in_review(world)  # alice + bob
    at_last_stage(world, joint)
    review_decide(actor=world.pete, proposal=joint, decision=Decision.MERGE, merge_into=lead,
                  remarks="与另一提案内容相同")
    assert joint.state == State.MERGED
    assert joint.merged_into == lead
    rows = list(Proposer.objects.filter(proposal=lead).values_list("person__name", "role", "status"))
    assert rows == [("艾丽", "first", CosignStatus.CONFIRMED), ("薄波", "cosigner", CosignStatus.CONFIRMED)]
    lead.refresh_from_db()
    assert lead.version == 3
    assert "增列提案人：薄波" in ProposalEvent.objects.filter(proposal=lead).last().remarks


@pytest.mark.parametrize("target", ["self", "draft", "merged", "none"])
def test_merge_target_rules(world, target):
    proposal = at_last_stage(world, in_review(world))
    if target == "self":
        lead, message = proposal, "提案不能并入自身。"
    elif target == "draft":
        lead, message = draft(world, who="bob"), "所选提案当前为“草稿”，不能作为并案的主提案。"
    elif target == "merged":
        first, lead = in_review(world, who="bob"), at_last_stage(world, in_review(world, who="bob"))
        review_decide(actor=world.pete, proposal=lead, decision=Decision.MERGE, merge_into=first)
        message = "所选提案已并入其他提案，请选择其主提案。"
    else:
        lead, message = None, "请选择并入的主提案。"
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.MERGE, merge_into=lead)
    assert exc.value.message_dict["merge_into"] == [message]


def test_merge_into_filed_proposal(world):
    lead = filed(world, who="bob")
    proposal = at_last_stage(world, in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.MERGE, merge_into=lead)
    assert set(Proposer.objects.filter(proposal=lead).values_list("person__name", flat=True)) == {"薄波", "艾丽"}
    lead.refresh_from_db()
    assert lead.state == State.FILED


def test_stale_review_refused(world):
    proposal = in_review(world)
    version = proposal.version
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, expected_version=version)
    with pytest.raises(ValidationError) as exc:
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.RETURN, remarks="x",
                      expected_version=version)
    assert exc.value.messages == ["该提案已被他人修改，请刷新后重试。"]


def test_review_queue_lists_waiting_proposals(world):
    first = in_review(world)
    second = joint_in_review(world)
    draft(world, kind=ProposalKind.INDIVIDUAL)
    assert list(review_queue(world.pete, world.city)) == [first, second]
    assert list(review_queue(world.carol, world.city)) == []
    assert list(review_queue(world.olga, world.city)) == []
    review_decide(actor=world.pete, proposal=first, decision=Decision.RETURN, remarks="请修改")
    assert list(review_queue(world.pete, world.city)) == [second]
