"""Seed 002 (延边州政协 2023): 专题学习30场次, 集体学习会18次, 学习研讨会5次; 专题培训18场次, 累计培训1200余人次; a
7-day training class of 47 trainees; 委员读书群6个. The records are built through the services; the figures come
out of them, on the figures page too."""
from __future__ import annotations

import datetime
from typing import Any

from lvzhi.figures import DatePeriod, Scope
from lvzhi.study.figures import study_figures
from lvzhi.study.models import SessionKind
from lvzhi.study.services import reading, sessions
from lvzhi.study.tests.support import add_members
from lvzhi.testing import World

YEAR = 2023


def build_2023(world: World) -> None:
    carol, city = world.carol, world.city
    members = add_members(city, 40)

    def held(kind: str, n: int, label: str, **more: Any) -> list[sessions.StudySession]:
        return [sessions.session_create(actor=carol, committee=city, kind=kind, title=f"{label}（第{i + 1}场）",
                                        date=datetime.date(YEAR, 1 + i % 12, 1 + i // 12), held=True, **more)
                for i in range(n)]

    held(SessionKind.TOPIC, 30, "“第一议题”专题学习")
    held(SessionKind.COLLECTIVE, 18, "党组集体学习会")
    held(SessionKind.SEMINAR, 5, "主题教育学习研讨会")
    # 17 lectures: 20 members and 50 机关干部 each (70 × 17 = 1190), and the class of 47 (40 members, 7 others).
    for i, lecture in enumerate(held(SessionKind.TRAINING, 17, "政协“大讲堂”专题培训", non_member_count=50)):
        chosen = members[i % 20:i % 20 + 20]
        sessions.session_set_roll(actor=carol, session=lecture, members=chosen)
    klass = sessions.session_create(
        actor=carol, committee=city, kind=SessionKind.CLASS, title="第二期提升委员履职能力培训班",
        date=datetime.date(YEAR, 11, 6), end_date=datetime.date(YEAR, 11, 12), held=True)
    sessions.session_set_roll(actor=carol, session=klass, members=members)
    for name in ("张明", "李华", "王芳", "赵磊", "刘洋", "陈静", "杨帆"):
        sessions.trainee_add(actor=carol, session=klass, name=name, unit="州政协机关")
    # Not in the year's figures: a planned session, a cancelled one, one of the next year.
    sessions.session_create(actor=carol, committee=city, kind=SessionKind.TOPIC, title="计划中的专题学习",
                            date=datetime.date(YEAR, 12, 28))
    cancelled = held(SessionKind.TOPIC, 1, "取消的专题学习")[0]
    sessions.session_cancel(actor=carol, session=cancelled)
    sessions.session_create(actor=carol, committee=city, kind=SessionKind.TOPIC, title="新年专题学习",
                            date=datetime.date(YEAR + 1, 1, 3), held=True)
    # 6 reading groups, one per special committee, and a stopped one.
    for i, name in enumerate(("提案", "经济", "农业农村", "社会和法制", "文化文史和学习", "民族宗教")):
        reading.group_create(actor=carol, committee=city, name=f"{name}委员会读书群", founded_on=datetime.date(YEAR, 3, 1),
                             leader=members[i], members=members[6 + i * 5:11 + i * 5])
    reading.group_create(actor=carol, committee=city, name="已停止的读书群", founded_on=datetime.date(YEAR, 3, 1),
                         members=members[:3], is_active=False)


def test_seed_002_study_and_training_figures_come_out_of_the_records(world: World, client: Any) -> None:
    build_2023(world)
    f = study_figures(Scope(world.city), DatePeriod.for_year(YEAR))
    assert f.sessions_by_kind[SessionKind.TOPIC] == 30
    assert f.sessions_by_kind[SessionKind.COLLECTIVE] == 18
    assert f.sessions_by_kind[SessionKind.SEMINAR] == 5
    assert f.trainings == 18
    assert 1200 < f.training_times < 1300  # 1200余人次: 17 × 70 + 47 = 1237
    assert f.training_times == 1237
    assert [(c.days, c.size) for c in f.classes] == [(7, 47)]
    assert f.reading_groups == 6 and f.reading_members == 36

    client.force_login(world.carol)
    page = client.get(f"/study/figures/?committee={world.city.pk}&year={YEAR}").content.decode()
    assert '<tr data-kind="topic"><td data-label="类别">专题学习</td><td data-label="场次" class="n">30</td>' in page
    assert '<td data-label="类别">集体学习会</td><td data-label="场次" class="n">18</td>' in page
    assert '<td data-label="类别">学习研讨会</td><td data-label="场次" class="n">5</td>' in page
    assert ('<div class="card" data-figure="trainings"><div class="label">培训</div><span class="stat">18</span> '
            '<span class="muted">场次</span>') in page
    assert 'data-figure="training_times"><div class="label">培训</div><span class="stat">1237</span>' in page
    assert "第二期提升委员履职能力培训班" in page and "为期7天" in page and "47名学员" in page
    assert 'data-figure="reading_groups"><div class="label">读书群</div><span class="stat">6</span>' in page
