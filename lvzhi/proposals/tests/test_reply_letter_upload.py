"""The reply letter (答复函) goes through the same checks as every upload, is stored under a generated name that
nobody but the web server's group can read, and reaches readers only through the permission-checked view."""
from __future__ import annotations

import os
import stat
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.api.tests.helpers import api_client
from lvzhi.proposals.models import AssignmentState
from lvzhi.proposals.tests.handling_support import assigned, reply_class
from lvzhi.testing import World

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _reply(world: World, name: str, content: bytes) -> Any:
    _, (assignment,) = assigned(world)
    response = api_client("uma").post(f"/api/assignments/{assignment.pk}/reply/", {
        "text": "已会同民政局研究落实。", "reply_class": reply_class(world).pk,
        "file": SimpleUploadedFile(name, content),
    })
    assignment.refresh_from_db()
    return response, assignment


@pytest.mark.parametrize(("name", "content", "message"), [
    ("答复函.exe", b"MZ\x90\x00\x03\x00\x00\x00", "不支持“.exe”类型的文件"),
    ("答复函.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "内容与扩展名“.pdf”不符"),
    ("答复函.pdf", b"", "空文件"),
])
def test_the_api_refuses_a_reply_letter_that_fails_the_checks(world: World, name: str, content: bytes,
                                                              message: str) -> None:
    response, assignment = _reply(world, name, content)
    assert response.status_code == 400
    assert message in response.json()["errors"]["file"][0]
    assert assignment.state == AssignmentState.ASSIGNED and not assignment.reply_file


def test_the_api_refuses_a_letter_over_the_size_limit(world: World, settings: Any) -> None:
    from lvzhi.documents import attachments

    big = PDF + b"0" * attachments.MAX_BYTES
    response, assignment = _reply(world, "答复函.pdf", big)
    assert response.status_code == 400 and "不能超过" in response.json()["errors"]["file"][0]
    assert not assignment.reply_file


def test_a_good_letter_is_stored_privately_and_served_only_through_the_checked_view(world: World,
                                                                                   client: Client) -> None:
    response, assignment = _reply(world, "../关于养老服务的答复.pdf", PDF)
    assert response.status_code == 200, response.content
    stored = assignment.reply_file.path
    assert ".." not in assignment.reply_file.name and "答复" not in os.path.basename(stored)
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(os.path.dirname(stored)).st_mode) == 0o750
    link = f"/proposals/{assignment.proposal_id}/replies/{assignment.pk}/file"
    listed = [a for a in response.json()["assignments"] if a["id"] == assignment.pk][0]
    assert listed["reply_file"] == link
    client.force_login(world.alice)
    download = client.get(link)
    assert download.status_code == 200 and download.getvalue() == PDF
    assert download["Content-Disposition"].endswith(quote("长春市教育局答复函.pdf"))
    client.force_login(world.olga)
    assert client.get(link).status_code == 403
    # The stored file is not published under the media URL.
    assert client.get(f"/media/{assignment.reply_file.name}").status_code == 404
