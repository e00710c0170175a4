"""The schema says what the endpoints do: lists that are not paged are plain arrays, a page past the last is a
documented 404, dates that may be missing are nullable, and the proposal figures name 有见面沟通 (with_contact)."""
from __future__ import annotations

from typing import Any

from lvzhi.api.tests.helpers import api_client
from lvzhi.api.tests.test_proposals_journey import ok, post, to_assigned
from lvzhi.supervision.tests.support import new_matter, setup_group
from lvzhi.testing import World


def _schema() -> dict[str, Any]:
    return api_client("pete").get("/api/schema/", {"format": "json"}).json()


def _ok_schema(operation: dict[str, Any]) -> dict[str, Any]:
    return operation["responses"].get("200", operation["responses"].get("201"))["content"]["application/json"][
        "schema"]


def _params(operation: dict[str, Any]) -> set[str]:
    return {p["name"] for p in operation.get("parameters", ())}


def test_unpaged_lists_and_figures_are_not_declared_paged(world: World) -> None:
    paths = _schema()["paths"]
    for path, method in (("/api/proposals/{id}/similar/", "get"), ("/api/proposals/similar-text/", "post"),
                         ("/api/meeting-sheets/{id}/roll/", "get")):
        operation = paths[path][method]
        assert _ok_schema(operation)["type"] == "array", path
        assert "page" not in _params(operation), path
    for path in ("/api/consultations/figures/", "/api/meeting-figures/", "/api/supervision-figures/",
                 "/api/proposals/figures/", "/api/opinions/figures/"):
        operation = paths[path]["get"]
        assert "$ref" in _ok_schema(operation) and "Paginated" not in _ok_schema(operation)["$ref"], path
        assert "page" not in _params(operation), path


def test_a_page_past_the_last_is_a_documented_404(world: World) -> None:
    paths = _schema()["paths"]
    paged = [(path, op) for path, ops in paths.items() for op in ops.values() if "page" in _params(op)]
    assert len(paged) > 10
    for path, operation in paged:
        assert "404" in operation["responses"], path
        assert "页码超出范围" in operation["responses"]["404"]["description"], path
    response = api_client("pete").get("/api/proposals/", {"page": 99})
    assert response.status_code == 404 and response.json()["detail"]


def test_supervision_matter_dates_are_nullable_and_null_until_set(world: World) -> None:
    fields = _schema()["components"]["schemas"]["SupervisionMatter"]["properties"]
    for name in ("opinions_issued_on", "feedback_due", "feedback_on", "verified_on"):
        assert fields[name].get("nullable") is True, name
    matter = new_matter(world, setup_group(world))
    body = api_client("carol").get(f"/api/supervision-matters/{matter.pk}/").json()
    assert body["feedback_on"] is None and body["verified_on"] is None


def test_a_supervision_move_without_its_text_is_refused_in_chinese(world: World) -> None:
    matter = new_matter(world, setup_group(world))
    response = api_client("carol").post(f"/api/supervision-matters/{matter.pk}/verify/", {"version": 1})
    assert response.status_code == 400 and "verification" in response.json()["errors"]


def test_an_error_in_one_item_of_a_list_has_the_documented_shape(world: World) -> None:
    matter = new_matter(world, setup_group(world))
    response = api_client("carol").post(f"/api/supervision-matters/{matter.pk}/issue-opinions/",
                                        {"opinions": ["公开收费清单", "整改\u0000期限"], "version": 1},
                                        content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["opinions.1"] and all(isinstance(m, str) for m in errors["opinions.1"])


def test_proposal_figures_count_proposals_with_a_meeting(world: World) -> None:
    body, assignment = to_assigned(world)
    counts_before = {c["code"]: c["value"] for c in ok(api_client("pete").get(
        "/api/proposals/figures/", {"committee": world.city.pk}))["counts"]}
    assert counts_before["assigned"] == 1 and counts_before["with_contact"] == 0
    ok(post(api_client("uma"), f"/api/assignments/{assignment}/contact/", {
        "phase": "before", "date": "2026-03-02", "way": "当面座谈", "participants": "提案人、承办单位",
        "summary": "商定办理方案"}))
    figures = ok(api_client("pete").get("/api/proposals/figures/", {"committee": world.city.pk}))
    counts = {c["code"]: (c["label"], c["value"]) for c in figures["counts"]}
    assert counts["with_contact"] == ("有见面沟通", 1)
    assert {r["code"]: r["percent"] for r in figures["rates"]}["contact_rate"] == 100.0
    code_enum = _schema()["components"]["schemas"]["ProposalCountCodeEnum"]["enum"]
    assert "with_contact" in code_enum
