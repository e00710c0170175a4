"""The proposal list: each role's scope, filters, text search, the htmx partial, paging and the Excel exports."""
from __future__ import annotations

import io
from typing import cast

from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import Assignment, ProposalKind, State
from lvzhi.proposals.search_index import refresh_search
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import assigned, make_unit, shift_assignment
from lvzhi.proposals.tests.review_support import category, draft, filed, in_review
from lvzhi.testing import World


def _page(client: Client, user: object, url: str = "/proposals/", **headers: str) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_committees_proposals_but_not_drafts_of_others(world: World, client: Client) -> None:
    submitted = in_review(world)
    drafted = draft(world, title="关于还在起草中的建议")
    page = _page(client, world.pete)
    assert submitted.title in page and drafted.title not in page and "共 1 件" in page
    assert "导出提案目录" in page and "导出办理情况表" in page
    assert "审查中" in page and "平时提案" in page


def test_filters_by_state_category_and_kind(world: World, client: Client) -> None:
    cat = category(world, "医疗卫生")
    one = make_proposal(world, title="关于甲的建议", state=State.FILED, category=cat, number="15届0次第0001号", seq=1)
    two = make_proposal(world, title="关于乙的建议", state=State.IN_REVIEW)
    three = make_proposal(world, title="关于丙的建议", state=State.FILED, kind=ProposalKind.JOINT,
                          proposers=[world.people["alice"], world.people["bob"]])
    page = _page(client, world.pete, f"/proposals/?state=filed&category={cat.pk}")
    assert one.title in page and two.title not in page and three.title not in page
    page = _page(client, world.pete, "/proposals/?kind=joint")
    assert three.title in page and one.title not in page
    page = _page(client, world.pete, "/proposals/?session=interim&state=in_review")
    assert two.title in page and one.title not in page
    assert "共 1 件" in page


def test_text_search_uses_the_word_index(world: World, client: Client) -> None:
    hit = make_proposal(world, title="关于加强黑土地保护的建议", state=State.FILED)
    miss = make_proposal(world, title="关于改善城市交通的建议", state=State.FILED)
    refresh_search(hit)
    refresh_search(miss)
    page = _page(client, world.pete, "/proposals/?q=黑土地")
    assert hit.title in page and miss.title not in page
    page = _page(client, world.pete, "/proposals/?q=黑土地保護")  # Traditional finds Simplified
    assert hit.title in page


def test_htmx_request_gets_only_the_results(world: World, client: Client) -> None:
    in_review(world)
    page = _page(client, world.pete, "/proposals/?state=in_review", HX_Request="true", HX_Target="results")
    assert page.lstrip().startswith('<section id="results"') and "<html" not in page


def test_member_sees_own_and_invited_only(world: World, client: Client) -> None:
    mine = draft(world, title="关于艾丽起草的建议")
    invited = draft(world, who="bob", title="关于邀请艾丽联名的建议", kind=ProposalKind.JOINT, cosigners=("alice",))
    other = in_review(world, who="bob", title="关于薄波个人的建议")
    page = _page(client, world.alice)
    assert "我的提案" in page
    assert mine.title in page and invited.title in page and other.title not in page
    assert "起草人" in page or "第一提案人" in page
    assert "联名（待确认）" in page
    assert "导出提案目录" not in page


def test_unit_sees_assigned_with_due_dates_and_overdue_marks(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world, title="关于学校周边交通安全的建议")
    late, (late_assignment,) = assigned(world, title="关于校园食堂管理的建议")
    shift_assignment(late_assignment, 100)
    other = make_proposal(world, title="关于不归教育局的建议", state=State.FILED)
    page = _page(client, world.uma)
    assert "交办给本单位的提案" in page
    assert proposal.title in page and late.title in page and other.title not in page
    assert assignment.due_date.isoformat() in page and "已逾期" in page
    assert "导出提案目录" not in page


def test_unit_does_not_see_another_units_proposal(world: World, client: Client) -> None:
    other_unit = make_unit(world)
    proposal, _ = assigned(world, units=[other_unit], title="关于医院挂号难的建议")
    page = _page(client, world.uma)
    assert proposal.title not in page
    assert Assignment.objects.filter(unit=other_unit).exists()


def test_outsider_cannot_list_the_city(world: World, client: Client) -> None:
    filed(world)
    client.force_login(world.olga)
    response = client.get(f"/proposals/?committee={world.city.pk}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk).exists()
    page = _page(client, world.olga)
    assert "长春市宽城区政协" in page and "还没有提案" in page


def test_administrators_have_no_proposal_list(world: World, client: Client) -> None:
    client.force_login(world.auditor)
    assert client.get("/proposals/").status_code == 403


def test_paging(world: World, client: Client) -> None:
    for i in range(35):
        make_proposal(world, title=f"关于第{i}件事的建议", state=State.IN_REVIEW)
    page = _page(client, world.pete)
    assert "共 35 件" in page and "第 1 / 2 页" in page and "下一页" in page
    assert "第 2 / 2 页" in _page(client, world.pete, "/proposals/?page=2")


def test_excel_exports(world: World, client: Client) -> None:
    proposal, _ = assigned(world, title="关于导出目录的建议", number="15届0次第0009号", seq=9)
    client.force_login(world.pete)
    for url in ("/proposals/catalogue.xlsx", "/proposals/handling.xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = cast(Worksheet, load_workbook(io.BytesIO(response.content)).active)
        text = "".join(str(c.value or "") for row in sheet.iter_rows() for c in row)
        assert proposal.title in text
    assert AuditEvent.objects.filter(action__startswith="proposal.export", actor_name="pete").count() == 2
    client.force_login(world.alice)
    assert client.get("/proposals/catalogue.xlsx").status_code == 403
