"""Requests recording audit events at the same moment queue on the chain's head: one line, never a fork."""
from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection, transaction

from lvzhi.audit import chain
from lvzhi.audit.models import AuditEvent
from lvzhi.audit.services import audit_record


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_do_not_fork_the_chain(db: Any) -> None:
    audit_record(actor=None, action="reminder.sent", detail="起点")
    writers, per_writer = 4, 15
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(per_writer):
                with transaction.atomic():  # as a service does: the event inside the change's transaction
                    audit_record(actor=None, action="reminder.sent", object_id=f"{n}-{i}", detail="并发")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * per_writer + 2))
    result = chain.verify()
    assert result.ok, result.first_break
