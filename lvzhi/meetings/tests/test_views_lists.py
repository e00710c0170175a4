"""Every list of 会议与考勤 has search (Traditional read as Simplified), filters and an Excel export of exactly the
rows the filters leave, with a bounded number of queries however many rows there are."""
from __future__ import annotations

import datetime
import io
from typing import Any, cast

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.meetings.models import Attendance, SheetKind, Status
from lvzhi.meetings.services import attendance as svc
from lvzhi.meetings.services import sheets
from lvzhi.meetings.services.speeches import speech_create
from lvzhi.meetings.testing import add_standing_member, make_sheet
from lvzhi.organisation import services as org
from lvzhi.testing import PASSWORD, World


def client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def rows_of(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.status_code
    return list(cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(values_only=True))


def _line(sheet: Any, person: Any) -> Attendance:
    return Attendance.objects.select_related("sheet", "person").get(sheet=sheet, person=person)


def _queries(c: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_sheet_export_is_the_filtered_list(world: World) -> None:
    make_sheet(world, title="委员履职培训班", kind=SheetKind.TRAINING)
    make_sheet(world, title="履职能力专题培训", kind=SheetKind.OTHER)
    make_sheet(world, title="常委会第三次会议", kind=SheetKind.STANDING)
    carol = client("carol")
    query: dict[str, Any] = {"committee": world.city.pk, "q": "履職", "kind": "training"}
    assert "共 1 场" in carol.get("/meetings/", query).content.decode()
    rows = rows_of(carol.get("/meetings/sheets.xlsx", query))
    assert [r[1] for r in rows[1:]] == ["委员履职培训班"]
    rows = rows_of(carol.get("/meetings/sheets.xlsx", {"committee": str(world.city.pk), "q": "履職"}))
    assert {r[1] for r in rows[1:]} == {"委员履职培训班", "履职能力专题培训"}


def test_the_roll_export_is_the_filtered_roll(world: World) -> None:
    sheet = make_sheet(world, title="读书活动", open_it=True)
    svc.attendance_staff_sign_in(actor=world.carol, attendance=_line(sheet, world.people["bob"]))
    carol = client("carol")
    page = carol.get(f"/meetings/{sheet.pk}/", {"status": "present"}).content.decode()
    assert f"/meetings/{sheet.pk}/roll.xlsx?status=present" in page.replace("&amp;", "&")
    rows = rows_of(carol.get(f"/meetings/{sheet.pk}/roll.xlsx", {"status": "present"}))
    assert [r[1] for r in rows[1:]] == ["薄波"]
    rows = rows_of(carol.get(f"/meetings/{sheet.pk}/roll.xlsx", {"name": "艾麗"}))
    assert [r[1] for r in rows[1:]] == ["艾丽"]
    rows = rows_of(carol.get(f"/meetings/{sheet.pk}/roll.xlsx", {"name": "al"}))  # initials of 艾丽
    assert [r[1] for r in rows[1:]] == ["艾丽"]
    assert {r[1] for r in rows_of(carol.get(f"/meetings/{sheet.pk}/roll.xlsx"))[1:]} == {"艾丽", "薄波"}
    assert AuditEvent.objects.filter(action="meetings.export_roll", detail__contains="筛选：出席").exists()


def test_speeches_filter_by_session_and_export_the_same_rows(world: World) -> None:
    session = org.session_create(actor=None, term=world.city_term, number=2, start_date=datetime.date(2026, 1, 8),
                                 end_date=datetime.date(2026, 1, 11), check_actor=False)
    speech_create(actor=world.carol, committee=world.city, kind="plenary", title="關於銀髮經濟的建議",
                  date=datetime.date(2026, 1, 9), speaker=world.people["alice"], session=session)
    speech_create(actor=world.carol, committee=world.city, kind="plenary", title="银发经济与社区养老",
                  date=datetime.date(2026, 3, 2), organisation="民盟长春市委")
    speech_create(actor=world.carol, committee=world.city, kind="written", title="城乡融合",
                  date=datetime.date(2026, 1, 9), speaker=world.people["bob"], session=session)
    carol = client("carol")
    query: dict[str, Any] = {"committee": world.city.pk, "q": "銀髮", "session": session.pk}
    page = carol.get("/meetings/speeches/", query).content.decode()
    assert "共 1 篇" in page and "關於銀髮經濟的建議" in page and "银发经济与社区养老" not in page
    rows = rows_of(carol.get("/meetings/speeches.xlsx", query))
    assert [(r[2], r[3]) for r in rows[1:]] == [("關於銀髮經濟的建議", "艾丽")]
    rows = rows_of(carol.get("/meetings/speeches.xlsx", {"committee": str(world.city.pk), "q": "银发"}))
    assert {r[2] for r in rows[1:]} == {"關於銀髮經濟的建議", "银发经济与社区养老"}


def _leave_world(world: World) -> dict[str, Any]:
    """Three leave requests in the city: alice's (pending) for a training, bob's approved for a standing meeting,
    常青's rejected for last year's standing meeting (set by hand: the services refuse leave for a past day)."""
    chang = add_standing_member(world)
    training = make_sheet(world, title="委员履职培训班", kind=SheetKind.TRAINING)
    standing = make_sheet(world, title="常委会第三次会议", kind=SheetKind.STANDING)
    today = timezone.localdate()
    last_year = make_sheet(world, title="去年的常委会议", kind=SheetKind.STANDING,
                           date=today.replace(year=today.year - 1, day=1))
    svc.leave_request(actor=world.alice, attendance=_line(training, world.people["alice"]), reason="赴京学习")
    svc.leave_request(actor=world.bob, attendance=_line(standing, world.people["bob"]), reason="外出调研")
    svc.leave_decide(actor=world.carol, attendance=_line(standing, world.people["bob"]), approve=True)
    line = _line(last_year, chang)
    line.leave_state, line.leave_reason = "rejected", "家中有事"
    line.leave_remarks = "须出席"
    line.save(update_fields=["leave_state", "leave_reason", "leave_remarks"])
    return {"training": training, "standing": standing}


def test_leave_list_searches_filters_and_exports(world: World) -> None:
    _leave_world(world)
    carol = client("carol")
    page = carol.get("/meetings/leave/").content.decode()
    assert "赴京学习" in page and "外出调研" not in page and "共 1 条" in page  # waiting ones by default
    page = carol.get("/meetings/leave/", {"state": "all"}).content.decode()
    assert "赴京学习" in page and "外出调研" in page and "家中有事" in page and "已批准" in page
    page = carol.get("/meetings/leave/", {"state": "all", "q": "薄波"}).content.decode()
    assert "外出调研" in page and "赴京学习" not in page
    page = carol.get("/meetings/leave/", {"state": "all", "q": "艾麗"}).content.decode()  # Traditional name
    assert "赴京学习" in page and "外出调研" not in page
    page = carol.get("/meetings/leave/", {"state": "all", "q": "常委會"}).content.decode()  # meeting, Traditional
    assert "外出调研" in page and "家中有事" in page and "赴京学习" not in page
    page = carol.get("/meetings/leave/", {"state": "all", "kind": "training"}).content.decode()
    assert "赴京学习" in page and "外出调研" not in page
    page = carol.get("/meetings/leave/", {"state": "rejected"}).content.decode()
    assert "家中有事" in page and "须出席" in page and "外出调研" not in page
    page = carol.get("/meetings/leave/", {"state": "all", "year": str(timezone.localdate().year - 1)}).content.decode()
    assert "家中有事" in page and "外出调研" not in page and "赴京学习" not in page
    page = carol.get("/meetings/leave/", {"state": "all", "q": "没有这个人"}).content.decode()
    assert "没有符合条件的请假记录" in page
    partial = carol.get("/meetings/leave/", {"state": "all", "q": "薄"}, HTTP_HX_REQUEST="true",
                        HTTP_HX_TARGET="results").content.decode()
    assert partial.lstrip().startswith('<section id="results"') and "外出调研" in partial

    query: dict[str, Any] = {"committee": world.city.pk, "state": "all", "q": "常委會"}
    rows = rows_of(carol.get("/meetings/leave.xlsx", query))
    assert rows[0][:5] == ("会议", "日期", "会议类型", "委员", "请假事由")
    assert {(r[3], r[4], r[6]) for r in rows[1:]} == {("薄波", "外出调研", "已批准"), ("常青", "家中有事", "未批准")}
    approved = [r for r in rows[1:] if r[3] == "薄波"][0]
    assert approved[7] == "蔡珂" and approved[10] == "请假"
    rows = rows_of(carol.get("/meetings/leave.xlsx"))  # no filters: the waiting ones, as the page
    assert [r[3] for r in rows[1:]] == ["艾丽"]
    assert AuditEvent.objects.filter(action="meetings.export_leave", actor=world.carol).count() == 2


def test_leave_list_and_export_are_for_meeting_staff_only(world: World) -> None:
    _leave_world(world)
    for who in ("leo", "alice"):
        assert client(who).get("/meetings/leave/").status_code == 403
        assert client(who).get("/meetings/leave.xlsx").status_code == 403
    assert client("olga").get(f"/meetings/leave.xlsx?committee={world.city.pk}&state=all").status_code == 403
    rows = rows_of(client("olga").get("/meetings/leave.xlsx", {"state": "all"}))  # her own district: none
    assert rows[1:] == []


def test_approving_from_a_filtered_leave_list_comes_back_to_it(world: World) -> None:
    made = _leave_world(world)
    line = _line(made["training"], world.people["alice"])
    back = "/meetings/leave/?q=%E8%89%BE"
    response = client("carol").post(f"/meetings/{line.sheet_id}/do/decide_leave/", {"line": line.pk, "decision": "approve", "next": back})
    assert response["Location"] == back
    assert _line(made["training"], world.people["alice"]).status == Status.EXCUSED


def test_my_meetings_search_filter_and_export(world: World) -> None:
    today = timezone.localdate()
    reading = make_sheet(world, title="委员读书会", place="市图书馆", open_it=True)
    make_sheet(world, title="常委会第三次会议", kind=SheetKind.STANDING)
    make_sheet(world, title="去年的培训", date=today.replace(year=today.year - 1, day=1), kind=SheetKind.TRAINING)
    svc.attendance_sign_in(actor=world.alice, attendance=_line(reading, world.people["alice"]), code=reading.code)
    alice = client("alice")
    page = alice.get("/meetings/mine/").content.decode()
    assert "共 3 场" in page and "去年的培训" in page
    page = alice.get("/meetings/mine/", {"q": "圖書館"}).content.decode()  # the place, in Traditional
    assert "委员读书会" in page and "常委会第三次会议" not in page
    page = alice.get("/meetings/mine/", {"status": "present"}).content.decode()
    assert "委员读书会" in page and "常委会第三次会议" not in page
    page = alice.get("/meetings/mine/", {"year": today.year - 1}).content.decode()
    assert "去年的培训" in page and "委员读书会" not in page
    page = alice.get("/meetings/mine/", {"q": "没有这个会"}).content.decode()
    assert "没有符合条件的会议" in page

    rows = rows_of(alice.get("/meetings/mine.xlsx", {"year": today.year}))
    assert rows[0][:2] == ("日期", "会议")
    assert {(r[1], r[5]) for r in rows[1:]} == {("委员读书会", "出席"), ("常委会第三次会议", "已邀请")}
    rows = rows_of(alice.get("/meetings/mine.xlsx", {"q": "讀書"}))
    assert [r[1] for r in rows[1:]] == ["委员读书会"] and rows[1][2] == "长春市政协"
    # bob's export holds his own lines only; staff have no "my meetings".
    assert {r[5] for r in rows_of(client("bob").get("/meetings/mine.xlsx"))[1:]} == {"已邀请"}
    assert client("carol").get("/meetings/mine.xlsx").status_code == 403


def test_lists_cost_the_same_queries_for_many_rows(world: World) -> None:
    def build(n: int, start: int) -> None:
        for i in range(n):
            sheet = make_sheet(world, title=f"第{start + i}次学习", date=timezone.localdate() + datetime.timedelta(days=1))
            svc.leave_request(actor=world.alice, attendance=_line(sheet, world.people["alice"]), reason="出差")
            speech_create(actor=world.carol, committee=world.city, kind="other", title=f"发言{start + i}",
                          date=timezone.localdate(), speaker=world.people["alice"])

    build(1, 0)
    carol, alice = client("carol"), client("alice")
    urls = {carol: ["/meetings/", "/meetings/leave/?state=all", "/meetings/speeches/", "/meetings/sheets.xlsx",
                    "/meetings/leave.xlsx?state=all", "/meetings/speeches.xlsx"],
            alice: ["/meetings/mine/", "/meetings/mine.xlsx"]}
    few = {(c, u): _queries(c, u) for c, us in urls.items() for u in us}
    build(6, 1)
    sheet = sheets.sheet_create(actor=world.carol, committee=world.city, kind="other", title="点名",
                                date=timezone.localdate())
    sheets.sheet_invite(actor=world.carol, sheet=sheet, scope="all")
    for (c, u), n in few.items():
        assert _queries(c, u) == n, u
