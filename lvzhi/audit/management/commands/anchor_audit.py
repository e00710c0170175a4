"""`manage.py anchor_audit`: record an anchor at the audit chain's current end (run daily, e.g. from cron)."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.audit import chain


class Command(BaseCommand):
    help = "在审计链当前末端记一个锚点（建议每日运行）；审计管理员可在审计日志页面导出全部锚点。"

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = chain.anchor_now("每日锚点")
        if anchor is None:
            self.stdout.write("审计链为空，未记锚点。")
            return
        self.stdout.write(f"锚点：第 {anchor.seq} 条，哈希 {anchor.hash}")
