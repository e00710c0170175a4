"""Reading groups on screen: founding a group, recording, editing and deleting an activity; who sees what."""
from __future__ import annotations

from typing import Any

from lvzhi.study.models import ReadingActivity, ReadingGroup
from lvzhi.study.services import reading
from lvzhi.study.tests.support import days_ago, training_records
from lvzhi.testing import World


def test_staff_found_a_group_and_record_its_activities(client: Any, world: World) -> None:
    alice, bob = world.people["alice"], world.people["bob"]
    client.force_login(world.carol)
    url = f"/study/reading-groups/new/?committee={world.city.pk}"
    data = {"name": "书香政协读书群", "theme": "中华优秀传统文化", "founded_on": days_ago(30).isoformat(),
            "leader": alice.pk, "members": [bob.pk], "is_active": "on"}
    page = client.post(url, data, follow=True).content.decode()
    assert "已建立读书群：书香政协读书群。" in page and "艾丽（群主）" in page
    assert "已有名为“书香政协读书群”的读书群" in client.post(url, data).content.decode()
    group = ReadingGroup.objects.get()
    page = client.post(f"/study/reading-groups/{group.pk}/", {
        "date": days_ago(2).isoformat(), "title": "读书分享会", "participants": [alice.pk, bob.pk]},
        follow=True).content.decode()
    assert "读书活动已登记。" in page and "艾丽、薄波（2 人）" in page
    assert len(training_records(bob)) == 1
    activity = ReadingActivity.objects.get()
    edit = f"/study/reading-activities/{activity.pk}/edit/"
    client.post(edit, {"date": days_ago(2).isoformat(), "title": "线上共读", "participants": [alice.pk],
                       "version": activity.version})
    assert training_records(bob) == [] and training_records(alice)[0].title.startswith("读书活动：线上共读")
    stale = client.post(edit, {"date": days_ago(2).isoformat(), "title": "又改", "participants": [alice.pk],
                               "version": activity.version}).content.decode()
    assert "已被他人修改" in stale
    page = client.post(f"/study/reading-activities/{activity.pk}/delete/", follow=True).content.decode()
    assert "已删除读书活动：线上共读。" in page and training_records(alice) == []


def test_members_read_groups_and_outsiders_are_refused(client: Any, world: World) -> None:
    group = reading.group_create(actor=world.carol, committee=world.city, name="经济读书群", founded_on=days_ago(10),
                                 leader=world.people["bob"])
    reading.activity_create(actor=world.carol, group=group, date=days_ago(1), title="读书分享会",
                            participants=[world.people["bob"]])
    client.force_login(world.bob)
    page = client.get("/study/reading-groups/").content.decode()
    assert "经济读书群" in page and "我在本群" in page and "建立读书群" not in page
    page = client.get(f"/study/reading-groups/{group.pk}/").content.decode()
    assert "我参加了" in page and "登记读书活动" not in page
    client.force_login(world.alice)
    assert client.get(f"/study/reading-groups/{group.pk}/").status_code == 200
    assert client.post(f"/study/reading-groups/{group.pk}/", {"title": "x"}).status_code == 403
    for name in ("olga", "pete"):
        client.force_login(world.users[name])
        assert client.get(f"/study/reading-groups/{group.pk}/").status_code == 403, name
