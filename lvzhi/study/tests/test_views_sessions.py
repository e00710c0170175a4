"""The study list, a session's page and forms: what staff, members, a leader and outsiders see and may do."""
from __future__ import annotations

from typing import Any

from lvzhi.audit.models import AuditEvent
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.study.models import SessionState, StudySession
from lvzhi.study.services import sessions
from lvzhi.study.tests.support import days_ago, held_session, training_records
from lvzhi.testing import World


def test_staff_register_a_session_through_the_form(client: Any, world: World) -> None:
    client.force_login(world.carol)
    url = f"/study/sessions/new/?committee={world.city.pk}"
    assert "登记学习培训" in client.get(url).content.decode()
    data = {"kind": "topic", "title": "学习贯彻全国两会精神", "date": days_ago(2).isoformat(), "place": "常委会议室",
            "speaker": "市委党校教授", "non_member_count": "15", "held": "on"}
    page = client.post(url, data, follow=True).content.decode()
    assert "已登记：学习贯彻全国两会精神。" in page and "市委党校教授" in page and "已举办" in page
    again = client.post(url, data).content.decode()
    assert "同一天已有同名的学习培训活动，请勿重复登记。" in again
    empty = client.post(url, {**data, "title": "  ", "date": ""}).content.decode()
    assert "请填写主题。" in empty and "请填写日期。" in empty
    assert StudySession.objects.count() == 1


def test_the_roll_on_the_session_page_writes_the_duty_record(client: Any, world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    session = held_session(world)
    client.force_login(world.carol)
    page = client.get(f"/study/sessions/{session.pk}/").content.decode()
    assert "登记出席委员" in page and "关联签到表" in page
    response = client.post(f"/study/sessions/{session.pk}/roll/", {
        "members": [alice.pk, bob.pk], "non_member_count": 8, "version": session.version}, follow=True)
    page = response.content.decode()
    assert "名单已保存。" in page and "出席名单（2 人）" in page and "参加人次</dt><dd data-figure=\"person_times\">10" in page
    assert len(training_records(alice)) == 1
    stale = client.post(f"/study/sessions/{session.pk}/roll/", {"members": [bob.pk], "version": session.version},
                        follow=True).content.decode()
    assert "已被他人修改" in stale and len(training_records(alice)) == 1
    client.post(f"/study/sessions/{session.pk}/do/cancel/", {"reason": "误登记"})
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    assert not DutyRecord.objects.filter(kind=DutyKind.TRAINING).exists()


def test_a_member_sees_the_list_and_their_own_participation_by_name_only(client: Any, world: World) -> None:
    alice = world.people["alice"]
    attended = held_session(world)
    sessions.session_set_roll(actor=world.carol, session=attended, members=[alice, world.people["bob"]])
    held_session(world, title="另一场专题学习")
    client.force_login(world.alice)
    page = client.get("/study/").content.decode()
    assert "学习贯彻党的二十大精神专题学习" in page and "另一场专题学习" in page and "本人参加 1 场" in page
    assert "已参加" in page and "登记学习培训" not in page and "年度统计" not in page
    detail = client.get(f"/study/sessions/{attended.pk}/").content.decode()
    assert "您参加了本场活动" in detail and "薄波" in detail
    assert "13987654321" not in detail and "220102197505051235" not in detail  # bob's phone and ID number
    assert "登记出席委员" not in detail
    assert client.post(f"/study/sessions/{attended.pk}/roll/", {"members": []}).status_code == 403


def test_a_training_class_roll_on_its_page(client: Any, world: World) -> None:
    klass = sessions.session_create(actor=world.carol, committee=world.city, kind="class", title="委员履职能力培训班",
                                    date=days_ago(9), end_date=days_ago(3), held=True)
    client.force_login(world.carol)
    page = client.post(f"/study/sessions/{klass.pk}/trainees/", {"name": "张明", "unit": "市政协机关"},
                       follow=True).content.decode()
    assert "已将张明列入学员名单。" in page and "为期7天" in page and "市政协机关" in page
    page = client.post(f"/study/sessions/{klass.pk}/trainees/", {"person": world.people["alice"].pk},
                       follow=True).content.decode()
    assert "学员名单（2 人）" in page
    refused = client.post(f"/study/sessions/{klass.pk}/trainees/", {"name": "張偉"}, follow=True).content.decode()
    assert "繁体字" in refused
    trainee = klass.trainees.get(name="张明")
    page = client.post(f"/study/sessions/{klass.pk}/trainees/{trainee.pk}/remove/", follow=True).content.decode()
    assert "已将张明移出学员名单。" in page and "学员名单（1 人）" in page


def test_who_may_read_and_who_is_refused(client: Any, world: World) -> None:
    session = held_session(world)
    url = f"/study/sessions/{session.pk}/"
    for name in ("carol", "leo", "alice", "bob"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 200, name
    for name in ("olga", "pete", "uma", "sysadmin"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 403, name
    assert AuditEvent.objects.filter(action="access.denied", actor=world.olga).exists()
    client.force_login(world.olga)
    assert client.get(f"/study/?committee={world.city.pk}").status_code == 403
    assert client.get(f"/study/figures/?committee={world.city.pk}").status_code == 403
    assert client.post(f"/study/sessions/new/?committee={world.city.pk}", {"title": "x"}).status_code == 403
    client.force_login(world.leo)
    page = client.get("/study/").content.decode()
    assert "学习贯彻党的二十大精神专题学习" in page and "年度统计" in page and "登记学习培训" not in page
    assert "含下级政协" in client.get("/study/figures/").content.decode()


def test_the_nav_item(client: Any, world: World) -> None:
    for name, shown in (("carol", True), ("leo", True), ("alice", True), ("pete", False), ("uma", False)):
        client.force_login(world.users[name])
        assert ('href="/study/"' in client.get("/").content.decode()) is shown, name
