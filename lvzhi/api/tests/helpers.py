"""Signing in the personas for API tests."""
from __future__ import annotations

from django.test import Client

from lvzhi.testing import PASSWORD


def api_client(username: str, **kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    assert client.login(username=username, password=PASSWORD)
    return client
