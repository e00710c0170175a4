"""POST /api/proposals/history-import/ and .../{token}/confirm/: the history import's preview and confirmation."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.tests.test_history_import import GOOD, _xlsx
from lvzhi.testing import World

URL = "/api/proposals/history-import/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client: Client, world: World, data: bytes, name: str = "历年提案.xlsx") -> Any:
    return client.post(URL, {"committee": world.city.pk, "file": SimpleUploadedFile(name, data)})


def test_preview_then_confirm_imports_once(world: World) -> None:
    pete = api_client("pete")
    response = _upload(pete, world, _xlsx(GOOD))
    assert response.status_code == 201
    preview = response.json()
    assert preview["ok"] is True and preview["problems"] == [] and preview["state"] == "pending"
    assert len(preview["rows"]) == 3 and "关于完善课后服务的建议" in [r["title"] for r in preview["rows"]]
    assert not Proposal.objects.exists()

    confirm = f"{URL}{preview['token']}/confirm/"
    done = pete.post(confirm)
    assert done.status_code == 200 and done.json()["total"] == 3
    assert Proposal.objects.filter(committee=world.city).count() == 3
    assert AuditEvent.objects.filter(action="proposal.history_import", actor_name="pete").exists()
    again = pete.post(confirm)
    assert again.status_code == 409 and "该文件已导入（3 件）" in again.json()["detail"]
    assert Proposal.objects.count() == 3


def test_row_problems_are_listed_and_nothing_is_imported(world: World) -> None:
    pete = api_client("pete")
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[1][6] = "无此人"
    preview = _upload(pete, world, _xlsx(bad)).json()
    assert preview["ok"] is False and preview["rows"] == [], preview["problems"]
    assert any(p["row"] == 3 and "无此人" in p["message"] for p in preview["problems"]), preview["problems"]
    refused = pete.post(f"{URL}{preview['token']}/confirm/")
    assert refused.status_code == 400 and any("第 3 行" in key for key in refused.json()["errors"])
    assert not Proposal.objects.exists()

    not_xlsx = _upload(pete, world, b"name,title\n", name="历年.csv")
    assert not_xlsx.status_code == 400 and not_xlsx.json()["errors"]["file"]


def test_only_proposal_managers_import_and_only_their_own_upload(world: World) -> None:
    assert _upload(api_client("alice"), world, _xlsx(GOOD)).status_code == 403
    assert _upload(api_client("olga"), world, _xlsx(GOOD)).status_code == 403
    token = _upload(api_client("pete"), world, _xlsx(GOOD)).json()["token"]
    assert api_client("carol").post(f"{URL}{token}/confirm/").status_code in (403, 404)
    assert not Proposal.objects.exists()
    assert AuditEvent.objects.filter(action="access.denied", actor_name="alice").exists()
