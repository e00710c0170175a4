"""The duty record screens: one's own record, a member's record for roster staff, nobody else's."""
from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.proposals.tests.review_support import in_review


def test_member_sees_own_record_with_counts_and_link(client, world):
    proposal = in_review(world)
    client.force_login(world.alice)
    response = client.get(reverse("duty:mine"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "我的履职档案" in text
    assert "提案（第一提案人）" in text
    assert reverse("proposals:detail", args=[proposal.pk]) in text


def test_account_without_member_has_no_record(client, world):
    client.force_login(world.carol)
    assert client.get(reverse("duty:mine")).status_code == 404


def test_staff_sees_a_members_record_and_exports_it(client, world):
    in_review(world)
    client.force_login(world.carol)
    url = reverse("duty:member", args=[world.memberships["alice"].pk])
    assert "艾丽的履职档案" in client.get(url).content.decode()
    response = client.get(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["日期", "政协组织", "履职类型", "事项", "角色"]
    assert sheet.cell(row=2, column=3).value == "提案（第一提案人）"


def test_outsider_is_refused(client, world):
    client.force_login(world.olga)
    response = client.get(reverse("duty:member", args=[world.memberships["alice"].pk]))
    assert response.status_code == 403


def test_navigation_offers_the_record_to_members_only(client, world):
    client.force_login(world.alice)
    assert "我的履职档案" in client.get("/").content.decode()
    client.force_login(world.carol)
    assert "我的履职档案" not in client.get("/").content.decode()


def test_entries_from_every_line_link_to_their_pages(client, world):
    """A member's record gathers what the lines wrote, each entry linking to a page the member may open."""
    from lvzhi.consultations.testing import held_activity
    from lvzhi.meetings.services import attendance
    from lvzhi.meetings.testing import make_sheet
    from lvzhi.supervision.tests.support import setup_group

    activity = held_activity(world, members=("alice",), date=timezone.localdate())
    group = setup_group(world).group
    sheet = make_sheet(world, open_it=True)
    line = sheet.attendances.get(person=world.people["alice"])
    attendance.attendance_staff_sign_in(actor=world.carol, attendance=line)
    client.force_login(world.alice)
    page = client.get(reverse("duty:mine")).content.decode()
    for label in ("参加协商活动", "参加民主监督", "出席会议"):
        assert label in page
    for url in (reverse("consultations:detail", args=[activity.pk]), reverse("supervision:group", args=[group.pk]),
                reverse("meetings:detail", args=[sheet.pk])):
        assert url in page
        assert client.get(url).status_code == 200
