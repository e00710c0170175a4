"""GET /api/schema/: a valid OpenAPI 3 document listing every endpoint; /api/docs/ serves Swagger UI locally."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.testing import World


def test_schema_is_valid_openapi_3_and_lists_the_endpoints(world: World) -> None:
    response = api_client("carol").get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    assert {"/api/committees/", "/api/committees/{id}/", "/api/members/", "/api/members/{id}/", "/api/me/"} <= set(
        paths
    )
    assert set(paths["/api/members/"]) == {"get", "post"}
    assert set(paths["/api/members/{id}/"]) == {"get", "patch"}
    for path in paths.values():
        for operation in path.values():
            assert operation.get("summary"), operation["operationId"]
    member_list = {p["name"] for p in paths["/api/members/"]["get"]["parameters"]}
    assert {"committee", "sector", "party", "special_committee", "group", "role", "status", "q", "ordering",
            "page"} <= member_list


def test_schema_needs_a_signed_in_user(world: World) -> None:
    assert Client().get("/api/schema/").status_code == 403


def test_docs_use_local_assets_only(world: World) -> None:
    response = api_client("carol").get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "//unpkg" not in page


@pytest.mark.skipif("drf_spectacular_sidecar" not in settings.INSTALLED_APPS,
                    reason="settings.py has not yet added drf_spectacular_sidecar to INSTALLED_APPS")
def test_docs_assets_are_served_locally() -> None:
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
