"""The history import screens: upload, problems or preview, confirm once; staff with proposal.manage only."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.audit.models import AuditEvent, Outcome
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.tests.test_history_import import GOOD, _xlsx
from lvzhi.testing import World


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client: Client, world: World, data: bytes, name: str = "历年提案.xlsx") -> Any:
    return client.post(f"/proposals/history/import/?committee={world.city.pk}", {"file": SimpleUploadedFile(name, data)})


def test_good_file_is_imported_once(world: World, client: Client) -> None:
    client.force_login(world.pete)
    listing = client.get(f"/proposals/?scope=all&committee={world.city.pk}").content.decode()
    assert "往年提案导入" in listing
    page = client.get(f"/proposals/history/import/?committee={world.city.pk}").content.decode()
    assert "下载导入模板" in page
    template = client.get(f"/proposals/history/template.xlsx?committee={world.city.pk}")
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")
    response = _upload(client, world, _xlsx(GOOD))
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "检查通过：共 <strong>3</strong> 件提案" in page and "确认导入" in page and "关于完善课后服务的建议" in page
    assert not Proposal.objects.exists()
    response = client.post(preview_url)
    assert response.status_code == 302 and Proposal.objects.count() == 3
    listing = client.get(response["Location"]).content.decode()
    assert "已导入往年提案 3 件" in listing and "关于完善课后服务的建议" in listing
    again = client.post(preview_url, follow=True).content.decode()
    assert "该文件已导入（3 件），请勿重复提交" in again
    assert Proposal.objects.count() == 3


def test_malformed_file_shows_problems(world: World, client: Client) -> None:
    client.force_login(world.pete)
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[1][6] = "无此人"
    response = _upload(client, world, _xlsx(bad))
    page = client.get(response["Location"]).content.decode()
    assert "<th>行号</th><th>列</th><th>问题</th>" in page and "未导入任何数据" in page and "无此人" in page
    assert "确认导入" not in page
    client.post(response["Location"])
    assert not Proposal.objects.exists()
    not_xlsx = _upload(client, world, b"name,title\n", name="历年.csv").content.decode()
    assert "另存为” .xlsx" in not_xlsx and not Proposal.objects.exists()


def test_outsider_and_other_users_are_refused(world: World, client: Client) -> None:
    client.force_login(world.olga)
    assert client.get(f"/proposals/history/import/?committee={world.city.pk}").status_code == 403
    assert _upload(client, world, _xlsx(GOOD)).status_code == 403
    assert AuditEvent.objects.filter(actor=world.olga, outcome=Outcome.DENIED).exists()
    client.force_login(world.pete)
    preview_url = _upload(client, world, _xlsx(GOOD))["Location"]
    client.force_login(world.alice)
    assert client.get(f"/proposals/?scope=all&committee={world.city.pk}").content.decode().count("往年提案导入") == 0
    assert client.post(preview_url).status_code == 404  # someone else's upload is not found
    assert not Proposal.objects.exists()


def test_the_preview_is_the_shared_import_template(world: World, client: Client) -> None:
    client.force_login(world.pete)
    response = client.get(_upload(client, world, _xlsx(GOOD))["Location"])
    assert "documents/import_preview.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "<h1>往年提案导入</h1>" in page and "<th>案由</th>" in page and "已办结" in page
    assert 'data-confirm="确认导入这 3 件提案？"' in page


def _outcome(world: World) -> list[tuple[Any, ...]]:
    """What an import leaves: each proposal, its history, its audit events and its proposers' duty records."""
    from lvzhi.duty.models import DutyRecord

    rows = []
    for p in Proposal.objects.filter(committee=world.city).order_by("number"):
        events = [(e.action, e.from_state, e.to_state, e.actor_id, e.remarks) for e in p.events.order_by("id")]
        audits = sorted(AuditEvent.objects.filter(object_type="proposals.proposal", object_id=str(p.pk))
                        .values_list("action", "actor_name"))
        duty = sorted(DutyRecord.objects.filter(source_type="proposals.proposal", source_id=p.pk)
                      .values_list("person__name", "kind", "year"))
        rows.append((p.number, p.state, p.year, p.title, events, audits, duty))
    return rows


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_page_and_the_api_import_the_same(world: World, client: Client, channel: str) -> None:
    from lvzhi.api.tests.helpers import api_client

    if channel == "page":
        client.force_login(world.pete)
        assert client.post(_upload(client, world, _xlsx(GOOD))["Location"]).status_code == 302
    else:
        pete = api_client("pete")
        token = pete.post("/api/proposals/history-import/", {
            "committee": world.city.pk, "file": SimpleUploadedFile("历年提案.xlsx", _xlsx(GOOD))}).json()["token"]
        assert pete.post(f"/api/proposals/history-import/{token}/confirm/").status_code == 200
    remarks = "历史提案导入：历年提案.xlsx"
    pete = world.pete.pk
    assert _outcome(world) == [
        ("15届0次第0001号", "closed", 2023, "关于加强社区养老服务的建议",
         [("history_import", "", "closed", pete, remarks)], [("proposal.history_import", "pete")],
         [("艾丽", "proposal_first", 2023)]),
        ("15届0次第0002号", "replied", 2023, "关于完善课后服务的建议",
         [("history_import", "", "replied", pete, remarks)], [("proposal.history_import", "pete")],
         [("艾丽", "proposal_cosign", 2023), ("薄波", "proposal_first", 2023)]),
        ("15届0次第0003号", "not_filed", 2022, "关于某产品推广的建议",
         [("history_import", "", "not_filed", pete, remarks)], [("proposal.history_import", "pete")], []),
    ]
