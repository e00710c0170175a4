"""`manage.py verify_audit`: walk the audit chain; exit 1 and name the first broken link if anything was altered."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.audit import chain


def read_anchors(path: str) -> list[dict[str, Any]]:
    """Anchors from an exported file (the JSON download of the audit screen, or an archive header)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"无法读取锚点文件 {path}：{exc}") from None
    anchors = data.get("anchors", []) if isinstance(data, dict) else data
    if isinstance(data, dict) and isinstance(data.get("head"), dict) and data["head"].get("seq"):
        anchors = [*anchors, data["head"]]  # the chain's end when exported is a checkpoint too
    if not isinstance(anchors, list) or not all(isinstance(a, dict) and "seq" in a and "hash" in a for a in anchors):
        raise CommandError(f"锚点文件 {path} 格式不对：应为导出的锚点 JSON。")
    return anchors


class Command(BaseCommand):
    help = "校验审计日志哈希链：全部完好时退出码为 0；否则打印第一处断开的位置并以退出码 1 结束。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchors", action="append", default=[], metavar="FILE",
                            help="审计管理员先前导出的锚点 JSON 文件，可多次给出")

    def handle(self, *args: Any, **options: Any) -> None:
        external = [a for path in options["anchors"] for a in read_anchors(path)]
        result = chain.verify(external)
        span = f"第 {result.first_seq}–{result.last_seq} 条" if result.first_seq else "无记录"
        if result.ok:
            self.stdout.write(f"审计链完好：校验 {result.checked} 条（{span}），核对锚点 {result.anchors} 个。")
            return
        first = result.first_break
        assert first is not None
        self.stderr.write(f"审计链断开：{first.describe()}")
        for other in sorted(result.breaks, key=lambda b: b.seq)[1:6]:
            self.stderr.write(f"  另见 {other.describe()}")
        raise SystemExit(1)
