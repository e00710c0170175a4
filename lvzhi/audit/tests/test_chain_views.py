"""The audit administrator's chain screen: whole or the first broken link, and the anchors to export."""
from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from lvzhi.audit import chain
from lvzhi.audit.models import AuditEvent
from lvzhi.testing import PASSWORD, World


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_auditor_sees_a_whole_chain(world: World) -> None:
    page = _client("auditor").get("/audit/chain/").content.decode()
    assert "完好" in page and "未发现改动" in page


@pytest.mark.audit_tampered
def test_auditor_sees_the_first_broken_link(world: World) -> None:
    target = AuditEvent.objects.order_by("seq")[5]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    page = _client("auditor").get("/audit/chain/").content.decode()
    assert "已断开" in page
    assert f"第 {target.seq + 1} 条" in page and f"第 {target.seq} 条缺失（被删除）" in page


def test_others_may_not_see_the_chain_or_its_anchors(world: World) -> None:
    for username in ("carol", "sysadmin", "secadmin"):
        client = _client(username)
        assert client.get("/audit/chain/").status_code == 403
        assert client.get("/audit/anchors.json").status_code == 403


def test_anchor_export_is_json_verify_audit_reads_and_is_audited(world: World) -> None:
    anchor = chain.anchor_now()
    assert anchor is not None
    response = _client("auditor").get("/audit/anchors.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert {"seq": anchor.seq, "hash": anchor.hash} == {k: data["anchors"][0][k] for k in ("seq", "hash")}
    assert data["head"]["seq"] == anchor.seq + 1  # the login event
    assert AuditEvent.objects.filter(action="audit.anchors_export", actor_name="auditor").exists()
    page = _client("auditor").get("/audit/chain/").content.decode()
    assert anchor.hash in page
