"""Attachments through the API: upload (multipart), listed in the detail, delete; refusals in Chinese."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.api.tests.helpers import api_client
from lvzhi.proposals.models import Attachment
from lvzhi.proposals.services.drafting import proposal_submit
from lvzhi.proposals.tests.review_support import draft
from lvzhi.testing import World

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_upload_list_and_delete(world: World, media: Path, django_capture_on_commit_callbacks: Any) -> None:
    proposal = draft(world)
    alice = api_client("alice")
    response = alice.post(f"/api/proposals/{proposal.pk}/attachments/",
                          {"file": SimpleUploadedFile("附件一.pdf", PDF)})
    assert response.status_code == 201, response.content
    body = response.json()
    [item] = body["attachments"]
    assert item["name"] == "附件一.pdf" and item["url"] == f"/proposals/{proposal.pk}/attachments/{item['id']}/"
    assert alice.get(item["url"]).status_code == 200
    assert alice.get(f"/api/proposals/{proposal.pk}/").json()["attachments"][0]["id"] == item["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.delete(f"/api/proposals/{proposal.pk}/attachments/{item['id']}/")
    assert response.status_code == 200 and response.json()["attachments"] == []
    assert not Attachment.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]
    assert alice.delete(f"/api/proposals/{proposal.pk}/attachments/{item['id']}/").status_code == 404


def test_refusals(world: World, media: Path) -> None:
    proposal = draft(world)
    alice = api_client("alice")
    response = alice.post(f"/api/proposals/{proposal.pk}/attachments/", {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert response.status_code == 400 and "不支持“.exe”类型的文件" in response.json()["errors"]["file"][0]
    proposal_submit(actor=world.alice, proposal=proposal)
    response = alice.post(f"/api/proposals/{proposal.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400 and "不能再上传附件" in response.json()["errors"]["file"][0]
    olga = api_client("olga")
    response = olga.post(f"/api/proposals/{proposal.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403
    assert not Attachment.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]
