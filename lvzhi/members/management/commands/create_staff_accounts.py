"""`manage.py create_staff_accounts`: accounts for a handling unit's or an office's staff, with one-time passwords."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.accounts.issuing import STAFF_ROLES, staff_accounts_create
from lvzhi.accounts.permissions import record_denial
from lvzhi.committees.models import HandlingUnit, SpecialCommittee
from lvzhi.members.management.commands.create_member_accounts import actor_named, committee_named, write_batch


class Command(BaseCommand):
    help = "为承办单位或政协各部门的工作人员开通账号（每个姓名一个），生成一次性密码，首次登录须修改；已有的跳过。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="政协组织的编号、名称或简称")
        parser.add_argument("--role", required=True, choices=[r.value for r in STAFF_ROLES],
                            help="角色：" + "，".join(f"{r.value}={r.label}" for r in STAFF_ROLES))
        parser.add_argument("--unit", help="承办单位名称（unit_staff 必填）")
        parser.add_argument("--special-committee", help="专门委员会名称（special_committee_staff 必填）")
        parser.add_argument("--output", help="把账号清单写入 .xlsx 文件（否则打印在终端）")
        parser.add_argument("--actor", help="以哪个系统管理员账号的名义（不填则记为服务器控制台操作）")
        parser.add_argument("names", nargs="+", help="工作人员姓名")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = committee_named(options["committee"])
        actor = actor_named(options.get("actor"))
        unit = special = None
        if options.get("unit"):
            unit = HandlingUnit.objects.filter(committee=committee, name=options["unit"]).first()
            if unit is None:
                raise CommandError(f"{committee.name}没有名为“{options['unit']}”的承办单位。")
        if options.get("special_committee"):
            special = SpecialCommittee.objects.filter(committee=committee, name=options["special_committee"]).first()
            if special is None:
                raise CommandError(f"{committee.name}没有名为“{options['special_committee']}”的专门委员会。")
        try:
            batch = staff_accounts_create(actor=actor, committee=committee, role=options["role"],
                                          names=options["names"], handling_unit=unit, special_committee=special,
                                          check_actor=actor is not None)
        except PermissionDenied as exc:
            record_denial(exc)
            raise CommandError(f"账号“{options['actor']}”没有开通账号的权限（须为系统管理员）。") from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        write_batch(self, batch, options.get("output"))
