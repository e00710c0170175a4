"""述职 sessions: who reported (with the report they used) and who attended, and their duty records.

Each reporter's record gets a 会议发言 entry (kind SPEECH_OTHER, event SPEECH, role SPEAKER, outcome SPOKE: a
述职 is a speech at a group's meeting, so scoring counts it as one), and everyone there — reporters too — an
出席会议 entry (ATTENDANCE_PRESENT, event MEETING: a group meeting, not a plenary or standing meeting)."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from lvzhi import versioning
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import ActivityGroup, Committee, SpecialCommittee
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRole, Outcome
from lvzhi.duty.services import DutyEntry, duty_record_clear, duty_records_replace
from lvzhi.duty_reports.models import DutyReport, ReportingSession, ReportState, SessionReporter
from lvzhi.duty_reports.services.common import PLACE_MAX, TITLE_MAX, clean_text, raise_errors
from lvzhi.members.models import Membership, Person


@dataclass(frozen=True)
class Reporter:
    person: Person
    report: DutyReport | None = None  # None: the member's latest handed-in report for the year (or the year before)


def default_report(committee: Committee, person: Person, year: int) -> DutyReport | None:
    """The report a reporter most likely used: handed in, of this committee, for the session's year or the one
    before (述职 is often held early in the next year)."""
    return (DutyReport.objects.filter(committee=committee, person=person, year__in=[year, year - 1])
            .exclude(state=ReportState.DRAFT).order_by("-year").first())


def _check(committee: Committee, *, title: str, date: datetime.date | None, place: str,
           activity_group: ActivityGroup | None, special_committee: SpecialCommittee | None,
           reporters: Sequence[Reporter], attendees: Sequence[Person]) -> tuple[str, str, list[Person]]:
    errors: dict[str, str] = {}
    title = clean_text(title, "述职会名称", max_length=TITLE_MAX, errors=errors, field="title", one_line=True)
    place = clean_text(place, "地点", max_length=PLACE_MAX, errors=errors, field="place", required=False,
                       one_line=True)
    if date is None:
        errors["date"] = "请填写述职会日期。"
    if activity_group is not None and special_committee is not None:
        errors["activity_group"] = "述职会属于一个活动小组或一个专门委员会，请只选其一。"
    elif activity_group is not None and activity_group.committee_id != committee.pk:
        errors["activity_group"] = "活动小组不属于本政协组织。"
    elif special_committee is not None and special_committee.committee_id != committee.pk:
        errors["special_committee"] = "专门委员会不属于本政协组织。"
    ids = [r.person.pk for r in reporters]
    if not reporters:
        errors["reporters"] = "请选择至少一名述职人。"
    elif len(set(ids)) != len(ids):
        errors["reporters"] = "述职人有重复。"
    everyone = {p.pk: p for p in [*(r.person for r in reporters), *attendees]}
    serving = set(Membership.objects.filter(committee=committee, is_active=True, person_id__in=list(everyone))
                  .values_list("person_id", flat=True))
    outsiders = [p.name for pk, p in everyone.items() if pk not in serving]
    if outsiders:
        errors["attendees"] = f"{'、'.join(outsiders)}不是{committee.name}的在任委员。"
    for r in reporters:
        if r.report is not None and (r.report.person_id != r.person.pk or r.report.committee_id != committee.pk):
            errors["reporters"] = f"所选履职报告不是{r.person.name}在本会的报告。"
    raise_errors(errors)
    return title, place, list(everyone.values())


def _sync(session: ReportingSession, reporters: Sequence[Reporter], present: Sequence[Person]) -> None:
    SessionReporter.objects.filter(session=session).delete()
    SessionReporter.objects.bulk_create([
        SessionReporter(session=session, person=r.person, order=i,
                        report=r.report or default_report(session.committee, r.person, session.year))
        for i, r in enumerate(reporters)])
    reporter_ids = {r.person.pk for r in reporters}
    session.attendees.set([p for p in present if p.pk not in reporter_ids])
    entries = [DutyEntry(person=r.person, kind=DutyKind.SPEECH_OTHER, role="述职", event=DutyEvent.SPEECH,
                         role_code=DutyRole.SPEAKER, outcomes=(Outcome.SPOKE,)) for r in reporters]
    entries += [DutyEntry(person=p, kind=DutyKind.ATTENDANCE_PRESENT, role="述职" if p.pk in reporter_ids else
                          "参加述职会", event=DutyEvent.MEETING, role_code=DutyRole.PARTICIPANT,
                          outcomes=(Outcome.ATTENDED,)) for p in present]
    duty_records_replace(source=session, committee_id=session.committee_id, date=session.date,
                         title=session.title, entries=entries)


@transaction.atomic
def session_create(
    *, actor: Actor, committee: Committee, title: str, date: datetime.date | None, reporters: Sequence[Reporter],
    attendees: Sequence[Person] = (), place: str = "", activity_group: ActivityGroup | None = None,
    special_committee: SpecialCommittee | None = None,
) -> ReportingSession:
    """Record a 述职 session and write the reporters' and attendees' duty records."""
    require(actor, Cap.DUTY_MANAGE, committee)
    title, place, present = _check(committee, title=title, date=date, place=place, activity_group=activity_group,
                                   special_committee=special_committee, reporters=reporters, attendees=attendees)
    assert date is not None
    session = ReportingSession.objects.create(
        committee=committee, title=title, date=date, year=date.year, place=place, activity_group=activity_group,
        special_committee=special_committee, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _sync(session, reporters, present)
    audit_record(actor=actor, action="duty_reports.session_create", obj=session, after={
        "title": title, "date": date, "group": session.group_name, "reporters": [r.person.name for r in reporters],
        "attendees": len(present)})
    return session


@transaction.atomic
def session_update(
    *, actor: Actor, session: ReportingSession, title: str, date: datetime.date | None,
    reporters: Sequence[Reporter], attendees: Sequence[Person] = (), place: str = "",
    activity_group: ActivityGroup | None = None, special_committee: SpecialCommittee | None = None,
    expected_version: int | None = None,
) -> ReportingSession:
    require(actor, Cap.DUTY_MANAGE, session.committee)
    versioning.lock(session, expected_version)
    title, place, present = _check(session.committee, title=title, date=date, place=place,
                                   activity_group=activity_group, special_committee=special_committee,
                                   reporters=reporters, attendees=attendees)
    assert date is not None
    before = {"title": session.title, "date": session.date,
              "reporters": [r.person.name for r in session.reporters.select_related("person")]}
    session.title, session.date, session.year, session.place = title, date, date.year, place
    session.activity_group, session.special_committee = activity_group, special_committee
    versioning.save_changed(session, ["title", "date", "year", "place", "activity_group", "special_committee"])
    _sync(session, reporters, present)
    audit_record(actor=actor, action="duty_reports.session_update", obj=session, before=before, after={
        "title": title, "date": date, "reporters": [r.person.name for r in reporters], "attendees": len(present)})
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: ReportingSession, expected_version: int | None = None) -> None:
    """Remove a session recorded by mistake, and the duty records it wrote."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    versioning.lock(session, expected_version)
    removed = duty_record_clear(source=session)
    audit_record(actor=actor, action="duty_reports.session_delete", obj=session,
                 before={"title": session.title, "date": session.date}, detail=f"同时删除履职记录 {removed} 条")
    session.delete()
