"""The groups, special supervisors and 列席 lists: search (Traditional too), filters, and the Excel of what is shown."""
from __future__ import annotations

import io
from typing import Any, cast

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.supervision.models import AttendanceKind
from lvzhi.supervision.services import attendance, groups, matters, supervisors
from lvzhi.supervision.tests.support import days_ago, new_matter, setup_group
from lvzhi.testing import World


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(values_only=True))


def _two_groups(world: World) -> tuple[Any, Any]:
    """The first group (营商环境, alice and bob, two departments, one matter overdue) and a second one whose topic was
    typed in Traditional characters (生態環境, bob alone, the education bureau, no matters)."""
    s = setup_group(world)
    matter = new_matter(world, s)
    matters.matter_issue_opinions(actor=world.carol, matter=matter, opinions=["公开收费清单"],
                                  issued_on=days_ago(40), feedback_due=days_ago(10))
    second = groups.group_create(actor=world.carol, committee=world.city, name="第二民主监督组",
                                 topic="生態環境保護", leader=world.people["bob"], departments=[world.unit],
                                 methods=["inspection"], sent_on=s.group.sent_on)
    return s, second


def test_groups_searched_filtered_and_exported(client: Any, world: World) -> None:
    s, second = _two_groups(world)
    client.force_login(world.carol)
    url = "/supervision/"
    base = {"committee": world.city.pk, "year": s.group.year}

    def shown(**filters: Any) -> tuple[bool, bool]:
        page = client.get(url, {**base, **filters}).content.decode()
        return "第一民主监督组" in page, "第二民主监督组" in page

    assert shown() == (True, True)
    assert shown(q="營商環境") == (True, False)        # Traditional input, Simplified topic
    assert shown(q="生态环境") == (False, True)        # Simplified input, Traditional topic
    assert shown(q="税务局") == (True, False)          # a supervised department
    assert shown(q="薄波") == (True, True)             # a member of both
    assert shown(q="艾丽") == (True, False)
    assert shown(department=world.unit.pk) == (False, True)
    assert shown(method="hearing") == (True, False)
    assert shown(method="inspection") == (False, True)
    assert shown(state="overdue") == (True, False)
    assert shown(state="open") == (True, False)
    assert shown(state="closed") == (False, False)
    assert "没有符合条件的监督组" in client.get(url, {**base, "state": "closed"}).content.decode()

    rows = _sheet(client.get("/supervision/groups/export.xlsx", {**base, "q": "營商"}))
    assert rows[0][:3] == ("序号", "监督组", "监督主题")
    assert len(rows) == 2 and rows[1][1:3] == ("第一民主监督组", "优化营商环境")
    assert rows[1][4:7] == ("艾丽", "薄波", "长春市税务局、长春市市场监督管理局")
    assert rows[1][8:] == (1, 0, 1)
    rows = _sheet(client.get("/supervision/groups/export.xlsx", {**base, "method": "inspection"}))
    assert [r[1] for r in rows[1:]] == ["第二民主监督组"]


def test_groups_htmx_answer_is_the_results_only(client: Any, world: World) -> None:
    s, _second = _two_groups(world)
    client.force_login(world.carol)
    response = client.get("/supervision/", {"committee": world.city.pk, "year": s.group.year, "q": "生态"},
                          headers={"HX-Request": "true", "HX-Target": "results"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="results"')
    assert "第二民主监督组" in page and "第一民主监督组" not in page and "年度民主监督计划" not in page


def test_member_searches_own_groups_and_outsider_is_refused(client: Any, world: World) -> None:
    s, _second = _two_groups(world)
    client.force_login(world.alice)
    page = client.get("/supervision/", {"q": "营商"}).content.decode()
    assert "我参加的监督组" in page and "第一民主监督组" in page and "第二民主监督组" not in page
    page = client.get("/supervision/", {"q": "生态"}).content.decode()
    assert "没有符合条件的监督组" in page
    client.force_login(world.olga)
    assert client.get("/supervision/", {"committee": world.city.pk}).status_code == 403
    assert client.get("/supervision/groups/export.xlsx", {"committee": world.city.pk,
                                                          "year": s.group.year}).status_code == 403


def test_group_list_queries_do_not_grow_with_the_groups(client: Any, world: World) -> None:
    s, _second = _two_groups(world)
    client.force_login(world.carol)
    params = {"committee": world.city.pk, "year": s.group.year, "q": "监督组", "state": "open"}
    with CaptureQueriesContext(connection) as few:
        client.get("/supervision/", params)
    for n in range(3, 8):
        groups.group_create(actor=world.carol, committee=world.city, name=f"第{n}民主监督组", topic="营商",
                            leader=world.people["alice"], departments=[s.tax], sent_on=s.group.sent_on)
        new = groups.SupervisionGroup.objects.get(name=f"第{n}民主监督组")
        matters.matter_create(actor=world.carol, group=new, department=s.tax, title=f"事项{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/supervision/", params).content.decode()
    assert "（6 个）" in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_supervisors_searched_filtered_and_exported(client: Any, world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=alice, body="中级人民法院",
                                   appointed_on=days_ago(300))
    ended = supervisors.appointment_create(actor=world.carol, committee=world.city, person=bob, body="市公安局",
                                           appointed_on=days_ago(300))
    supervisors.appointment_end(actor=world.carol, appointment=ended, ends_on=days_ago(5))
    day = days_ago(10)
    supervisors.duty_create(actor=world.carol, committee=world.city, body="中级人民法院", title="旁听執行案件",
                            date=day, participants=[alice])
    supervisors.duty_create(actor=world.carol, committee=world.city, body="市公安局", title="窗口服务评议",
                            date=day, participants=[bob])
    client.force_login(world.carol)
    url = "/supervision/supervisors/"
    base = {"committee": world.city.pk, "year": day.year}

    page = client.get(url, {**base, "q": "法院"}).content.decode()
    assert "聘任情况（1 人次）" in page and "1 批次，1 人次" in page and "旁听執行案件" in page
    assert "窗口服务评议" not in page
    page = client.get(url, {**base, "q": "执行"}).content.decode()  # Simplified input, Traditional title
    assert "旁听執行案件" in page and "窗口服务评议" not in page
    page = client.get(url, {**base, "q": "薄波"}).content.decode()
    assert "窗口服务评议" in page and "旁听執行案件" not in page

    rows = _sheet(client.get("/supervision/supervisors/appointments.xlsx", {**base, "state": "active"}))
    assert [r[1:3] for r in rows[1:]] == [("艾丽", "中级人民法院")]
    rows = _sheet(client.get("/supervision/supervisors/appointments.xlsx", {**base, "state": "ended"}))
    assert [r[1:3] for r in rows[1:]] == [("薄波", "市公安局")]
    rows = _sheet(client.get("/supervision/supervisors/export.xlsx", {**base, "q": "薄波"}))
    assert [r[2:] for r in rows[1:]] == [("市公安局", "窗口服务评议", "薄波", 1)]

    client.force_login(world.olga)
    assert client.get(url, base).status_code == 403
    assert client.get("/supervision/supervisors/export.xlsx", base).status_code == 403
    assert client.get("/supervision/supervisors/appointments.xlsx", base).status_code == 403


def test_attendance_searched_by_member_and_kind_and_exported(client: Any, world: World) -> None:
    day = days_ago(0)
    attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.GOVERNMENT_MEETING,
                                 body="市人民政府", title="第十二次常務會議", date=day, attendees=[world.people["alice"]])
    attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.COURT_HEARING,
                                 body="中级人民法院", title="公开庭审", date=day, attendees=[world.people["bob"]])
    client.force_login(world.carol)
    base = {"committee": world.city.pk, "year": day.year}
    page = client.get("/supervision/attendance/", {**base, "q": "常务会议"}).content.decode()
    assert "第十二次常務會議" in page and "公开庭审" not in page
    page = client.get("/supervision/attendance/", {**base, "q": "薄波"}).content.decode()
    assert "公开庭审" in page and "第十二次常務會議" not in page
    page = client.get("/supervision/attendance/", {**base, "kind": "court_hearing", "q": "艾丽"}).content.decode()
    assert "没有符合条件的列席或旁听" in page
    rows = _sheet(client.get("/supervision/attendance/export.xlsx", {**base, "kind": "court_hearing"}))
    assert [r[2:] for r in rows[1:]] == [("旁听庭审", "中级人民法院", "公开庭审", "薄波", 1)]
    response = client.get("/supervision/attendance/", {**base, "page": "1"},
                          headers={"HX-Request": "true", "HX-Target": "occasions"})
    assert response.content.decode().lstrip().startswith('<section id="occasions"')


def test_list_filters_in_the_api(world: World) -> None:
    from lvzhi.api.tests.helpers import api_client

    s, second = _two_groups(world)
    day = days_ago(0)
    attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.COURT_HEARING,
                                 body="中级人民法院", title="公开庭审", date=day, attendees=[world.people["bob"]])
    supervisors.appointment_create(actor=world.carol, committee=world.city, person=world.people["alice"],
                                   body="法院", appointed_on=days_ago(30))
    supervisors.duty_create(actor=world.carol, committee=world.city, body="法院", title="评查", date=day,
                            participants=[world.people["alice"]])
    leo = api_client("leo")
    names = [g["name"] for g in leo.get("/api/supervision-groups/", {"committee": str(world.city.pk),
                                                                      "q": "生態"}).json()["results"]]
    assert names == ["第二民主监督组"]
    names = [g["name"] for g in leo.get("/api/supervision-groups/", {"state": "overdue"}).json()["results"]]
    assert names == ["第一民主监督组"]
    assert leo.get("/api/supervision-groups/", {"method": "nonsense"}).status_code == 400
    assert leo.get("/api/outside-attendances/", {"kind": "government_meeting"}).json()["count"] == 0
    assert leo.get("/api/outside-attendances/", {"q": "薄波"}).json()["count"] == 1
    assert leo.get("/api/supervisor-duties/", {"q": "艾丽"}).json()["count"] == 1
    assert leo.get("/api/supervisor-duties/", {"q": "薄波"}).json()["count"] == 0


def test_supervisor_and_attendance_pages_query_a_fixed_number_of_times(client: Any, world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    client.force_login(world.carol)
    day = days_ago(1)

    def record(n: int) -> None:
        for person in (alice, bob):
            supervisors.appointment_create(actor=world.carol, committee=world.city, person=person,
                                           body=f"单位{n}", appointed_on=days_ago(30))
        supervisors.duty_create(actor=world.carol, committee=world.city, body=f"单位{n}", title=f"评议{n}",
                                date=day, participants=[alice, bob])
        attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.OTHER_MEETING,
                                     body=f"单位{n}", title=f"会议{n}", date=day, attendees=[alice, bob])

    def queries() -> list[int]:
        counts = []
        for url in ("/supervision/supervisors/", "/supervision/attendance/"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {"committee": world.city.pk, "year": day.year, "q": "单位"})
            assert response.status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    record(1)
    few = queries()
    for n in range(2, 7):
        record(n)
    assert queries() == few


def test_member_exports_own_groups_and_occasions(client: Any, world: World) -> None:
    _two_groups(world)
    day = days_ago(0)
    for person, title in ((world.people["alice"], "艾丽列席的会议"), (world.people["bob"], "薄波列席的会议")):
        attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.OTHER_MEETING,
                                     body="市人民政府", title=title, date=day, attendees=[person])
    client.force_login(world.alice)
    assert "/supervision/groups/export.xlsx?" in client.get("/supervision/").content.decode()
    rows = _sheet(client.get("/supervision/groups/export.xlsx"))
    assert [r[1] for r in rows[1:]] == ["第一民主监督组"]
    rows = _sheet(client.get("/supervision/attendance/export.xlsx", {"year": day.year}))
    assert [r[4] for r in rows[1:]] == ["艾丽列席的会议"]
    client.force_login(world.uma)
    assert client.get("/supervision/groups/export.xlsx").status_code == 403
