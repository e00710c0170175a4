"""A retried or double-sent create through the API makes one record when it carries an Idempotency-Key."""
from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from lvzhi.idempotency.models import IdempotencyKey
from lvzhi.opinions.models import OpinionReport
from lvzhi.opinions.tests.support import BODY
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.tests.review_support import body
from lvzhi.testing import World

KEY = "3f0c1a8e-6d1b-4b8e-9a53-2f7c1d0e5b42"


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _opinion(world: World, **overrides: Any) -> dict[str, Any]:
    return {"committee": world.city.pk, "title": "关于增设公交站点的建议", "body": BODY, "submitter_kind": "member",
            **overrides}


def test_the_same_key_twice_gives_one_opinion_report(world: World) -> None:
    api = _api(world.alice)
    first = api.post("/api/opinions/", _opinion(world), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = api.post("/api/opinions/", _opinion(world), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert OpinionReport.objects.count() == 1


def test_the_same_key_twice_gives_one_proposal(world: World) -> None:
    api = _api(world.alice)
    data = {"committee": world.city.pk, "kind": "individual", "title": "关于加快发展社区养老服务的建议", **body()}
    first = api.post("/api/proposals/", data, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = api.post("/api/proposals/", data, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (first.status_code, again.status_code) == (201, 200), first.json()
    assert again.json()["id"] == first.json()["id"] and Proposal.objects.count() == 1
    # Another key is another proposal; the key belongs to its account.
    other = api.post("/api/proposals/", {**data, "title": "关于社区养老服务的第二条建议"}, format="json",
                     HTTP_IDEMPOTENCY_KEY=KEY[::-1])
    assert other.status_code == 201 and Proposal.objects.count() == 2
    bobs = _api(world.bob).post("/api/proposals/", data, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert bobs.status_code == 201 and Proposal.objects.count() == 3


def test_a_key_reused_for_different_content_or_malformed_is_refused(world: World) -> None:
    api = _api(world.alice)
    assert api.post("/api/opinions/", _opinion(world), format="json", HTTP_IDEMPOTENCY_KEY=KEY).status_code == 201
    changed = api.post("/api/opinions/", _opinion(world, title="关于另一件事的建议"), format="json",
                       HTTP_IDEMPOTENCY_KEY=KEY)
    assert changed.status_code == 400 and "另一份内容" in changed.json()["errors"]["idempotency_key"][0]
    bad = api.post("/api/opinions/", _opinion(world, title="关于第三件事的建议"), format="json",
                   HTTP_IDEMPOTENCY_KEY="短")
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()["errors"]["idempotency_key"][0]
    assert OpinionReport.objects.count() == 1


def test_a_refused_create_claims_nothing_so_the_retry_works(world: World) -> None:
    api = _api(world.alice)
    refused = api.post("/api/opinions/", _opinion(world, body="字" * 1501), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert refused.status_code == 400 and not IdempotencyKey.objects.exists()
    assert api.post("/api/opinions/", _opinion(world), format="json", HTTP_IDEMPOTENCY_KEY=KEY).status_code == 201


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_with_one_key_make_one_report(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("SQLite's in-memory test database cannot serve several threads' transactions at once.")
    barrier = threading.Barrier(3)
    answers: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            api = _api(world.alice)
            barrier.wait(timeout=10)
            response = api.post("/api/opinions/", _opinion(world), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
            answers.append((response.status_code, response.json()["id"]))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(code for code, _ in answers) == [200, 200, 201]
    assert len({pk for _, pk in answers}) == 1 and OpinionReport.objects.count() == 1


def test_supervision_creates_honour_the_key_too(world: World) -> None:
    from lvzhi.supervision.models import SupervisorAppointment
    from lvzhi.supervision.tests.support import days_ago

    appoint = {"committee": world.city.pk, "person": world.people["alice"].pk, "body": "市市场监督管理局",
               "appointed_on": days_ago(30).isoformat()}
    api = _api(world.carol)
    first = api.post("/api/supervisor-appointments/", appoint, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = api.post("/api/supervisor-appointments/", appoint, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (first.status_code, again.status_code) == (201, 200), first.json()
    assert again.json()["id"] == first.json()["id"] and SupervisorAppointment.objects.count() == 1


def test_the_schema_names_the_header_and_the_session_cookie() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    create = schema["paths"]["/api/supervision-groups/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create.get("parameters", [])]
    assert {"cookieAuth": []} in create["security"]
