"""The 协商 tables are what the services do: each declared move of the plan, the activity and the suggestion, made
through its real service, leaves the record in one of the move's declared outcomes; the tables refuse an actor
they do not name; and the services that used to skip the version check refuse a stale one."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.consultations import workflow
from lvzhi.consultations.models import (
    ConsultationActivity,
    ConsultationPlan,
    Form,
    InstructionLevel,
    ParticipantKind,
    Suggestion,
)
from lvzhi.consultations.services import activities, materials, plans, suggestions
from lvzhi.consultations.testing import DAY, held_activity
from lvzhi.testing import World
from lvzhi.workflows import Workflow

LATER = DAY + datetime.timedelta(days=7)
Record = ConsultationPlan | ConsultationActivity | Suggestion


def _plan(world: World) -> ConsultationPlan:
    plan = plans.plan_create(actor=world.carol, committee=world.city, year=DAY.year)
    plans.plan_item_add(actor=world.carol, plan=plan, topic="加快推进养老服务体系建设", form=Form.TOPIC, planned_month=5)
    return plan


def _submitted(world: World) -> ConsultationPlan:
    return plans.plan_submit(actor=world.carol, plan=_plan(world), expected_version=None)


def _approved(world: World) -> ConsultationPlan:
    return plans.plan_approve(actor=world.carol, plan=_submitted(world), approved_by="中共长春市委",
                              approved_on=DAY, expected_version=None)


def _linked(world: World) -> ConsultationPlan:
    plan = _approved(world)
    plans.plan_item_link(actor=world.carol, item=plan.items.get(), activity=held_activity(world))
    return plan


def _planned(world: World) -> ConsultationActivity:
    return held_activity(world, hold=False)


def _with_participant(world: World) -> ConsultationActivity:
    activity = _planned(world)
    activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.EXPERT, name="王教授")
    return activity


def _with_material(world: World) -> ConsultationActivity:
    activity = _planned(world)
    materials.material_add(actor=world.carol, activity=activity,
                           file=SimpleUploadedFile("发言材料.pdf", b"%PDF-1.4 test", content_type="application/pdf"))
    return activity


def _suggested(world: World) -> ConsultationActivity:
    activity = held_activity(world)
    suggestions.suggestion_add(actor=world.carol, activity=activity, text="建设社区长者食堂")
    return activity


def _closed(world: World) -> ConsultationActivity:
    return activities.activity_close(actor=world.carol, activity=held_activity(world), expected_version=None)


def _made(world: World) -> Suggestion:
    return suggestions.suggestion_add(actor=world.carol, activity=held_activity(world), text="建设社区长者食堂")


def _sent(world: World) -> Suggestion:
    return suggestions.suggestion_send(actor=world.carol, suggestion=_made(world), sent_to="市政府", date=DAY,
                                       expected_version=None)


def _decided(world: World, adopted: bool = True) -> Suggestion:
    return suggestions.suggestion_decide(actor=world.carol, suggestion=_sent(world), adopted=adopted, date=DAY,
                                         expected_version=None)


def _transformed(world: World) -> Suggestion:
    return suggestions.suggestion_transform(actor=world.carol, suggestion=_decided(world),
                                            policy_document="长者食堂建设三年行动方案", date=LATER, expected_version=None)


def _step(service: Callable[..., Any], **fields: Any) -> Callable[[World], Suggestion]:
    def run(world: World) -> Suggestion:
        suggestion = _decided(world)
        service(actor=world.carol, suggestion=suggestion, **fields)
        return suggestion
    return run


# Each declared move of each table → the real service path that makes it, returning the record it moved.
SERVICE_FOR_MOVE: dict[tuple[str, str], Callable[[World], Record]] = {
    ("plan", "edit"): lambda w: plans.plan_update(actor=w.carol, plan=_plan(w), title="2026年度协商计划（修订）",
                                                  expected_version=None),
    ("plan", "submit"): _submitted,
    ("plan", "return"): lambda w: plans.plan_return(actor=w.carol, plan=_submitted(w), reason="议题须再斟酌",
                                                    expected_version=None),
    ("plan", "approve"): _approved,
    ("plan", "link"): _linked,
    ("activity", "edit"): lambda w: activities.activity_update(actor=w.carol, activity=_planned(w),
                                                               expected_version=None, place="市政协三楼会议室"),
    ("activity", "participants"): _with_participant,
    ("activity", "materials"): _with_material,
    ("activity", "suggest"): _suggested,
    ("activity", "hold"): held_activity,
    ("activity", "unhold"): lambda w: activities.activity_unhold(actor=w.carol, activity=held_activity(w),
                                                                 reason="登记有误", expected_version=None),
    ("activity", "close"): _closed,
    ("activity", "reopen"): lambda w: activities.activity_reopen(actor=w.carol, activity=_closed(w), reason="补登材料",
                                                                 expected_version=None),
    ("suggestion", "edit"): lambda w: suggestions.suggestion_update(actor=w.carol, suggestion=_made(w),
                                                                    text="建设社区长者食堂和助餐点", expected_version=None),
    ("suggestion", "send"): _sent,
    ("suggestion", "adopt"): _decided,
    ("suggestion", "reject"): lambda w: _decided(w, adopted=False),
    ("suggestion", "transform"): _transformed,
    ("suggestion", "feed_back"): lambda w: suggestions.suggestion_feed_back(
        actor=w.carol, suggestion=_transformed(w), text="书面告知参会委员", date=LATER, expected_version=None),
    ("suggestion", "instruct"): _step(suggestions.suggestion_instruct, level=InstructionLevel.CITY,
                                      text="请民政局研究落实", date=LATER),
    ("suggestion", "follow_up"): _step(suggestions.suggestion_follow_up, text="实地查看长者食堂运行情况", date=LATER),
    ("suggestion", "record_solved"): _step(suggestions.suggestion_record_solved, count=3, expected_version=None),
}
TABLES: dict[str, Workflow] = {"plan": workflow.PLAN, "activity": workflow.ACTIVITY, "suggestion": workflow.SUGGESTION}
DECLARED = sorted((table, name) for table, flow in TABLES.items() for name in flow.moves)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_every_move_has_a_service() -> None:
    assert set(SERVICE_FOR_MOVE) == set(DECLARED)


@pytest.mark.parametrize("table, name", DECLARED)
def test_the_service_leaves_a_declared_outcome(world: World, table: str, name: str) -> None:
    record = SERVICE_FOR_MOVE[(table, name)](world)
    record.refresh_from_db()
    assert record.state in TABLES[table].moves[name].outcomes


def test_the_tables_refuse_an_actor_they_do_not_name(world: World) -> None:
    suggestion = _made(world)
    with pytest.raises(ValidationError, match="您无权报送"):
        workflow.SUGGESTION.apply(suggestion, "send", actor_role="member")
    assert suggestion.state == "made"


def test_plan_items_participants_materials_and_steps_refuse_a_stale_version(world: World) -> None:
    plan = _plan(world)
    seen = plan.version
    plans.plan_update(actor=world.carol, plan=plan, title="另一位工作人员改过的标题", expected_version=seen)
    with pytest.raises(ValidationError, match="该记录已被他人修改"):
        plans.plan_item_add(actor=world.carol, plan=plan, topic="优化营商环境", form=Form.TOPIC, planned_month=6,
                            expected_version=seen)
    assert plan.items.count() == 1

    activity = held_activity(world, hold=False, title="优化营商环境专题协商")
    seen = activity.version
    activities.activity_update(actor=world.carol, activity=activity, expected_version=seen, place="另一会议室")
    with pytest.raises(ValidationError, match="该记录已被他人修改"):
        activities.participant_add(actor=world.carol, activity=activity, kind=ParticipantKind.EXPERT, name="王教授",
                                   expected_version=seen)
    assert activity.participants.filter(name="王教授").count() == 0

    suggestion = _sent(world)
    seen = suggestion.version
    suggestions.suggestion_instruct(actor=world.carol, suggestion=suggestion, level=InstructionLevel.CITY,
                                    text="请研究", date=LATER, expected_version=seen)
    with pytest.raises(ValidationError, match="该记录已被他人修改"):
        suggestions.suggestion_follow_up(actor=world.carol, suggestion=suggestion, text="已督办", date=LATER,
                                         expected_version=seen)
