"""Writing a proposal: the draft form, co-signer picker, writing help, saving and submitting, refusals."""
from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import CosignStatus, Proposal, ProposalKind, Proposer, State
from lvzhi.proposals.tests.review_support import ANALYSIS, SITUATION, SUGGESTIONS, TITLE, category, draft, filed
from lvzhi.testing import World


def _data(world: World, **overrides: Any) -> dict[str, Any]:
    return {"committee": world.city.pk, "kind": ProposalKind.INDIVIDUAL, "title": TITLE, "situation": SITUATION,
            "analysis": ANALYSIS, "suggestions": SUGGESTIONS, "category": category(world).pk, "action": "save",
            **overrides}


def test_new_form_for_a_member(world: World, client: Client) -> None:
    client.force_login(world.alice)
    page = client.get("/proposals/new/").content.decode()
    assert "撰写提案" in page and "写作帮助" in page and "保存草稿" in page and "提交" in page
    assert "个人提案" in page and "联名提案" in page
    assert "经济建设" in page  # the committee's categories


def test_save_a_draft(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.post(f"/proposals/new/?committee={world.city.pk}", _data(world))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/edit/"
    assert proposal.state == State.DRAFT and proposal.created_by == world.alice
    page = client.get(response["Location"]).content.decode()
    assert "草稿已保存" in page and f'value="{TITLE}"' in page


def test_submit_from_the_form_goes_to_review(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.post("/proposals/new/", _data(world, action="submit"))
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert proposal.state == State.IN_REVIEW
    assert "已提交，进入审查" in client.get(response["Location"]).content.decode()


def test_joint_needs_cosigners_and_keeps_input(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.post("/proposals/new/", _data(world, kind=ProposalKind.JOINT, title="关于保留输入的建议"))
    page = response.content.decode()
    assert response.status_code == 200 and "联名提案请至少选择一位联名提案人" in page
    assert 'value="关于保留输入的建议"' in page and SITUATION[:20] in page
    assert not Proposal.objects.exists()


def test_joint_with_cosigner_waits_for_confirmation(world: World, client: Client) -> None:
    client.force_login(world.alice)
    bob = world.people["bob"]
    client.post("/proposals/new/", _data(world, kind=ProposalKind.JOINT, cosigners=[bob.pk], action="submit"))
    proposal = Proposal.objects.get()
    assert proposal.state == State.COSIGNING
    assert Proposer.objects.get(proposal=proposal, person=bob).status == CosignStatus.INVITED


def test_too_short_text_saves_the_draft_but_does_not_submit(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.post("/proposals/new/", _data(world, situation="太短", analysis="太短", suggestions="太短",
                                                      action="submit"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "草稿已保存，但还不能提交" in page and "提案正文过短" in page
    proposal = Proposal.objects.get()
    assert proposal.state == State.DRAFT
    assert f'action="/proposals/{proposal.pk}/edit/"' in page  # the next try edits the saved draft


def test_edit_with_a_stale_version_is_refused(world: World, client: Client) -> None:
    proposal = draft(world)
    client.force_login(world.alice)
    data = _data(world, title="关于第一次修改的建议", version=proposal.version)
    assert client.post(f"/proposals/{proposal.pk}/edit/", data).status_code == 302
    response = client.post(f"/proposals/{proposal.pk}/edit/", _data(world, title="关于第二次修改的建议",
                                                                     version=proposal.version))
    assert "已被他人修改" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "关于第一次修改的建议"


def test_only_the_drafter_edits(world: World, client: Client) -> None:
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    client.force_login(world.bob)
    assert client.get(f"/proposals/{proposal.pk}/edit/").status_code == 403
    assert AuditEvent.objects.filter(actor_name="bob", outcome="denied").exists()


def test_a_filed_proposal_cannot_be_edited(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.alice)
    response = client.get(f"/proposals/{proposal.pk}/edit/", follow=True)
    assert "不能修改" in response.content.decode()


def test_outsider_cannot_draft_for_the_city(world: World, client: Client) -> None:
    client.force_login(world.uma)
    assert client.get(f"/proposals/new/?committee={world.city.pk}").status_code == 403


def test_cosigner_picker_finds_by_initials_and_keeps_the_chosen(world: World, client: Client) -> None:
    client.force_login(world.alice)
    bob = world.people["bob"]
    page = client.get("/proposals/cosigners/", {"committee": str(world.city.pk),
                                                "cosigner_q": bob.initials}).content.decode()
    assert f'value="{bob.pk}"' in page and "薄波" in page and "艾丽" not in page
    page = client.get("/proposals/cosigners/", {"committee": str(world.city.pk), "cosigner_q": "不存在",
                                                "cosigners": [str(bob.pk)]}).content.decode()
    assert f'value="{bob.pk}" checked' in page and "没有找到" in page


def test_writing_help_warns_and_lists_similar(world: World, client: Client) -> None:
    filed(world)
    client.force_login(world.alice)
    response = client.post("/proposals/help/", {"committee": world.city.pk, "title": "养老", "situation": "",
                                                "analysis": "", "suggestions": "社区养老服务设施"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="help"' in page and "<html" not in page
    assert "缺少" in page and "明显过短" in page
    assert TITLE in page and "已立案" in page  # the similar proposal and its outcome


def test_writing_help_with_a_good_text(world: World, client: Client) -> None:
    client.force_login(world.alice)
    page = client.post("/proposals/help/", {"committee": world.city.pk, "title": TITLE, "situation": SITUATION,
                                            "analysis": ANALYSIS, "suggestions": SUGGESTIONS}).content.decode()
    assert "未发现问题" in page and "没有找到相似的提案" in page
