"""A member reports an activity on a phone, staff approve it, it shows in the member's duty record linked back to
it; revoked, it goes again. Through the screens, without a browser."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.merits.models import ActivityKind, ReportedActivity
from lvzhi.merits.tests.support import days_ago, photo
from lvzhi.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(username: str) -> Client:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile")
    assert client.login(username=username, password=PASSWORD)
    return client


def test_member_to_staff_to_record(world: World) -> None:
    alice, carol = _client("alice"), _client("carol")
    assert "申报履职活动" in alice.get("/").content.decode()  # in the member's menu
    alice.post("/merits/activities/new/", {
        "committee": world.city.pk, "kind": ActivityKind.MEDIATION, "date": days_ago(2).isoformat(),
        "title": "参与化解邻里纠纷", "place": "宽城区新发街道", "evidence_files": [photo()], "submit": "1"})
    activity = ReportedActivity.objects.get()
    assert "参与化解邻里纠纷" not in alice.get("/duty/").content.decode()

    assert "参与化解邻里纠纷" in carol.get("/merits/activities/").content.decode()
    carol.post(f"/merits/activities/{activity.pk}/do/approve/", {"version": activity.version, "remarks": "材料齐全"})

    record = alice.get("/duty/", {"year": days_ago(2).year}).content.decode()
    assert "调解：参与化解邻里纠纷" in record and f'href="/merits/activities/{activity.pk}/"' in record
    page = alice.get(f"/merits/activities/{activity.pk}/").content.decode()
    assert "已认定" in page and "认定为履职活动：材料齐全" in page

    activity.refresh_from_db()
    carol.post(f"/merits/activities/{activity.pk}/do/revoke/", {"version": activity.version, "reason": "重复申报"})
    assert "参与化解邻里纠纷" not in alice.get("/duty/", {"year": days_ago(2).year}).content.decode()
    assert "退回原因：重复申报" in alice.get(f"/merits/activities/{activity.pk}/").content.decode()
