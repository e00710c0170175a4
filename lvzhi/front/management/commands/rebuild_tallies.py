"""`manage.py rebuild_tallies`: recount the kept yearly tallies of 协商 and 民主监督 from their records."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from lvzhi.audit.services import audit_record
from lvzhi.consultations.services.common import rebuild_tallies as rebuild_consultation_tallies
from lvzhi.supervision.services.common import rebuild_tallies as rebuild_supervision_tallies


class Command(BaseCommand):
    help = "按记录重新统计协商、民主监督的年度汇总（批量导入数据后运行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        # One transaction: a reader never sees one line's tallies rebuilt and the other's half gone.
        with transaction.atomic():
            consultations = rebuild_consultation_tallies()
            supervision = rebuild_supervision_tallies()
            audit_record(actor=None, actor_name="manage.py", action="tallies.rebuild",
                         detail=f"协商汇总 {consultations} 行，民主监督汇总 {supervision} 行")
        self.stdout.write(f"已重新统计：协商年度汇总 {consultations} 行，民主监督年度汇总 {supervision} 行。")
