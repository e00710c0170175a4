"""Reading the audit trail: the audit administrator's filters, Chinese labels and a count that stays cheap."""

from __future__ import annotations

import datetime
import functools
import ipaddress
import json
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from lvzhi.accounts.permissions import CAP_LABELS, Cap, require
from lvzhi.audit import chain
from lvzhi.audit.labels import action_label as action_label  # re-exported for the screens
from lvzhi.audit.labels import action_labels
from lvzhi.audit.models import AuditAnchor, AuditEvent
from lvzhi.text.chinese import normalise, to_simplified

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

def detail_label(event: AuditEvent) -> str:
    """A refusal records the missing capability's code; show its Chinese name beside it."""
    if event.action == "access.denied" and event.detail in CAP_LABELS:
        return f"缺少权限：{CAP_LABELS[event.detail]}（{event.detail}）"
    return event.detail


@functools.cache
def object_type_label(object_type: str) -> str:
    """'members.person' → '人员'; unknown types are shown as recorded."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@functools.cache
def field_label(object_type: str, name: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return name


def display_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(display_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def diff_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """The event's before → after, one (field label, before, after) row per field, ready to show."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(before) + [k for k in after if k not in before]
    return [
        (field_label(event.object_type, k), display_value(before.get(k)) if k in before else "—",
         display_value(after.get(k)) if k in after else "—")
        for k in keys
    ]


_CHOICES_TTL = 600


def _distinct(column: str) -> list[str]:
    # DISTINCT over a million rows is a full index scan: cache it briefly, the lists change rarely.
    key = f"lvzhi.audit.distinct.{column}"
    values = cache.get(key)
    if values is None:
        values = [v for v in AuditEvent.objects.order_by().values_list(column, flat=True).distinct() if v]
        cache.set(key, values, _CHOICES_TTL)
    return values


def action_choices() -> list[tuple[str, str]]:
    """Every code recorded or registered, by its Chinese label."""
    actions = set(action_labels()) | set(_distinct("action"))
    return sorted(((a, action_label(a)) for a in actions), key=lambda c: (c[1], c[0]))


def object_type_choices() -> list[tuple[str, str]]:
    return sorted(((t, object_type_label(t)) for t in _distinct("object_type")), key=lambda c: c[0])


@dataclass(frozen=True)
class AuditFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor: str = ""
    action: str = ""
    outcome: str = ""
    object_type: str = ""
    committee: int | None = None
    ip: str = ""
    q: str = ""

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def describe(self) -> str:
        """A one-line Chinese summary, for the export's audit record."""
        names = {"date_from": "起", "date_to": "止", "actor": "账号", "action": "操作", "outcome": "结果",
                 "object_type": "对象类型", "committee": "政协组织", "ip": "来源地址", "q": "关键词"}
        parts = [f"{names[f.name]}={getattr(self, f.name)}" for f in fields(self)
                 if getattr(self, f.name) not in (None, "")]
        return "；".join(parts) or "全部"


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LOCAL_TZ)


def audit_events(user: Any, filters: AuditFilters, cap: str = Cap.AUDIT_VIEW) -> QuerySet[AuditEvent]:
    """The events matching `filters`, newest first; only the audit administrator may read them."""
    require(user, cap, None)
    qs = AuditEvent.objects.all()
    # Indexed columns first: at, action, actor_name, object_type, committee_id.
    if filters.date_from:
        qs = qs.filter(at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_local_midnight(filters.date_to + datetime.timedelta(days=1)))
    if filters.actor:
        qs = qs.filter(actor_name=filters.actor)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.committee:
        qs = qs.filter(committee_id=filters.committee)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.ip:
        qs = qs.filter(ip=filters.ip) if _is_full_ip(filters.ip) else qs.filter(ip__startswith=filters.ip)
    q = normalise(filters.q)
    if q:
        cond = Q(object_repr__icontains=q) | Q(detail__icontains=q) | Q(object_id=q)
        simplified = to_simplified(q)
        if simplified != q:
            cond |= Q(object_repr__icontains=simplified) | Q(detail__icontains=simplified)
        qs = qs.filter(cond)
    return qs.order_by("-at", "-id")


def _is_full_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (COUNT over a LIMIT subquery), so an unfiltered trail of a million events
    costs a bounded count; pages past the cap are not offered — narrow the filters instead."""

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int = 10_000) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        rows = min(self.count, self.cap)
        return max(1, -(-rows // int(self.per_page)))


def chain_verification(user: Any) -> chain.Verification:
    """The whole chain checked now; the audit administrator's screen shows its first broken link."""
    require(user, Cap.AUDIT_VIEW, None)
    return chain.verify()


def audit_anchors(user: Any, cap: str = Cap.AUDIT_VIEW) -> QuerySet[AuditAnchor]:
    """The anchors, newest first."""
    require(user, cap, None)
    return AuditAnchor.objects.order_by("-seq", "-id")
