"""GET /api/committees/: the committees a user may view, with the current term and its sessions."""
from __future__ import annotations

import datetime

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.organisation import services as org
from lvzhi.testing import World


def _names(username: str) -> list[str]:
    response = api_client(username).get("/api/committees/")
    assert response.status_code == 200
    return [c["name"] for c in response.json()["results"]]


def test_each_sees_own_committee_and_leaders_the_subtree(world: World) -> None:
    assert _names("carol") == ["长春市政协"]
    assert _names("olga") == ["长春市宽城区政协"]
    assert sorted(_names("leo")) == sorted(["长春市政协", "长春市宽城区政协", "长春市九台区政协"])


def test_detail_has_level_parent_depth_and_current_term_with_sessions(world: World) -> None:
    org.session_create(actor=None, term=world.city_term, number=1, start_date=datetime.date(2022, 1, 10),
                       end_date=datetime.date(2022, 1, 14), place="长春市会议中心", check_actor=False)
    body = api_client("leo").get(f"/api/committees/{world.district.pk}/").json()
    assert body["level"] == "county" and body["level_display"] == "县级"
    assert body["parent"] == world.city.pk and body["parent_name"] == "长春市" and body["depth"] == 1
    assert body["current_term"]["label"] == "第十届" and body["current_term"]["sessions"] == []
    city = api_client("carol").get(f"/api/committees/{world.city.pk}/").json()
    assert city["depth"] == 0 and city["parent"] is None
    assert city["current_term"]["label"] == "第十五届"
    assert city["current_term"]["sessions"][0]["label"] == "十五届一次会议"
    assert city["current_term"]["sessions"][0]["place"] == "长春市会议中心"


def test_outsider_detail_is_refused_and_recorded(world: World) -> None:
    before = AuditEvent.objects.filter(action="access.denied", actor_name="olga").count()
    response = api_client("olga").get(f"/api/committees/{world.city.pk}/")
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="access.denied", actor_name="olga").latest("id")
    assert event.committee_id == world.city.pk and event.detail == "committee.view"
    assert AuditEvent.objects.filter(action="access.denied", actor_name="olga").count() == before + 1


def test_administrators_are_refused(world: World) -> None:
    for username in ("auditor", "sysadmin", "secadmin"):
        assert api_client(username).get("/api/committees/").status_code == 403
        assert AuditEvent.objects.filter(action="access.denied", actor_name=username,
                                         detail="committee.view").exists()


def test_unknown_committee_is_404(world: World) -> None:
    assert api_client("carol").get("/api/committees/999999/").status_code == 404
