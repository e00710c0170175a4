"""Key proposals: proposed by staff, confirmed by a chairs' meeting, supervised and shown on the leader's page."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.committees.models import MeetingKind
from lvzhi.members.services import person_create
from lvzhi.organisation import services as org
from lvzhi.proposals.models import KeyStatus, State, SupervisionKind
from lvzhi.proposals.reminders import todo_for
from lvzhi.proposals.selectors import can_view
from lvzhi.proposals.services.key import key_confirm, key_propose, key_record_supervision, supervised_by
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import today


@pytest.fixture
def leo_person(world):
    person = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    person.user = world.leo
    person.save(update_fields=["user"])
    return person


def meeting(world, kind=MeetingKind.CHAIRS, term=None, number=1, date=None):
    return org.meeting_create(actor=None, term=term or world.city_term, kind=kind, number=number,
                              date=date or today() - datetime.timedelta(days=1), check_actor=False)


def test_propose_confirm_supervise(world, leo_person):
    proposal = make_proposal(world, state=State.ASSIGNED)
    key = key_propose(actor=world.pete, proposal=proposal, supervisors=[leo_person], leader_led=True)
    proposal.refresh_from_db()
    assert key.status == KeyStatus.PROPOSED and not proposal.is_key
    key_confirm(actor=world.pete, key=key, meeting=meeting(world))
    proposal.refresh_from_db()
    key.refresh_from_db()
    assert proposal.is_key and key.status == KeyStatus.CONFIRMED and key.confirmed_meeting.kind == MeetingKind.CHAIRS
    assert list(supervised_by(world.leo)) == [key]
    assert can_view(world.leo, proposal)
    assert [i.kind for i in todo_for(world.leo)] == ["supervise"]
    visit = key_record_supervision(actor=world.leo, key=key, kind=SupervisionKind.VISIT, date=today(),
                                   leaders=[leo_person], summary="实地察看三个社区养老服务站")
    assert list(visit.leaders.all()) == [leo_person]
    key_record_supervision(actor=world.pete, key=key, kind=SupervisionKind.MEETING, date=today(),
                           leaders=[leo_person], summary="召开督办座谈会")
    assert key.supervisions.count() == 2
    assert todo_for(world.leo) == []


def test_proposal_checks(world, leo_person):
    draft = make_proposal(world, state=State.IN_REVIEW)
    with pytest.raises(ValidationError, match="不能执行“拟定重点提案”"):
        key_propose(actor=world.pete, proposal=draft, supervisors=[leo_person])
    proposal = make_proposal(world)
    with pytest.raises(ValidationError, match="请指定督办领导"):
        key_propose(actor=world.pete, proposal=proposal, supervisors=[])
    for who in ("alice", "leo", "uma", "olga"):
        with pytest.raises(PermissionDenied):
            key_propose(actor=world.users[who], proposal=proposal, supervisors=[leo_person])
    key_propose(actor=world.pete, proposal=proposal, supervisors=[leo_person])
    with pytest.raises(ValidationError, match="已拟定为重点提案"):
        key_propose(actor=world.pete, proposal=proposal, supervisors=[leo_person])


def test_confirmation_needs_a_chairs_meeting_of_the_committee(world, leo_person):
    key = key_propose(actor=world.pete, proposal=make_proposal(world), supervisors=[leo_person])
    with pytest.raises(ValidationError, match="请选择主席会议"):
        key_confirm(actor=world.pete, key=key, meeting=meeting(world, kind=MeetingKind.STANDING))
    district_term = world.district.terms.get()
    with pytest.raises(ValidationError, match="本政协本届的主席会议"):
        key_confirm(actor=world.pete, key=key, meeting=meeting(world, term=district_term))
    with pytest.raises(ValidationError, match="尚未召开"):
        key_confirm(actor=world.pete, key=key, meeting=meeting(world, number=2, date=today() + datetime.timedelta(1)))
    with pytest.raises(PermissionDenied):
        key_confirm(actor=world.leo, key=key, meeting=meeting(world, number=3))
    key_confirm(actor=world.pete, key=key, meeting=meeting(world, number=4))
    with pytest.raises(ValidationError, match="已经主席会议确定"):
        key_confirm(actor=world.pete, key=key, meeting=meeting(world, number=5))


def test_supervision_checks(world, leo_person):
    key = key_propose(actor=world.pete, proposal=make_proposal(world), supervisors=[leo_person])
    args = {"kind": SupervisionKind.VISIT, "date": today(), "leaders": [leo_person], "summary": "视察"}
    with pytest.raises(ValidationError, match="须经主席会议确定"):
        key_record_supervision(actor=world.pete, key=key, **args)
    key_confirm(actor=world.pete, key=key, meeting=meeting(world))
    for who in ("alice", "uma", "olga"):
        with pytest.raises(PermissionDenied):
            key_record_supervision(actor=world.users[who], key=key, **args)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        key_record_supervision(actor=world.pete, key=key, **{**args, "date": today() + datetime.timedelta(1)})
    with pytest.raises(ValidationError, match="请填写参加督办的领导"):
        key_record_supervision(actor=world.pete, key=key, **{**args, "leaders": []})
    with pytest.raises(ValidationError, match="请选择督办形式"):
        key_record_supervision(actor=world.pete, key=key, **{**args, "kind": "party"})


def test_a_leader_without_a_person_supervises_nothing(world):
    assert not supervised_by(world.leo).exists()
    assert not supervised_by(world.olga).exists()
