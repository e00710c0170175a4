"""Replies (答复): who may reply, the lead waiting for its co-units, the proposal becoming 已答复, class correction."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import AssignmentState, ProposalEvent, ReplyClass, State
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.handling import (
    assignment_decide_reassign,
    assignment_reply,
    assignment_request_reassign,
    co_unit_send_view,
    co_unit_views_for,
    reply_correct_class,
)
from lvzhi.proposals.tests.handling_support import (
    assigned,
    make_unit,
    make_unit_staff,
    reply_class,
    shift_assignment,
)


def test_sole_unit_replies_and_the_proposal_is_replied(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal, [a] = assigned(world)
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assignment_reply(actor=world.uma, assignment=a, text="我局已将社区养老纳入年度计划。",
                     reply_class=reply_class(world, "B"), file=letter)
    a.refresh_from_db()
    proposal.refresh_from_db()
    assert a.state == AssignmentState.REPLIED and a.replied_by == world.uma and a.replied_at is not None
    assert a.reply_class.code == "B" and a.reply_file.name.startswith("replies/")
    assert proposal.state == State.REPLIED
    event = ProposalEvent.objects.get(proposal=proposal, action="reply")
    assert (event.from_state, event.to_state) == (State.ASSIGNED, State.REPLIED)


def test_separate_units_each_reply_and_the_state_changes_once(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [mine, theirs] = assigned(world, mode="separate", units=[world.unit, health])
    assignment_reply(actor=world.uma, assignment=mine, text="教育局答复", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    with pytest.raises(PermissionDenied):
        assignment_reply(actor=world.uma, assignment=theirs, text="越权答复", reply_class=reply_class(world))
    assignment_reply(actor=hank, assignment=theirs, text="卫健委答复", reply_class=reply_class(world, "C"))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED
    replies = ProposalEvent.objects.filter(proposal=proposal, action="reply")
    assert replies.count() == 2
    assert replies.exclude(from_state=State.ASSIGNED, to_state=State.ASSIGNED).count() == 1


def test_withdrawn_assignments_do_not_hold_the_proposal(world):
    health = make_unit(world)
    proposal, [mine, theirs] = assigned(world, mode="separate", units=[world.unit, health])
    transport = make_unit(world, "长春市交通运输局")
    tina = make_unit_staff(world, "tina", transport)
    assignment_request_reassign(actor=make_unit_staff(world, "hank", health), assignment=theirs, reason="非本单位职责")
    [new] = assignment_decide_reassign(actor=world.pete, assignment=theirs, approve=True, new_units=[transport])
    assignment_reply(actor=world.uma, assignment=mine, text="答复", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    assignment_reply(actor=tina, assignment=new, text="交通局答复", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED


def test_lead_waits_for_its_co_units(world):
    health = make_unit(world)
    hank = make_unit_staff(world, "hank", health)
    proposal, [lead, co] = assigned(world, mode="lead", co_units=[health])
    with pytest.raises(ValidationError, match="尚未提出会办意见"):
        assignment_reply(actor=world.uma, assignment=lead, text="主办答复", reply_class=reply_class(world))
    with pytest.raises(ValidationError, match="会办单位应向主办单位提出意见，由主办单位答复"):
        assignment_reply(actor=hank, assignment=co, text="会办答复", reply_class=reply_class(world))
    with pytest.raises(PermissionDenied):
        co_unit_send_view(actor=world.uma, assignment=co, text="不是我的会办")
    with pytest.raises(ValidationError, match="只有会办单位"):
        co_unit_send_view(actor=world.uma, assignment=lead, text="主办不需要")
    co_unit_send_view(actor=hank, assignment=co, text="建议增加社区卫生服务站的医养结合内容。")
    with pytest.raises(ValidationError, match="已提出会办意见，不能重复提交"):
        co_unit_send_view(actor=hank, assignment=co, text="再次提交")
    co.refresh_from_db()
    assert co.state == AssignmentState.VIEW_SENT
    [view] = co_unit_views_for(user=world.uma, assignment=lead)
    assert view.text.startswith("建议增加") and view.assignment.unit == health
    assert co_unit_views_for(user=world.pete, assignment=lead) == [view]
    with pytest.raises(PermissionDenied):
        co_unit_views_for(user=make_unit_staff(world, "tina", make_unit(world, "长春市交通运输局")), assignment=lead)
    assignment_reply(actor=world.uma, assignment=lead, text="主办答复", reply_class=reply_class(world))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED


def test_lead_may_reply_once_the_co_unit_deadline_passed(world):
    health = make_unit(world)
    _, [lead, co] = assigned(world, mode="lead", co_units=[health])
    shift_assignment(co, 30)
    with pytest.raises(ValidationError, match="尚未提出会办意见"):
        assignment_reply(actor=world.uma, assignment=lead, text="主办答复", reply_class=reply_class(world))
    shift_assignment(co, 1)
    assignment_reply(actor=world.uma, assignment=lead, text="主办答复", reply_class=reply_class(world))


def test_reply_checks(world):
    proposal, [a] = assigned(world)
    proposal_defaults(world.district)
    district_class = ReplyClass.objects.get(committee=world.district, code="A")
    with pytest.raises(ValidationError, match="请选择本政协设定的答复分类"):
        assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=district_class)
    with pytest.raises(ValidationError, match="请填写答复内容"):
        assignment_reply(actor=world.uma, assignment=a, text=" ", reply_class=reply_class(world))
    for who in (world.pete, world.alice, world.olga, world.leo):
        with pytest.raises(PermissionDenied):
            assignment_reply(actor=who, assignment=a, text="答复", reply_class=reply_class(world))
    assignment_request_reassign(actor=world.uma, assignment=a, reason="非我局职责")
    with pytest.raises(ValidationError, match="待审批后再答复"):
        assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world))


def test_replying_twice_or_after_the_reply_is_refused(world):
    _, [a] = assigned(world)
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world))
    with pytest.raises(ValidationError, match="不能执行“答复”"):
        assignment_reply(actor=world.uma, assignment=a, text="再答复", reply_class=reply_class(world))


def test_staff_correct_the_class_with_an_audited_before_and_after(world):
    _, [a] = assigned(world)
    with pytest.raises(ValidationError, match="不能执行“更正答复分类”"):
        reply_correct_class(actor=world.pete, assignment=a, reply_class=reply_class(world, "B"), remarks="更正")
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world, "A"))
    with pytest.raises(PermissionDenied):
        reply_correct_class(actor=world.uma, assignment=a, reply_class=reply_class(world, "B"), remarks="更正")
    with pytest.raises(ValidationError, match="请说明更正理由"):
        reply_correct_class(actor=world.pete, assignment=a, reply_class=reply_class(world, "B"), remarks="")
    reply_correct_class(actor=world.pete, assignment=a, reply_class=reply_class(world, "B"),
                        remarks="所提问题尚在解决中，应为 B 类")
    a.refresh_from_db()
    assert a.reply_class.code == "B"
    event = AuditEvent.objects.get(action="proposal.correct_class")
    assert event.before["reply_class"].startswith("A类") and event.after["reply_class"].startswith("B类")
