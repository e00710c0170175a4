"""Writing audit events. Every service that changes data calls `audit_record` in its transaction."""
from __future__ import annotations

import datetime
import decimal
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import models

from lvzhi.actors import Actor
from lvzhi.audit import chain, context
from lvzhi.audit.models import AuditEvent, Outcome
from lvzhi.text.masking import mask_id_number, mask_phone

# Personal numbers never reach an audit row in clear, whoever records it: masked, with a keyed reference so the
# audit administrator can still tell two values apart or confirm a known one (personal_ref) without reading it.
PERSONAL_FIELDS = {"phone": mask_phone, "mobile": mask_phone, "id_number": mask_id_number}


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


def personal_ref(value: str) -> str:
    """A short keyed fingerprint of a personal number: equal numbers give equal references."""
    key = str(getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, b"personal|" + value.encode(), hashlib.sha256).hexdigest()[:10]


def mask_personal(value: Any) -> Any:
    """`value` with every phone and ID number (by field name, at any depth) masked and referenced."""
    if isinstance(value, dict):
        return {k: _masked(PERSONAL_FIELDS[k], v) if k in PERSONAL_FIELDS else mask_personal(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask_personal(v) for v in value]
    return value


def _masked(mask: Any, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    return f"{mask(value)}（#{personal_ref(value)}）"


def audit_record(
    *,
    actor: Actor,
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
    return chain.append(AuditEvent(
        actor=user,
        actor_name=(actor_name or (user.username if user else ""))[:150],
        ip=context.current().ip,
        action=action,
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        committee_id=committee_id,
        before=mask_personal(_jsonable(before)) if before is not None else None,
        after=mask_personal(_jsonable(after)) if after is not None else None,
        outcome=outcome,
        detail=detail[:500],
    ))


def audit_read(*, actor: Actor, obj: models.Model, what: str, action: str = "", detail: str = "") -> AuditEvent:
    """A successful read of personal data or of another member's records: who saw what of whom, and when.
    `what` names the part shown (e.g. "手机号、身份证号"); `action` defaults to "<app>.<model>_read", which the
    audit screens label "查看<model's verbose name>" unless the app registers another label."""
    action = action or f"{obj._meta.app_label}.{obj._meta.model_name}_read"
    return audit_record(actor=actor, action=action, obj=obj, detail=(f"查看：{what}" + (f"；{detail}" if detail else "")))


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
