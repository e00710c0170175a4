"""The 协商 API: the same services and selectors as the screens, the same refusals."""
from __future__ import annotations

import json

from lvzhi.api.tests.helpers import api_client
from lvzhi.consultations.models import Form, ParticipantKind
from lvzhi.consultations.testing import held_activity
from lvzhi.duty.models import DutyRecord

BASE = "/api/consultations"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_activity_journey_through_the_api(world):
    carol = api_client("carol")
    response = _post(carol, f"{BASE}/activities/", {
        "committee": world.city.pk, "form": Form.GRASSROOTS, "title": "院坝协商：小区停车难",
        "date": "2026-05-20", "station_name": "欣园街道委员工作站", "other_headcount": 30})
    assert response.status_code == 201, response.content
    activity = response.json()
    pk = activity["id"]
    response = _post(carol, f"{BASE}/activities/{pk}/participants/",
                     {"kind": ParticipantKind.MEMBER, "person": world.people["alice"].pk, "speech_title": "错时停车"})
    assert [p["name"] for p in response.json()["participants"]] == ["艾丽"]
    response = _post(carol, f"{BASE}/activities/{pk}/hold/", {"version": response.json()["version"]})
    assert response.json()["state"] == "held"
    assert DutyRecord.objects.filter(person=world.people["alice"]).count() == 2
    response = _post(carol, f"{BASE}/activities/{pk}/hold/", {})
    assert response.status_code == 400
    assert "不能确认已举行" in response.json()["errors"]["non_field_errors"][0]
    s = _post(carol, f"{BASE}/suggestions/", {"activity": pk, "text": "开放单位停车场错时停车"}).json()
    assert s["number"] == 1 and s["state"] == "made"
    s = _post(carol, f"{BASE}/suggestions/{s['id']}/send/", {"sent_to": "街道党工委", "date": "2026-05-25",
                                                           "version": s["version"]}).json()
    s = _post(carol, f"{BASE}/suggestions/{s['id']}/decide/", {"adopted": True, "date": "2026-06-01"}).json()
    s = _post(carol, f"{BASE}/suggestions/{s['id']}/solved/", {"count": 3}).json()
    s = _post(carol, f"{BASE}/suggestions/{s['id']}/feed-back/", {"text": "已告知居民", "date": "2026-06-05"}).json()
    assert (s["state"], s["problems_solved"], len(s["steps"])) == ("fed_back", 3, 4)
    assert carol.get(f"{BASE}/suggestions/?committee={world.city.pk}").json()["count"] == 0  # loop closed
    assert carol.get(f"{BASE}/suggestions/?committee={world.city.pk}&state=all").json()["count"] == 1
    figures = carol.get(f"{BASE}/figures/?committee={world.city.pk}&year=2026").json()
    assert figures["figures"]["grassroots"] == 1 and figures["figures"]["person_times"] == 31
    assert figures["figures"]["adoption_rate"] == "100.0" and figures["figures"]["problems_solved"] == 3


def test_list_search_and_visibility(world):
    held_activity(world, title="經濟界別協商", form=Form.SECTOR, members=("alice",))
    held_activity(world, title="别人的调研", form=Form.RESEARCH, members=("bob",))
    leo = api_client("leo")
    assert leo.get(f"{BASE}/activities/?q=经济界别").json()["count"] == 1
    assert leo.get(f"{BASE}/activities/?form=research").json()["count"] == 1
    alice = api_client("alice")
    assert [a["title"] for a in alice.get(f"{BASE}/activities/").json()["results"]] == ["經濟界別協商"]
    olga = api_client("olga")
    assert olga.get(f"{BASE}/activities/").json()["count"] == 0
    assert api_client("uma").get(f"{BASE}/activities/").status_code == 403


def test_refusals(world):
    activity = held_activity(world)
    for who in ("alice", "leo", "olga"):
        client = api_client(who)
        assert _post(client, f"{BASE}/activities/{activity.pk}/close/", {}).status_code == 403
    assert api_client("olga").get(f"{BASE}/activities/{activity.pk}/").status_code == 403
    assert api_client("alice").get(f"{BASE}/plans/").status_code == 403
    carol = api_client("carol")
    response = _post(carol, f"{BASE}/activities/{activity.pk}/close/", {"version": 1})
    assert response.status_code == 400 and "已被他人修改" in response.json()["errors"]["non_field_errors"][0]
    response = _post(carol, f"{BASE}/suggestions/", {"activity": activity.pk, "text": ""})
    assert response.status_code == 400 and "请填写意见建议内容" in str(response.json())


def test_plan_through_the_api(world):
    carol = api_client("carol")
    plan = _post(carol, f"{BASE}/plans/", {"committee": world.city.pk, "year": 2026}).json()
    plan = _post(carol, f"{BASE}/plans/{plan['id']}/items/", {"topic": "养老服务", "form": Form.TOPIC,
                                                               "planned_month": 5}).json()
    plan = _post(carol, f"{BASE}/plans/{plan['id']}/submit/", {"version": plan["version"]}).json()
    plan = _post(carol, f"{BASE}/plans/{plan['id']}/approve/", {"approved_by": "中共长春市委",
                                                                 "approved_on": "2026-02-01"}).json()
    activity = held_activity(world)
    plan = _post(carol, f"{BASE}/plans/{plan['id']}/link/", {"item": plan["items"][0]["id"],
                                                              "activity": activity.pk}).json()
    assert plan["state"] == "approved" and plan["items"][0]["status"] == "done"
    assert api_client("leo").get(f"{BASE}/plans/?year=2026").json()["count"] == 1
    response = _post(carol, f"{BASE}/plans/", {"committee": world.city.pk, "year": 2026})
    assert response.status_code == 400 and "已经存在" in str(response.json())


def test_schema_lists_the_consultation_endpoints(world):
    schema = api_client("carol").get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/consultations/activities/{id}/hold/" in schema and "/api/consultations/figures/" in schema
