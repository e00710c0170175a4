"""Writing audit events. Every service that changes data calls `audit_record` in its transaction."""
from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models

from lvzhi.audit import context
from lvzhi.audit.models import AuditEvent, Outcome


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    committee_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: str = "",
    actor_name: str = "",
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if committee_id is None:
            committee_id = getattr(obj, "committee_id", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name or (user.username if user else ""),
        ip=context.current().ip,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        committee_id=committee_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        outcome=outcome,
        detail=detail[:500],
    )


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of an object's concrete fields (and many-to-many names), for `before`/`after`."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if not field.editable and field.name != "id":
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            related = getattr(obj, field.name)
            value = str(related)
        data[field.name] = _jsonable(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            if fields is not None and m2m.name not in fields:
                continue
            data[m2m.name] = sorted(str(x) for x in getattr(obj, m2m.name).all())
    return data


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, so an event reads as from → to."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
