"""Every action code the code base records has a Chinese label, shown in the audit list's 操作 column and filter."""
from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

import lvzhi
from lvzhi.audit.labels import action_label, action_labels
from lvzhi.audit.services import audit_record
from lvzhi.testing import PASSWORD, World

ROOT = Path(lvzhi.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py")
            if "tests" not in p.parts and "migrations" not in p.parts}


def _calls(text: str, function: str) -> list[str]:
    """The argument text of each call of `function` (calls end with ')' at the end of a line)."""
    return re.findall(rf"\b{function}\((.*?)\)\n", text, re.S)


def recorded_codes() -> set[str]:
    """The action codes the code can record: literal codes, plus the names each line's helper puts after its
    prefix (found by reading the calls), plus every move of the declared workflows."""
    from lvzhi.committees.models import CONFIG_LISTS
    from lvzhi.consultations import workflow as consultations
    from lvzhi.meetings import workflow as meetings
    from lvzhi.opinions import workflow as opinions
    from lvzhi.proposals import workflow as proposals
    from lvzhi.supervision import workflow as supervision

    codes = {"logout"}
    for path, text in _sources().items():
        app, name = path.relative_to(ROOT).parts[0], path.name
        codes |= set(re.findall(r'\baction="([a-z_]+\.[a-z_.]+)"', text))
        codes |= set(re.findall(r'_ACTION = "([a-z_]+\.[a-z_.]+)"', text))
        if app == "proposals":
            codes |= {f"proposal.{m}" for call in _calls(text, "record_move") for m in re.findall(r'move="(\w+)"', call)}
            codes |= {f"proposal.export_{k}" for k in re.findall(r'_export\(request, "(\w+)"\)', text)}
        if app == "opinions":
            codes |= {f"opinions.{m}" for call in _calls(text, "record_move") for m in re.findall(r'move="(\w+)"', call)}
        if app == "meetings":
            codes |= {f"meetings.{a}" for call in _calls(text, "record") for a in re.findall(r'\baction="(\w+)"', call)}
        if app == "supervision":
            codes |= {f"supervision.{v}" for v in re.findall(r'\bverb="(\w+)"', text)}
            codes |= {f"supervision.matter_{a}" for call in _calls(text, "_step")
                      for a in re.findall(r'\baction="(\w+)"', call)}
        if app == "consultations":
            for call in _calls(text, "record_event"):
                verb = re.search(r'\bverb="(\w+)"', call)
                move = re.search(r'\bmove="(\w+)"', call)
                kind = "plan" if "obj=plan" in call else "activity"
                if verb:
                    codes.add(f"consultations.{verb.group(1)}")
                elif move:
                    codes.add(f"consultations.{kind}_{move.group(1)}")
            if name == "suggestions.py":
                codes |= {f"consultations.suggestion_{m}" for call in _calls(text, "_step")
                          for m in re.findall(r'move="(\w+)"', call)}
    codes |= {f"proposal.{m}" for m in proposals.MOVES}
    codes |= {f"opinions.{m}" for m in opinions.MOVES}
    codes |= {f"meetings.{m}" for m in meetings.MOVES}
    codes |= {f"supervision.matter_{m}" for m in supervision.MOVES}
    codes |= {f"supervision.plan_{m}" for m in supervision.PLAN_MOVES}
    codes |= {f"consultations.plan_{m}" for m in consultations.PLAN_MOVES}
    codes |= {f"consultations.activity_{m}" for m in consultations.ACTIVITY_MOVES}
    codes |= {f"consultations.suggestion_{m}" for m in consultations.SUGGESTION_MOVES}
    codes |= {f"config.{key}.{verb}" for key in CONFIG_LISTS for verb in ("create", "update", "reorder")}
    return codes


def test_every_recorded_action_has_a_chinese_label() -> None:
    codes = recorded_codes()
    assert len(codes) > 150 and "meetings.sign_in" in codes and "consultations.activity_hold" in codes
    missing = sorted(c for c in codes if c not in action_labels())
    assert not missing, f"没有中文名称的审计操作：{missing}"
    assert all(CJK.search(label) for label in action_labels().values())


def test_labels_come_from_each_line() -> None:
    assert action_label("meetings.sign_in") == "会议签到：签到"
    assert action_label("consultations.suggestion_adopt") == "协商意见建议：采纳"
    assert action_label("proposal.file") == "提案：立案"
    assert action_label("config.reply-classes.create") == "新增答复分类"
    assert action_label("supervision.matter_verify") == "监督事项：核实确认"
    assert action_label("members.person_read") == "查看人员"  # audit_read's default code
    assert action_label("weather.report_read") == "weather.report_read"


def test_the_list_shows_chinese_in_the_column_and_the_filter(world: World) -> None:
    audit_record(actor=world.alice, action="meetings.sign_in", object_repr="第一次会议")
    audit_record(actor=world.carol, action="consultations.activity_hold", object_repr="专题协商")
    client = Client()
    assert client.login(username="auditor", password=PASSWORD)
    page = client.get("/audit/list/").content.decode()
    assert '<option value="meetings.sign_in">会议签到：签到</option>' in page
    assert '<option value="consultations.activity_hold">协商活动：确认已举行</option>' in page
    assert 'title="meetings.sign_in">会议签到：签到</td>' in page
    assert 'title="consultations.activity_hold">协商活动：确认已举行</td>' in page
