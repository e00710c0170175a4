"""Attachments (附件): the drafter uploads and removes while editable; readers download; refusals store nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.audit.models import AuditEvent, Outcome
from lvzhi.proposals.models import Attachment, ProposalEvent, ProposalKind
from lvzhi.proposals.services.attachments import attachment_add, attachment_remove
from lvzhi.proposals.services.drafting import proposal_submit
from lvzhi.proposals.tests.review_support import draft
from lvzhi.testing import World

PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _pdf(name: str = "调研报告（2024）.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_drafter_uploads_from_the_form_and_downloads(world: World, client: Client, media: Path) -> None:
    proposal = draft(world)
    client.force_login(world.alice)
    response = client.post(f"/proposals/{proposal.pk}/attachments/", {"file": _pdf(), "back": "edit"})
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/edit/#attachments"
    attachment = Attachment.objects.get()
    assert attachment.name == "调研报告（2024）.pdf" and attachment.uploaded_by == world.alice
    assert attachment.file.name.endswith(".pdf") and "调研" not in attachment.file.name
    assert len(_stored(media)) == 1
    page = client.get(response["Location"]).content.decode()
    assert "已上传附件“调研报告（2024）.pdf”" in page and f"/proposals/{proposal.pk}/attachments/{attachment.pk}/" in page
    assert "上传附件" in page and "删除" in page
    download = client.get(f"/proposals/{proposal.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download.getvalue() == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''%E8%B0%83%E7%A0%94" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    event = ProposalEvent.objects.get(proposal=proposal, action="attachment_add")
    assert event.from_state == event.to_state == "draft" and "调研报告" in event.remarks
    assert AuditEvent.objects.filter(action="proposal.attachment_add").exists()


def test_cosigner_and_staff_download_but_cannot_change(world: World, client: Client) -> None:
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    attachment = attachment_add(actor=world.alice, proposal=proposal, file=_pdf())
    proposal_submit(actor=world.alice, proposal=proposal)
    for who in ("bob", "pete"):
        client.force_login(world.users[who])
        page = client.get(f"/proposals/{proposal.pk}/").content.decode()
        assert "调研报告（2024）.pdf" in page and 'id="attachment-upload"' not in page
        download = client.get(f"/proposals/{proposal.pk}/attachments/{attachment.pk}/")
        assert download.status_code == 200 and download.getvalue() == PDF
    with pytest.raises(PermissionDenied):
        attachment_remove(actor=world.bob, attachment=attachment)


def test_outsider_is_refused_and_recorded(world: World, client: Client) -> None:
    proposal = draft(world)
    attachment = attachment_add(actor=world.alice, proposal=proposal, file=_pdf())
    proposal_submit(actor=world.alice, proposal=proposal)
    client.force_login(world.olga)
    response = client.get(f"/proposals/{proposal.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor=world.olga, outcome=Outcome.DENIED).exists()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("程序.exe", b"MZ\x90\x00"), "不支持“.exe”类型的文件"),
    (SimpleUploadedFile("假装.pdf", b"just some text"), "的内容与扩展名“.pdf”不符"),
    (SimpleUploadedFile("照片.png", PDF), "的内容与扩展名“.png”不符"),
    (SimpleUploadedFile("空.txt", b""), "是空文件"),
    (SimpleUploadedFile("大.pdf", PDF + b"0" * (10 * 1024 * 1024)), "附件不能超过 10 MB"),
])
def test_refused_files_store_nothing(world: World, client: Client, media: Path, upload: Any, message: str) -> None:
    proposal = draft(world)
    client.force_login(world.alice)
    response = client.post(f"/proposals/{proposal.pk}/attachments/", {"file": upload}, follow=True)
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and not _stored(media)
    assert not ProposalEvent.objects.filter(action="attachment_add").exists()


def test_no_upload_after_submission(world: World, media: Path) -> None:
    proposal = proposal_submit(actor=world.alice, proposal=draft(world))
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=world.alice, proposal=proposal, file=_pdf())
    assert exc.value.message_dict["file"] == ["提案当前为“审查中”，不能再上传附件；只有草稿或退回修改的提案可以。"]
    assert not Attachment.objects.exists() and not _stored(media)


def test_only_the_drafter_uploads(world: World, client: Client, media: Path) -> None:
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    client.force_login(world.bob)
    response = client.post(f"/proposals/{proposal.pk}/attachments/", {"file": _pdf()})
    assert response.status_code == 403
    assert not Attachment.objects.exists() and not _stored(media)
    assert AuditEvent.objects.filter(actor=world.bob, outcome=Outcome.DENIED).exists()


def test_at_most_ten(world: World, media: Path) -> None:
    proposal = draft(world)
    for i in range(10):
        attachment_add(actor=world.alice, proposal=proposal, file=SimpleUploadedFile(f"说明{i}.txt", "情况说明".encode()))
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=world.alice, proposal=proposal, file=_pdf())
    assert "每件提案最多 10 个附件" in exc.value.message_dict["file"][0]
    assert Attachment.objects.count() == 10 and len(_stored(media)) == 10


def test_names_are_cleaned(world: World) -> None:
    proposal = draft(world)
    long_name = "../../etc/" + "很长的文件名" * 50 + ".docx"
    content = b"PK\x03\x04" + b"\x00" * 40
    attachment = attachment_add(actor=world.alice, proposal=proposal, file=SimpleUploadedFile(long_name, content))
    assert len(attachment.name) == 200 and attachment.name.endswith(".docx") and "/" not in attachment.name


def test_drafter_removes(world: World, client: Client, media: Path, django_capture_on_commit_callbacks: Any) -> None:
    proposal = draft(world)
    attachment = attachment_add(actor=world.alice, proposal=proposal, file=_pdf())
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/proposals/{proposal.pk}/attachments/{attachment.pk}/remove/", follow=True)
    assert "已删除附件“调研报告（2024）.pdf”" in response.content.decode()
    assert not Attachment.objects.exists() and not _stored(media)
    assert ProposalEvent.objects.filter(proposal=proposal, action="attachment_remove").exists()
