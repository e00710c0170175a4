"""The audit trail's hash chain: how an event is hashed, how appends are serialised, and how the chain is checked.

Each event stores `seq` (1, 2, 3, … with no gaps), `prev_hash` (the previous event's `hash`) and `hash`, an
HMAC-SHA256 keyed with settings.AUDIT_CHAIN_KEY over a canonical JSON of its fields and `prev_hash`. Someone who can
write the table but does not hold the key cannot make an edited, inserted or deleted row fit; anchors exported by
the audit administrator catch even a rewrite by someone who holds it.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lvzhi.audit.models import AnchorKind, AuditAnchor, AuditEvent

GENESIS = "0" * 64
# The fields the hash covers, in this order; `prev_hash` and `seq` tie the event to its place.
HASHED_FIELDS = ("seq", "at", "actor_id", "actor_name", "ip", "action", "object_type", "object_id", "object_repr",
                 "committee_id", "before", "after", "outcome", "detail", "prev_hash")
VALUE_FIELDS = (*HASHED_FIELDS, "hash")


def _key() -> bytes:
    return str(getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY).encode()


def _at_text(value: datetime.datetime | str) -> str:
    if isinstance(value, str):  # an archive file's text
        value = datetime.datetime.fromisoformat(value)
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _ip_text(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).split("/")[0]))
    except ValueError:
        return str(value)


def canonical(values: dict[str, Any]) -> bytes:
    """The bytes hashed for one event: the same whichever database stored it and however it was read back."""
    data: dict[str, Any] = {name: values.get(name) for name in HASHED_FIELDS}
    data["at"] = _at_text(data["at"])
    data["ip"] = _ip_text(data["ip"])
    data["object_id"] = str(data["object_id"] or "")
    for name in ("seq", "actor_id", "committee_id"):
        data[name] = int(data[name]) if data[name] is not None else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def event_hash(values: dict[str, Any]) -> str:
    return hmac.new(_key(), canonical(values), hashlib.sha256).hexdigest()


def anchor_mac(kind: str, seq: int, hash_: str, at: datetime.datetime | str) -> str:
    text = f"anchor|{kind}|{int(seq)}|{hash_}|{_at_text(at)}".encode()
    return hmac.new(_key(), text, hashlib.sha256).hexdigest()


def json_roundtrip(value: Any) -> Any:
    """What a JSON column gives back, so the hash computed before saving equals the one recomputed later."""
    return json.loads(json.dumps(value, ensure_ascii=False)) if value is not None else None


# Any constant will do: the transaction-scoped advisory lock that queues appends on PostgreSQL.
LOCK_KEY = 0x6C767A6869  # "lvzhi"


def lock() -> tuple[int, str]:
    """Queue behind any other append until this transaction ends, then give the chain's end (seq, hash).
    PostgreSQL: an advisory lock, so no row is rewritten per event. SQLite opens every transaction IMMEDIATE
    (settings.py), which already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    return end()


def end() -> tuple[int, str]:
    """The last event's seq and hash (raw SQL: this runs for every audited change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else latest_cut()


def latest_cut() -> tuple[int, str]:
    """Where the stored chain starts: the last archive cut, or the beginning."""
    anchor = AuditAnchor.objects.filter(kind=AnchorKind.ARCHIVE).order_by("-seq").first()
    return (anchor.seq, anchor.hash) if anchor else (0, GENESIS)


def append(event: AuditEvent) -> AuditEvent:
    """Give `event` the next place in the chain and insert it, in the caller's transaction (no savepoint: if the
    audit row cannot be written, the change it records must not be committed either)."""
    with transaction.atomic(savepoint=False):
        head = lock()
        event.at = timezone.now()
        event.seq = head[0] + 1
        event.prev_hash = head[1]
        event.before = json_roundtrip(event.before)
        event.after = json_roundtrip(event.after)
        event.hash = event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
        event.save(force_insert=True)
        every = int(getattr(settings, "AUDIT_ANCHOR_EVERY", 1000))
        if every > 0 and event.seq % every == 0:
            record_anchor(event.seq, event.hash, AnchorKind.PERIODIC)
    return event


def record_anchor(seq: int, hash_: str, kind: str, detail: str = "") -> AuditAnchor:
    at = timezone.now()
    return AuditAnchor.objects.create(at=at, kind=kind, seq=seq, hash=hash_, mac=anchor_mac(kind, seq, hash_, at),
                                      detail=detail[:500])


def anchor_now(detail: str = "") -> AuditAnchor | None:
    """An anchor at the chain's current end (the daily `anchor_audit` run); None on an empty trail."""
    with transaction.atomic():
        seq, hash_ = lock()
        if seq == 0 or AuditAnchor.objects.filter(seq=seq).exists():
            return AuditAnchor.objects.filter(seq=seq).first()
        return record_anchor(seq, hash_, AnchorKind.PERIODIC, detail)


@dataclass
class Break:
    seq: int
    at: datetime.datetime | None
    problem: str

    def describe(self) -> str:
        when = f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}" if self.at else "—"
        return f"第 {self.seq} 条（{when}）：{self.problem}"


@dataclass
class Verification:
    checked: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    anchors: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_break(self) -> Break | None:
        return min(self.breaks, key=lambda b: b.seq) if self.breaks else None


def rows(values: Iterable[dict[str, Any]], start: tuple[int, str]) -> Iterator[tuple[dict[str, Any], str]]:
    """Each row with what is wrong with its link ('' when it holds), starting after `start` (seq, hash)."""
    prev_seq, prev_hash = start
    for row in values:
        problem = ""
        if row["seq"] != prev_seq + 1:
            missing = f"第 {prev_seq + 1} 条" if row["seq"] == prev_seq + 2 else f"第 {prev_seq + 1}–{row['seq'] - 1} 条"
            problem = (f"序号不连续：{missing}缺失（被删除）" if row["seq"] > prev_seq + 1
                       else f"序号重复或倒退（前一条为第 {prev_seq} 条）")
        elif row["prev_hash"] != prev_hash:
            problem = "前一哈希与上一条的哈希不符（链被接断或插入了记录）"
        elif not hmac.compare_digest(event_hash(row), row["hash"]):
            problem = "内容与哈希不符：本条记录在写入后被改动"
        yield row, problem
        prev_seq, prev_hash = row["seq"], row["hash"]


def verify(external_anchors: Iterable[dict[str, Any]] = ()) -> Verification:
    """Walk the whole stored chain; report every broken link (the first is what matters) and every anchor that no
    longer matches. `external_anchors` are ones exported earlier ({"seq", "hash"}), checked like stored ones."""
    result = Verification()
    start = latest_cut()
    stored = list(AuditAnchor.objects.order_by("seq", "id"))
    for a in stored:
        if not hmac.compare_digest(anchor_mac(a.kind, a.seq, a.hash, a.at), a.mac):
            result.breaks.append(Break(a.seq, a.at, f"锚点（{a.get_kind_display()}）校验码不符：锚点被伪造或改动"))
    expected = {a.seq: (a.hash, "锚点") for a in stored if a.seq > start[0]}
    for exported in external_anchors:
        if int(exported["seq"]) > start[0]:
            expected[int(exported["seq"])] = (str(exported["hash"]), "导出的锚点")
    result.anchors = len(expected)
    qs = AuditEvent.objects.order_by("seq").values(*VALUE_FIELDS)
    last: dict[str, Any] | None = None
    for row, problem in rows(qs.iterator(chunk_size=5000), start):
        result.checked += 1
        if result.first_seq is None:
            result.first_seq = row["seq"]
        if problem:
            result.breaks.append(Break(row["seq"], row["at"], problem))
        if row["seq"] in expected and expected[row["seq"]][0] != row["hash"]:
            result.breaks.append(Break(row["seq"], row["at"], f"哈希与{expected[row['seq']][1]}不符：链自此被重写"))
        last = row
    last_seq = last["seq"] if last else start[0]
    result.last_seq = last["seq"] if last else None
    beyond = sorted(s for s in expected if s > last_seq)
    if beyond:
        result.breaks.append(Break(last_seq + 1, None, f"{expected[beyond[-1]][1]}记录到第 {beyond[-1]} 条，"
                                                       f"链却止于第 {last_seq} 条：末尾记录被删除"))
    cut = next((a for a in reversed(stored) if a.kind == AnchorKind.ARCHIVE), None)
    if cut and not AuditEvent.objects.filter(action="audit.archive", object_id=str(cut.seq)).exists():
        result.breaks.append(Break(cut.seq, cut.at, "归档截点没有对应的归档审计记录：截点来历不明"))
    return result
