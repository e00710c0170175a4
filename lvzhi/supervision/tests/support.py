"""Shared set-up for the supervision tests: departments, a plan and a group sent by carol (办公室)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.utils import timezone

from lvzhi.committees.models import HandlingUnit
from lvzhi.organisation import services as org
from lvzhi.supervision.models import SupervisionGroup, SupervisionMatter, SupervisionPlan
from lvzhi.supervision.services import groups, matters
from lvzhi.testing import World


@dataclass
class Setup:
    plan: SupervisionPlan
    group: SupervisionGroup
    tax: HandlingUnit
    market: HandlingUnit


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def unit(world: World, name: str) -> HandlingUnit:
    return cast(HandlingUnit, org.config_item_create(actor=None, list_key="handling-units", name=name,
                                                     committee=world.city, check_actor=False))


def setup_group(world: World) -> Setup:
    tax = unit(world, "长春市税务局")
    market = unit(world, "长春市市场监督管理局")
    year = timezone.localdate().year
    plan = groups.plan_create(actor=world.carol, committee=world.city, year=year, title=f"{year}年度民主监督工作计划")
    group = groups.group_create(
        actor=world.carol, committee=world.city, plan=plan, name="第一民主监督组", topic="优化营商环境",
        leader=world.people["alice"], members=[world.people["bob"]], departments=[tax, market],
        methods=["research", "hearing"], sent_on=days_ago(60))
    return Setup(plan=plan, group=group, tax=tax, market=market)


def new_matter(world: World, s: Setup, title: str = "涉企收费清单公开情况") -> SupervisionMatter:
    return matters.matter_create(actor=world.carol, group=s.group, department=s.tax, title=title,
                                 description="走访企业12家，收费清单未在窗口公示。")
