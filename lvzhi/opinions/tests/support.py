"""Helpers for the 社情民意 tests: realistic text, and reports moved through the real services."""
from __future__ import annotations

from typing import Any

from lvzhi.opinions.models import OpinionReport, SubmitterKind
from lvzhi.opinions.services.editing import opinion_accept
from lvzhi.opinions.services.reports import opinion_create
from lvzhi.testing import World

TITLE = "关于城区学校周边交通拥堵问题的建议"
BODY = ("每天早晚高峰，城区多所中小学门前接送车辆排起长队，占用机动车道和人行道，存在安全隐患。"
        "建议交警部门在上下学时段增派警力疏导，教育部门推行错峰放学，并在学校周边规划临时停车区域。")


def submitted(world: World, *, who: str = "alice", title: str = TITLE, body: str = BODY,
              kind: str = SubmitterKind.MEMBER, co: tuple[str, ...] = (), **fields: Any) -> OpinionReport:
    return opinion_create(actor=world.users[who], committee=fields.pop("committee", world.city), title=title,
                          body=body, submitter_kind=kind, co_authors=[world.people[c] for c in co], submit=True,
                          **fields)


def accepted(world: World, **kwargs: Any) -> OpinionReport:
    report = submitted(world, **kwargs)
    return opinion_accept(actor=world.rita, report=report)
