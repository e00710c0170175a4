"""The figures page and its Excel export: who may see them, what they show, the htmx partial."""
from __future__ import annotations

import io
from typing import Any, cast

from django.test import Client
from django.urls import reverse_lazy
from django_stubs_ext import StrOrPromise
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.tests.test_figures import YEAR, build_fixture
from lvzhi.testing import World

PAGE = reverse_lazy("proposals:figures")
EXPORT = reverse_lazy("proposals:figures_export")


def _get(client: Client, user: Any, url: StrOrPromise, **extra: Any) -> Any:
    client.force_login(user)
    return client.get(url, **extra)


def _card(html: str, code: str) -> str:
    """The text of one figure card."""
    start = html.index(f'data-figure="{code}"')
    return html[start:html.index("</section>" if "data-figure" not in html[start + 1:] else 'class="card"', start + 1)]


def test_staff_sees_the_figures(world: World, client: Client) -> None:
    build_fixture(world)
    response = _get(client, world.pete, f"{PAGE}?committee={world.city.pk}&mode=year&year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>提案统计" in html and f"{YEAR}年度" in html
    assert ">12<" in _card(html, "received") and ">6<" in _card(html, "filed")
    assert "50.0%" in _card(html, "filing_rate") and "6 / 12" in _card(html, "filing_rate")
    assert "80.0%" in _card(html, "reply_rate") and "40.0%" in _card(html, "contact_rate")
    assert "长春市卫生健康委员会" in html and "经济建设" in html and "教育界" in html
    assert 'name="subtree"' not in html  # pete may not read the districts


def test_htmx_gets_the_results_only(world: World, client: Client) -> None:
    build_fixture(world)
    response = _get(client, world.pete, f"{PAGE}?mode=range&start={YEAR}-03-01&end={YEAR}-03-05",
                    HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert ">3<" in _card(html, "received")  # P3 P4 P5
    assert "按类别" in html and "按承办单位" in html


def test_session_period_on_the_page(world: World, client: Client) -> None:
    fx = build_fixture(world)
    html = _get(client, world.pete, f"{PAGE}?mode=session&session={fx.session.pk}").content.decode()
    assert "十五届四次会议以来" in html and ">12<" in _card(html, "received")


def test_invalid_period_falls_back_with_a_message(world: World, client: Client) -> None:
    html = _get(client, world.pete, f"{PAGE}?mode=session").content.decode()
    assert "请选择一次全体会议。" in html


def test_leader_sees_the_subtree(world: World, client: Client) -> None:
    build_fixture(world)
    html = _get(client, world.leo, f"{PAGE}?committee={world.city.pk}&year={YEAR}&subtree=1").content.decode()
    assert 'name="subtree"' in html and "（含下级）" in html
    assert ">13<" in _card(html, "received")  # 12 of the city + 1 of 宽城区


def test_staff_asking_for_the_subtree_is_refused(world: World, client: Client) -> None:
    response = _get(client, world.pete, f"{PAGE}?committee={world.city.pk}&subtree=1")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor_name="pete", action="access.denied", outcome="denied").exists()


def test_outsider_is_refused_and_recorded(world: World, client: Client) -> None:
    response = _get(client, world.olga, f"{PAGE}?committee={world.city.pk}")
    assert response.status_code == 403
    event = AuditEvent.objects.get(actor_name="olga", action="access.denied")
    assert event.outcome == "denied" and event.committee_id == world.city.pk and event.detail == "proposal.view_all"
    assert _get(client, world.olga, f"{EXPORT}?committee={world.city.pk}").status_code == 403
    # Her own district is hers to see.
    assert _get(client, world.olga, PAGE).status_code == 200


def test_member_without_view_all_is_refused(world: World, client: Client) -> None:
    assert _get(client, world.alice, PAGE).status_code == 403
    assert AuditEvent.objects.filter(actor_name="alice", outcome="denied").exists()


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_export_has_the_figures(world: World, client: Client) -> None:
    build_fixture(world)
    response = _get(client, world.pete, f"{EXPORT}?committee={world.city.pk}&year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).values)
    by_label = {r[0]: r for r in rows if r and r[0]}
    assert by_label["统计期间"][1] == f"{YEAR}年度"
    assert by_label["收到提案"][1] == 12 and by_label["立案"][1] == 6 and by_label["转作意见建议"][1] == 1
    assert by_label["立案率"][1:4] == (50.0, 6, 12)
    assert by_label["满意率"][1:4] == (80.0, 4, 5)
    assert by_label["A类"][1:3] == (2, 40.0)
    assert by_label["长春市教育局"][1:6] == (4, 4, 0, 4, 100.0)
    assert by_label["经济界"][1:3] == (6, 3)
    assert AuditEvent.objects.filter(action="proposal.figures_export", actor_name="pete").exists()


def test_export_of_an_empty_committee_shows_dashes(world: World, client: Client) -> None:
    rows = list(cast(Worksheet, load_workbook(io.BytesIO(_get(client, world.leo, f"{EXPORT}?committee={world.other_district.pk}")
                                         .content)).active).values)
    by_label = {r[0]: r for r in rows if r and r[0]}
    assert by_label["收到提案"][1] == 0 and by_label["立案率"][1] == "—"
