"""Writing a report on screen and the report's page with the editors' moves."""
from __future__ import annotations

from django.test import Client

from lvzhi.opinions.models import OpinionReport, State
from lvzhi.opinions.tests.support import BODY, accepted, submitted
from lvzhi.proposals.models import Decision
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import at_last_stage, in_review
from lvzhi.testing import World


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_member_writes_and_submits(world: World) -> None:
    client = _client(world.alice)
    response = client.post(f"/opinions/new/?committee={world.city.pk}", {
        "submitter_kind": "member", "title": "关于增设公交站点的建议", "body": BODY, "action": "submit"})
    report = OpinionReport.objects.get()
    assert response.status_code == 302 and report.state == State.SUBMITTED
    page = client.get(f"/opinions/{report.pk}/").content.decode()
    assert "关于增设公交站点的建议" in page and "撤回" in page and "编辑处理" not in page


def test_form_shows_the_length_error(world: World) -> None:
    page = _client(world.alice).post(f"/opinions/new/?committee={world.city.pk}", {
        "submitter_kind": "member", "title": "标题", "body": "字" * 1600, "action": "submit"}).content.decode()
    assert "正文不能超过 1500 个字（当前 1600 字）" in page
    assert not OpinionReport.objects.exists()


def test_editor_moves_on_the_page(world: World) -> None:
    report = submitted(world)
    client = _client(world.rita)
    page = client.get(f"/opinions/{report.pk}/").content.decode()
    assert "采编" in page and "不予采用" in page
    client.post(f"/opinions/{report.pk}/do/accept/", {"version": report.version})
    report.refresh_from_db()
    assert report.state == State.EDITING
    response = client.post(f"/opinions/{report.pk}/do/adopt/", {"level": "city", "adopted_by": ""})
    assert response.status_code == 400 and "请填写采用单位" in response.content.decode()
    client.post(f"/opinions/{report.pk}/do/adopt/", {"level": "city", "adopted_by": "中共长春市委办公厅"})
    page = client.get(f"/opinions/{report.pk}/").content.decode()
    assert "中共长春市委办公厅采用（市级）" in page


def test_stale_edit_is_refused_on_screen(world: World) -> None:
    report = accepted(world)
    old = report.version
    client = _client(world.rita)
    client.post(f"/opinions/{report.pk}/do/revise/", {"version": old, "title": "新标题一", "body": BODY})
    response = client.post(f"/opinions/{report.pk}/do/revise/", {"version": old, "title": "新标题二", "body": BODY})
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "新标题一"


def test_members_cannot_act_and_outsiders_cannot_read(world: World) -> None:
    report = submitted(world)
    assert _client(world.alice).post(f"/opinions/{report.pk}/do/accept/", {}).status_code == 403
    assert _client(world.bob).get(f"/opinions/{report.pk}/").status_code == 403
    assert _client(world.olga).get(f"/opinions/{report.pk}/").status_code == 403
    assert _client(world.leo).get(f"/opinions/{report.pk}/").status_code == 200


def test_converted_proposal_page_links_back(world: World) -> None:
    proposal = at_last_stage(world, in_review(world))
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.CONVERT_OPINION, explanation="转社情民意",
                  proposer_consented=True)
    report = OpinionReport.objects.get(source_proposal=proposal)
    page = _client(world.rita).get(f"/opinions/{report.pk}/").content.decode()
    assert f"/proposals/{proposal.pk}/" in page and "来源提案的审查记录" in page and "提案审查中转来" in page
    proposal_page = _client(world.alice).get(f"/proposals/{proposal.pk}/").content.decode()
    assert "转为社情民意" in proposal_page and f"/opinions/{report.pk}/" in proposal_page


def test_draft_edited_then_withdrawn_on_screen(world: World) -> None:
    client = _client(world.alice)
    client.post(f"/opinions/new/?committee={world.city.pk}", {
        "submitter_kind": "member", "title": "关于增设公交站点的建议", "body": BODY, "action": "save"})
    report = OpinionReport.objects.get()
    assert report.state == State.DRAFT
    assert _client(world.bob).get(f"/opinions/{report.pk}/edit/").status_code == 403
    response = client.post(f"/opinions/{report.pk}/edit/", {
        "submitter_kind": "joint", "co_authors": [world.people["bob"].pk], "title": "关于增设社区公交站点的建议",
        "body": BODY, "version": report.version, "action": "submit"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.authors.count() == 2
    page = _client(world.bob).get(f"/opinions/{report.pk}/").content.decode()  # bob is credited: he may read it
    assert "关于增设社区公交站点的建议" in page and "撤回" not in page
    client.post(f"/opinions/{report.pk}/do/withdraw/", {"remarks": "问题已解决"})
    report.refresh_from_db()
    assert report.state == State.WITHDRAWN
