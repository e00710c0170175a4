"""What the study services share: text checks, the members a committee may enrol, locking, audit rows."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from lvzhi import versioning
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.members.models import Person
from lvzhi.members.selectors import check_serving_members

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"
TITLE_MAX = 200
NAME_MAX = 100
BODY_MAX = 5000


def clean_text(value: str | None, label: str, *, max_length: int, errors: dict[str, str], field: str,
               required: bool = False, one_line: bool = True) -> str:
    """Trimmed text (NFKC: full-width letters and digits half-width); an error for empty-but-required or too long."""
    text = unicodedata.normalize("NFKC", value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
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


def check_members(committee: Committee, persons: Iterable[Person], label: str, errors: dict[str, str],
                  field: str) -> list[Person]:
    """The persons, each once, who must be serving members (在任委员) of `committee`."""
    return check_serving_members(committee, persons, label, errors, field, verb="列入")


def lock(obj: models.Model, expected_version: int | None) -> None:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


save_changed = versioning.save_changed


def audit(*, actor: Actor, verb: str, obj: models.Model, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, detail: str = "") -> None:
    audit_record(actor=actor, action=f"study.{verb}", obj=obj, before=before, after=after, detail=detail[:500])


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values for the audit trail, which stores JSON: dates as ISO text."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
