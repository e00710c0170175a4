"""Old request keys are purged by a daily command; recent ones stay so a retry still finds its record."""
from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from lvzhi.idempotency.models import IdempotencyKey
from lvzhi.testing import World


def test_keys_past_the_retention_are_purged_and_recent_ones_kept(world: World) -> None:
    old = IdempotencyKey.objects.create(user=world.alice, scope="api:opinions.create", key="old-key-0001")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    IdempotencyKey.objects.create(user=world.alice, scope="api:opinions.create", key="new-key-0001")
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "已删除 1 条" in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new-key-0001"]
