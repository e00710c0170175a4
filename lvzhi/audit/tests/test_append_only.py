"""The audit trail cannot be edited or deleted through the application."""
from __future__ import annotations

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.testing import World


def test_events_refuse_update_and_delete(world: World) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.detail = "篡改"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
