"""The activity screens: list with search and filters, the page and its actions, who may see what."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.consultations.models import Form, ParticipantKind, SuggestionState
from lvzhi.consultations.services import suggestions
from lvzhi.consultations.testing import held_activity
from lvzhi.duty.models import DutyRecord


def _login(client, user):
    client.force_login(user)
    return client


def test_list_search_filters_and_paging(client, world):
    held_activity(world, title="推进義務教育均衡發展", form=Form.TOPIC)
    held_activity(world, title="夜话会：小区绿化", form=Form.GRASSROOTS, station_name="欣园街道委员工作站")
    _login(client, world.carol)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "共 2 次" in page and "夜话会" in page
    page = client.get(reverse("consultations:list"), {"q": "义务教育"}).content.decode()
    assert "共 1 次" in page and "均衡發展" in page
    page = client.get(reverse("consultations:list"), {"form": Form.GRASSROOTS}).content.decode()
    assert "共 1 次" in page and "夜话会" in page
    page = client.get(reverse("consultations:list"), {"organiser": "社会和法制"}).content.decode()
    assert "共 2 次" in page
    assert "登记协商活动" in page


def test_export_opens_as_a_workbook(client, world):
    import io

    from openpyxl import load_workbook

    held_activity(world, others=2, headcount=10)
    response = _login(client, world.leo).get(reverse("consultations:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["日期", "形式", "主题"]
    assert sheet.cell(2, 3).value == "加快推进养老服务体系建设" and sheet.cell(2, 7).value == 13


def test_outsider_and_unit_staff_are_refused(client, world):
    activity = held_activity(world)
    for who in ("olga", "uma"):
        client.force_login(world.users[who])
        assert client.get(reverse("consultations:detail", args=[activity.pk])).status_code == 403
    client.force_login(world.olga)
    assert "夜话会" not in client.get(reverse("consultations:list")).content.decode()


def test_member_sees_own_activities_only(client, world):
    mine = held_activity(world, members=("alice",))
    other = held_activity(world, title="别人的协商", members=("bob",))
    _login(client, world.alice)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "我参加的协商活动" in page and mine.title in page and other.title not in page
    assert client.get(reverse("consultations:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("consultations:detail", args=[other.pk])).status_code == 403
    detail = client.get(reverse("consultations:detail", args=[mine.pk])).content.decode()
    assert f"/consultations/{mine.pk}/do/" not in detail and "participant-form" not in detail


def test_leader_reads_the_subtree_but_cannot_act(client, world):
    activity = held_activity(world, committee=world.district, actor=world.olga, members=(), others=1)
    _login(client, world.leo)
    page = client.get(reverse("consultations:detail", args=[activity.pk])).content.decode()
    assert activity.title in page and "办结" not in page
    response = client.post(reverse("consultations:action", args=[activity.pk, "close"]))
    assert response.status_code == 403


def test_create_participants_hold_and_suggestions_through_the_page(client, world):
    _login(client, world.carol)
    response = client.post(reverse("consultations:create") + f"?committee={world.city.pk}", {
        "form": Form.COUNTERPART, "title": "对口协商：优化营商环境", "date": "2026-04-10", "place": "市政协",
        "organiser": "经济委员会", "other_headcount": "3",
    })
    activity = world.city.consultation_activities.get()
    assert response.url == reverse("consultations:detail", args=[activity.pk])
    act = reverse("consultations:action", args=[activity.pk, "participant_add"])
    client.post(act, {"kind": ParticipantKind.MEMBER, "person": world.people["alice"].pk, "speech_title": "减税降费"})
    client.post(act, {"kind": ParticipantKind.OFFICIAL, "name": "王局长", "unit": "市营商环境建设局"})
    client.post(reverse("consultations:action", args=[activity.pk, "hold"]), {"version": ""})
    assert DutyRecord.objects.filter(person=world.people["alice"]).count() == 2  # took part, and spoke
    client.post(reverse("consultations:action", args=[activity.pk, "suggest"]), {"text": "压减审批时限"})
    s = activity.suggestions.get()
    response = client.post(reverse("consultations:suggestion_action", args=[s.pk, "send"]),
                           {"sent_to": "市政府", "date": "2026-01-01", "version": s.version}, follow=True)
    assert "不能早于活动日期" in response.content.decode()
    client.post(reverse("consultations:suggestion_action", args=[s.pk, "send"]),
                {"sent_to": "市政府", "date": "2026-04-20", "version": s.version})
    s.refresh_from_db()
    assert s.state == SuggestionState.SENT
    page = client.get(reverse("consultations:detail", args=[activity.pk])).content.decode()
    assert "王局长" in page and "减税降费" in page and "报送市政府" in page and "参加人次</dt><dd>5" in page


def test_stale_edit_is_refused(client, world):
    activity = held_activity(world)
    _login(client, world.carol)
    response = client.post(reverse("consultations:edit", args=[activity.pk]), {
        "form": Form.TOPIC, "title": "新主题", "date": "2026-05-12", "version": activity.version - 1,
        "other_headcount": "0"})
    assert "已被他人修改" in response.content.decode()


def test_materials_upload_download_remove(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = held_activity(world)
    _login(client, world.carol)
    upload = SimpleUploadedFile("发言材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(reverse("consultations:material_upload", args=[activity.pk]), {"file": upload})
    material = activity.materials.get()
    response = client.get(reverse("consultations:material", args=[activity.pk, material.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("consultations:material_upload", args=[activity.pk]), {"file": bad}, follow=True)
    assert "不支持" in response.content.decode()
    client.post(reverse("consultations:material_remove", args=[activity.pk, material.pk]))
    assert not activity.materials.exists()


def test_suggestion_tracking_list_shows_open_loops(client, world):
    activity = held_activity(world)
    open_one = suggestions.suggestion_add(actor=world.carol, activity=activity, text="还在跟踪的建议")
    done = suggestions.suggestion_add(actor=world.carol, activity=activity, text="已经闭环的建议")
    d = datetime.date(2026, 6, 1)
    suggestions.suggestion_send(actor=world.carol, suggestion=done, sent_to="市政府", date=d, expected_version=None)
    suggestions.suggestion_decide(actor=world.carol, suggestion=done, adopted=True, date=d, expected_version=None)
    suggestions.suggestion_feed_back(actor=world.carol, suggestion=done, text="已反馈", date=d, expected_version=None)
    _login(client, world.sam)
    page = client.get(reverse("consultations:suggestions")).content.decode()
    assert open_one.text in page and done.text not in page
    page = client.get(reverse("consultations:suggestions"), {"state": "all"}).content.decode()
    assert done.text in page


@pytest.mark.parametrize("who,expected", [("carol", True), ("leo", True), ("alice", False), ("uma", False)])
def test_navigation(client, world, who, expected):
    client.force_login(world.users[who])
    page = client.get("/").content.decode()
    assert ("协商活动" in page) is expected
    assert ("我参加的协商" in page) is (who == "alice")
