"""Import earlier years' proposals with their outcomes from an .xlsx (the 历年提案 template)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee
from lvzhi.documents.imports import FileRefused, ImportProblems
from lvzhi.proposals.history_import import build_history_template, parse_history, plan_history
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.history import proposal_import_historical


class Command(BaseCommand):
    help = "从 Excel 导入历年提案及办理结果；任一行有问题时整个文件不导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("committee", help="政协组织的 ID 或名称")
        parser.add_argument("file", help=".xlsx 文件路径（--template 时为要写出的模板路径）")
        parser.add_argument("--user", required=True, help="执行导入的用户名（须有“管理提案办理”权限）")
        parser.add_argument("--check", action="store_true", help="只检查，不导入")
        parser.add_argument("--template", action="store_true", help="写出导入模板")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["committee"]
        committee = Committee.objects.filter(pk=int(key)).first() if key.isdigit() else \
            Committee.objects.filter(name=key).first()
        if committee is None:
            raise CommandError(f"未找到政协组织“{key}”。")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"未找到用户“{options['user']}”。")
        path = Path(options["file"])
        if options["template"]:
            path.write_bytes(build_history_template(committee))
            self.stdout.write(f"已写出模板 {path}")
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        try:
            parsed = parse_history(data, filename=path.name)
            if options["check"]:
                proposal_defaults(committee)
                problems = parsed.problems or plan_history(committee=committee, rows=parsed.rows).problems
                if problems:
                    raise ImportProblems(problems)
                self.stdout.write(f"检查通过：{len(parsed.rows)} 件提案可以导入。")
                return
            if parsed.problems:
                raise ImportProblems(parsed.problems)
            # The same service as the screen's and the API's confirmation.
            result = proposal_import_historical(actor=user, committee=committee, rows=parsed.rows, filename=path.name)
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        except ImportProblems as exc:
            for p in exc.problems:
                where = f"第 {p.row} 行" if p.row else "文件"
                self.stderr.write(f"{where} {p.column}：{p.message}")
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导入 {result.total} 件历史提案（{'、'.join(str(y) for y in result.years)} 年度）。")
