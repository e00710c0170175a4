"""Proposal attachments (附件): the drafter adds and removes files while the proposal is a draft or returned."""
from __future__ import annotations

import os
import unicodedata
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.proposals import workflow
from lvzhi.proposals.models import Attachment, Proposal, State
from lvzhi.proposals.services import common
from lvzhi.proposals.services.drafting import lock, refuse

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_PROPOSAL = 10
NAME_MAX = 200
# The first bytes each kind of file must start with; None: plain text, checked by decoding instead.
_PDF, _ZIP, _OLE = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_JPEG, _PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
SIGNATURES: dict[str, bytes | None] = {
    ".pdf": _PDF, ".doc": _OLE, ".docx": _ZIP, ".xls": _OLE, ".xlsx": _ZIP, ".jpg": _JPEG, ".jpeg": _JPEG,
    ".png": _PNG, ".txt": None,
}
ALLOWED_LABEL = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、图片（.jpg/.png）或文本（.txt）"
ACCEPT = ",".join(SIGNATURES)


def clean_name(raw: str) -> str:
    """The original file name as shown to readers: no folders, no control characters, at most NAME_MAX chars."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_MAX:
        stem, ext = os.path.splitext(name)
        name = stem[: NAME_MAX - len(ext)] + ext
    return name


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the end of the sample.
            try:
                head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return True
    return False


def _check_file(file: UploadedFile, name: str) -> str:
    """The file's extension, if it is an allowed kind whose content matches; else a ValidationError on `file`."""
    if not name:
        raise ValidationError({"file": "请选择要上传的附件。"})
    ext = _extension(name)
    if ext not in SIGNATURES:
        raise ValidationError({"file": f"不支持“{ext or '无扩展名'}”类型的文件，附件只能是{ALLOWED_LABEL}。"})
    size = file.size or 0
    if size > MAX_BYTES:
        raise ValidationError({"file": f"附件不能超过 {MAX_BYTES // (1024 * 1024)} MB（“{name}”约 "
                                       f"{size / 1024 / 1024:.1f} MB）。"})
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if not head:
        raise ValidationError({"file": f"“{name}”是空文件。"})
    signature = SIGNATURES[ext]
    matches = _looks_like_text(head) if signature is None else head.startswith(signature)
    if not matches:
        raise ValidationError({"file": f"“{name}”的内容与扩展名“{ext}”不符，文件可能已损坏或被改名，请确认后重新上传。"})
    return ext


def _check_editable(actor: Any, proposal: Proposal, what: str, label: str) -> None:
    """The drafter, while the proposal may still be edited; refusals are audited, wrong states explained."""
    require(actor, Cap.PROPOSAL_DRAFT, proposal.committee)
    if not getattr(actor, "is_authenticated", False) or proposal.created_by_id != actor.pk:
        refuse(actor, proposal, f"proposal.{what}: not the drafter", f"只有提案起草人才能{label}。")
    try:
        workflow.check_move("edit", proposal.state)
    except ValidationError:
        state = State(proposal.state).label if proposal.state in State.values else proposal.state
        raise ValidationError({"file": f"提案当前为“{state}”，不能再{label}；只有草稿或退回修改的提案可以。"}) from None


def attachment_add(*, actor: Any, proposal: Proposal, file: UploadedFile) -> Attachment:
    """Attach a file to a draft (or returned) proposal, stored under a generated name; the original is `name`."""
    _check_editable(actor, proposal, "attachment_add", "上传附件")
    name = clean_name(getattr(file, "name", "") or "")
    ext = _check_file(file, name)
    stored = ""
    try:
        with transaction.atomic():
            lock(proposal, None)
            _check_editable(actor, proposal, "attachment_add", "上传附件")  # the state may have moved meanwhile
            if Attachment.objects.filter(proposal=proposal).count() >= MAX_PER_PROPOSAL:
                raise ValidationError({"file": f"每件提案最多 {MAX_PER_PROPOSAL} 个附件，请先删除不需要的附件。"})
            attachment = Attachment(proposal=proposal, name=name, uploaded_by=actor)
            attachment.file.save(f"{uuid.uuid4().hex}{ext}", file, save=False)
            stored = attachment.file.name
            attachment.save()
            common.record_move(proposal=proposal, actor=actor, move="attachment_add", from_state=proposal.state,
                               to_state=proposal.state, remarks=f"上传附件：{name}",
                               after={"attachment": name, "file": stored})
    except BaseException:
        if stored:
            Attachment._meta.get_field("file").storage.delete(stored)  # type: ignore[attr-defined]
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    """Remove an attachment of a draft (or returned) proposal; the stored file goes once the change is saved."""
    proposal = attachment.proposal
    _check_editable(actor, proposal, "attachment_remove", "删除附件")
    lock(proposal, None)
    _check_editable(actor, proposal, "attachment_remove", "删除附件")
    storage, stored, name = attachment.file.storage, attachment.file.name, attachment.name
    attachment.delete()
    common.record_move(proposal=proposal, actor=actor, move="attachment_remove", from_state=proposal.state,
                       to_state=proposal.state, remarks=f"删除附件：{name}", before={"attachment": name, "file": stored})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
