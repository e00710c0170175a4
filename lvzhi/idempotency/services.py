"""`create_once`: the one way a create is made safe to repeat, for the screens' form tokens and the API's
Idempotency-Key header alike."""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from lvzhi.idempotency.models import IdempotencyKey

M = TypeVar("M", bound=models.Model)
KEY_MAX = 80
_KEY_RE = re.compile(r"^[\x21-\x7e]{8,80}$")  # printable ASCII, no spaces: a UUID, a ULID, a random token


def new_token() -> str:
    """A fresh one-time token for a form."""
    return uuid.uuid4().hex


def check_key(raw: str | None) -> str:
    """The key as sent, or "" when none; a malformed one is refused with a Chinese message."""
    key = (raw or "").strip()
    if key and not _KEY_RE.match(key):
        raise ValidationError({"idempotency_key": "请求标识（Idempotency-Key）应为 8 到 80 个可见 ASCII 字符，如 UUID。"})
    return key


def create_once(*, user: Any, scope: str, key: str, model: type[M], create: Callable[[], M],
                fingerprint: str = "") -> tuple[M, bool]:
    """Run `create` once for (`user`, `scope`, `key`): the record and True; a repeat gets the first record and
    False. Without a key `create` simply runs.

    The key is claimed in the same transaction as the create: if the create fails, nothing is claimed and the
    client may retry. A concurrent repeat waits on the unique index until the first commits, then reads it.
    A repeat with different content (`fingerprint`) is refused: a key names one request.
    """
    if not key:
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(user=user, scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            claim = IdempotencyKey.objects.get(user=user, scope=scope, key=key)
        else:
            record = create()
            claim.object_id = record.pk
            claim.save(update_fields=["object_id"])
            return record, True
    if fingerprint and claim.fingerprint and claim.fingerprint != fingerprint:
        raise ValidationError({"idempotency_key": "该请求标识已用于另一份内容不同的请求，请为新的请求换一个标识。"})
    existing = model._default_manager.filter(pk=claim.object_id).first() if claim.object_id else None
    if existing is None:
        raise ValidationError({"idempotency_key": "该请求所建的记录已不存在，请为新的请求换一个标识。"})
    return existing, False


def purge_keys(*, older_than_days: int = 7) -> int:
    """Forget keys older than a retry could be (a week by default): the table would otherwise grow by one row
    per keyed create. A repeat after that makes a new record, as any new request would."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=max(1, older_than_days))
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
