"""`manage.py import_roster`: check and import a roster .xlsx from the command line, all or nothing."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, record_denial, require
from lvzhi.committees.models import Committee
from lvzhi.members import importing


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up with Chinese characters (two cells wide)."""
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "导入委员名册（.xlsx，与页面导入规则相同）：任一行有问题时列出全部问题，不导入任何数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="政协组织的编号、名称或简称")
        parser.add_argument("--file", required=True, help="名册文件（.xlsx）")
        parser.add_argument("--actor", required=True, help="以哪个账号的名义导入（须有导入名册权限）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将导入的人员，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = self._committee(options["committee"])
        actor = User.objects.filter(username=options["actor"], is_active=True).first()
        if actor is None:
            raise CommandError(f"账号“{options['actor']}”不存在或已停用。")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            require(actor, Cap.MEMBER_IMPORT, committee)
            with path.open("rb") as fh:
                parsed = importing.parse_roster(fh, filename=path.name)
            plan = (importing.ImportPlan(committee=committee, term=committee.current_term(), problems=parsed.problems)
                    if parsed.problems else importing.plan_import(committee=committee, rows=parsed.rows))
            if plan.problems:
                raise importing.ImportProblems(plan.problems)
            if options["dry_run"]:
                self._show_plan(plan)
                return
            result = importing.import_commit(actor=actor, committee=committee, rows=parsed.rows, filename=path.name)
        except importing.FileRefused as exc:
            raise CommandError(str(exc)) from exc
        except importing.ImportProblems as exc:
            self._show_problems(exc.problems)
            raise CommandError(f"文件有 {len(exc.problems)} 处问题，未导入任何数据。") from exc
        except PermissionDenied as exc:
            record_denial(exc)
            raise CommandError(f"账号“{actor.username}”没有在{committee.name}导入名册的权限。") from exc
        self.stdout.write(self.style.SUCCESS(
            f"已导入 {result.total} 人到{committee.name}（新建人员 {result.created_people} 人，"
            f"已有人员 {result.existing_people} 人）。"
        ))

    def _committee(self, value: str) -> Committee:
        query = Q(pk=int(value)) if value.isdigit() else Q(name=value) | Q(short_name=value)
        found = list(Committee.objects.filter(query)[:2])
        if len(found) != 1:
            raise CommandError(f"政协组织“{value}”{'不存在' if not found else '不唯一，请用编号'}。")
        return found[0]

    def _show_problems(self, problems: list[importing.Problem]) -> None:
        rows = [[str(p.row or "—"), p.column or "—", p.message] for p in problems]
        self.stdout.write(format_table(["行号", "列", "问题"], rows))

    def _show_plan(self, plan: importing.ImportPlan) -> None:
        rows = [
            [str(r.row), r.name, r.role_label, str(r.membership.get("sector") or "—"),
             str(r.membership.get("party") or "—"), r.status]
            for r in plan.rows
        ]
        self.stdout.write(format_table(["行号", "姓名", "职务", "界别", "党派", "人员"], rows))
        self.stdout.write(self.style.SUCCESS(
            f"检查通过：共 {len(plan.rows)} 人（新建 {plan.new_count}，已有人员 {plan.existing_count}）。"
            "未写入（--dry-run）。"
        ))
