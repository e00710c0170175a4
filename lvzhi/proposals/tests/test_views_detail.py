"""The proposal page: what each reader sees, which action panels appear, refusals and downloads."""
from __future__ import annotations

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import Proposal, ProposalEvent, State
from lvzhi.proposals.services.handling import assignment_reply
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import assigned, make_unit, reply_class
from lvzhi.proposals.tests.review_support import draft, filed, in_review, joint_in_review
from lvzhi.testing import World


def _page(client: Client, user: object, proposal: Proposal) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(f"/proposals/{proposal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_proposer_sees_text_state_and_proposers(world: World, client: Client) -> None:
    proposal = joint_in_review(world)
    page = _page(client, world.alice, proposal)
    assert proposal.title in page and "审查中" in page
    assert "艾丽" in page and "薄波" in page and "已确认" in page
    assert "大会/平时" in page and "平时提案" in page
    assert "撤回提案" in page  # the drafter may withdraw while in review
    assert "审查：初审" not in page  # but not review it


def test_staff_see_review_form_with_stage_and_version(world: World, client: Client) -> None:
    proposal = in_review(world)
    page = _page(client, world.pete, proposal)
    assert "审查：初审" in page
    assert f'name="version" value="{proposal.version}"' in page
    assert "通过，进入下一环节" in page and "退回修改" in page
    panel = page.split("审查：初审")[1].split("</section>")[0]
    assert 'value="file"' not in panel and "不予立案理由" not in panel


def test_outsider_is_refused_and_refusal_audited(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.olga)
    response = client.get(f"/proposals/{proposal.pk}/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk).exists()


def test_unknown_proposal_is_404(world: World, client: Client) -> None:
    client.force_login(world.pete)
    assert client.get("/proposals/999999/").status_code == 404


def test_invited_cosigner_sees_confirm_buttons(world: World, client: Client) -> None:
    from lvzhi.proposals.models import ProposalKind
    from lvzhi.proposals.services.drafting import proposal_submit

    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    page = _page(client, world.bob, proposal)
    assert "联名邀请" in page and "确认联名" in page and "拒绝联名" in page
    assert "待确认" in page
    assert "联名邀请" not in _page(Client(), world.alice, proposal)


def test_unit_sees_only_its_own_assignment(world: World, client: Client) -> None:
    other = make_unit(world)
    proposal, _ = assigned(world, mode="separate", units=[world.unit, other])
    page = _page(client, world.uma, proposal)
    assert "长春市教育局" in page and "长春市卫生健康委员会" not in page
    assert "提交答复" in page and "申请调整承办单位" in page
    staff_page = _page(Client(), world.pete, proposal)
    assert "长春市教育局" in staff_page and "长春市卫生健康委员会" in staff_page


def test_unit_cannot_open_a_proposal_not_assigned_to_it(world: World, client: Client) -> None:
    proposal = make_proposal(world, state=State.FILED)
    client.force_login(world.uma)
    assert client.get(f"/proposals/{proposal.pk}/").status_code == 403
    assert AuditEvent.objects.filter(actor_name="uma", outcome="denied").exists()


def test_reply_is_shown_to_proposer_with_evaluation_form(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    assignment_reply(actor=world.uma, assignment=assignment, text="已将社区养老服务设施纳入规划。",
                     reply_class=reply_class(world))
    page = _page(client, world.alice, proposal)
    assert "已将社区养老服务设施纳入规划。" in page and "A类" in page
    assert "评价答复" in page and "基本满意" in page


def test_timeline_lists_every_move(world: World, client: Client) -> None:
    proposal = filed(world)
    page = _page(client, world.pete, proposal)
    assert page.count('<li><span class="muted small">') == ProposalEvent.objects.filter(proposal=proposal).count()
    assert "立案，编号" in page and "初审" in page


def test_proposer_does_not_see_review_remarks(world: World, client: Client) -> None:
    proposal = filed(world)
    page = _page(client, world.alice, proposal)
    assert "审查记录" not in page
    assert "立案" in page and proposal.number in page


def test_staff_see_assign_form_with_default_due_date(world: World, client: Client) -> None:
    import datetime

    from django.utils import timezone

    proposal = filed(world)
    page = _page(client, world.pete, proposal)
    due = timezone.localdate() + datetime.timedelta(days=90)
    assert "交办方式" in page and "主办会办" in page
    assert f'value="{due:%Y-%m-%d}"' in page


def test_drafter_submits_from_the_page_and_a_second_submit_is_refused(world: World, client: Client) -> None:
    proposal = draft(world)
    client.force_login(world.alice)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "提交提案" in page and "修改" in page
    data = {"version": proposal.version}
    response = client.post(f"/proposals/{proposal.pk}/do/submit/", data)
    assert response.status_code == 302
    second = client.post(f"/proposals/{proposal.pk}/do/submit/", data)
    assert second.status_code == 200 and "已被他人修改" in second.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW
    assert ProposalEvent.objects.filter(proposal=proposal, action="submit").count() == 1


def test_withdraw_needs_a_reason(world: World, client: Client) -> None:
    proposal = in_review(world)
    client.force_login(world.alice)
    response = client.post(f"/proposals/{proposal.pk}/do/withdraw/", {"reason": "", "version": proposal.version})
    assert "请填写撤回理由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW
    assert client.post(f"/proposals/{proposal.pk}/do/withdraw/", {"reason": "情况已变化",
                                                                   "version": proposal.version}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.WITHDRAWN


def test_cosigner_declines_and_a_stranger_cannot_answer(world: World, client: Client) -> None:
    from lvzhi.proposals.models import ProposalKind, Proposer
    from lvzhi.proposals.services.drafting import proposal_submit

    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    proposal_submit(actor=world.alice, proposal=proposal)
    client.force_login(world.carol)
    assert client.post(f"/proposals/{proposal.pk}/do/confirm_cosign/", {}).status_code == 403
    client.force_login(world.bob)
    response = client.post(f"/proposals/{proposal.pk}/do/decline_cosign/", {})
    assert response.status_code == 302 and response["Location"] == "/proposals/"
    assert "已拒绝联名" in client.get(response["Location"]).content.decode()
    assert not Proposer.objects.filter(proposal=proposal, person=world.people["bob"]).exists()
    proposal.refresh_from_db()
    assert proposal.state == State.IN_REVIEW and proposal.kind == ProposalKind.INDIVIDUAL
