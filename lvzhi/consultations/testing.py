"""Test helpers for 协商: an activity walked through the real services to a given point."""
from __future__ import annotations

import datetime
from typing import Any

from lvzhi.actors import Actor
from lvzhi.consultations.models import ConsultationActivity, Form, ParticipantKind
from lvzhi.consultations.services import activities
from lvzhi.testing import World

DAY = datetime.date(2026, 5, 12)


def held_activity(
    world: World, *, form: str = Form.TOPIC, title: str = "加快推进养老服务体系建设", date: datetime.date = DAY,
    members: tuple[str, ...] = ("alice",), others: int = 0, headcount: int = 0, committee: Any = None,
    actor: Actor = None, hold: bool = True, station_name: str = "",
) -> ConsultationActivity:
    """An activity with member participants (by persona name) and `others` named residents, recorded as held."""
    actor = actor or world.carol
    activity = activities.activity_create(
        actor=actor, committee=committee or world.city, form=form, title=title, date=date, place="市政协会议室",
        organiser="社会和法制委员会", other_headcount=headcount, station_name=station_name,
    )
    for name in members:
        activities.participant_add(actor=actor, activity=activity, kind=ParticipantKind.MEMBER,
                                   person=world.people[name])
    for i in range(others):
        activities.participant_add(actor=actor, activity=activity, kind=ParticipantKind.RESIDENT, name=f"居民{i + 1}")
    if hold:
        activities.activity_hold(actor=actor, activity=activity, expected_version=None)
    return activity
