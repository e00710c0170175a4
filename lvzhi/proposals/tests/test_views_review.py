"""Review through the proposal page and the review queue: each stage, outcomes, refusals shown in Chinese."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.proposals.models import Decision, Proposal, ProposalCategory, RejectionReason, ReviewRecord, State
from lvzhi.proposals.tests.review_support import at_last_stage, category, filed, in_review
from lvzhi.testing import World


def _review(client: Client, proposal: Proposal, **data: Any) -> Any:
    proposal.refresh_from_db()
    data.setdefault("version", proposal.version)
    return client.post(f"/proposals/{proposal.pk}/do/review/", data)


def test_three_stages_to_filing(world: World, client: Client) -> None:
    proposal = in_review(world)
    client.force_login(world.pete)
    for stage in ("初审", "复审"):
        response = _review(client, proposal, decision=Decision.PASS, remarks=f"{stage}同意")
        assert response.status_code == 302
        assert "审查通过，进入下一环节" in client.get(response["Location"]).content.decode()
    cat = category(world)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "审查：终审" in page and 'value="file"' in page
    response = _review(client, proposal, decision=Decision.FILE, category=cat.pk, suggested_units=[world.unit.pk])
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.FILED and proposal.number and proposal.category == cat
    page = client.get(response["Location"]).content.decode()
    assert f"已立案，编号 {proposal.number}" in page
    assert "审查记录" in page and "初审同意" in page
    assert ReviewRecord.objects.filter(proposal=proposal).count() == 3


def test_filing_without_category_is_refused_and_input_kept(world: World, client: Client) -> None:
    proposal = at_last_stage(world, in_review(world))
    client.force_login(world.pete)
    response = _review(client, proposal, decision=Decision.FILE, remarks="请补充类别后立案")
    page = response.content.decode()
    assert response.status_code == 200
    assert "立案须确定提案类别" in page
    assert "请补充类别后立案" in page  # the reviewer's remarks are kept
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW and not proposal.number


def test_stale_version_is_refused(world: World, client: Client) -> None:
    proposal = in_review(world)
    client.force_login(world.pete)
    old = proposal.version
    assert _review(client, proposal, decision=Decision.PASS).status_code == 302
    response = client.post(f"/proposals/{proposal.pk}/do/review/", {"decision": Decision.RETURN, "remarks": "退回",
                                                                     "version": old})
    assert "已被他人修改" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.review_stage is not None
    assert proposal.state == State.IN_REVIEW and proposal.review_stage.name == "复审"


def test_double_submitted_pass_moves_only_once(world: World, client: Client) -> None:
    proposal = in_review(world)
    client.force_login(world.pete)
    proposal.refresh_from_db()
    data = {"decision": Decision.PASS, "version": proposal.version}
    assert client.post(f"/proposals/{proposal.pk}/do/review/", data).status_code == 302
    second = client.post(f"/proposals/{proposal.pk}/do/review/", data)
    assert second.status_code == 200 and "已被他人修改" in second.content.decode()
    assert ReviewRecord.objects.filter(proposal=proposal).count() == 1


def test_not_filed_needs_a_reason_and_tells_the_proposer(world: World, client: Client) -> None:
    proposal = at_last_stage(world, in_review(world))
    client.force_login(world.pete)
    response = _review(client, proposal, decision=Decision.NOT_FILE, explanation="属于个人事务")
    assert "不予立案须选择理由" in response.content.decode()
    reason = RejectionReason.objects.filter(is_active=True).first()
    assert reason is not None
    assert _review(client, proposal, decision=Decision.NOT_FILE, rejection_reason=reason.pk,
                   explanation="属于个人事务").status_code == 302
    alice = Client()
    alice.force_login(world.alice)
    page = alice.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "不予立案" in page and "属于个人事务" in page and reason.name in page


def test_conversion_needs_the_proposers_consent(world: World, client: Client) -> None:
    proposal = at_last_stage(world, in_review(world))
    client.force_login(world.pete)
    response = _review(client, proposal, decision=Decision.CONVERT_OPINION, explanation="转社情民意更合适")
    assert "征得提案人同意" in response.content.decode()
    assert _review(client, proposal, decision=Decision.CONVERT_OPINION, explanation="转社情民意更合适",
                   proposer_consented="on").status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.CONVERTED_OPINION


def test_merge_by_number(world: World, client: Client) -> None:
    lead = filed(world)
    proposal = at_last_stage(world, in_review(world, who="bob", title="关于发展社区养老服务的建议"))
    client.force_login(world.pete)
    response = _review(client, proposal, decision=Decision.MERGE, merge_number="不存在的编号")
    assert "未找到编号为" in response.content.decode()
    assert _review(client, proposal, decision=Decision.MERGE, merge_number=lead.number).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.MERGED and proposal.merged_into == lead
    page = client.get(f"/proposals/{lead.pk}/").content.decode()
    assert "并入本案的提案" in page and "薄波" in page


def test_member_cannot_review(world: World, client: Client) -> None:
    proposal = in_review(world)
    client.force_login(world.alice)
    proposal.refresh_from_db()
    response = client.post(f"/proposals/{proposal.pk}/do/review/", {"decision": Decision.PASS,
                                                                     "version": proposal.version})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.review_stage is not None
    assert proposal.review_stage.name == "初审" and not ReviewRecord.objects.filter(proposal=proposal).exists()


def test_review_queue_lists_waiting_proposals(world: World, client: Client) -> None:
    waiting = in_review(world)
    done = filed(world, title="关于改善城市道路交通的建议")
    client.force_login(world.pete)
    page = client.get("/proposals/review/").content.decode()
    assert waiting.title in page and done.title not in page and "初审" in page
    client.force_login(world.alice)
    assert client.get("/proposals/review/").status_code == 403


def test_category_list_is_the_committees(world: World, client: Client) -> None:
    proposal = at_last_stage(world, in_review(world))
    client.force_login(world.pete)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    for cat in ProposalCategory.objects.filter(committee=world.city, is_active=True):
        assert cat.name in page


def test_merge_without_a_target_asks_for_one(world: World, client: Client) -> None:
    proposal = at_last_stage(world, in_review(world))
    client.force_login(world.pete)
    response = _review(client, proposal, decision=Decision.MERGE)
    assert "请选择要并入的提案，或输入其编号" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW


def test_merge_candidates_are_offered(world: World, client: Client) -> None:
    lead = in_review(world)
    at_last_stage(world, lead)
    proposal = at_last_stage(world, in_review(world, who="bob"))
    client.force_login(world.pete)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "相似提案（可并案）" in page and f'name="merge_into" value="{lead.pk}"' in page
    assert _review(client, proposal, decision=Decision.MERGE, merge_into=lead.pk).status_code == 302
    proposal.refresh_from_db()
    assert proposal.merged_into == lead
