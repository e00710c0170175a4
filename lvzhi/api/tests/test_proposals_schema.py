"""The proposal endpoints are in the OpenAPI schema, each with a Chinese summary."""
from __future__ import annotations

import re

from drf_spectacular.validation import validate_schema

from lvzhi.api.tests.helpers import api_client
from lvzhi.testing import World

PROPOSAL_MOVES = ["submit", "cosign", "withdraw", "review", "assign", "rehandle", "close", "key", "key-confirm",
                  "supervision"]
ASSIGNMENT_MOVES = ["reply", "view", "contact", "reassign-request", "reassign-decision", "extension-request",
                    "extension-decision", "evaluate", "class"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_proposal_endpoint_is_documented_in_chinese(world: World) -> None:
    schema = api_client("pete").get("/api/schema/", {"format": "json"}).json()
    validate_schema(schema)
    paths = schema["paths"]
    assert set(paths["/api/proposals/"]) == {"get", "post"}
    assert set(paths["/api/proposals/{id}/"]) == {"get", "patch"}
    for path in ("/api/proposals/figures/", "/api/proposals/options/", "/api/proposals/review-queue/",
                 "/api/proposals/{id}/similar/", "/api/assignments/", "/api/assignments/{id}/"):
        assert set(paths[path]) == {"get"}, path
    for move in PROPOSAL_MOVES:
        assert set(paths[f"/api/proposals/{{id}}/{move}/"]) == {"post"}, move
    for move in ASSIGNMENT_MOVES:
        assert set(paths[f"/api/assignments/{{id}}/{move}/"]) == {"post"}, move
    assert set(paths["/api/evaluations/{id}/result/"]) == {"post"}
    for path, operations in paths.items():
        if path.startswith(("/api/proposals", "/api/assignments", "/api/evaluations")):
            for operation in operations.values():
                assert CHINESE.search(operation.get("summary", "")), operation["operationId"]
                assert {"400", "403"} <= set(operation["responses"]) or operation["operationId"].endswith(
                    ("_retrieve",)), operation["operationId"]
    params = {p["name"] for p in paths["/api/proposals/"]["get"]["parameters"]}
    assert {"committee", "year", "state", "kind", "category", "is_key", "unit", "q", "page"} <= params


def test_every_action_declares_its_capability() -> None:
    """Fail closed: an action added without a capability would be refused; this keeps the table complete."""
    from lvzhi.api.proposals import AssignmentViewSet, EvaluationViewSet, ProposalViewSet

    for viewset, standard in ((ProposalViewSet, {"list", "retrieve", "create", "partial_update"}),
                              (AssignmentViewSet, {"list", "retrieve"}), (EvaluationViewSet, set())):
        actions = standard | {a.__name__ for a in viewset.get_extra_actions()}
        assert actions == set(viewset.capabilities), viewset.__name__


def test_an_undeclared_action_is_refused_and_recorded(world: World) -> None:
    from rest_framework.test import APIRequestFactory, force_authenticate

    from lvzhi.api.proposals import ProposalViewSet
    from lvzhi.audit.models import AuditEvent

    class Undeclared(ProposalViewSet):
        capabilities = {}

    request = APIRequestFactory().get("/api/proposals/")
    force_authenticate(request, user=world.pete)
    response = Undeclared.as_view({"get": "list"})(request)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor_name="pete", detail="undeclared:Undeclared").exists()
