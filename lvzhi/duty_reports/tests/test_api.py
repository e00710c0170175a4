"""The duty reports API: the same services and checks as the screens."""
from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from lvzhi.api.tests.helpers import api_client
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.duty_reports.drafting import OUTLOOK_PROMPT
from lvzhi.duty_reports.models import DutyReport, ReportingSession, ReportState
from lvzhi.duty_reports.tests.support import YEAR, record, submitted
from lvzhi.testing import World


def _post(client: object, url: str, data: dict[str, object], method: str = "post") -> object:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_the_member_drafts_edits_and_submits(world: World) -> None:
    record(world, "alice", DutyKind.TRAINING, "新任委员培训班")
    alice = api_client("alice")
    created = _post(alice, "/api/duty-reports/", {"membership": world.memberships["alice"].pk, "year": YEAR})
    assert created.status_code == 201  # type: ignore[attr-defined]
    report = created.json()  # type: ignore[attr-defined]
    assert report["state"] == "draft" and report["score"] is None
    assert report["counts"] == {DutyKind.TRAINING: 1}
    study = next(s for s in report["sections"] if s["key"] == "study")
    assert "参加学习培训1次（新任委员培训班）" in study["generated"][0]
    assert report["allowed_moves"] == ["edit", "regenerate", "submit"]
    url = f"/api/duty-reports/{report['id']}/"
    refused = _post(alice, f"{url}submit/", {"version": report["version"]})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    edited = _post(alice, url, {"body": report["body"].replace(OUTLOOK_PROMPT, "今后多调研。"),
                                "version": report["version"]}, "patch").json()  # type: ignore[attr-defined]
    stale = _post(alice, url, {"title": "旧版本上的修改", "version": report["version"]}, "patch")
    assert stale.status_code == 400  # type: ignore[attr-defined]
    assert "已被他人修改" in str(stale.json())  # type: ignore[attr-defined]
    done = _post(alice, f"{url}submit/", {"version": edited["version"]}).json()  # type: ignore[attr-defined]
    assert done["state"] == "submitted"
    assert _post(api_client("bob"), f"{url}submit/", {"version": done["version"]}).status_code == 403  # type: ignore[attr-defined]


def test_staff_acknowledge_or_return_and_lists_are_scoped(world: World) -> None:
    report = submitted(world)
    carol = api_client("carol")
    listed = carol.get(f"/api/duty-reports/?committee={world.city.pk}&year={YEAR}&state=submitted").json()
    assert [r["id"] for r in listed["results"]] == [report.pk]
    assert api_client("bob").get("/api/duty-reports/").json()["results"] == []
    assert api_client("pete").get("/api/duty-reports/").status_code == 403
    assert api_client("bob").get(f"/api/duty-reports/{report.pk}/").status_code == 403
    missing = _post(carol, f"/api/duty-reports/{report.pk}/return/", {"version": report.version, "reason": ""})
    assert missing.json()["errors"] == {"reason": ["请填写退回理由。"]}  # type: ignore[attr-defined]
    back = _post(carol, f"/api/duty-reports/{report.pk}/return/", {"version": report.version, "reason": "请补充"})
    assert back.json()["state"] == "returned"  # type: ignore[attr-defined]
    assert _post(api_client("alice"), f"/api/duty-reports/{report.pk}/acknowledge/",
                 {"version": report.version + 1}).status_code == 403  # type: ignore[attr-defined]
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    document = api_client("alice").get(f"/api/duty-reports/{report.pk}/document/")
    assert document.status_code == 200 and document.content[:2] == b"PK"


def test_sessions_through_the_api(world: World) -> None:
    report = submitted(world)
    carol = api_client("carol")
    created = _post(carol, "/api/reporting-sessions/", {
        "committee": world.city.pk, "title": "年度述职会", "date": f"{YEAR}-01-06",
        "reporters": [{"person": world.people["alice"].pk}], "attendees": [world.people["bob"].pk]})
    assert created.status_code == 201, created.json()  # type: ignore[attr-defined]
    session = created.json()  # type: ignore[attr-defined]
    assert session["reporters"] == [{"person": world.people["alice"].pk, "name": "艾丽", "report": report.pk}]
    changed = _post(carol, f"/api/reporting-sessions/{session['id']}/", {"title": "年度委员述职会",
                                                                        "version": session["version"]}, "patch")
    assert changed.json()["title"] == "年度委员述职会"  # type: ignore[attr-defined]
    assert changed.json()["attendees"] == [{"id": world.people["bob"].pk, "name": "薄波"}]  # type: ignore[attr-defined]
    assert api_client("leo").get(f"/api/reporting-sessions/{session['id']}/").status_code == 200
    assert api_client("alice").get("/api/reporting-sessions/").status_code == 403
    assert _post(api_client("leo"), "/api/reporting-sessions/", {}).status_code == 403  # type: ignore[attr-defined]
    assert carol.delete(f"/api/reporting-sessions/{session['id']}/").status_code == 204
    assert not ReportingSession.objects.exists() and not DutyRecord.objects.filter(kind=DutyKind.SPEECH_OTHER).exists()


def test_feedback_through_the_api(world: World) -> None:
    person = world.people["bob"]
    person.workplace = "长春市第一中学 校长"
    person.save(update_fields=["workplace"])
    leo = api_client("leo")
    data = leo.get(f"/api/duty-feedback/?committee={world.city.pk}&year={YEAR}").json()
    assert [r["name"] for r in data["recipients"]] == ["中共长春市委组织部", "中共长春市委统战部", "长春市第一中学",
                                                       "工作单位未填写"]
    school = data["recipients"][2]
    assert school["members"][0]["name"] == "薄波" and school["members"][0]["score"] is None
    table = leo.get(f"/api/duty-feedback/table/?committee={world.city.pk}&year={YEAR}")
    assert load_workbook(io.BytesIO(table.content)).sheetnames[2] == "长春市第一中学"
    letter = leo.get(f"/api/duty-feedback/letter/?committee={world.city.pk}&unit=ufd")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    assert api_client("olga").get(f"/api/duty-feedback/?committee={world.city.pk}").status_code == 403
    assert api_client("alice").get(f"/api/duty-feedback/table/?committee={world.city.pk}").status_code == 403
    assert DutyReport.objects.count() == 0
