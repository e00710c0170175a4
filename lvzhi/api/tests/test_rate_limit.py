"""The API limits how often one account, and one client address, may call it."""
from __future__ import annotations

from typing import Any

from lvzhi.api.tests.helpers import api_client
from lvzhi.testing import World


def test_an_account_over_its_rate_is_told_in_chinese_when_to_retry(world: World, settings: Any) -> None:
    settings.API_RATE_ACCOUNT = "3/min"
    client = api_client("alice")
    assert [client.get("/api/me/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/proposals/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("请求过于频繁，请 ")
    assert int(response["Retry-After"]) > 0
    # Another account is counted apart.
    assert api_client("bob").get("/api/me/").status_code == 200


def test_one_client_address_is_limited_across_accounts(world: World, settings: Any) -> None:
    settings.API_RATE_CLIENT = "4/min"
    alice, bob = api_client("alice", REMOTE_ADDR="10.0.0.7"), api_client("bob", REMOTE_ADDR="10.0.0.7")
    codes = [c.get("/api/me/").status_code for c in (alice, bob, alice, bob, alice)]
    assert codes == [200, 200, 200, 200, 429]
    other = api_client("bob", REMOTE_ADDR="10.0.0.8")
    assert other.get("/api/me/").status_code == 200


def test_a_forged_forwarded_for_header_does_not_make_a_new_client(world: World, settings: Any) -> None:
    settings.API_RATE_CLIENT = "2/min"
    client = api_client("alice", REMOTE_ADDR="10.0.0.9")
    codes = [client.get("/api/me/", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]
