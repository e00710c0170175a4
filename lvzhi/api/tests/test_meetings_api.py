"""The 会议与考勤 API: the main flow, refusals by role, figures, speeches, and the schema in Chinese."""
from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.meetings.models import Attendance
from lvzhi.testing import World

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def _open_sheet(world: World) -> dict[str, Any]:
    carol = api_client("carol")
    sheet = ok(post(carol, "/api/meeting-sheets/", {"committee": world.city.pk, "kind": "standing",
                                                     "title": "常委会议", "date": str(timezone.localdate())}), 201)
    sheet = ok(post(carol, f"/api/meeting-sheets/{sheet['id']}/invite/", {"scope": "all"}))
    assert sheet["invited_count"] == 2
    return ok(post(carol, f"/api/meeting-sheets/{sheet['id']}/open/", {"version": sheet["version"]}))


def test_the_main_flow(world: World) -> None:
    sheet = _open_sheet(world)
    assert sheet["state"] == "open" and len(sheet["code"]) == 6
    alice, bob, carol = api_client("alice"), api_client("bob"), api_client("carol")
    mine = ok(alice.get("/api/meeting-attendances/"))["results"]
    assert [m["sheet_title"] for m in mine] == ["常委会议"]
    assert ok(alice.get(f"/api/meeting-sheets/{sheet['id']}/"))["code"] is None  # members never see the code
    response = post(alice, "/api/meeting-attendances/sign-in/", {"code": "abc"})
    assert response.status_code == 400 and response.json()["errors"]["code"] == ["请输入会场公布的 6 位数字签到码。"]
    body = ok(post(alice, "/api/meeting-attendances/sign-in/", {"code": sheet["code"]}))
    assert body["message"] == "签到成功" and body["attendance"]["status"] == "present"
    body = ok(post(alice, "/api/meeting-attendances/sign-in/", {"code": sheet["code"]}))
    assert body["message"] == "您已签到" and body["already"]
    bob_line = ok(bob.get("/api/meeting-attendances/"))["results"][0]
    ok(post(bob, f"/api/meeting-attendances/{bob_line['id']}/leave/", {"reason": "出差"}))
    response = post(carol, f"/api/meeting-sheets/{sheet['id']}/close/", {})
    assert response.status_code == 400 and "请假申请未审批" in response.json()["errors"]["non_field_errors"][0]
    line = ok(post(carol, f"/api/meeting-attendances/{bob_line['id']}/leave-decision/", {"approve": True}))
    assert line["status"] == "excused"
    sheet = ok(post(carol, f"/api/meeting-sheets/{sheet['id']}/close/", {}))
    assert (sheet["state"], sheet["present_count"], sheet["excused_count"]) == ("closed", 1, 1)
    roll = ok(carol.get(f"/api/meeting-sheets/{sheet['id']}/roll/"))
    assert {r["name"]: r["status"] for r in roll} == {"艾丽": "present", "薄波": "excused"}


def test_refusals_by_role(world: World) -> None:
    sheet = _open_sheet(world)
    alice_line = Attendance.objects.get(sheet_id=sheet["id"], person=world.people["alice"])
    assert api_client("olga").get(f"/api/meeting-sheets/{sheet['id']}/").status_code == 403
    assert api_client("leo").get(f"/api/meeting-sheets/{sheet['id']}/roll/").status_code == 200
    assert post(api_client("leo"), f"/api/meeting-sheets/{sheet['id']}/close/", {}).status_code == 403
    assert api_client("alice").get(f"/api/meeting-sheets/{sheet['id']}/roll/").status_code == 403
    assert post(api_client("bob"), f"/api/meeting-attendances/{alice_line.pk}/leave/",
                {"reason": "x"}).status_code == 403
    assert post(api_client("alice"), f"/api/meeting-attendances/{alice_line.pk}/staff-sign-in/",
                {}).status_code == 403
    assert api_client("uma").get("/api/meeting-sheets/").status_code == 403
    assert api_client("olga").get(f"/api/meeting-sheets/?committee={world.city.pk}").status_code == 403
    leo_list = ok(api_client("leo").get(f"/api/meeting-sheets/?committee={world.city.pk}"))
    assert leo_list["count"] == 1


def test_correction_and_stale_version(world: World) -> None:
    sheet = _open_sheet(world)
    carol = api_client("carol")
    ok(post(carol, f"/api/meeting-sheets/{sheet['id']}/close/", {}))
    line = Attendance.objects.get(sheet_id=sheet["id"], person=world.people["alice"])
    response = post(carol, f"/api/meeting-attendances/{line.pk}/correct/", {"status": "present", "reason": ""})
    assert response.status_code == 400 and "请填写更正理由" in json.dumps(response.json(), ensure_ascii=False)
    ok(post(carol, f"/api/meeting-attendances/{line.pk}/correct/",
            {"status": "present", "reason": "纸质签到", "version": line.version}))
    response = post(carol, f"/api/meeting-attendances/{line.pk}/correct/",
                    {"status": "absent", "reason": "再改", "version": line.version})
    assert response.status_code == 400 and "已被他人修改" in json.dumps(response.json(), ensure_ascii=False)


def test_speeches_and_figures(world: World) -> None:
    carol = api_client("carol")
    today = str(timezone.localdate())
    ok(post(carol, "/api/meeting-speeches/", {"committee": world.city.pk, "kind": "plenary", "title": "发言一",
                                              "date": today, "speaker": world.people["alice"].pk}), 201)
    ok(post(carol, "/api/meeting-speeches/", {"committee": world.city.pk, "kind": "plenary", "title": "发言二",
                                              "date": today, "organisation": "民盟长春市委"}), 201)
    response = post(carol, "/api/meeting-speeches/", {"committee": world.city.pk, "kind": "plenary",
                                                      "title": "发言三", "date": today})
    assert response.status_code == 400
    assert [s["title"] for s in ok(api_client("alice").get("/api/meeting-speeches/"))["results"]] == ["发言一"]
    assert post(api_client("leo"), "/api/meeting-speeches/", {"committee": world.city.pk, "kind": "plenary",
                                                              "title": "x", "organisation": "y"}).status_code == 403
    sheet = _open_sheet(world)
    ok(post(carol, f"/api/meeting-sheets/{sheet['id']}/close/", {}))
    figures = ok(api_client("leo").get("/api/meeting-figures/", {"committee": str(world.city.pk), "subtree": "true"}))
    assert figures["held"] == 1 and figures["by_kind"]["standing"] == 1
    assert figures["totals"]["absent"] == 2 and figures["totals"]["rate_of_invited"] == "0.0"
    assert figures["speeches_by_kind"]["plenary"] == 2
    assert figures["speeches_by_organisation"] == [{"name": "民盟长春市委", "count": 1}]
    assert figures["plenary_only"] == []
    assert api_client("alice").get("/api/meeting-figures/").status_code == 403


def test_schema_documents_every_endpoint_in_chinese(world: World) -> None:
    schema = api_client("carol").get("/api/schema/", {"format": "json"}).json()
    validate_schema(schema)
    paths = schema["paths"]
    for path in ("/api/meeting-sheets/", "/api/meeting-sheets/{id}/", "/api/meeting-sheets/{id}/invite/",
                 "/api/meeting-sheets/{id}/open/", "/api/meeting-sheets/{id}/close/",
                 "/api/meeting-attendances/sign-in/", "/api/meeting-attendances/{id}/leave/",
                 "/api/meeting-attendances/{id}/leave-decision/", "/api/meeting-attendances/{id}/correct/",
                 "/api/meeting-speeches/", "/api/meeting-figures/"):
        assert path in paths, path
        for operation in paths[path].values():
            assert CHINESE.search(operation.get("summary", "")), path


def test_attendance_lines_filtered_by_sheet_member_and_status(world: World) -> None:
    sheet = _open_sheet(world)
    alice, bob = world.people["alice"], world.people["bob"]
    ok(post(api_client("alice"), "/api/meeting-attendances/sign-in/", {"code": sheet["code"]}))
    carol = api_client("carol")
    lines = ok(carol.get("/api/meeting-attendances/", {"sheet": sheet["id"]}))["results"]
    assert {line["name"]: line["status"] for line in lines} == {"艾丽": "present", "薄波": "invited"}
    present = ok(carol.get("/api/meeting-attendances/", {"sheet": sheet["id"], "status": "present"}))["results"]
    assert [line["person_id"] for line in present] == [alice.pk]
    assert [line["name"] for line in ok(carol.get("/api/meeting-attendances/", {"member": bob.pk}))["results"]] == ["薄波"]
    assert ok(api_client("leo").get("/api/meeting-attendances/", {"committee": world.city.pk}))["count"] == 2
    # A member still reads only their own lines; an outsider none of the city's.
    assert ok(api_client("alice").get("/api/meeting-attendances/", {"member": bob.pk}))["count"] == 0
    assert ok(api_client("olga").get("/api/meeting-attendances/", {"sheet": sheet["id"]}))["count"] == 0
    bad = carol.get("/api/meeting-attendances/", {"status": "late"})
    assert bad.status_code == 400 and CHINESE.search(str(bad.json()["errors"]["status"]))
