"""Suggestions through 协商—转化—监督—反馈: each move, its refusals, instructions and follow-up steps."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.models import InstructionLevel, StepKind, SuggestionState
from lvzhi.consultations.services import activities, suggestions
from lvzhi.consultations.testing import held_activity

D = datetime.date


def test_full_loop(world):
    activity = held_activity(world)
    s = suggestions.suggestion_add(actor=world.carol, activity=activity, text="建设社区长者食堂，解决老人就餐难。")
    assert s.number == 1 and s.state == SuggestionState.MADE
    suggestions.suggestion_send(actor=world.carol, suggestion=s, sent_to="市政府", date=D(2026, 5, 20),
                                expected_version=s.version)
    suggestions.suggestion_instruct(actor=world.carol, suggestion=s, level=InstructionLevel.CITY,
                                    text="请民政局研究落实", date=D(2026, 5, 25))
    suggestions.suggestion_decide(actor=world.carol, suggestion=s, adopted=True, date=D(2026, 6, 1),
                                  expected_version=s.version)
    suggestions.suggestion_transform(actor=world.carol, suggestion=s, policy_document="长春市长者食堂建设三年行动方案",
                                     date=D(2026, 7, 1), expected_version=s.version)
    suggestions.suggestion_follow_up(actor=world.sam, suggestion=s, text="实地查看 12 个长者食堂运行情况",
                                     date=D(2026, 8, 1))
    suggestions.suggestion_record_solved(actor=world.carol, suggestion=s, count=12, expected_version=s.version)
    suggestions.suggestion_feed_back(actor=world.carol, suggestion=s, text="书面告知参会委员", date=D(2026, 8, 5),
                                     expected_version=s.version)
    s.refresh_from_db()
    assert (s.state, s.adopted, s.problems_solved) == (SuggestionState.FED_BACK, True, 12)
    assert [st.kind for st in s.steps.all()] == [StepKind.MADE, StepKind.SENT, StepKind.INSTRUCTION, StepKind.ADOPTED,
                                                 StepKind.TRANSFORMED, StepKind.FOLLOW_UP, StepKind.FED_BACK]
    assert AuditEvent.objects.filter(action="consultations.suggestion_transform").count() == 1


def test_numbering_and_double_submit(world):
    activity = held_activity(world)
    first = suggestions.suggestion_add(actor=world.carol, activity=activity, text="第一条")
    second = suggestions.suggestion_add(actor=world.carol, activity=activity, text="第二条")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError, match="已经登记过了"):
        suggestions.suggestion_add(actor=world.carol, activity=activity, text="第一条")


def test_refusals(world):
    planned = held_activity(world, hold=False)
    with pytest.raises(ValidationError, match="当前为“筹备中”，不能登记意见建议"):
        suggestions.suggestion_add(actor=world.carol, activity=planned, text="建议")
    activities.activity_hold(actor=world.carol, activity=planned, expected_version=None)
    with pytest.raises(ValidationError, match="请填写意见建议内容"):
        suggestions.suggestion_add(actor=world.carol, activity=planned, text="   ")
    with pytest.raises(ValidationError, match="不能超过 2000 个字"):
        suggestions.suggestion_add(actor=world.carol, activity=planned, text="建" * 2001)
    s = suggestions.suggestion_add(actor=world.carol, activity=planned, text="建议")
    with pytest.raises(ValidationError, match="当前为“已提出”，不能采纳"):
        suggestions.suggestion_decide(actor=world.carol, suggestion=s, adopted=True, date=D(2026, 6, 1),
                                      expected_version=None)
    with pytest.raises(ValidationError, match="不能早于活动日期"):
        suggestions.suggestion_send(actor=world.carol, suggestion=s, sent_to="市政府", date=D(2026, 1, 1),
                                    expected_version=None)
    with pytest.raises(ValidationError, match="请填写报送对象"):
        suggestions.suggestion_send(actor=world.carol, suggestion=s, sent_to="", date=D(2026, 6, 1),
                                    expected_version=None)
    suggestions.suggestion_send(actor=world.carol, suggestion=s, sent_to="市政府", date=D(2026, 6, 1),
                                expected_version=s.version)
    with pytest.raises(ValidationError, match="已被他人修改"):
        suggestions.suggestion_decide(actor=world.carol, suggestion=s, adopted=False, date=D(2026, 6, 2),
                                      expected_version=1)
    suggestions.suggestion_decide(actor=world.carol, suggestion=s, adopted=False, date=D(2026, 6, 2),
                                  expected_version=s.version)
    with pytest.raises(ValidationError, match="当前为“未采纳”，不能转化"):
        suggestions.suggestion_transform(actor=world.carol, suggestion=s, policy_document="文件",
                                         date=D(2026, 6, 3), expected_version=None)
    with pytest.raises(ValidationError, match="当前为“未采纳”，不能修改"):
        suggestions.suggestion_update(actor=world.carol, suggestion=s, text="改", expected_version=None)
    with pytest.raises(ValidationError, match="撤销举行"):
        activities.activity_unhold(actor=world.carol, activity=planned, reason="误登", expected_version=None)


@pytest.mark.parametrize("who", ["alice", "leo", "olga"])
def test_readers_and_outsiders_may_not_move_suggestions(world, who):
    s = suggestions.suggestion_add(actor=world.carol, activity=held_activity(world), text="建议")
    with pytest.raises(PermissionDenied):
        suggestions.suggestion_send(actor=world.users[who], suggestion=s, sent_to="市政府", date=D(2026, 6, 1),
                                    expected_version=None)
