"""Events recorded before the chain existed are chained by the migration, oldest first, and then verify."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lvzhi.audit import chain, guard
from lvzhi.audit.models import AuditAnchor, AuditEvent


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_chained_in_time_order(db: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only")])
    now = timezone.now()
    with connection.cursor() as cursor:
        for days, who in ((1, "late"), (3, "early"), (2, "middle")):
            cursor.execute(
                "INSERT INTO audit_auditevent (at, actor_name, action, object_type, object_id, object_repr, outcome,"
                " detail, after) VALUES (%s, %s, 'login.success', '', '', '', 'success', '', %s)",
                [now - datetime.timedelta(days=days), who, '{"n": 1}'])
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        with connection.cursor() as cursor:  # back to the flushable test guard for the tests after this one
            guard.install(cursor, connection.vendor, allow_flush=True)
    names = list(AuditEvent.objects.order_by("seq").values_list("seq", "actor_name"))
    assert names == [(1, "early"), (2, "middle"), (3, "late")]
    assert chain.verify().ok
    assert AuditAnchor.objects.get().seq == 3
    with connection.cursor() as cursor:
        assert "audit_unlock" not in connection.introspection.table_names(cursor)
