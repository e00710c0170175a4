"""Work queues: assignment, a unit's inbox, deadlines, key proposals and the leader's supervision page."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from lvzhi.committees.models import MeetingKind
from lvzhi.members.models import Person
from lvzhi.members.services import person_create
from lvzhi.organisation import services as org
from lvzhi.proposals.models import KeyProposal, KeyStatus, State, Supervision
from lvzhi.proposals.tests.handling_support import assigned, shift_assignment, today
from lvzhi.proposals.tests.review_support import filed, in_review
from lvzhi.testing import World


@pytest.fixture
def leo_person(world: World) -> Person:
    person = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
    person.user = world.leo
    person.save(update_fields=["user"])
    return person


def _get(client: Client, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_assign_queue_lists_filed_not_assigned(world: World, client: Client) -> None:
    waiting = filed(world)
    done, _ = assigned(world, title="关于已经交办的建议")
    page = _get(client, world.pete, "/proposals/assign/")
    assert waiting.title in page and done.title not in page and waiting.number in page
    client.force_login(world.alice)
    assert client.get("/proposals/assign/").status_code == 403


def test_unit_inbox_puts_overdue_first(world: World, client: Client) -> None:
    fresh, _ = assigned(world, title="关于新交办事项的建议")
    late, (late_assignment,) = assigned(world, title="关于逾期事项的建议")
    shift_assignment(late_assignment, 95)
    page = _get(client, world.uma, "/proposals/unit/")
    assert page.index(late.title) < page.index(fresh.title)
    assert "已逾期" in page and "逾期 1 件" in page and "办理答复" in page
    client.force_login(world.alice)
    assert client.get("/proposals/unit/").status_code == 403


def test_deadlines_page(world: World, client: Client) -> None:
    soon, (soon_assignment,) = assigned(world, title="关于即将到期事项的建议")
    shift_assignment(soon_assignment, 86)
    late, (late_assignment,) = assigned(world, title="关于逾期未答复事项的建议")
    shift_assignment(late_assignment, 100)
    page = _get(client, world.pete, "/proposals/deadlines/")
    overdue_part, soon_part = page.split('id="due-soon"')
    assert late.title in overdue_part and soon.title in soon_part and soon.title not in overdue_part
    assert "10 天" in overdue_part
    client.force_login(world.uma)
    assert client.get("/proposals/deadlines/").status_code == 403


def test_key_proposal_through_the_page_and_the_leaders_page(world: World, client: Client, leo_person: Person) -> None:
    proposal, _ = assigned(world)
    org.meeting_create(actor=None, term=world.city_term, kind=MeetingKind.CHAIRS, number=1,
                       date=today() - datetime.timedelta(days=1), check_actor=False)
    client.force_login(world.pete)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "拟定为重点提案" in page and "刘力" in page
    url = f"/proposals/{proposal.pk}/do/"
    assert client.post(url + "propose_key/", {"supervisors": [leo_person.pk], "leader_led": "on"}).status_code == 302
    meeting = world.city_term.meetings.get()
    assert client.post(url + "confirm_key/", {"meeting": meeting.pk}).status_code == 302
    key = KeyProposal.objects.get(proposal=proposal)
    assert key.status == KeyStatus.CONFIRMED
    again = client.post(url + "confirm_key/", {"meeting": meeting.pk})
    assert again.status_code == 200 and "该重点提案已经主席会议确定" in again.content.decode()
    keys = _get(client, world.pete, "/proposals/key/")
    assert proposal.title in keys and "主席会议确定" in keys and "刘力" in keys

    leo = Client()
    page = _get(leo, world.leo, "/proposals/supervision/")
    assert proposal.title in page
    detail = _get(leo, world.leo, f"/proposals/{proposal.pk}/")
    assert "记录督办活动" in detail
    assert leo.post(url + "record_supervision/", {"kind": "visit", "date": today(), "leaders": [leo_person.pk],
                                           "summary": "实地察看"}).status_code == 302
    assert Supervision.objects.filter(key=key).count() == 1
    assert "实地察看" in _get(leo, world.leo, f"/proposals/{proposal.pk}/")


def test_leader_without_person_sees_an_explanation(world: World, client: Client) -> None:
    page = _get(client, world.leo, "/proposals/supervision/")
    assert "尚未关联" in page
    client.force_login(world.alice)
    assert client.get("/proposals/supervision/").status_code == 403


def test_navigation_per_role(world: World, client: Client) -> None:
    pete = _get(client, world.pete, "/")
    assert "提案审查" in pete and "提案交办" in pete and "办理期限" in pete
    uma = _get(Client(), world.uma, "/")
    assert ">提案<" in uma and "承办提案" in uma and "提案审查" not in uma
    alice = _get(Client(), world.alice, "/")
    assert ">提案<" in alice and "提案交办" not in alice and "提案统计" not in alice
    assert "提案统计" in pete and "重点提案" in pete
    auditor = _get(Client(), world.auditor, "/")
    assert ">提案<" not in auditor


def test_home_todo_panel(world: World, client: Client) -> None:
    proposal = in_review(world)
    page = _get(client, world.pete, "/")
    assert "待办" in page and "待初审的提案" in page and "/proposals/review/" in page
    from lvzhi.proposals.models import ProposalKind
    from lvzhi.proposals.services.drafting import proposal_submit
    from lvzhi.proposals.tests.review_support import draft

    joint = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",), title="关于请薄波联名的建议")
    proposal_submit(actor=world.alice, proposal=joint)
    bob = _get(Client(), world.bob, "/")
    assert "确认联名" in bob and f"/proposals/{joint.pk}/" in bob
    assert proposal.state == State.IN_REVIEW


def test_inbox_htmx_paging_gets_only_the_results(world: World, client: Client) -> None:
    assigned(world)
    client.force_login(world.uma)
    response = client.get("/proposals/unit/?page=1", headers={"HX-Request": "true", "HX-Target": "results"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="results"') and "<html" not in page
