"""`manage.py archive_audit --before DATE --output FILE`: move audit events past retention to a checked file."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.audit.archiving import archive_audit, check_file


class Command(BaseCommand):
    help = ("把某日期之前的审计记录连同哈希链导出到文件，校验文件后从数据库删除；删除本身记入审计链（归档截点）。"
            "也可用 --check 复核一个归档文件。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="截止日期 YYYY-MM-DD（不含当天），须早于保留期（至少 180 天）")
        parser.add_argument("--output", help="归档文件路径（JSON Lines），不能是已存在的文件")
        parser.add_argument("--by", default="", help="执行归档的审计管理员账号，记入审计")
        parser.add_argument("--check", metavar="FILE", help="只复核一个归档文件的哈希链")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                checked = check_file(Path(options["check"]))
                self.stdout.write(f"归档文件完好：第 {checked.first_seq}–{checked.cut_seq} 条，共 {checked.count} 条；"
                                  f"截点哈希 {checked.cut_hash}；文件 SHA-256 {checked.sha256}")
                return
            if not options["before"] or not options["output"]:
                raise CommandError("请给出 --before 日期和 --output 文件。")
            try:
                before = datetime.date.fromisoformat(options["before"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from None
            actor = get_user_model().objects.filter(username=options["by"]).first() if options["by"] else None
            if options["by"] and actor is None:
                raise CommandError(f"没有账号 {options['by']}。")
            done = archive_audit(before=before, output=Path(options["output"]), actor=actor,
                                 actor_name="" if actor else "archive_audit")
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        except OSError as exc:
            raise CommandError(f"文件读写失败：{exc}") from None
        if done is None:
            self.stdout.write(f"{before:%Y-%m-%d} 之前没有审计记录，无需归档。")
            return
        self.stdout.write(f"已归档第 {done.first_seq}–{done.cut_seq} 条，共 {done.count} 条，到 {options['output']}；"
                          f"文件 SHA-256 {done.sha256}。请把文件与其 SHA-256 一并离线保存。")
