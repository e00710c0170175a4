"""`manage.py demo_data`: fill an empty database with the demo committee tree and print the logins."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.committees.models import Committee
from lvzhi.front.demo import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "生成演示数据（长春市政协及下级政协、委员、账号），并打印演示账号。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--city-members", type=int, default=420)
        parser.add_argument("--county-members", type=int, default=180)

    def handle(self, *args: Any, **options: Any) -> None:
        from lvzhi.accounts.models import RoleGrant

        if Committee.objects.exists():
            self.stdout.write("数据库中已有数据，跳过生成演示数据。")
            logins = [(g.get_role_display(), g.user.username, g.committee.name if g.committee else "全系统")
                      for g in RoleGrant.objects.select_related("user", "committee").order_by("id")[:20]]
        else:
            started = time.monotonic()
            self.stdout.write("正在生成演示数据，约需几分钟，每完成一步打印一行：")
            result = build_demo(seed=options["seed"], city_members=options["city_members"],
                                county_members=options["county_members"], progress=self._progress)
            logins = [(d.role, d.username, d.committee) for d in result]
            self.stdout.write(f"演示数据已生成（{time.monotonic() - started:.1f} 秒）。")
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for role, username, committee in logins:
            self.stdout.write(f"  {username:<12} {role}（{committee}）")
        self.stdout.write("")

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
