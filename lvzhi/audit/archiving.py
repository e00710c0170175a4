"""Retention archiving of the audit trail: old events go to a file with their chain, then leave the table in one
audited, chained operation whose archive anchor is where the remaining chain continues."""
from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi.actors import Actor
from lvzhi.audit import chain
from lvzhi.audit.models import AnchorKind, AuditEvent
from lvzhi.audit.services import audit_record

FORMAT = "lvzhi-audit-archive/1"
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Archived:
    count: int
    first_seq: int
    cut_seq: int
    cut_hash: str
    sha256: str


def latest_allowed(today: datetime.date | None = None) -> datetime.date:
    days = max(180, int(getattr(settings, "AUDIT_RETENTION_DAYS", 180)))
    return (today or timezone.localdate()) - datetime.timedelta(days=days)


def _row_text(row: dict[str, Any]) -> str:
    data = {**row, "at": row["at"].astimezone(datetime.UTC).isoformat(timespec="microseconds")}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def check_file(path: Path) -> Archived:
    """Re-read an archive file and walk its chain with the key; raises ValidationError at the first bad link."""
    sha = hashlib.sha256()
    count, first, last = 0, 0, ("", 0)
    with path.open("rb") as f:
        lines = iter(f)
        try:
            header_line = next(lines)
        except StopIteration:
            raise ValidationError("归档文件为空。") from None
        sha.update(header_line)
        header = json.loads(header_line)
        if header.get("format") != FORMAT:
            raise ValidationError("不是审计归档文件。")
        start = (int(header["start"]["seq"]), str(header["start"]["hash"]))
        trailer: dict[str, Any] | None = None

        def events() -> Any:
            nonlocal trailer
            for line in lines:
                sha.update(line)
                data = json.loads(line)
                if "cut" in data:
                    trailer = data
                    return
                yield data

        for row, problem in chain.rows(events(), start):
            if problem:
                raise ValidationError(f"归档文件第 {row['seq']} 条：{problem}")
            count += 1
            first = first or row["seq"]
            last = (row["hash"], row["seq"])
    if trailer is None or trailer["count"] != count or trailer["cut"]["seq"] != last[1] \
            or trailer["cut"]["hash"] != last[0]:
        raise ValidationError("归档文件不完整：末尾的截点与记录不符。")
    return Archived(count, first, last[1], last[0], sha.hexdigest())


def archive_audit(*, before: datetime.date, output: Path, actor: Actor = None, actor_name: str = "") -> Archived | None:
    """Write the events recorded before `before` (local date) to `output`, check the file, then delete them and
    record the cut; None when there is nothing that old. Refuses a date inside the retention period or a broken
    chain (archiving must not bury evidence)."""
    limit = latest_allowed()
    if before > limit:
        raise ValidationError(f"审计记录至少保留 {settings.AUDIT_RETENTION_DAYS} 天：截止日期不能晚于 {limit:%Y-%m-%d}。")
    result = chain.verify()
    if not result.ok and result.first_break:
        raise ValidationError(f"审计链已断开，不能归档：{result.first_break.describe()}")
    cutoff = datetime.datetime.combine(before, datetime.time.min, tzinfo=LOCAL_TZ)
    cut_seq = AuditEvent.objects.filter(at__lt=cutoff).order_by("-seq").values_list("seq", flat=True).first()
    if cut_seq is None:
        return None
    if output.exists():
        raise ValidationError(f"文件 {output} 已存在，不会覆盖。")
    start = chain.latest_cut()
    qs = AuditEvent.objects.filter(seq__lte=cut_seq).order_by("seq").values("id", *chain.VALUE_FIELDS)
    count, cut_hash = 0, start[1]
    with output.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"format": FORMAT, "before": before.isoformat(), "created": timezone.now().isoformat(),
                            "start": {"seq": start[0], "hash": start[1]}}, ensure_ascii=False) + "\n")
        for row in qs.iterator(chunk_size=5000):
            f.write(_row_text(row) + "\n")
            count, cut_hash = count + 1, row["hash"]
        f.write(json.dumps({"cut": {"seq": cut_seq, "hash": cut_hash}, "count": count}) + "\n")
    archived = check_file(output)
    with transaction.atomic():
        chain.lock()
        if AuditEvent.objects.filter(seq__lte=cut_seq).count() != count:
            raise ValidationError("归档期间记录有变，请重试。")
        detail = (f"归档第 {archived.first_seq}–{cut_seq} 条（{before:%Y-%m-%d} 之前，共 {count} 条）到 {output.name}；"
                  f"文件 SHA-256 {archived.sha256}")
        chain.record_anchor(cut_seq, cut_hash, AnchorKind.ARCHIVE, detail)
        AuditEvent.objects.filter(seq__lte=cut_seq).delete()
        audit_record(actor=actor, actor_name=actor_name, action="audit.archive",
                     object_type=AuditEvent._meta.label_lower, object_id=str(cut_seq), object_repr="审计日志归档",
                     detail=detail)
    return archived
