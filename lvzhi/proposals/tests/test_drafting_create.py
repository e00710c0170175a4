"""Creating and editing drafts: who may draft, individual, joint and collective proposals, validation."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.proposals.models import CollectiveKind, CosignStatus, ProposalEvent, ProposalKind, ProposerRole, State
from lvzhi.proposals.services.drafting import proposal_create_draft, proposal_update_draft
from lvzhi.proposals.tests.review_support import TITLE, body, draft


def test_member_drafts_individual_proposal_as_first_proposer(world):
    proposal = draft(world, title="  关于加快发展社区养老服务的建议 ")
    assert proposal.state == State.DRAFT
    assert proposal.title == TITLE
    assert proposal.term == world.city_term
    assert proposal.version == 1
    [row] = proposal.proposers.all()
    assert (row.person, row.role, row.status) == (world.people["alice"], ProposerRole.FIRST, CosignStatus.CONFIRMED)
    assert ProposalEvent.objects.get(proposal=proposal).to_state == State.DRAFT


def test_full_width_letters_are_normalised_and_chinese_punctuation_kept(world):
    proposal = draft(world, title="关于提高ＡＩ教育水平的建议", situation="  第一，学校设备不足；第二，（教师）缺乏培训。\r\n")
    assert proposal.title == "关于提高AI教育水平的建议"
    assert proposal.situation == "第一，学校设备不足；第二，（教师）缺乏培训。"


def test_joint_proposal_lists_invited_cosigner(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    rows = {r.person.name: (r.role, r.status) for r in proposal.proposers.all()}
    assert rows == {"艾丽": (ProposerRole.FIRST, CosignStatus.CONFIRMED),
                    "薄波": (ProposerRole.COSIGNER, CosignStatus.INVITED)}


def test_joint_proposal_needs_a_cosigner(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, kind=ProposalKind.JOINT)
    assert exc.value.message_dict["cosigners"] == ["联名提案至少需要一位联名提案人。"]


def test_individual_proposal_has_no_cosigner(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, cosigners=("bob",))
    assert "个人提案不能有联名提案人" in exc.value.message_dict["cosigners"][0]


@pytest.mark.parametrize("cosigners, message", [
    (("alice",), "第一提案人不能同时作为联名提案人。"),
    (("bob", "bob"), "联名提案人“薄波”重复。"),
])
def test_cosigner_rules(world, cosigners, message):
    with pytest.raises(ValidationError) as exc:
        draft(world, kind=ProposalKind.JOINT, cosigners=cosigners)
    assert exc.value.message_dict["cosigners"] == [message]


def test_cosigner_must_be_an_active_member(world):
    world.memberships["bob"].is_active = False
    world.memberships["bob"].save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as exc:
        draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    assert exc.value.message_dict["cosigners"] == ["“薄波”不是本届在任委员，不能联名。"]


def test_staff_without_membership_cannot_draft_individual(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, who="carol")
    assert exc.value.message_dict["kind"] == ["只有本届在任委员才能以个人或联名方式提出提案。"]


def test_outsider_cannot_draft_in_the_city(world):
    with pytest.raises(PermissionDenied):
        draft(world, who="olga", kind=ProposalKind.COLLECTIVE, collective_kind=CollectiveKind.PARTY,
              collective_name="民盟长春市委员会")


def test_unit_staff_cannot_draft(world):
    with pytest.raises(PermissionDenied):
        draft(world, who="uma")


def test_staff_enters_collective_proposal_without_credit(world):
    proposal = draft(world, who="carol", kind=ProposalKind.COLLECTIVE, collective_kind=CollectiveKind.PARTY,
                     collective_name="民盟长春市委员会")
    assert proposal.kind == ProposalKind.COLLECTIVE
    assert proposal.collective_name == "民盟长春市委员会"
    assert proposal.proposers.count() == 0


def test_collective_needs_kind_and_name(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, who="carol", kind=ProposalKind.COLLECTIVE)
    assert set(exc.value.message_dict) == {"collective_kind", "collective_name"}
    assert exc.value.message_dict["collective_name"] == ["请填写提案单位名称。"]


def test_title_required_and_limited(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, title="   ")
    assert exc.value.message_dict["title"] == ["请填写案由（标题）。"]
    with pytest.raises(ValidationError) as exc:
        draft(world, title="关" * 201)
    assert exc.value.message_dict["title"] == ["案由不能超过 200 个字（当前 201 字）。"]


def test_body_parts_limited(world):
    with pytest.raises(ValidationError) as exc:
        proposal_create_draft(actor=world.alice, committee=world.city, kind=ProposalKind.INDIVIDUAL, title=TITLE,
                              **body(analysis="析" * 20001))
    assert exc.value.message_dict["analysis"] == ["“分析”部分不能超过 20000 个字（当前 20001 字）。"]


def test_drafter_edits_draft_and_version_increases(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_update_draft(actor=world.alice, proposal=proposal, expected_version=1, title="关于完善社区助餐服务的建议",
                          kind=ProposalKind.INDIVIDUAL, cosigners=[])
    proposal.refresh_from_db()
    assert proposal.title == "关于完善社区助餐服务的建议"
    assert proposal.kind == ProposalKind.INDIVIDUAL
    assert proposal.version == 2
    assert [r.person.name for r in proposal.proposers.all()] == ["艾丽"]
    event = ProposalEvent.objects.filter(proposal=proposal, action="edit").get()
    assert event.to_state == State.DRAFT


def test_stale_edit_is_refused(world):
    proposal = draft(world)
    proposal_update_draft(actor=world.alice, proposal=proposal, expected_version=1, analysis="新的分析" * 40)
    with pytest.raises(ValidationError) as exc:
        proposal_update_draft(actor=world.alice, proposal=proposal, expected_version=1, title="关于别的事的建议")
    assert exc.value.messages == ["该提案已被他人修改，请刷新后重试。"]


def test_only_the_drafter_edits(world):
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    with pytest.raises(PermissionDenied) as exc:
        proposal_update_draft(actor=world.bob, proposal=proposal, title="关于别的事的建议")
    assert str(exc.value) == "只有提案起草人才能修改。"


def test_unknown_field_refused(world):
    proposal = draft(world)
    with pytest.raises(ValidationError):
        proposal_update_draft(actor=world.alice, proposal=proposal, state=State.FILED)


def test_search_text_follows_edits(world):
    pytest.importorskip("lvzhi.proposals.search")
    proposal = draft(world)
    proposal.refresh_from_db()
    assert "养老" in proposal.search_text
    proposal_update_draft(actor=world.alice, proposal=proposal, title="关于治理河道污染的建议")
    proposal.refresh_from_db()
    assert "河道" in proposal.search_text
