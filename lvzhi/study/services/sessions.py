"""Study sessions and trainings: register, edit, hold or cancel; the roll kept here or a linked sign-in sheet; a
training class's trainees. The members on a roll kept here get a 学习培训 duty record while the session is held."""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import DutyEntry, duty_record_clear, duty_records_replace
from lvzhi.meetings.models import AttendanceSheet, SheetKind
from lvzhi.members.models import Person
from lvzhi.study import workflow
from lvzhi.study.models import SessionKind, SessionState, StudySession, Trainee
from lvzhi.study.services.common import (
    BODY_MAX,
    NAME_MAX,
    TITLE_MAX,
    audit,
    check_members,
    clean_text,
    lock,
    plain,
    raise_errors,
    save_changed,
)
from lvzhi.text.chinese import traditional_chars

STAFF = workflow.Role.STAFF
SESSION_FIELDS = ("kind", "title", "date", "end_date", "days", "place", "organiser", "speaker", "description",
                  "non_member_count")
DUPLICATE = "同一天已有同名的学习培训活动，请勿重复登记。"
MAX_DAYS = 366
MAX_COUNT = 100_000


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if values.get("kind") not in SessionKind.values:
        errors["kind"] = "请选择类别。"
    values["title"] = clean_text(values.get("title"), "主题", max_length=TITLE_MAX, required=True, errors=errors,
                                 field="title")
    for field, label in (("place", "地点"), ("organiser", "组织单位"), ("speaker", "主讲人")):
        values[field] = clean_text(values.get(field), label, max_length=NAME_MAX, errors=errors, field=field)
    values["description"] = clean_text(values.get("description"), "内容", max_length=BODY_MAX, errors=errors,
                                       field="description", one_line=False)
    count = values.get("non_member_count") or 0
    if not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
        errors["non_member_count"] = "非委员参加人次须为 0 或正整数。"
    values["non_member_count"] = count
    start, end = values.get("date"), values.get("end_date")
    if not isinstance(start, datetime.date):
        errors["date"] = "请填写日期。"
    elif end is not None and end < start:
        errors["end_date"] = "结束日期不能早于开始日期。"
    if values.get("kind") == SessionKind.CLASS:
        if end is None:
            errors.setdefault("end_date", "培训班须填写结业日期。")
        elif isinstance(start, datetime.date) and end >= start:
            span = (end - start).days + 1
            days = values.get("days") or span
            if span > MAX_DAYS:
                errors["end_date"] = "培训班的起止日期相隔过长，请检查。"
            elif not isinstance(days, int) or not 1 <= days <= span:
                errors["days"] = f"培训天数须在 1 到 {span} 天之间。"
            values["days"] = days
    else:
        values["days"] = None
    raise_errors(errors)
    return values


def _entries(session: StudySession) -> list[DutyEntry]:
    role = "学员" if session.is_class else "参加人"
    return [DutyEntry(person=t.person, kind=DutyKind.TRAINING, role=role)
            for t in session.trainees.filter(person__isnull=False).select_related("person") if t.person is not None]


def sync_duty(session: StudySession) -> None:
    """The duty records of the roll kept here: one 学习培训 row per member while the session is held, none
    otherwise. A linked sign-in sheet writes its own (meetings), so none are written here then."""
    if session.state == SessionState.HELD and session.sheet_id is None:
        duty_records_replace(source=session, committee_id=session.committee_id, date=session.date,
                             title=f"{session.get_kind_display()}：{session.title}", entries=_entries(session))
    else:
        duty_record_clear(source=session)


def recount(session: StudySession) -> None:
    counts = session.trainees.aggregate(members=Count("id", filter=Q(person__isnull=False)),
                                        others=Count("id", filter=Q(person__isnull=True)))
    session.member_count, session.trainee_count = counts["members"], counts["others"]
    StudySession.objects.filter(pk=session.pk).update(member_count=session.member_count,
                                                      trainee_count=session.trainee_count)


@transaction.atomic
def session_create(
    *, actor: Actor, committee: Committee, kind: str, title: str, date: datetime.date | None,
    end_date: datetime.date | None = None, days: int | None = None, place: str = "", organiser: str = "",
    speaker: str = "", description: str = "", non_member_count: int = 0, held: bool = False,
) -> StudySession:
    """Register a session (planned, or held already for one that took place)."""
    require(actor, Cap.DUTY_MANAGE, committee)
    values = _clean({"kind": kind, "title": title, "date": date, "end_date": end_date, "days": days,
                     "place": place, "organiser": organiser, "speaker": speaker, "description": description,
                     "non_member_count": non_member_count})
    if StudySession.objects.filter(committee=committee, date=values["date"], title=values["title"]).exists():
        raise ValidationError({"title": DUPLICATE})
    session = StudySession(committee=committee, year=values["date"].year,
                           state=SessionState.HELD if held else SessionState.PLANNED,
                           created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:  # a double submit racing this one
        raise ValidationError({"title": DUPLICATE}) from None
    audit(actor=actor, verb="session_create", obj=session, after=plain({**values, "state": session.state}))
    return session


@transaction.atomic
def session_update(
    *, actor: Actor, session: StudySession, expected_version: int | None = None, **changes: Any,
) -> StudySession:
    """Change what the session is (kind, topic, dates, place ...) while it is planned or held."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, expected_version)
    workflow.SESSION.check("edit", session.state, actor_role=STAFF)
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}。")
    before = {f: getattr(session, f) for f in SESSION_FIELDS}
    values = _clean({**before, **changes})
    if values["kind"] != SessionKind.CLASS and session.trainee_count:
        raise ValidationError({"kind": "已登记非委员学员的培训班不能改为其他类别，请先移除这些学员。"})
    if values["kind"] == SessionKind.CLASS and session.sheet_id is not None:
        raise ValidationError({"kind": "已关联签到表的活动不能改为培训班，请先取消关联。"})
    if (StudySession.objects.filter(committee=session.committee, date=values["date"], title=values["title"])
            .exclude(pk=session.pk).exists()):
        raise ValidationError({"title": DUPLICATE})
    changed = [f for f in SESSION_FIELDS if values[f] != before[f]]
    if not changed:
        return session
    for f in changed:
        setattr(session, f, values[f])
    session.year = session.date.year
    save_changed(session, [*changed, "year"])
    sync_duty(session)
    audit(actor=actor, verb="session_update", obj=session, before=plain({f: before[f] for f in changed}),
          after=plain({f: values[f] for f in changed}))
    return session


@transaction.atomic
def session_hold(*, actor: Actor, session: StudySession, expected_version: int | None = None) -> StudySession:
    """It took place: it counts from now on, and the members on its roll get their duty record."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, expected_version)
    if session.state == SessionState.HELD:
        return session  # a double click: already held
    before = session.state
    workflow.SESSION.apply(session, "hold", actor_role=STAFF)
    save_changed(session, ["state"])
    sync_duty(session)
    audit(actor=actor, verb="session_hold", obj=session, before={"state": before}, after={"state": session.state})
    return session


@transaction.atomic
def session_cancel(
    *, actor: Actor, session: StudySession, reason: str = "", expected_version: int | None = None,
) -> StudySession:
    """Called off (or registered by mistake): it no longer counts, and the duty records of its roll go."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, expected_version)
    if session.state == SessionState.CANCELLED:
        return session
    errors: dict[str, str] = {}
    reason = clean_text(reason, "取消原因", max_length=500, errors=errors, field="reason")
    raise_errors(errors)
    before = session.state
    workflow.SESSION.apply(session, "cancel", actor_role=STAFF)
    session.cancel_reason = reason
    save_changed(session, ["state", "cancel_reason"])
    sync_duty(session)
    audit(actor=actor, verb="session_cancel", obj=session, before={"state": before},
          after={"state": session.state}, detail=reason)
    return session


@transaction.atomic
def session_set_roll(
    *, actor: Actor, session: StudySession, members: Sequence[Person], non_member_count: int | None = None,
    expected_version: int | None = None,
) -> StudySession:
    """The members present (a class: the members enrolled), replacing the roll's members; and, when given, the
    non-members counted. Named non-member trainees of a class are kept."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, expected_version)
    workflow.SESSION.check("roll", session.state, actor_role=STAFF)
    errors: dict[str, str] = {}
    people = check_members(session.committee, members, "出席名单", errors, "members")
    if session.sheet_id is not None and people:
        errors["members"] = "本场已关联签到表，出席委员以签到表为准；如需在此登记名单，请先取消关联。"
    if non_member_count is not None and not 0 <= non_member_count <= MAX_COUNT:
        errors["non_member_count"] = "非委员参加人次须为 0 或正整数。"
    raise_errors(errors)
    current = {t.person_id: t for t in session.trainees.filter(person__isnull=False).select_related("person")}
    wanted = {p.pk: p for p in people}
    gone = [t for pid, t in current.items() if pid not in wanted]
    added = [p for pid, p in wanted.items() if pid not in current]
    Trainee.objects.filter(pk__in=[t.pk for t in gone]).delete()
    Trainee.objects.bulk_create([Trainee(session=session, person=p) for p in added])
    fields = []
    before_count = session.non_member_count
    if non_member_count is not None and non_member_count != session.non_member_count:
        session.non_member_count = non_member_count
        fields.append("non_member_count")
    if not gone and not added and not fields:
        return session
    recount(session)
    save_changed(session, fields)
    sync_duty(session)
    audit(actor=actor, verb="session_roll", obj=session,
          before={"members": sorted(t.person.name for t in current.values() if t.person is not None),
                  "non_member_count": before_count},
          after={"members": sorted(p.name for p in people), "non_member_count": session.non_member_count},
          detail=f"增加 {len(added)} 人，移除 {len(gone)} 人")
    return session


@transaction.atomic
def session_link_sheet(
    *, actor: Actor, session: StudySession, sheet: AttendanceSheet | None, expected_version: int | None = None,
) -> StudySession:
    """Take the attendance from a sign-in sheet (学习培训 type, same committee and day), or stop doing so."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, expected_version)
    workflow.SESSION.check("edit", session.state, actor_role=STAFF)
    if (sheet.pk if sheet else None) == session.sheet_id:
        return session  # a double submit: already so
    if sheet is not None:
        errors: dict[str, str] = {}
        if sheet.committee_id != session.committee_id:
            errors["sheet"] = "所选签到表不属于本政协组织。"
        elif sheet.kind != SheetKind.TRAINING:
            errors["sheet"] = "只能关联“学习培训”类型的签到表。"
        elif session.is_class:
            errors["sheet"] = "培训班以学员名单为准，不关联签到表。"
        elif sheet.date != session.date:
            errors["sheet"] = "签到表的日期与本场活动的日期不一致。"
        elif StudySession.objects.filter(sheet=sheet).exclude(pk=session.pk).exists():
            errors["sheet"] = "该签到表已关联其他学习培训活动。"
        elif session.member_count:
            errors["sheet"] = "本场已在此登记出席委员名单，请先清空名单再关联签到表。"
        raise_errors(errors)
    before = session.sheet.title if session.sheet is not None else ""
    session.sheet = sheet
    try:
        with transaction.atomic():
            save_changed(session, ["sheet"])
    except IntegrityError:
        raise ValidationError({"sheet": "该签到表已关联其他学习培训活动。"}) from None
    sync_duty(session)
    audit(actor=actor, verb="session_sheet", obj=session, before={"sheet": before},
          after={"sheet": sheet.title if sheet is not None else ""},
          detail=f"关联签到表：{sheet.title}" if sheet is not None else "取消关联签到表")
    return session


@transaction.atomic
def trainee_add(
    *, actor: Actor, session: StudySession, person: Person | None = None, name: str = "", unit: str = "",
) -> Trainee:
    """Put a member, or a named non-member, on a training class's roll (学员名单)."""
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, None)
    workflow.SESSION.check("roll", session.state, actor_role=STAFF)
    errors: dict[str, str] = {}
    if not session.is_class:
        raise ValidationError("只有培训班登记学员名单；其他活动请登记出席委员和非委员参加人次。")
    name = clean_text(name, "学员姓名", max_length=40, errors=errors, field="name")
    unit = clean_text(unit, "工作单位", max_length=NAME_MAX, errors=errors, field="unit")
    if (person is None) == (not name):
        raise ValidationError({"name": "请选择委员，或填写非委员学员的姓名（二者选一）。"})
    if person is not None:
        check_members(session.committee, [person], "学员名单", errors, "person")
        if session.trainees.filter(person=person).exists():
            errors["person"] = f"{person.name}已在学员名单中。"
    else:
        if traditional_chars(name):
            errors["name"] = f"姓名含繁体字“{''.join(traditional_chars(name))}”，请改用简体字录入。"
        elif session.trainees.filter(person__isnull=True, name=name, unit=unit).exists():
            errors["name"] = f"{name}已在学员名单中。"
    raise_errors(errors)
    try:
        with transaction.atomic():
            trainee = Trainee.objects.create(session=session, person=person, name=name if person is None else "",
                                             unit=unit)
    except IntegrityError:
        raise ValidationError({"name": "该学员已在名单中。"}) from None
    recount(session)
    save_changed(session, [])
    sync_duty(session)
    audit(actor=actor, verb="trainee_add", obj=session, after={"trainee": trainee.display_name, "unit": unit},
          detail=f"增加学员{trainee.display_name}")
    return trainee


@transaction.atomic
def trainee_remove(*, actor: Actor, trainee: Trainee) -> None:
    """Take someone off the roll (a member's duty record for the session goes with it)."""
    session = trainee.session
    require(actor, Cap.DUTY_MANAGE, session.committee)
    lock(session, None)
    workflow.SESSION.check("roll", session.state, actor_role=STAFF)
    label = trainee.display_name
    person = trainee.person
    trainee.delete()
    if person is not None:
        duty_record_clear(source=session, persons=[person])
    recount(session)
    save_changed(session, [])
    sync_duty(session)
    audit(actor=actor, verb="trainee_remove", obj=session, before={"trainee": label}, detail=f"移除{label}")
