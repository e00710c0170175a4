"""The history tables of the lines share one base (`WorkflowEvent`), and every kind of row a line records reads its
label from that line's table, built from its workflow."""
from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from django.apps import apps

import lvzhi
from lvzhi.consultations import workflow as consultations
from lvzhi.consultations.models import ConsultationEvent
from lvzhi.duty_reports import workflow as duty_reports
from lvzhi.duty_reports.models import DutyReportEvent
from lvzhi.meetings import workflow as meetings
from lvzhi.meetings.models import SheetEvent
from lvzhi.merits import workflow as merits
from lvzhi.merits.models import ActivityStep
from lvzhi.opinions import workflow as opinions
from lvzhi.opinions.models import OpinionEvent
from lvzhi.proposals import workflow as proposals
from lvzhi.proposals.models import ProposalEvent
from lvzhi.supervision import workflow as supervision
from lvzhi.supervision.models import MatterStep
from lvzhi.workflows import Workflow, WorkflowEvent

ROOT = Path(lvzhi.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")

# Each line's history: its workflow, its label table, and the calls that write a row (the keyword naming its kind).
LINES: dict[str, tuple[Workflow, Mapping[str, str], dict[str, str]]] = {
    "proposals": (proposals.WORKFLOW, proposals.EVENT_LABELS, {"record_move": "move", "ProposalEvent": "action"}),
    "opinions": (opinions.WORKFLOW, opinions.EVENT_LABELS, {"record_move": "move"}),
    "meetings": (meetings.SHEET, meetings.EVENT_LABELS, {"record": "action"}),
    "supervision": (supervision.MATTER, supervision.EVENT_LABELS, {"_step": "action"}),
    "consultations.plan": (consultations.PLAN, consultations.PLAN_EVENT_LABELS, {"record_event": "move"}),
    "consultations.activity": (consultations.ACTIVITY, consultations.ACTIVITY_EVENT_LABELS, {"record_event": "move"}),
    "duty_reports": (duty_reports.REPORT, duty_reports.EVENT_LABELS, {"_event": "action"}),
    "merits": (merits.ACTIVITY, merits.EVENT_LABELS, {"_step": "action"}),
}


def _calls(app: str) -> Iterator[tuple[str, dict[str, ast.expr]]]:
    """Every call in the app's code (not its tests or migrations): the called name and its keywords."""
    for path in (ROOT / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                yield name, {k.arg: k.value for k in node.keywords if k.arg}


def recorded_kinds(line: str) -> set[str]:
    """The kinds of row the line's code writes under a literal name (a Move object's name is in its workflow)."""
    app, _, record = line.partition(".")
    recorders = LINES[line][2]
    kinds = set()
    for name, keywords in _calls(app):
        kind = keywords.get(recorders.get(name, ""))
        if not isinstance(kind, ast.Constant) or not isinstance(kind.value, str):
            continue
        target = keywords.get("obj")
        if record and not (isinstance(target, ast.Name) and target.id == record):
            continue
        kinds.add(kind.value)
    return kinds


def test_every_history_table_is_a_workflow_event() -> None:
    tables = {m for m in apps.get_models() if {"action", "from_state", "to_state"} <= {f.name for f in m._meta.fields}}
    assert tables == {ProposalEvent, OpinionEvent, ConsultationEvent, SheetEvent, MatterStep, DutyReportEvent,
                      ActivityStep}
    assert all(issubclass(m, WorkflowEvent) for m in tables)


def test_every_kind_of_row_a_line_records_has_a_label_from_its_table() -> None:
    for line, (flow, table, _) in LINES.items():
        kinds = recorded_kinds(line)
        assert "create" in kinds, line  # the scan finds the calls
        assert not kinds - set(table), f"{line}: 没有标签的记录：{sorted(kinds - set(table))}"
        assert flow.labels().items() <= table.items(), line  # every move reads as its workflow names it
        assert all(CJK.search(label) for label in table.values()), line
    assert "attachment_add" in recorded_kinds("proposals")
    # An imported past year's proposal is a move of the table now, so it reads as the table names it.
    assert proposals.EVENT_LABELS["history_import"] == proposals.WORKFLOW.moves["history_import"].label
    assert "item_add" in recorded_kinds("consultations.plan") and "item_add" not in recorded_kinds(
        "consultations.activity")


def test_a_row_shows_its_lines_label() -> None:
    assert ProposalEvent(action="file").label == "立案"
    assert ProposalEvent(action="history_import").label == "导入往年提案"
    assert OpinionEvent(action="from_proposal").label == "由提案转来"
    assert ConsultationEvent(plan_id=1, action="edit").label == "修改计划"
    assert ConsultationEvent(activity_id=1, action="edit").label == "修改"
    assert SheetEvent(action="staff_sign_in").label == "代为签到"
    assert MatterStep(action="create").label == "登记事项"
    assert DutyReportEvent(action="return").label == "退回修改"
    assert str(MatterStep(action="verify")) == "核实确认"
    assert ActivityStep(action="return").label == "退回补充"
    assert ProposalEvent(action="weather").label == "weather"  # an unknown kind is shown as recorded
