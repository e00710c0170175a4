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
