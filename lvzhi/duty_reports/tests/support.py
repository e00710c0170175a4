"""Fixtures for the duty-report tests: duty records written straight into the record, as the lines would."""
from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from lvzhi.duty.models import DEFAULT_FACETS, DutyRecord, join_outcomes
from lvzhi.duty_reports.models import DutyReport
from lvzhi.duty_reports.services import reports
from lvzhi.testing import World

_ids = itertools.count(1)
YEAR = timezone.localdate().year


def record(world: World, who: str, kind: str, title: str, *, date: datetime.date | None = None,
           outcomes: tuple[str, ...] | None = None, role: str = "", committee_id: int | None = None) -> DutyRecord:
    """One entry of `who`'s duty record, as the line that did it would write it."""
    date = date or datetime.date(YEAR, 3, 1)
    event, role_code, default_outcomes = DEFAULT_FACETS[kind]
    return DutyRecord.objects.create(
        person=world.people[who], committee_id=committee_id or world.city.pk, kind=kind, date=date, year=date.year,
        title=title, role=role, event=event, role_code=role_code,
        outcomes=join_outcomes(default_outcomes if outcomes is None else outcomes),
        source_type="proposals.proposal", source_id=next(_ids))


def drafted(world: World, who: str = "alice", year: int = YEAR) -> DutyReport:
    return reports.duty_report_draft(actor=world.users[who], membership=world.memberships[who], year=year)


def written(body: str) -> str:
    """A body with the last section filled in, as a member would before submitting."""
    return body.replace("（请在此写明本人履职中存在的不足和今后努力方向，提交前删去本提示。）",
                        "调研深度还不够，今后将加强学习，多深入基层。")


def submitted(world: World, who: str = "alice") -> DutyReport:
    report = drafted(world, who)
    report = reports.duty_report_edit(actor=world.users[who], report=report, title=report.title,
                                      body=written(report.body), expected_version=report.version)
    return reports.duty_report_submit(actor=world.users[who], report=report, expected_version=report.version)
