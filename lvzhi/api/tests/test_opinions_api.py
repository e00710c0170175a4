"""The 社情民意 API: the same rules as the screens, through the same services and selectors."""
from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from lvzhi.audit.models import AuditEvent
from lvzhi.opinions.models import OpinionReport, Publication, State
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.tests.support import BODY, submitted
from lvzhi.testing import World


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_member_creates_and_submits(world: World) -> None:
    api = _api(world.alice)
    response = api.post("/api/opinions/", {"committee": world.city.pk, "title": "关于增设公交站点的建议",
                                           "body": BODY, "submitter_kind": "joint",
                                           "co_authors": [world.people["bob"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "draft" and [a["name"] for a in data["authors"]] == ["艾丽", "薄波"]
    changed = api.put(f"/api/opinions/{data['id']}/", {"title": "关于增设社区公交站点的建议", "body": BODY,
                                                       "submitter_kind": "joint", "version": data["version"],
                                                       "co_authors": [world.people["bob"].pk]},
                      format="json")
    assert changed.status_code == 200 and changed.json()["authors"][0]["name"] == "艾丽"
    assert _api(world.bob).put(f"/api/opinions/{data['id']}/", {"title": "别人改", "body": BODY,
                                                                 "submitter_kind": "member", "version": 2},
                               format="json").status_code == 403
    data = changed.json()
    response = api.post(f"/api/opinions/{data['id']}/submit/", {"version": data["version"]}, format="json")
    assert response.json()["state"] == "submitted"
    again = api.post(f"/api/opinions/{data['id']}/submit/", {}, format="json")
    assert again.status_code == 400 and "不能执行“报送”" in str(again.json()["errors"])
    mine = api.get("/api/opinions/").json()
    assert mine["count"] == 1
    assert _api(world.bob).get("/api/opinions/").json()["count"] == 1  # bob is credited


def test_length_and_permissions(world: World) -> None:
    response = _api(world.alice).post("/api/opinions/", {"committee": world.city.pk, "title": "题",
                                                         "body": "字" * 1501, "submitter_kind": "member"},
                                      format="json")
    assert response.status_code == 400 and "正文不能超过 1500 个字" in response.json()["errors"]["body"][0]
    assert _api(world.uma).get("/api/opinions/").status_code == 403
    report = submitted(world)
    assert _api(world.olga).get(f"/api/opinions/{report.pk}/").status_code == 403
    assert _api(world.leo).get(f"/api/opinions/{report.pk}/").status_code == 200
    assert _api(world.leo).post(f"/api/opinions/{report.pk}/accept/", {}, format="json").status_code == 403
    assert _api(world.alice).post(f"/api/opinions/{report.pk}/accept/", {}, format="json").status_code == 403


def test_editor_flow_and_figures(world: World) -> None:
    report = submitted(world, urgent=True)
    api = _api(world.rita)
    listed = api.get("/api/opinions/", {"committee": str(world.city.pk), "q": "學校"}).json()
    assert [r["id"] for r in listed["results"]] == [report.pk]
    assert api.post(f"/api/opinions/{report.pk}/accept/", {"version": report.version},
                    format="json").json()["state"] == "editing"
    stale = api.post(f"/api/opinions/{report.pk}/revise/", {"version": 1, "title": "新", "body": BODY},
                     format="json")
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json()["errors"])
    opinion_defaults(world.city)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    issue = api.post("/api/opinion-issues/", {"publication": journal.pk}, format="json").json()
    assert issue["number"] == 1
    api.post(f"/api/opinion-issues/{issue['id']}/add/", {"report": report.pk}, format="json")
    published = api.post(f"/api/opinion-issues/{issue['id']}/publish/", {}, format="json").json()
    assert published["state"] == "published" and published["reports"] == [report.pk]
    assert OpinionReport.objects.get(pk=report.pk).state == State.PUBLISHED
    api.post(f"/api/opinions/{report.pk}/adopt/", {"level": "province", "adopted_by": "吉林省政协"}, format="json")
    detail = api.post(f"/api/opinions/{report.pk}/instruct/", {"level": "city", "leader": "市长",
                                                               "text": "请研究办理。"}, format="json").json()
    assert detail["instructions"][0]["leader"] == "市长" and detail["adoptions"][0]["level"] == "province"
    figures = _api(world.leo).get("/api/opinions/figures/", {"committee": world.city.pk}).json()
    assert figures["values"]["received"] == 1 and figures["values"]["instructed"] == 1
    assert figures["adopted_by_level"]["province"] == 1 and figures["values"]["urgent"] == 1
    assert _api(world.alice).get("/api/opinions/figures/", {"committee": world.city.pk}).status_code == 403


def test_settings_read_and_set_by_research_staff(world: World) -> None:
    url = f"/api/opinion-settings/{world.city.pk}/"
    rita = _api(world.users["rita"])
    current = rita.get(url).json()
    assert current["committee"] == world.city.pk and len(current["publications"]) == 2
    assert _api(world.alice).get(url).status_code == 403
    assert _api(world.users["olga"]).get(url).status_code == 403
    body = {"max_length": 3000, "publications": ["社情民意", "政协信息专报"], "version": current["version"]}
    assert _api(world.users["leo"]).put(url, body, format="json").status_code == 403
    bad = rita.put(url, {**body, "max_length": 10}, format="json")
    assert bad.status_code == 400 and "正文字数上限须在" in bad.json()["errors"]["max_length"][0]
    assert rita.put(url, {**body, "publications": []}, format="json").json()["errors"]["publications"] == [
        "至少需要一种刊物。"]
    response = rita.put(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["publications"] == ["社情民意", "政协信息专报"] and response.json()["max_length"] == 3000
    assert AuditEvent.objects.filter(action="opinions.settings_update", actor_name="rita").exists()
    stale = rita.put(url, body, format="json")
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())
    assert list(Publication.objects.filter(committee=world.city).values_list("name", flat=True)) == [
        "社情民意", "政协信息专报"]
