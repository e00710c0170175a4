"""Recompute the stored duty scores (履职得分) from the records, through the same engine the pages use."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.committees.models import Committee
from lvzhi.duty.models import ScoringRuleSet
from lvzhi.duty.scoring import current_scores
from lvzhi.duty.selectors import year_memberships


class Command(BaseCommand):
    help = "按考核规则重新计算委员履职得分（默认所有已设置考核规则的政协组织和年度）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", help="政协组织的 ID 或名称")
        parser.add_argument("--year", type=int, help="年度，如 2026")
        parser.add_argument("--stale-only", action="store_true", help="只计算已过期的得分")

    def handle(self, *args: Any, **options: Any) -> None:
        rulesets = ScoringRuleSet.objects.select_related("committee").order_by("committee__path", "year")
        key = options.get("committee")
        if key:
            committee = (Committee.objects.filter(pk=int(key)).first() if str(key).isdigit()
                         else Committee.objects.filter(name=key).first())
            if committee is None:
                raise CommandError(f"未找到政协组织“{key}”。")
            rulesets = rulesets.filter(committee=committee)
        if options.get("year"):
            rulesets = rulesets.filter(year=options["year"])
        total = 0
        for ruleset in rulesets:
            started = time.perf_counter()
            people = sorted(set(year_memberships(ruleset.committee_id, ruleset.year).values_list("person_id", flat=True)))
            current_scores(committee_id=ruleset.committee_id, year=ruleset.year, person_ids=people, ruleset=ruleset,
                           force=not options["stale_only"], breakdown=False)
            total += len(people)
            self.stdout.write(f"{ruleset.committee.name} {ruleset.year}年：{len(people)} 名委员，"
                              f"{time.perf_counter() - started:.2f} 秒")
        self.stdout.write(f"共计算 {total} 名委员的得分。")
