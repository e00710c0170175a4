"""The 协商 API: the same services and selectors as the screens, the same refusals."""
from __future__ import annotations

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.models import Form, ParticipantKind
from lvzhi.consultations.testing import held_activity
from lvzhi.duty.models import DutyRecord

BASE = "/api/consultations"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


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


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def _last_action(username):
    return AuditEvent.objects.filter(actor_name=username).latest("id").action


def test_activity_edited_and_participant_speech_recorded(world):
    activity = held_activity(world, hold=False, members=("alice",))
    url = f"{BASE}/activities/{activity.pk}/"
    carol = api_client("carol")
    assert _patch(api_client("leo"), url, {"title": "新题目", "version": activity.version}).status_code == 403
    assert _patch(api_client("olga"), url, {"title": "新题目", "version": activity.version}).status_code == 403
    assert _patch(carol, url, {"title": "新题目"}).json()["errors"]["version"] == ["请提交读取时的 version。"]
    response = _patch(carol, url, {"title": " ", "version": activity.version})
    assert response.status_code == 400 and "请填写活动主题。" in str(response.json()["errors"])
    response = _patch(carol, url, {"title": "养老服务专题协商", "place": "市民中心", "version": activity.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["place"], body["organiser"]) == ("养老服务专题协商", "市民中心", "社会和法制委员会")
    assert _last_action("carol") == "consultations.activity_edit"
    stale = _patch(carol, url, {"title": "再改", "version": activity.version})
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())

    participant = body["participants"][0]["id"]
    move = f"{url}update-participant/"
    assert _post(api_client("leo"), move, {"participant": participant, "spoke": True}).status_code == 403
    assert _post(carol, move, {"participant": 999999, "spoke": True}).status_code == 404
    response = _post(carol, move, {"participant": participant, "spoke": True, "speech_title": "社区嵌入式养老"})
    assert response.status_code == 200
    assert response.json()["participants"][0]["speech_title"] == "社区嵌入式养老"
    assert _last_action("carol") == "consultations.participant_update"


def test_materials_uploaded_and_removed(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = held_activity(world, hold=False)
    url = f"{BASE}/activities/{activity.pk}/materials/"
    carol = api_client("carol")
    pdf = SimpleUploadedFile("发言材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert api_client("leo").post(url, {"file": pdf}).status_code == 403
    bad = carol.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")})
    assert bad.status_code == 400 and CHINESE.search(str(bad.json()))
    response = carol.post(url, {"file": SimpleUploadedFile("发言材料.pdf", b"%PDF-1.4 test",
                                                           content_type="application/pdf")})
    assert response.status_code == 201, response.content
    material = response.json()["materials"][0]
    assert material["name"] == "发言材料.pdf" and _last_action("carol") == "consultations.material_add"
    assert api_client("olga").delete(f"{url}{material['id']}/").status_code == 403
    response = carol.delete(f"{url}{material['id']}/")
    assert response.status_code == 200 and response.json()["materials"] == []
    assert _last_action("carol") == "consultations.material_remove"
    assert carol.delete(f"{url}{material['id']}/").status_code == 404


def test_suggestion_wording_corrected_before_it_is_sent(world):
    activity = held_activity(world)
    carol = api_client("carol")
    s = _post(carol, f"{BASE}/suggestions/", {"activity": activity.pk, "text": "增设社区食堂"}).json()
    url = f"{BASE}/suggestions/{s['id']}/"
    assert _patch(api_client("leo"), url, {"text": "x", "version": s["version"]}).status_code == 403
    response = _patch(carol, url, {"text": "", "version": s["version"]})
    assert response.status_code == 400 and "意见建议内容" in str(response.json()["errors"])
    response = _patch(carol, url, {"text": "增设社区老年食堂", "version": s["version"]})
    assert response.status_code == 200 and response.json()["text"] == "增设社区老年食堂"
    assert _last_action("carol") == "consultations.suggestion_edit"
    s = response.json()
    _post(carol, f"{url}send/", {"sent_to": "民政局", "date": "2026-05-25", "version": s["version"]})
    late = _patch(carol, url, {"text": "再改", "version": s["version"] + 1})
    assert late.status_code == 400 and CHINESE.search(str(late.json()))
