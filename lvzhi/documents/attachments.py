"""Checking an uploaded attachment: an allowed kind whose content matches its name, within the size limit,
under a clean display name. Shared by every line that keeps files (proposals, consultation materials ...)."""
from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 200
# The first bytes each kind of file must start with; None: plain text, checked by decoding instead.
_PDF, _ZIP, _OLE = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_JPEG, _PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
SIGNATURES: dict[str, bytes | None] = {
    ".pdf": _PDF, ".doc": _OLE, ".wps": _OLE, ".docx": _ZIP, ".xls": _OLE, ".xlsx": _ZIP, ".jpg": _JPEG, ".jpeg": _JPEG,
    ".png": _PNG, ".txt": None, ".ofd": _ZIP,
}
# What an attachment may be; a line may ask for fewer kinds (or OFD, the national layout format, a ZIP container).
KINDS = (".pdf", ".doc", ".wps", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")
ALLOWED_LABEL = "PDF、Word（.doc/.docx）、WPS、Excel（.xls/.xlsx）、图片（.jpg/.png）或文本（.txt）"
ACCEPT = ",".join(KINDS)


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


def check_file(file: UploadedFile, name: str, *, kinds: Iterable[str] = KINDS, label: str = ALLOWED_LABEL) -> str:
    """The file's extension, if it is one of `kinds` (described by `label`) and its content matches; else a
    ValidationError on `file`."""
    if not name:
        raise ValidationError({"file": "请选择要上传的附件。"})
    ext = _extension(name)
    if ext not in kinds or ext not in SIGNATURES:
        raise ValidationError({"file": f"不支持“{ext or '无扩展名'}”类型的文件，附件只能是{label}。"})
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
