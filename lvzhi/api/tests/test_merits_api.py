"""The 履职申报与表彰 API: a member reports and moves their own activity, staff decide, the duty record follows;
commendations by ids and by names; refusals recorded."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, Outcome
from lvzhi.merits.models import ActivityState, Commendation
from lvzhi.merits.tests.support import PNG, days_ago
from lvzhi.testing import World

JSON = "application/json"
YEAR = datetime.date.today().year - 1


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_report_upload_submit_approve_revoke(world: World) -> None:
    alice, carol = api_client("alice"), api_client("carol")
    r = alice.post("/api/reported-activities/", {"committee": world.city.pk, "kind": "inspection",
                                                 "date": days_ago(1).isoformat(), "title": "视察农村饮水安全"},
                   content_type=JSON)
    assert r.status_code == 201, r.json()
    a = r.json()
    assert a["state"] == ActivityState.DRAFT and a["allowed_moves"] == ["edit", "evidence", "submit", "withdraw"]
    url = f"/api/reported-activities/{a['id']}/"
    early = alice.post(f"{url}submit/", {"version": a["version"]}, content_type=JSON)
    assert early.status_code == 400 and "请上传至少一份佐证材料" in str(early.json()["errors"])
    r = alice.post(f"{url}evidence/", {"file": SimpleUploadedFile("现场.png", PNG)})
    assert r.status_code == 201 and [e["name"] for e in r.json()["evidence"]] == ["现场.png"]
    r = alice.post(f"{url}submit/", {"version": r.json()["version"]}, content_type=JSON)
    assert r.json()["state"] == ActivityState.SUBMITTED
    assert api_client("bob").get(url).status_code == 403
    assert api_client("bob").post(f"{url}withdraw/", {"version": r.json()["version"]}, content_type=JSON).status_code == 403
    assert api_client("leo").post(f"{url}approve/", {"version": r.json()["version"]}, content_type=JSON).status_code == 403
    assert carol.get("/api/reported-activities/", {"state": "submitted"}).json()["count"] == 1
    r = carol.post(f"{url}approve/", {"version": r.json()["version"]}, content_type=JSON)
    assert r.json()["state"] == ActivityState.APPROVED and r.json()["allowed_moves"] == ["revoke"]
    (row,) = DutyRecord.objects.filter(kind=DutyKind.REPORTED)
    assert (row.person, row.event, row.outcome_list()) == (world.people["alice"], DutyEvent.INSPECTION,
                                                           [Outcome.TOOK_PART])
    r = carol.post(f"{url}revoke/", {"version": r.json()["version"], "reason": "活动未实际举行"}, content_type=JSON)
    assert r.json()["state"] == ActivityState.RETURNED and r.json()["return_reason"] == "活动未实际举行"
    assert not DutyRecord.objects.filter(kind=DutyKind.REPORTED).exists()
    assert [s["action"] for s in r.json()["steps"]] == ["create", "evidence_add", "submit", "approve", "revoke"]


def test_lists_are_scoped(world: World) -> None:
    for who in ("alice", "bob"):
        api_client(who).post("/api/reported-activities/", {
            "committee": world.city.pk, "kind": "other", "date": days_ago(1).isoformat(), "title": f"{who}的活动",
            "evidence_note": "通知", "submit": True}, content_type=JSON)
    assert [a["title"] for a in api_client("alice").get("/api/reported-activities/").json()["results"]] == ["alice的活动"]
    assert api_client("carol").get("/api/reported-activities/").json()["count"] == 2
    assert api_client("olga").get("/api/reported-activities/").json()["count"] == 0
    assert api_client("uma").get("/api/reported-activities/").status_code == 403
    refused = api_client("carol").post("/api/reported-activities/", {
        "committee": world.city.pk, "kind": "other", "date": days_ago(1).isoformat(), "title": "x"}, content_type=JSON)
    assert refused.status_code == 403 and AuditEvent.objects.filter(action="access.denied", actor=world.carol).exists()


def test_commendations_by_names_refuse_unknown_ones_whole(world: World) -> None:
    carol = api_client("carol")
    body = {"committee": world.city.pk, "year": YEAR, "kind": "excellent_member", "title": f"{YEAR}年度优秀政协委员",
            "issued_on": f"{YEAR}-12-28"}
    bad = carol.post("/api/commendations/", {**body, "names": "艾丽、无名氏"}, content_type=JSON)
    assert bad.status_code == 400 and "“无名氏”不是长春市政协的在任委员" in str(bad.json()["errors"]["names"])
    assert not Commendation.objects.exists()
    r = carol.post("/api/commendations/", {**body, "names": "艾丽", "people": [world.people["bob"].pk]},
                   content_type=JSON)
    assert r.status_code == 201 and sorted(p["name"] for p in r.json()["people"]) == ["艾丽", "薄波"]
    c = r.json()
    assert api_client("alice").get(f"/api/commendations/{c['id']}/").json()["people_count"] == 2
    assert api_client("olga").get(f"/api/commendations/{c['id']}/").status_code == 403
    assert api_client("alice").delete(f"/api/commendations/{c['id']}/").status_code == 403
    r = carol.post(f"/api/commendations/{c['id']}/remove-person/", {"person": world.people["bob"].pk,
                                                                     "version": c["version"]}, content_type=JSON)
    assert r.json()["people_count"] == 1
    assert carol.delete(f"/api/commendations/{c['id']}/").status_code == 204
    assert not DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).exists()
