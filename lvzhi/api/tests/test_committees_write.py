"""The organisation through the API: committees, terms, plenary sessions, standing/chairs' meetings and the
configuration lists, changed by the same services as the screens, audited, refused to the wrong persona."""
from __future__ import annotations

import warnings
from typing import Any

from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import Committee, HandlingUnit, Sector, Term
from lvzhi.testing import World


def _json(client: Any, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _audited(action: str, username: str) -> bool:
    return AuditEvent.objects.filter(action=action, actor_name=username).exists()


def test_system_administrator_adds_a_committee(world: World) -> None:
    body = {"name": "长春市南关区政协", "short_name": "南关区", "level": "county", "parent": world.city.pk}
    assert _json(api_client("carol"), "post", "/api/committees/", body).status_code == 403
    assert _audited("access.denied", "carol")
    sysadmin = api_client("sysadmin")
    r = _json(sysadmin, "post", "/api/committees/", {**body, "level": "city"})
    assert r.status_code == 400 and r.json()["errors"]["level"] == ["下级政协的层级须低于上级政协。"]
    r = _json(sysadmin, "post", "/api/committees/", body)
    assert r.status_code == 201, r.json()
    assert r.json()["parent_name"] == "长春市" and r.json()["depth"] == 1 and r.json()["current_term"] is None
    assert _audited("committee.create", "sysadmin")
    assert Committee.objects.get(name="长春市南关区政协").path.startswith(world.city.path)
    again = _json(sysadmin, "post", "/api/committees/", body)
    assert again.status_code == 400 and again.json()["errors"]["name"] == ["“长春市南关区政协”已存在。"]


def test_terms_listed_added_and_changed(world: World) -> None:
    carol = api_client("carol")
    r = carol.get("/api/terms/")
    assert [t["label"] for t in r.json()["results"]] == ["第十五届"]
    assert len(api_client("leo").get("/api/terms/").json()["results"]) == 3
    assert api_client("olga").get(f"/api/terms/{world.city_term.pk}/").status_code == 403
    body = {"committee": world.city.pk, "number": 16, "start_date": "2027-01-10"}
    assert _json(api_client("olga"), "post", "/api/terms/", body).status_code == 403
    assert _json(api_client("leo"), "post", "/api/terms/", body).status_code == 403
    r = _json(carol, "post", "/api/terms/", {**body, "end_date": "2026-01-01"})
    assert r.status_code == 400 and r.json()["errors"]["end_date"] == ["结束日期须晚于开始日期。"]
    r = _json(carol, "post", "/api/terms/", body)
    assert r.status_code == 201 and r.json()["label"] == "第十六届" and r.json()["is_current"] is True
    assert _audited("term.create", "carol")
    assert Term.objects.get(pk=world.city_term.pk).is_current is False
    url = f"/api/terms/{world.city_term.pk}/"
    r = _json(carol, "patch", url, {"end_date": "2027-01-09"})
    assert r.status_code == 200 and r.json()["end_date"] == "2027-01-09" and r.json()["number"] == 15
    assert _audited("term.update", "carol")
    assert _json(carol, "patch", url, {"number": 16}).json()["errors"]["number"] == ["该届次已存在。"]
    assert _json(carol, "patch", url, {}).status_code == 400
    assert _json(api_client("olga"), "patch", url, {"end_date": "2027-01-08"}).status_code == 403


def test_sessions_and_meetings_added_and_changed(world: World) -> None:
    carol = api_client("carol")
    body = {"term": world.city_term.pk, "number": 3, "start_date": "2024-01-15", "end_date": "2024-01-18",
            "place": "长春市会议中心"}
    assert _json(api_client("olga"), "post", "/api/sessions/", body).status_code == 403
    r = _json(carol, "post", "/api/sessions/", {**body, "end_date": "2024-01-10"})
    assert r.status_code == 400 and r.json()["errors"]["end_date"] == ["闭幕日期不能早于开幕日期。"]
    r = _json(carol, "post", "/api/sessions/", body)
    assert r.status_code == 201 and r.json()["label"] == "十五届三次会议" and r.json()["committee"] == world.city.pk
    assert _audited("session.create", "carol")
    session = r.json()["id"]
    r = _json(carol, "patch", f"/api/sessions/{session}/", {"proposal_deadline": "2024-01-16"})
    assert r.status_code == 200 and r.json()["proposal_deadline"] == "2024-01-16"
    assert _audited("session.update", "carol")
    assert [s["id"] for s in carol.get("/api/sessions/", {"term": world.city_term.pk}).json()["results"]] == [session]
    assert api_client("olga").get("/api/sessions/").json()["results"] == []

    meeting = {"term": world.city_term.pk, "kind": "standing", "number": 5, "date": "2024-03-01", "title": "审议报告"}
    assert _json(api_client("leo"), "post", "/api/committee-meetings/", meeting).status_code == 403
    r = _json(carol, "post", "/api/committee-meetings/", {**meeting, "kind": "plenary"})
    assert r.status_code == 400 and r.json()["errors"]["kind"]
    r = _json(carol, "post", "/api/committee-meetings/", meeting)
    assert r.status_code == 201 and r.json()["label"] == "十五届常委会第五次会议"
    assert _audited("meeting.create", "carol")
    url = f"/api/committee-meetings/{r.json()['id']}/"
    r = _json(carol, "patch", url, {"kind": "chairs"})
    assert r.status_code == 200 and r.json()["kind_label"] == "主席会议"
    assert _audited("meeting.update", "carol")
    assert carol.get("/api/committee-meetings/", {"kind": "standing"}).json()["results"] == []
    assert api_client("olga").get(url).status_code == 403


def test_configuration_lists_read_and_kept_by_the_system_administrator(world: World) -> None:
    carol, sysadmin = api_client("carol"), api_client("sysadmin")
    names = [s["name"] for s in carol.get("/api/sectors/").json()["results"]]
    assert names == ["中共", "经济界", "教育界"]
    assert api_client("olga").get("/api/sectors/").json()["results"] == []
    assert api_client("olga").get(f"/api/sectors/{world.sectors['中共'].pk}/").status_code == 403
    assert [p["name"] for p in api_client("alice").get("/api/parties/").json()["results"]][:2] == ["中共", "民革"]
    units = carol.get("/api/handling-units/").json()["results"]
    assert units[0]["name"] == "长春市教育局" and "contact_phone" in units[0]

    body = {"committee": world.city.pk, "name": "科技界"}
    assert _json(carol, "post", "/api/sectors/", body).status_code == 403
    assert _audited("access.denied", "carol")
    r = _json(sysadmin, "post", "/api/sectors/", {"name": "科技界"})
    assert r.status_code == 400 and r.json()["errors"]["committee"] == ["请选择所属政协组织。"]
    r = _json(sysadmin, "post", "/api/sectors/", body)
    assert r.status_code == 201 and r.json()["sort_order"] > world.sectors["教育界"].sort_order
    assert _audited("config.sectors.create", "sysadmin")
    sector = r.json()["id"]
    again = _json(sysadmin, "post", "/api/sectors/", body)
    assert again.status_code == 400 and again.json()["errors"]["name"] == ["“科技界”已存在。"]

    r = _json(sysadmin, "patch", f"/api/sectors/{sector}/", {"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert _audited("config.sectors.update", "sysadmin")
    assert [s["name"] for s in carol.get("/api/sectors/", {"active": "true"}).json()["results"]] == names
    assert _json(carol, "patch", f"/api/sectors/{sector}/", {"is_active": True}).status_code == 403
    assert _json(sysadmin, "patch", f"/api/sectors/{sector}/", {"name": " "}).status_code == 400

    r = _json(sysadmin, "post", f"/api/sectors/{sector}/move/", {"direction": "sideways"})
    assert r.status_code == 400 and r.json()["errors"]["direction"] == ["移动方向无效。"]
    assert _json(sysadmin, "post", f"/api/sectors/{sector}/move/", {"direction": "up"}).status_code == 200
    assert _audited("config.sectors.reorder", "sysadmin")
    order = list(Sector.objects.filter(committee=world.city).order_by("sort_order").values_list("name", flat=True))
    assert order == ["中共", "经济界", "科技界", "教育界"]
    assert _json(carol, "post", f"/api/sectors/{sector}/move/", {"direction": "up"}).status_code == 403

    r = _json(sysadmin, "post", "/api/handling-units/", {"committee": world.city.pk, "name": "长春市卫健委",
                                                         "kind": "政府部门", "contact_phone": "0431-8888"})
    assert r.status_code == 201 and r.json()["kind"] == "政府部门"
    assert HandlingUnit.objects.get(name="长春市卫健委").contact_phone == "0431-8888"
    r = _json(sysadmin, "post", "/api/parties/", {"name": "致公党", "committee": world.city.pk})
    assert r.status_code == 201 and r.json()["committee"] is None
    for key in ("special-committees", "activity-groups"):
        r = _json(sysadmin, "post", f"/api/{key}/", {"committee": world.city.pk, "name": "新条目"})
        assert r.status_code == 201, (key, r.json())


def test_schema_lists_the_organisation_endpoints(world: World) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = api_client("carol").get("/api/schema/", {"format": "json"}).json()
    validate_schema(schema)
    paths = schema["paths"]
    assert "post" in paths["/api/committees/"]
    for base in ("terms", "sessions", "committee-meetings", "parties", "sectors", "special-committees",
                 "activity-groups", "handling-units"):
        assert {"get", "post"} <= set(paths[f"/api/{base}/"]) and "patch" in paths[f"/api/{base}/{{id}}/"]
    assert "post" in paths["/api/handling-units/{id}/move/"]
