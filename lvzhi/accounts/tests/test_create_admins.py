"""The install command creates the three separated administrators, who must change their passwords."""
from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from lvzhi.accounts.models import Role, RoleGrant


@pytest.mark.django_db
def test_create_admins_prints_one_time_passwords_that_must_be_changed() -> None:
    out = io.StringIO()
    call_command("create_admins", stdout=out)
    passwords = dict(re.findall(r"账号 (\w+)  一次性密码 (\S+)", out.getvalue()))
    assert set(passwords) == {"sysadmin", "secadmin", "auditor"}
    assert {g.role for g in RoleGrant.objects.all()} == {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    client = Client()
    client.post("/accounts/login/", {"username": "auditor", "password": passwords["auditor"]})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/")
    with pytest.raises(CommandError):
        call_command("create_admins", stdout=io.StringIO())
