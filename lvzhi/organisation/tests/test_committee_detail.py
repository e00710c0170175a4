"""A committee's page: terms, plenary sessions and meetings, added and edited by its 办公室 staff."""
from __future__ import annotations

from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Meeting, Session, Term
from lvzhi.testing import World

SESSION = {"number": 3, "start_date": "2024-01-08", "end_date": "2024-01-11", "proposal_deadline": "2024-01-10",
           "place": "长春市人民会堂"}


def _session(world: World) -> dict[str, object]:
    return {**SESSION, "term": world.city_term.pk}


def test_office_staff_adds_a_session(world: World, client: Client) -> None:
    client.force_login(world.carol)
    page = client.get(f"/committees/{world.city.pk}/").content.decode()
    assert "第十五届" in page and "新增全体会议" in page
    response = client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world), follow=True)
    page = response.content.decode()
    assert "已新增十五届三次会议" in page and "2024-01-10" in page and "长春市人民会堂" in page
    event = AuditEvent.objects.get(action="session.create")
    assert event.actor_name == "carol" and event.committee_id == world.city.pk


def test_session_end_before_start_is_refused_in_chinese(world: World, client: Client) -> None:
    client.force_login(world.carol)
    page = client.post(f"/committees/{world.city.pk}/sessions/new/",
                       {**_session(world), "end_date": "2024-01-01"}).content.decode()
    assert "闭幕日期不能早于开幕日期" in page and 'value="长春市人民会堂"' in page
    assert not Session.objects.exists()


def test_double_submit_gives_a_clear_message(world: World, client: Client) -> None:
    client.force_login(world.carol)
    client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world))
    response = client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world))
    assert response.status_code == 200 and "该次会议已存在" in response.content.decode()
    assert Session.objects.count() == 1


def test_meetings_and_terms(world: World, client: Client) -> None:
    client.force_login(world.carol)
    url = f"/committees/{world.city.pk}"
    client.post(f"{url}/meetings/new/", {"term": world.city_term.pk, "kind": "standing", "number": 12,
                                         "date": "2024-06-20", "title": "专题议政：优化营商环境"})
    page = client.get(f"{url}/").content.decode()
    assert "十五届常委会第十二次会议" in page and "优化营商环境" in page
    page = client.post(f"{url}/terms/new/", {"number": 15, "start_date": "2027-01-01"}).content.decode()
    assert "该届次已存在" in page
    client.post(f"{url}/terms/new/", {"number": 16, "start_date": "2027-01-10", "is_current": "on"})
    term = world.city.current_term()
    assert term is not None and term.number == 16
    assert Term.objects.get(pk=world.city_term.pk).is_current is False


def test_edit_session_with_audit_before_after(world: World, client: Client) -> None:
    client.force_login(world.carol)
    client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world))
    session = Session.objects.get()
    page = client.post(f"/committees/sessions/{session.pk}/edit/",
                       {**SESSION, "start_date": "2024-01-20"}).content.decode()
    assert "闭幕日期不能早于开幕日期" in page
    client.post(f"/committees/sessions/{session.pk}/edit/", {**SESSION, "proposal_deadline": "2024-01-09"})
    session.refresh_from_db()
    assert str(session.proposal_deadline) == "2024-01-09"
    event = AuditEvent.objects.get(action="session.update")
    assert event.before == {"proposal_deadline": "2024-01-10"} and event.after == {"proposal_deadline": "2024-01-09"}


def test_edit_meeting_and_term(world: World, client: Client) -> None:
    client.force_login(world.carol)
    meeting = Meeting.objects.create(term=world.city_term, kind="chairs", number=1, date="2024-02-01")
    client.post(f"/committees/meetings/{meeting.pk}/edit/", {"kind": "chairs", "number": 2, "date": "2024-02-02"})
    meeting.refresh_from_db()
    assert meeting.number == 2 and AuditEvent.objects.filter(action="meeting.update").exists()
    client.post(f"/committees/terms/{world.city_term.pk}/edit/",
                {"number": 15, "start_date": "2022-01-10", "end_date": "2027-01-09", "is_current": "on"})
    world.city_term.refresh_from_db()
    assert str(world.city_term.end_date) == "2027-01-09" and world.city_term.is_current


def test_readers_see_no_forms_and_others_are_refused(world: World, client: Client) -> None:
    client.force_login(world.alice)
    page = client.get(f"/committees/{world.city.pk}/").content.decode()
    assert "第十五届" in page and "新增全体会议" not in page
    assert client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world)).status_code == 403
    client.force_login(world.leo)
    assert client.get(f"/committees/{world.district.pk}/").status_code == 200
    assert client.post(f"/committees/{world.district.pk}/terms/new/",
                       {"number": 11, "start_date": "2027-01-01"}).status_code == 403
    client.force_login(world.olga)
    assert client.get(f"/committees/{world.city.pk}/").status_code == 403
    assert client.post(f"/committees/{world.city.pk}/sessions/new/", _session(world)).status_code == 403
    assert client.get(f"/committees/terms/{world.city_term.pk}/edit/").status_code == 403
    assert not Session.objects.exists()
    assert AuditEvent.objects.filter(actor_name="olga", outcome="denied").count() == 3
