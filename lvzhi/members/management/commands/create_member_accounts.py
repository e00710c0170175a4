"""`manage.py create_member_accounts`: accounts with one-time passwords for a committee's roster (idempotent)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from lvzhi.accounts.issuing import Batch, issued_workbook
from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import record_denial
from lvzhi.committees.models import Committee
from lvzhi.members import accounts
from lvzhi.members.management.commands.import_roster import format_table


def committee_named(value: str) -> Committee:
    query = Q(pk=int(value)) if value.isdigit() else Q(name=value) | Q(short_name=value)
    found = list(Committee.objects.filter(query)[:2])
    if len(found) != 1:
        raise CommandError(f"政协组织“{value}”{'不存在' if not found else '不唯一，请用编号'}。")
    return found[0]


def actor_named(username: str | None) -> User | None:
    if not username:
        return None
    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(f"账号“{username}”不存在或已停用。")
    return actor


def write_batch(command: BaseCommand, batch: Batch, output: str | None) -> None:
    """The list with one-time passwords to a file readable by its owner only, or else to the terminal."""
    if output:
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("--output 须是 .xlsx 文件。")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(issued_workbook(batch))
        command.stdout.write(f"账号清单（含一次性密码）已写入 {path}，请妥善保管，交付后删除。")
    else:
        rows = [[r.name, r.where or "—", r.username or "—", r.password or "—", r.note or "首次登录须修改密码"]
                for r in batch.rows]
        command.stdout.write(format_table(["姓名", "政协组织/单位", "账号", "一次性密码", "说明"], rows))
    command.stdout.write(command.style.SUCCESS(f"开通 {len(batch.created)} 个账号，跳过 {len(batch.skipped)} 个。"))


class Command(BaseCommand):
    help = ("为政协组织本届在任委员开通账号（每人一个，在其任职的各政协组织均为委员），生成一次性密码，"
            "首次登录须修改；已有账号的跳过。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="政协组织的编号、名称或简称")
        parser.add_argument("--output", help="把账号清单写入 .xlsx 文件（否则打印在终端）")
        parser.add_argument("--actor", help="以哪个系统管理员账号的名义（不填则记为服务器控制台操作）")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = committee_named(options["committee"])
        actor = actor_named(options.get("actor"))
        people = accounts.people_of(
            accounts.current_memberships().filter(committee=committee).select_related("person")
        )
        try:
            batch = accounts.member_accounts_create(actor=actor, people=people, check_actor=actor is not None)
        except PermissionDenied as exc:
            record_denial(exc)
            raise CommandError(f"账号“{options['actor']}”没有开通账号的权限（须为系统管理员）。") from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        write_batch(self, batch, options.get("output"))
