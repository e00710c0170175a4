"""Optimistic concurrency, the same for every record with a `version`: lock the row, refuse an edit made on a
stale version, and save with the next version number."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)
STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"


def lock(obj: M, expected_version: int | None, *, stale_message: str = STALE_MESSAGE) -> M:
    """Reload `obj` in place with its row locked; refuse if someone changed it since the caller read it."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())
    if expected_version is not None and getattr(obj, "version") != expected_version:  # noqa: B009
        raise ValidationError(stale_message)
    return obj


def save_changed(obj: models.Model, fields: Iterable[str]) -> None:
    """Save the changed fields with a new version number (and the modification time, where the model keeps one)."""
    target: Any = obj
    target.version += 1
    stamp = {"updated_at"} if any(f.name == "updated_at" for f in obj._meta.concrete_fields) else set()
    obj.save(update_fields=sorted({*fields, "version", *stamp}))
