"""The API's creates honour an `Idempotency-Key` header: the same key from the same account returns the record
the first request made (200) instead of making another (201)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from rest_framework.request import Request

from lvzhi.idempotency.services import check_key, create_once

M = TypeVar("M", bound=models.Model)
HEADER = "Idempotency-Key"
# The creates that go through `create_for_request`, by operation id, for the schema.
OPERATIONS = frozenset({
    "proposals_create", "opinions_create", "opinion_issues_create", "members_create", "meeting_sheets_create",
    "meeting_speeches_create", "consultations_activities_create", "consultations_plans_create",
    "consultations_suggestions_create", "supervision_plans_create", "supervision_groups_create",
    "supervision_matters_create", "supervisor_appointments_create", "supervisor_duties_create",
    "outside_attendances_create", "study_sessions_create", "reading_groups_create", "reading_activities_create",
    "reported_activities_create", "commendations_create",
})


def _fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def create_for_request(request: Request, scope: str, model: type[M], create: Callable[[], M]) -> tuple[M, int]:
    """The record `create` makes (and 201), or the one an earlier request with the same key made (and 200)."""
    key = check_key(request.headers.get(HEADER))
    record, created = create_once(user=request.user, scope=f"api:{scope}", key=key, model=model, create=create,
                                  fingerprint=_fingerprint(request) if key else "")
    return record, 201 if created else 200


def document_header(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: the header on each create that honours it."""
    parameter = {
        "in": "header", "name": HEADER, "required": False, "schema": {"type": "string", "maxLength": 80},
        "description": "可选：本次新建请求的唯一标识（如 UUID）。重试或重复提交时带同一标识，只会新建一条记录，"
                       "并以 200 返回首次所建的记录。",
    }
    for operations in result.get("paths", {}).values():
        operation = operations.get("post")
        if operation is not None and operation.get("operationId") in OPERATIONS:
            operation.setdefault("parameters", []).append(parameter)
    return result
