"""`manage.py purge_idempotency_keys`: forget the request keys of creates older than a retry could be (cron, daily)."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.idempotency.services import purge_keys


class Command(BaseCommand):
    help = "删除超过保留天数的防重复提交请求标识（建议每日运行）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=7, help="保留天数（至少 1 天，默认 7 天）")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_keys(older_than_days=options["days"])
        self.stdout.write(f"已删除 {deleted} 条过期的请求标识。")
