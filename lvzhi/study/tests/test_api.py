"""The 学习培训 API: the same services and checks as the screens; lists narrowed for members; refusals."""
from __future__ import annotations

from lvzhi.api.tests.helpers import api_client
from lvzhi.audit.models import AuditEvent
from lvzhi.study.models import ReadingActivity, StudySession
from lvzhi.study.services import reading, sessions
from lvzhi.study.tests.support import days_ago, held_session, training_records
from lvzhi.testing import World

JSON = "application/json"


def test_a_session_through_the_api(world: World) -> None:
    alice = world.people["alice"]
    carol = api_client("carol")
    body = {"committee": world.city.pk, "kind": "training", "title": "政协“大讲堂”", "date": days_ago(1).isoformat(),
            "non_member_count": 40, "held": True}
    r = carol.post("/api/study-sessions/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="study-key-0001")
    assert r.status_code == 201, r.json()
    again = carol.post("/api/study-sessions/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="study-key-0001")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    twice = carol.post("/api/study-sessions/", body, content_type=JSON)
    assert twice.status_code == 400 and "请勿重复登记" in str(twice.json())
    s = r.json()
    url = f"/api/study-sessions/{s['id']}/"
    r = carol.post(f"{url}roll/", {"members": [alice.pk], "version": s["version"]}, content_type=JSON)
    assert r.status_code == 200 and r.json()["person_times"] == 41 and r.json()["names"] == ["艾丽"]
    assert len(training_records(alice)) == 1
    stale = carol.patch(url, {"title": "改名", "version": s["version"]}, content_type=JSON)
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())
    bad = carol.patch(url, {"end_date": days_ago(5).isoformat(), "version": r.json()["version"]}, content_type=JSON)
    assert bad.status_code == 400 and "结束日期不能早于开始日期" in str(bad.json())
    r = carol.post(f"{url}cancel/", {"reason": "误登记", "version": r.json()["version"]}, content_type=JSON)
    assert r.json()["state"] == "cancelled" and training_records(alice) == []
    assert AuditEvent.objects.filter(action="study.session_cancel", actor=world.carol).exists()


def test_a_class_roll_and_a_sheet_refusal_through_the_api(world: World) -> None:
    carol = api_client("carol")
    klass = sessions.session_create(actor=world.carol, committee=world.city, kind="class", title="培训班",
                                    date=days_ago(7), end_date=days_ago(1), held=True)
    url = f"/api/study-sessions/{klass.pk}/"
    r = carol.post(f"{url}trainees/", {"name": "张明", "unit": "市政协机关"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["class_size"] == 1 and r.json()["days"] == 7
    trainee = r.json()["trainees"][0]
    assert trainee["name"] == "张明" and trainee["person"] is None
    r = carol.delete(f"{url}trainees/{trainee['id']}/")
    assert r.status_code == 200 and r.json()["class_size"] == 0
    r = carol.post(f"{url}sheet/", {"sheet": None, "version": klass.version}, content_type=JSON)
    assert r.status_code == 400 and "已被他人修改" in str(r.json())  # the roll changed since
    topic = held_session(world)
    r = carol.post(f"/api/study-sessions/{topic.pk}/trainees/", {"name": "张明"}, content_type=JSON)
    assert r.status_code == 400 and "只有培训班" in str(r.json())


def test_members_read_names_only_and_cannot_change(world: World) -> None:
    session = held_session(world)
    sessions.session_set_roll(actor=world.carol, session=session, members=[world.people["bob"]])
    klass = sessions.session_create(actor=world.carol, committee=world.city, kind="class", title="培训班",
                                    date=days_ago(7), end_date=days_ago(1), held=True)
    sessions.trainee_add(actor=world.carol, session=klass, name="张明", unit="市政协机关")
    alice = api_client("alice")
    rows = alice.get("/api/study-sessions/").json()["results"]
    assert {r["title"] for r in rows} == {session.title, "培训班"} and not any(r["attended"] for r in rows)
    detail = alice.get(f"/api/study-sessions/{klass.pk}/").json()
    assert detail["names"] == ["张明"] and detail["trainees"] == []  # the unit is staff's to see
    assert alice.post(f"/api/study-sessions/{session.pk}/roll/", {"members": [], "version": 1},
                      content_type=JSON).status_code == 403
    assert alice.get(f"/api/study-figures/?committee={world.city.pk}").status_code == 403


def test_another_committees_staff_are_refused(world: World) -> None:
    session = held_session(world)
    olga = api_client("olga")
    assert olga.get("/api/study-sessions/").json()["results"] == []
    assert olga.get(f"/api/study-sessions/{session.pk}/").status_code == 403
    r = olga.post("/api/study-sessions/", {"committee": world.city.pk, "kind": "topic", "title": "专题学习",
                                           "date": days_ago(1).isoformat()}, content_type=JSON)
    assert r.status_code == 403 and not StudySession.objects.filter(title="专题学习").exists()
    assert olga.get(f"/api/study-figures/?committee={world.city.pk}").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=world.olga).count() >= 3


def test_reading_groups_and_activities_through_the_api(world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    carol = api_client("carol")
    r = carol.post("/api/reading-groups/", {"committee": world.city.pk, "name": "书香读书群", "leader": alice.pk,
                                            "members": [bob.pk], "founded_on": days_ago(20).isoformat()},
                   content_type=JSON)
    assert r.status_code == 201, r.json()
    group = r.json()
    assert [(m["name"], m["role"]) for m in group["members"]] == [("艾丽", "leader"), ("薄波", "member")]
    r = carol.patch(f"/api/reading-groups/{group['id']}/", {"theme": "党史", "version": group["version"]},
                    content_type=JSON)
    assert r.status_code == 200 and r.json()["theme"] == "党史" and len(r.json()["members"]) == 2
    r = carol.post("/api/reading-activities/", {"group": group["id"], "date": days_ago(1).isoformat(),
                                                "title": "读书分享会", "participants": [alice.pk, bob.pk]},
                   content_type=JSON)
    assert r.status_code == 201 and r.json()["participant_count"] == 2
    activity = r.json()
    assert len(training_records(bob)) == 1
    r = carol.patch(f"/api/reading-activities/{activity['id']}/", {"participants": [alice.pk],
                                                                   "version": activity["version"]}, content_type=JSON)
    assert r.status_code == 200 and training_records(bob) == []
    assert api_client("bob").get(f"/api/reading-activities/{activity['id']}/").status_code == 200
    assert api_client("olga").get(f"/api/reading-activities/{activity['id']}/").status_code == 403
    assert carol.delete(f"/api/reading-activities/{activity['id']}/").status_code == 204
    assert not ReadingActivity.objects.exists() and training_records(alice) == []


def test_the_figures_endpoint(world: World) -> None:
    session = held_session(world)
    sessions.session_set_roll(actor=world.carol, session=session, members=[world.people["alice"]],
                              non_member_count=9)
    reading.group_create(actor=world.carol, committee=world.city, name="读书群", founded_on=days_ago(30),
                         members=[world.people["bob"]])
    r = api_client("leo").get(f"/api/study-figures/?committee={world.city.pk}&include_subtree=true"
                              f"&year={session.date.year}")
    assert r.status_code == 200, r.json()
    figures = {f["code"]: f["value"] for f in r.json()["figures"]}
    assert figures["sessions"] == 1 and figures["person_times"] == 10 and figures["reading_groups"] == 1
    topic = next(k for k in r.json()["by_kind"] if k["kind"] == "topic")
    assert (topic["sessions"], topic["person_times"]) == (1, 10)
