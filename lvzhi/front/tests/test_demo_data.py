"""`manage.py demo_data` says what it is building as it goes (the whole demo takes minutes)."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from lvzhi.members.models import Person

pytestmark = pytest.mark.django_db

LINES = ("demo_proposals", "demo_opinions", "demo_meetings", "demo_consultations", "demo_supervision")


class Recorder:
    """A stdout that notes, for each line, how many people existed when it was written."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, int]] = []

    def write(self, text: str) -> None:
        for line in text.splitlines():
            self.lines.append((line, Person.objects.count()))

    def flush(self) -> None:
        pass


def test_progress_lines_come_while_building(monkeypatch: Any) -> None:
    import importlib

    # The working lines' demo years are tested with their lines; here they are skipped to keep the test short. The
    # duty year (demo_duty) runs: it must stand on its own when the lines before it made nothing.
    for module in LINES:
        name = "build_" + module
        monkeypatch.setattr(importlib.import_module(f"lvzhi.front.{module}"), name, lambda city, password: [])
    out = Recorder()
    call_command("demo_data", city_members=30, county_members=4, stdout=out)
    text = [line for line, _ in out.lines]
    assert text[0].startswith("正在生成演示数据")
    stamped = [line for line in text if re.match(r"\[\s*\d+\.\d 秒\] ", line)]
    assert len(stamped) >= 12
    written_at = dict(out.lines)
    city = next(line for line in text if line.endswith("委员：长春市政协 30 人"))
    # Written when the city's members had been made, not at the end: the counties' members came after.
    assert written_at[city] == 60 + 30 < Person.objects.count()
    assert any("委员：长春市宽城区政协 4 人" in line for line in text)
    for label in ("提案", "社情民意", "会议与考勤", "协商", "民主监督", "履职考核规则", "学习培训", "履职申报与表彰",
                  "履职报告与述职", "履职考核排名"):
        assert any(f"正在生成{label}的演示年度" in line for line in text)
    assert any(line.endswith("提案：0 件提案") for line in text)
    assert any(re.search(r"履职考核排名：长春市政协\d{4}年优秀 \d+ 人、称职 \d+ 人、不称职 \d+ 人，年委员 \d+ 人$", line)
               for line in text)
    assert any(line.startswith("演示数据已生成") for line in text)
