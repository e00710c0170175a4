"""Schemathesis over the whole API schema: every operation, a few generated requests each, signed in as staff and as a
member, must answer without a server error and exactly as the schema says (status codes and bodies)."""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from lvzhi.api.tests.helpers import api_client
from lvzhi.consultations.testing import held_activity
from lvzhi.duty_reports.services.sessions import Reporter, session_create
from lvzhi.duty_reports.tests.support import drafted
from lvzhi.meetings.testing import make_sheet
from lvzhi.merits.models import CommendationKind
from lvzhi.merits.services.commendations import commendation_create
from lvzhi.merits.tests.support import report
from lvzhi.opinions.tests.support import submitted
from lvzhi.proposals.models import Assignment, AssignmentRole, AssignmentState, Evaluation, State
from lvzhi.proposals.testing import make_proposal
from lvzhi.supervision.tests.support import new_matter, setup_group
from lvzhi.testing import World

# Generated requests per operation and persona: bounded, so the run stays well under two minutes in `make test`;
# LVZHI_API_EXAMPLES=50 for a deeper search by hand.
EXAMPLES = int(os.environ.get("LVZHI_API_EXAMPLES", "3"))
PERSONAS = ("pete", "carol", "uma", "alice")  # 提案委, 办公室, a handling unit, a member
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _known_objects(world: World) -> dict[str, int | list[int]]:
    """One real record per resource, so that generated requests also reach past the 404 of an unknown id."""
    draft = make_proposal(world, state=State.DRAFT)
    assigned = make_proposal(world, title="关于推进老旧小区改造的建议", state=State.REPLIED,
                             proposers=[world.people["alice"], world.people["bob"]])
    assignment = Assignment.objects.create(
        proposal=assigned, unit=world.unit, role=AssignmentRole.SOLE, state=AssignmentState.REPLIED,
        assigned_at=timezone.now(), due_date=timezone.localdate(), reassign_until=timezone.localdate(),
        reply_text="已纳入明年计划。", replied_at=timezone.now())
    evaluation = Evaluation.objects.create(assignment=assignment, person=world.people["bob"], rating="satisfied")
    setup = setup_group(world)
    sheet = make_sheet(world, open_it=True)
    activity = report(world, files=[], evidence_note="调研通知")
    commendation = commendation_create(actor=world.carol, committee=world.city, year=timezone.localdate().year,
                                       kind=CommendationKind.EXCELLENT_MEMBER, title="年度优秀政协委员",
                                       issued_on=timezone.localdate(), people=[world.people["alice"]])
    return {
        "/api/committees/": world.city.pk,
        "/api/members/": world.memberships["alice"].pk,
        "/api/proposals/": [assigned.pk, draft.pk],
        "/api/assignments/": assignment.pk,
        "/api/evaluations/": evaluation.pk,
        "/api/consultations/activities/": held_activity(world).pk,
        "/api/opinions/": submitted(world).pk,
        "/api/supervision-groups/": setup.group.pk,
        "/api/supervision-matters/": new_matter(world, setup).pk,
        "/api/meeting-sheets/": sheet.pk,
        "/api/duty-reports/": drafted(world).pk,
        "/api/reporting-sessions/": session_create(actor=world.carol, committee=world.city, title="委员述职会",
                                                   date=timezone.localdate(),
                                                   reporters=[Reporter(world.people["alice"])]).pk,
        "/api/reported-activities/": activity.pk,
        "/api/commendations/": commendation.pk,
        "/api/meeting-attendances/": sheet.attendances.order_by("id").values_list("pk", flat=True).first() or 0,
    }


def _path_ids(path: str, known: dict[str, int | list[int]]) -> list[dict[str, Any]]:
    if "{id}" not in path:
        return []
    for prefix, pks in known.items():
        if path.startswith(prefix):
            return [{"id": pk} for pk in (pks if isinstance(pks, list) else [pks])]
    return []


def _signed_in(username: str) -> tuple[dict[str, str], dict[str, str]]:
    """The session and CSRF cookies of a signed-in persona, and the header DRF's session authentication checks on
    every change."""
    client = api_client(username)
    token = get_token(RequestFactory().get("/"))
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}, {"X-CSRFToken": token}


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    """Django's WSGI application in-process keeps the test's database connection (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class Run:
    """What one persona's pass over the schema found."""

    app: WSGIHandler
    username: str
    cookies: dict[str, str]
    headers: dict[str, str]
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    def call(self, case: Any) -> None:
        response = case.call(app=self.app, cookies=self.cookies, headers=self.headers)
        self.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # every failure is collected, reported together
            self.failures.append(f"{self.username} {case.method} {case.formatted_path} {case.query or ''} "
                                 f"-> {response.status_code}: {str(exc)[:700]}")

    def examples(self, strategy: Any) -> None:
        @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case: Any) -> None:
            self.call(case)

        run()


def test_every_operation_answers_as_the_schema_says(world: World, monkeypatch: pytest.MonkeyPatch, settings: Any,
                                                    tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # generated uploads (attachments, replies, imports) land here
    # Many requests a second are the point here: no throttle, whichever classes the views declare.
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])
    known = _known_objects(world)
    reader = Client()
    reader.force_login(world.pete)
    schema = schemathesis.openapi.from_dict(reader.get("/api/schema/", {"format": "json"}).json())
    app = WSGIHandler()
    operations: set[str] = set()
    runs: list[Run] = []
    for username in PERSONAS:
        run = Run(app, username, *_signed_in(username))
        runs.append(run)
        with _connection_kept_open():
            for result in schema.get_all_operations():
                assert isinstance(result, Ok), result.err()
                operation = result.ok()
                operations.add(operation.label)
                # A generated id is nearly always unknown (404): where a real record exists, use it instead.
                ids_to_try: list[dict[str, Any] | None] = [*_path_ids(operation.path, known)] or [None]
                for ids in ids_to_try:
                    run.examples(operation.as_strategy(path_parameters=ids))
    failures = [f for r in runs for f in r.failures]
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(failures)
    # Every operation was called for every persona, and each persona's real records were read, not only refused:
    # a run that met nothing but 401/403/404 would check no answer's body.
    for run in runs:
        assert run.statuses.total() >= len(operations), (run.username, dict(run.statuses))
        assert run.statuses[200] > 0, (run.username, dict(run.statuses))
