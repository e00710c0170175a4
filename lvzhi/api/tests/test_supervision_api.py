"""The 民主监督 API: lists narrowed by the selectors, the loop through the services, refusals, figures, schema."""
from __future__ import annotations

import warnings

from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.supervision.models import MatterState
from lvzhi.supervision.services import supervisors
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
    r = api_client("leo").get("/api/supervision-figures/", {"committee": world.city.pk, "include_subtree": "true",
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
            "/api/supervision-figures/", "/api/supervisor-duties/", "/api/outside-attendances/"} <= set(paths)
