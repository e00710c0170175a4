"""The proposal settings screen through the API: a committee's rules and its chain of review stages, changed by
the same services, audited, refused to anyone but 提案委 staff of that committee."""
from __future__ import annotations

from typing import Any

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import ProposalSettings
from lvzhi.proposals.services import common
from lvzhi.testing import World


def _json(client: Any, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _audited(action: str, username: str) -> bool:
    return AuditEvent.objects.filter(action=action, actor_name=username).exists()


def test_rules_read_and_changed(world: World) -> None:
    url = f"/api/proposal-settings/{world.city.pk}/"
    pete = api_client("pete")
    rules = pete.get(url).json()
    assert rules["committee"] == world.city.pk and rules["reply_days"] == 90
    assert api_client("olga").get(url).status_code == 403
    assert _json(api_client("alice"), "patch", url, {"reply_days": 60}).status_code == 403
    assert _json(api_client("leo"), "patch", url, {"reply_days": 60}).status_code == 403
    bad = _json(pete, "patch", url, {"reply_days": 200})
    assert bad.status_code == 400
    assert bad.json()["errors"]["reply_days"] == ["答复期限（200 天）不能超过延期后最长办理期限（180 天）。"]
    assert "{seq}" in str(_json(pete, "patch", url, {"number_format": "第号"}).json()["errors"]["number_format"])
    response = _json(pete, "patch", url, {"reply_days": 60})
    assert response.status_code == 200 and response.json()["reply_days"] == 60
    assert _audited("proposal.settings_update", "pete")
    assert _json(pete, "put", url, {"reply_days": 30}).json()["errors"]["number_format"]  # PUT sends every rule
    response = _json(pete, "put", url, {**rules, "reply_days": 45, "min_body_chars": 0})
    assert response.status_code == 200, response.json()
    assert ProposalSettings.objects.get(committee=world.city).min_body_chars == 0


def test_review_chain_kept_through_the_api(world: World) -> None:
    pete = api_client("pete")
    before = [s["name"] for s in pete.get("/api/proposal-stages/", {"committee": world.city.pk}).json()["results"]]
    assert before == [s.name for s in common.stages(world.city)]
    body = {"committee": world.city.pk, "name": "主席会议审定", "role": "leader"}
    assert _json(api_client("olga"), "post", "/api/proposal-stages/", body).status_code == 403
    assert _json(api_client("carol"), "post", "/api/proposal-stages/", body).status_code == 403
    response = _json(pete, "post", "/api/proposal-stages/", {**body, "name": ""})
    assert response.status_code == 400 and response.json()["errors"]["name"] == ["请填写环节名称。"]
    response = _json(pete, "post", "/api/proposal-stages/", body)
    assert response.status_code == 201 and response.json()["role_label"] == "领导"
    assert _audited("proposal.stage_add", "pete")
    stage = response.json()["id"]
    url = f"/api/proposal-stages/{stage}/"
    response = _json(pete, "patch", url, {"name": "主席会议终审"})
    assert response.status_code == 200 and response.json()["role"] == "leader"
    assert _audited("proposal.stage_update", "pete")
    assert _json(api_client("olga"), "patch", url, {"name": "x"}).status_code == 403
    last = _json(pete, "post", f"{url}move/", {"direction": "down"})
    assert last.status_code == 400 and last.json()["errors"]["non_field_errors"] == ["该环节已是最后一个。"]
    assert _json(pete, "post", f"{url}move/", {"direction": "up"}).status_code == 200
    assert _audited("proposal.stage_move", "pete")
    assert [s.name for s in common.stages(world.city)][-2] == "主席会议终审"
    assert api_client("olga").delete(url).status_code == 403
    assert pete.delete(url).status_code == 204
    assert _audited("proposal.stage_remove", "pete")
    assert [s.name for s in common.stages(world.city)] == before
