"""`manage.py send_reminders`: the proposal reminder e-mails, once (cron) or as a looping worker."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection

from lvzhi.proposals.reminders import send_due_reminders


def _fresh_connection() -> None:
    """Drop a broken or expired database connection between rounds (never inside a transaction)."""
    if not connection.in_atomic_block:
        close_old_connections()


class Command(BaseCommand):
    help = (
        "发送提案工作提醒邮件：承办单位交办即将到期（7/3/1 天）或已逾期、待确认的联名邀请、待评价的答复；"
        "并使逾期未确认的联名邀请失效。同一提醒同一天只发送一次，可安全重复运行。"
        "用法：由 cron 每天运行一次（如 `0 8 * * * manage.py send_reminders`），"
        "或以常驻进程运行 `manage.py send_reminders --loop 3600`（每 3600 秒检查一次）。"
        "邮件经 Django 的 EMAIL_* 设置发送。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, metavar="SECONDS", default=0,
                            help="常驻运行，每隔 SECONDS 秒检查并发送一次（至少 60 秒）；不指定则只运行一次。")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["loop"]
        if interval and interval < 60:
            raise CommandError("--loop 的间隔至少为 60 秒。")
        if not interval:
            self.stdout.write(f"已发送提醒邮件 {send_due_reminders()} 封。")
            return
        self.stdout.write(f"提醒任务已启动，每 {interval} 秒检查一次（Ctrl+C 停止）。")
        try:
            while True:
                _fresh_connection()
                try:
                    self.stdout.write(f"已发送提醒邮件 {send_due_reminders()} 封。")
                except Exception as exc:  # keep the worker alive; the next round retries
                    self.stderr.write(f"发送提醒失败：{exc}")
                _fresh_connection()
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("提醒任务已停止。")
