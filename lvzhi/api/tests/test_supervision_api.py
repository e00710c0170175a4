"""The 民主监督 API: lists narrowed by the selectors, the loop through the services, refusals, figures, schema."""
from __future__ import annotations

import warnings
from typing import Any

from django.utils import timezone
from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyRecord
from lvzhi.supervision.models import MatterState
from lvzhi.supervision.services import attendance, supervisors
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group
from lvzhi.testing import World


def test_walk_a_matter_through_the_loop(world: World) -> None:
    s = setup_group(world)
    carol = api_client("carol")
    r = carol.post("/api/supervision-matters/", {"group": s.group.pk, "department": s.tax.pk, "title": "窗口服務"},
                   content_type="application/json")
    assert r.status_code == 201, r.json()
    m = r.json()
    assert m["state"] == MatterState.FACT_FINDING and m["allowed_moves"] == ["edit", "issue_opinions"]
    url = f"/api/supervision-matters/{m['id']}/"
    r = carol.post(f"{url}issue-opinions/", {"opinions": ["延长服务时间", "公开办事指南"], "version": m["version"]},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["opinion_count"] == 2
    again = carol.post(f"{url}issue-opinions/", {"opinions": ["延长服务时间"], "version": m["version"]},
                       content_type="application/json")
    assert again.status_code == 400 and "不能执行“提出监督意见”" in str(again.json()["errors"])
    v = r.json()["version"]
    stale = carol.post(f"{url}record-feedback/", {"feedback": "已延长", "version": v - 1},
                       content_type="application/json")
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())
    r = carol.post(f"{url}record-feedback/", {"feedback": "已延长", "version": v}, content_type="application/json")
    r = carol.post(f"{url}verify/", {"verification": "属实", "version": r.json()["version"]},
                   content_type="application/json")
    assert r.json()["state"] == MatterState.VERIFIED
    assert [s["action"] for s in r.json()["steps"]] == ["create", "issue_opinions", "record_feedback", "verify"]
    # The search column is Simplified: 窗口服務 is found as 窗口服务.
    assert carol.get("/api/supervision-matters/", {"q": "窗口服务"}).json()["count"] == 1


def test_who_reads_and_who_moves(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    url = f"/api/supervision-matters/{m.pk}/"
    assert api_client("leo").get(url).json()["allowed_moves"] == []
    assert api_client("alice").get("/api/supervision-matters/").json()["count"] == 1
    assert api_client("alice").get("/api/supervision-groups/").json()["results"][0]["leader"] == "艾丽"
    assert api_client("olga").get(url).status_code == 403
    assert api_client("olga").get("/api/supervision-matters/").json()["count"] == 0
    assert api_client("uma").get("/api/supervision-matters/").status_code == 403
    r = api_client("leo").post(f"{url}issue-opinions/", {"opinions": ["x"], "version": m.version},
                               content_type="application/json")
    assert r.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=world.leo).exists()


def test_duties_attendance_and_figures(world: World) -> None:
    alice = world.people["alice"]
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body="中级人民法院",
                                   appointed_on=days_ago(50))
    carol = api_client("carol")
    r = carol.post("/api/supervisor-duties/", {"committee": world.city.pk, "body": "中级人民法院", "title": "执行监督",
                                               "date": days_ago(1).isoformat(), "participants": [alice.pk]},
                   content_type="application/json")
    assert r.status_code == 201 and r.json()["participants"] == [{"id": alice.pk, "name": "艾丽"}]
    r = carol.post("/api/outside-attendances/", {"committee": world.city.pk, "kind": "court_hearing",
                                                 "body": "中级人民法院", "title": "公开庭审",
                                                 "date": days_ago(1).isoformat(), "attendees": [alice.pk]},
                   content_type="application/json")
    assert r.status_code == 201 and r.json()["kind_label"] == "旁听庭审"
    assert api_client("bob").get("/api/outside-attendances/").json()["count"] == 0
    assert api_client("alice").get("/api/supervisor-duties/").json()["count"] == 1
    r = api_client("leo").get("/api/supervision-figures/", {"committee": str(world.city.pk), "include_subtree": "true",
                                                            "start": days_ago(30).isoformat()})
    values = {f["code"]: f["value"] for f in r.json()["figures"]}
    assert values["duty_batches"] == 1 and values["supervisor_times"] == 1 and values["attended_hearings"] == 1
    assert api_client("olga").get("/api/supervision-figures/", {"committee": world.city.pk}).status_code == 403


def test_schema_lists_the_supervision_endpoints(world: World) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = api_client("carol").get("/api/schema/", {"format": "json"}).json()
    validate_schema(schema)
    paths = schema["paths"]
    assert {"/api/supervision-matters/", "/api/supervision-matters/{id}/issue-opinions/",
            "/api/supervision-figures/", "/api/supervisor-duties/", "/api/outside-attendances/",
            "/api/supervision-plans/{id}/approve/", "/api/supervisor-appointments/{id}/end/"} <= set(paths)
    assert {"post"} <= set(paths["/api/supervision-groups/"]) and "patch" in paths["/api/supervision-groups/{id}/"]
    assert "delete" in paths["/api/supervisor-duties/{id}/"] and "delete" in paths["/api/outside-attendances/{id}/"]
    assert "patch" in paths["/api/supervision-matters/{id}/"]


# ---------------------------------------------------------------- what the screens do, through the API


def _json(client: Any, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _audited(action: str, username: str) -> bool:
    return AuditEvent.objects.filter(action=action, actor_name=username).exists()


def test_plan_created_and_approved_with_its_version(world: World) -> None:
    carol = api_client("carol")
    year = timezone.localdate().year
    r = _json(carol, "post", "/api/supervision-plans/", {"committee": world.city.pk, "year": year, "title": " "})
    assert r.status_code == 400 and r.json()["errors"]["title"] == ["请填写计划名称。"]
    assert _json(api_client("leo"), "post", "/api/supervision-plans/",
                 {"committee": world.city.pk, "year": year, "title": "年度计划"}).status_code == 403
    r = _json(carol, "post", "/api/supervision-plans/", {"committee": world.city.pk, "year": year,
                                                         "title": f"{year}年度民主监督工作计划"})
    assert r.status_code == 201 and r.json()["state_label"] == "草拟"
    assert _audited("supervision.plan_create", "carol")
    plan = r.json()
    again = _json(carol, "post", "/api/supervision-plans/", {"committee": world.city.pk, "year": year, "title": "又一个"})
    assert again.status_code == 400 and again.json()["errors"]["year"] == [f"{year}年度的民主监督计划已经建立。"]
    url = f"/api/supervision-plans/{plan['id']}/approve/"
    assert _json(carol, "post", url, {}).json()["errors"]["version"]
    assert _json(api_client("leo"), "post", url, {"version": plan["version"]}).status_code == 403
    assert "已被他人修改" in str(_json(carol, "post", url, {"version": plan["version"] + 1}).json())
    r = _json(carol, "post", url, {"version": plan["version"]})
    assert r.status_code == 200 and r.json()["state"] == "approved" and r.json()["version"] == plan["version"] + 1
    assert _audited("supervision.plan_approve", "carol")
    assert [p["id"] for p in api_client("leo").get("/api/supervision-plans/").json()["results"]] == [plan["id"]]
    assert api_client("olga").get(f"/api/supervision-plans/{plan['id']}/").status_code == 403
    assert api_client("alice").get("/api/supervision-plans/").json()["count"] == 0


def test_group_sent_and_changed_through_the_api(world: World) -> None:
    s = setup_group(world)
    alice, bob = world.people["alice"], world.people["bob"]
    carol = api_client("carol")
    body = {"committee": world.city.pk, "name": "第二民主监督组", "topic": "教育收费", "leader": bob.pk,
            "members": [alice.pk], "departments": [], "methods": ["inspection"], "sent_on": days_ago(3).isoformat()}
    r = _json(carol, "post", "/api/supervision-groups/", body)
    assert r.status_code == 400 and r.json()["errors"]["departments"] == ["请选择至少一个被监督单位。"]
    body["departments"] = [s.tax.pk]
    assert _json(api_client("alice"), "post", "/api/supervision-groups/", body).status_code == 403
    assert _json(api_client("olga"), "post", "/api/supervision-groups/", body).status_code == 403
    r = _json(carol, "post", "/api/supervision-groups/", body)
    assert r.status_code == 201, r.json()
    group = r.json()
    assert group["leader"] == "薄波" and group["members"] == ["艾丽"] and group["methods"] == ["视察"]
    assert group["plan"] == s.plan.pk and group["departments"] == [{"id": s.tax.pk, "name": "长春市税务局"}]
    assert _audited("supervision.group_create", "carol")
    url = f"/api/supervision-groups/{group['id']}/"
    assert _json(carol, "patch", url, {"topic": "x"}).json()["errors"]["version"] == ["请提交读取时的 version。"]
    assert _json(api_client("leo"), "patch", url, {"topic": "x", "version": group["version"]}).status_code == 403
    r = _json(carol, "patch", url, {"members": [], "departments": [s.tax.pk, s.market.pk],
                                    "version": group["version"]})
    assert r.status_code == 200, r.json()
    assert r.json()["members"] == [] and r.json()["topic"] == "教育收费" and len(r.json()["departments"]) == 2
    assert _audited("supervision.group_update", "carol")
    stale = _json(carol, "patch", url, {"topic": "新主题", "version": group["version"]})
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())


def test_matter_edited_through_the_api(world: World) -> None:
    s = setup_group(world)
    m = new_matter(world, s)
    url = f"/api/supervision-matters/{m.pk}/"
    carol = api_client("carol")
    assert _json(api_client("leo"), "patch", url, {"title": "新名称", "version": m.version}).status_code == 403
    r = _json(carol, "patch", url, {"title": " ", "version": m.version})
    assert r.status_code == 400 and "监督事项" in str(r.json()["errors"])
    r = _json(carol, "patch", url, {"title": "涉企收费公示", "version": m.version})
    assert r.status_code == 200 and r.json()["title"] == "涉企收费公示"
    assert r.json()["description"] == "走访企业12家，收费清单未在窗口公示。" and r.json()["steps"][-1]["action"] == "edit"


def test_appoint_a_supervisor_then_record_their_batch(world: World) -> None:
    alice = world.people["alice"]
    carol = api_client("carol")
    duty = {"committee": world.city.pk, "body": "市市场监督管理局", "title": "食品安全检查",
            "date": days_ago(1).isoformat(), "participants": [alice.pk]}
    refused = _json(carol, "post", "/api/supervisor-duties/", duty)
    assert refused.status_code == 400 and "不是市市场监督管理局的特约监督员" in str(refused.json())
    appoint = {"committee": world.city.pk, "person": alice.pk, "body": "市市场监督管理局",
               "appointed_on": days_ago(30).isoformat()}
    assert _json(api_client("leo"), "post", "/api/supervisor-appointments/", appoint).status_code == 403
    assert _json(api_client("alice"), "post", "/api/supervisor-appointments/", appoint).status_code == 403
    r = _json(carol, "post", "/api/supervisor-appointments/", {**appoint, "body": ""})
    assert r.status_code == 400 and r.json()["errors"]["body"] == ["请填写聘请单位。"]
    r = _json(carol, "post", "/api/supervisor-appointments/", appoint)
    assert r.status_code == 201, r.json()
    assert r.json()["title"] == "特约监督员" and r.json()["is_serving"] and r.json()["person"]["name"] == "艾丽"
    assert _audited("supervision.appointment_create", "carol")
    assert _json(carol, "post", "/api/supervisor-duties/", duty).status_code == 201
    assert api_client("alice").get("/api/supervisor-appointments/").json()["count"] == 1
    assert api_client("bob").get("/api/supervisor-appointments/").json()["count"] == 0
    end = f"/api/supervisor-appointments/{r.json()['id']}/end/"
    assert _json(api_client("olga"), "post", end).status_code == 403
    r = _json(carol, "post", end, {"ends_on": timezone.localdate().isoformat()})
    assert r.status_code == 200 and r.json()["ends_on"] == timezone.localdate().isoformat()
    assert _audited("supervision.appointment_end", "carol")
    again = _json(carol, "post", end)
    assert again.status_code == 400 and again.json()["errors"]["non_field_errors"] == ["该聘任已经期满。"]


def test_batches_and_occasions_recorded_by_mistake_are_deleted(world: World) -> None:
    alice = world.people["alice"]
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body="中级人民法院",
                                   appointed_on=days_ago(50))
    duty = supervisors.duty_create(actor=world.carol, committee=world.city, body="中级人民法院", title="执行监督",
                                   date=days_ago(1), participants=[alice])
    row = attendance.attendance_create(actor=world.carol, committee=world.city, kind="court_hearing",
                                       body="中级人民法院", title="公开庭审", date=days_ago(1), attendees=[alice])
    for url in (f"/api/supervisor-duties/{duty.pk}/", f"/api/outside-attendances/{row.pk}/"):
        assert api_client("leo").delete(url).status_code == 403
        assert api_client("olga").delete(url).status_code == 403
        assert api_client("alice").delete(url).status_code == 403
        assert api_client("carol").delete(url).status_code == 204
        assert api_client("carol").delete(url).status_code == 404
    assert _audited("supervision.duty_delete", "carol") and _audited("supervision.attendance_delete", "carol")
    assert not DutyRecord.objects.filter(person=alice).exists()
