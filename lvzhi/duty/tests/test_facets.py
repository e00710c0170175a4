"""Each line writes the facets scoring matches on: the proposal filed and key, the meeting's kind, the level of an
adoption or instruction, the group's leader; and the backfill migration gives old rows the same."""
from __future__ import annotations

import datetime

from django.apps import apps
from django.utils import timezone

from lvzhi.committees.models import MeetingKind
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, DutyRole
from lvzhi.meetings.models import Attendance, SheetKind, Status
from lvzhi.meetings.services.attendance import attendance_correct, attendance_staff_sign_in
from lvzhi.meetings.testing import make_sheet
from lvzhi.members.services import person_create
from lvzhi.opinions.models import AdoptionLevel
from lvzhi.opinions.services.followup import opinion_adopt, opinion_instruct
from lvzhi.opinions.tests.support import accepted
from lvzhi.organisation import services as org
from lvzhi.proposals.services.key import key_confirm, key_propose
from lvzhi.proposals.tests.review_support import filed, in_review
from lvzhi.supervision.tests.support import setup_group
from lvzhi.testing import World


def _facets(world: World, who: str, kind: str) -> list[tuple[str, str, str, str]]:
    rows = DutyRecord.objects.filter(person=world.people[who], kind=kind).order_by("id")
    return [(r.event, r.role_code, r.outcomes, r.level) for r in rows]


def test_a_proposal_earns_submitted_then_filed_then_key(world: World) -> None:
    proposal = in_review(world)
    assert _facets(world, "alice", DutyKind.PROPOSAL_FIRST) == [("proposal", "first", "submitted", "")]
    proposal = filed(world)
    assert ("proposal", "first", "filed,submitted", "") in _facets(world, "alice", DutyKind.PROPOSAL_FIRST)
    meeting = org.meeting_create(actor=None, term=world.city_term, kind=MeetingKind.CHAIRS, number=1,
                                 date=timezone.localdate() - datetime.timedelta(days=1), check_actor=False)
    leader = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    key = key_propose(actor=world.pete, proposal=proposal, supervisors=[leader], leader_led=True)
    key_confirm(actor=world.pete, key=key, meeting=meeting)
    record = DutyRecord.objects.get(source_id=proposal.pk, source_type="proposals.proposal",
                                    person=world.people["alice"])
    assert record.outcome_list() == ["filed", "key", "submitted"]


def test_attendance_says_which_meeting(world: World) -> None:
    plenary = make_sheet(world, kind=SheetKind.PLENARY, title="十五届三次全体会议", open_it=True)
    line = Attendance.objects.get(sheet=plenary, person=world.people["alice"])
    attendance_staff_sign_in(actor=world.carol, attendance=line)
    assert _facets(world, "alice", DutyKind.ATTENDANCE_PRESENT) == [("plenary", "participant", "attended", "")]
    line.refresh_from_db()
    attendance_correct(actor=world.carol, attendance=line, status=Status.ABSENT, reason="误签")
    assert _facets(world, "alice", DutyKind.ATTENDANCE_PRESENT) == []
    assert _facets(world, "alice", DutyKind.ATTENDANCE_ABSENT) == [("plenary", "participant", "absent", "")]
    other = make_sheet(world, kind=SheetKind.STANDING, title="常委会议", open_it=True)
    attendance_staff_sign_in(actor=world.carol, attendance=Attendance.objects.get(sheet=other,
                                                                                 person=world.people["alice"]))
    assert ("standing", "participant", "attended", "") in _facets(world, "alice", DutyKind.ATTENDANCE_PRESENT)


def test_adoption_and_instruction_carry_their_level(world: World) -> None:
    report = accepted(world, title="关于老旧小区加装电梯的建议")
    opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政协")
    opinion_instruct(actor=world.rita, report=report, level=AdoptionLevel.CITY, leader="市长", text="请研究。")
    assert _facets(world, "alice", DutyKind.OPINION_ADOPTED) == [("opinion", "author", "adopted", "province")]
    assert _facets(world, "alice", DutyKind.OPINION_INSTRUCTED) == [("opinion", "author", "instructed", "city")]


def test_the_supervision_group_leader_is_a_leader(world: World) -> None:
    setup_group(world)  # alice 组长, bob 组员
    assert _facets(world, "alice", DutyKind.SUPERVISION) == [("supervision", "leader", "took_part", "")]
    assert _facets(world, "bob", DutyKind.SUPERVISION) == [("supervision", "participant", "took_part", "")]


def test_backfill_gives_old_rows_what_the_writers_now_write(world: World) -> None:
    filed(world)
    report = accepted(world, title="关于老旧小区加装电梯的建议")
    opinion_adopt(actor=world.rita, report=report, level=AdoptionLevel.COUNTY, adopted_by="宽城区委")
    plenary = make_sheet(world, kind=SheetKind.PLENARY, title="全体会议", open_it=True)
    attendance_staff_sign_in(actor=world.carol,
                             attendance=Attendance.objects.get(sheet=plenary, person=world.people["bob"]))
    setup_group(world)
    written = sorted(DutyRecord.objects.values_list("pk", "event", "role_code", "outcomes", "level"))
    assert {r[1] for r in written} >= {DutyEvent.PROPOSAL, DutyEvent.OPINION, DutyEvent.PLENARY,
                                       DutyEvent.SUPERVISION}
    assert any(r[2] == DutyRole.LEADER for r in written)
    DutyRecord.objects.update(event=DutyEvent.OTHER, role_code=DutyRole.PARTICIPANT, outcomes="", level="")

    from importlib import import_module
    import_module("lvzhi.duty.migrations.0003_facets_backfill").backfill(apps, None)

    assert sorted(DutyRecord.objects.values_list("pk", "event", "role_code", "outcomes", "level")) == written


def test_a_joint_proposals_first_proposer_is_told_apart(world: World) -> None:
    from lvzhi.proposals.tests.review_support import joint_in_review

    proposal = joint_in_review(world)
    record = DutyRecord.objects.get(source_id=proposal.pk, source_type="proposals.proposal",
                                    person=world.people["alice"])
    assert (record.role_code, record.outcome_list()) == (DutyRole.JOINT_FIRST, ["submitted"])
    cosigner = DutyRecord.objects.get(source_id=proposal.pk, source_type="proposals.proposal",
                                      person=world.people["bob"])
    assert cosigner.role_code == DutyRole.COSIGNER
