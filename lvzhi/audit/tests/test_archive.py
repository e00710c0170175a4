"""Retention archiving: old events leave the table only through archive_audit, into a checked file, and the
remaining chain still verifies from the recorded cut."""
from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lvzhi.audit import chain
from lvzhi.audit.models import AnchorKind, AuditAnchor, AuditEvent
from lvzhi.audit.services import audit_record


def _events(days_ago: int, n: int) -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - datetime.timedelta(days=days_ago)):
        for i in range(n):
            audit_record(actor=None, action="reminder.sent", object_id=str(i), detail=f"{days_ago} 天前")


def _archive(before: datetime.date, output: Path) -> str:
    out = io.StringIO()
    call_command("archive_audit", "--before", before.isoformat(), "--output", str(output), stdout=out)
    return out.getvalue()


def test_archive_round_trip(db: Any, tmp_path: Path) -> None:
    _events(400, 3)
    _events(200, 2)
    _events(1, 4)
    before = timezone.localdate() - datetime.timedelta(days=180)
    output = tmp_path / "audit-archive.jsonl"
    text = _archive(before, output)
    assert "已归档第 1–5 条，共 5 条" in text
    # The table keeps the recent events, plus the archiving's own event, chained on from the cut.
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [6, 7, 8, 9, 10]
    done = AuditEvent.objects.get(seq=10)
    assert done.action == "audit.archive" and done.object_id == "5" and "共 5 条" in done.detail
    cut = AuditAnchor.objects.get(kind=AnchorKind.ARCHIVE)
    assert cut.seq == 5 and AuditEvent.objects.get(seq=6).prev_hash == cut.hash
    result = chain.verify()
    assert result.ok and result.first_seq == 6
    # The file holds the five events with their chain and checks on its own.
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines[1:-1]] == [1, 2, 3, 4, 5]
    out = io.StringIO()
    call_command("archive_audit", "--check", str(output), stdout=out)
    assert "归档文件完好：第 1–5 条，共 5 条" in out.getvalue()
    # A second archiving finds nothing older left.
    assert "无需归档" in _archive(before, tmp_path / "again.jsonl")


def test_an_edited_archive_file_is_caught(db: Any, tmp_path: Path) -> None:
    _events(300, 3)
    output = tmp_path / "a.jsonl"
    _archive(timezone.localdate() - datetime.timedelta(days=200), output)
    lines = output.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[2])
    row["detail"] = "改过"
    lines[2] = json.dumps(row, ensure_ascii=False)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="归档文件第 2 条：内容与哈希不符"):
        call_command("archive_audit", "--check", str(output))


def test_archiving_refuses_recent_dates_and_a_broken_chain(db: Any, tmp_path: Path) -> None:
    _events(300, 3)
    recent = timezone.localdate() - datetime.timedelta(days=100)
    with pytest.raises(CommandError, match="至少保留 180 天"):
        _archive(recent, tmp_path / "x.jsonl")
    AuditEvent.objects.filter(seq=2).delete()  # the test database lets this through; production does not
    with pytest.raises(CommandError, match="审计链已断开，不能归档：第 3 条.*第 2 条缺失"):
        _archive(timezone.localdate() - datetime.timedelta(days=200), tmp_path / "y.jsonl")
    assert not (tmp_path / "y.jsonl").exists()
    assert AuditEvent.objects.count() == 2
