"""The 述职 screens: staff record a session through the form; leaders read; others are refused."""
from __future__ import annotations

from typing import Any

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.duty_reports.models import ReportingSession
from lvzhi.duty_reports.tests.support import YEAR, submitted
from lvzhi.testing import World


def test_recording_a_session_through_the_form(client: Any, world: World) -> None:
    report = submitted(world)
    client.force_login(world.carol)
    form = client.get(f"/duty-reports/sessions/new/?committee={world.city.pk}").content.decode()
    assert "艾丽" in form and "述职人" in form
    data = {"title": "年度委员述职会", "date": f"{YEAR}-01-05", "place": "市政协会议室",
            "special_committee": world.special["经济委员会"].pk, "reporters": [world.people["alice"].pk],
            "attendees": [world.people["bob"].pk]}
    response = client.post(f"/duty-reports/sessions/new/?committee={world.city.pk}", data, follow=True)
    page = response.content.decode()
    assert "已登记年度委员述职会" in page and report.title in page and "经济委员会" in page
    assert DutyRecord.objects.filter(person=world.people["alice"], kind=DutyKind.SPEECH_OTHER).exists()
    session = ReportingSession.objects.get()
    listing = client.get(f"/duty-reports/sessions/?committee={world.city.pk}&year={YEAR}").content.decode()
    assert "年度委员述职会" in listing
    page = client.post(f"/duty-reports/sessions/{session.pk}/edit/", {**data, "reporters": []}).content.decode()
    assert "请选择至少一名述职人" in page
    client.post(f"/duty-reports/sessions/{session.pk}/delete/", {"version": session.version})
    assert not ReportingSession.objects.exists()
    assert not DutyRecord.objects.filter(kind=DutyKind.SPEECH_OTHER).exists()


def test_who_reads_and_who_records(client: Any, world: World) -> None:
    client.force_login(world.carol)
    data = {"title": "述职会", "date": f"{YEAR}-01-05", "reporters": [world.people["alice"].pk]}
    client.post(f"/duty-reports/sessions/new/?committee={world.city.pk}", data)
    session = ReportingSession.objects.get()
    client.force_login(world.leo)
    assert client.get(f"/duty-reports/sessions/{session.pk}/").status_code == 200
    assert client.get(f"/duty-reports/sessions/{session.pk}/edit/").status_code == 403
    for who in ("alice", "olga", "pete"):
        client.force_login(world.users[who])
        assert client.get(f"/duty-reports/sessions/{session.pk}/").status_code == 403, who
    client.force_login(world.olga)
    assert client.post(f"/duty-reports/sessions/new/?committee={world.city.pk}", data).status_code == 403
    assert ReportingSession.objects.count() == 1
