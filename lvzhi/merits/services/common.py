"""What the merits services share: text checks, the row lock with its version check, audit rows."""
from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from lvzhi import versioning
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"

# Full-width letters and digits become half-width; Chinese punctuation is kept as typed.
_HALF_WIDTH = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for c in range(r[0], r[1] + 1)}


def clean_text(value: str | None, label: str, *, max_length: int, errors: dict[str, str], field: str,
               required: bool = True, one_line: bool = False) -> str:
    """Trimmed text, full-width letters and digits half-width; records an error for empty or over-long text."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    text = unicodedata.normalize("NFC", text).strip()
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        errors[field] = f"请填写{label}。"
    elif len(text) > max_length:
        errors[field] = f"{label}不能超过 {max_length} 个字（当前 {len(text)} 字）。"
    return text


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def lock(obj: models.Model, expected_version: int | None) -> None:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def audit(*, actor: Actor, verb: str, obj: models.Model, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: str = "") -> None:
    audit_record(actor=actor, action=f"merits.{verb}", obj=obj, before=before, after=after, detail=detail[:500])
