"""Rebuild the proposals' word index (after changing the segmentation or stop-words, or after a bulk load)."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lvzhi.proposals.models import Proposal
from lvzhi.proposals.search_index import refresh_search_many


class Command(BaseCommand):
    help = "重建提案全文检索索引（分词、繁简统一）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", type=int, help="只重建该政协组织（ID）的提案")
        parser.add_argument("--batch", type=int, default=500, help="每批处理的提案数")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Proposal.objects.order_by("pk").only(
            "pk", "committee_id", "year", "title", "situation", "analysis", "suggestions", "search_text")
        if options["committee"]:
            qs = qs.filter(committee_id=options["committee"])
        started, done, last = time.monotonic(), 0, 0
        while True:
            batch = list(qs.filter(pk__gt=last)[: options["batch"]])
            if not batch:
                break
            done += refresh_search_many(batch)
            last = batch[-1].pk
            if options["verbosity"] > 1:
                self.stdout.write(f"已处理 {done} 件")
        self.stdout.write(f"已重建 {done} 件提案的检索索引，用时 {time.monotonic() - started:.1f} 秒。")
