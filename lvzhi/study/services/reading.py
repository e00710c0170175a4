"""Reading groups (读书群): found and change a group and its members; record its activities, whose participants
get a 学习培训 duty record (event 学习培训, the group's leader as 组长)."""
from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyKind, DutyRole
from lvzhi.duty.services import DutyEntry, duty_record_clear, duty_records_replace
from lvzhi.members.models import Person
from lvzhi.study.models import MemberRole, ReadingActivity, ReadingGroup, ReadingMember, ReadingParticipant
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


def _clean_group(committee: Committee, *, name: str, theme: str, founded_on: datetime.date | None,
                 leader: Person | None, members: Sequence[Person], exclude: int | None = None
                 ) -> tuple[str, str, list[Person]]:
    errors: dict[str, str] = {}
    name = clean_text(name, "读书群名称", max_length=NAME_MAX, required=True, errors=errors, field="name")
    theme = clean_text(theme, "读书主题", max_length=TITLE_MAX, errors=errors, field="theme")
    if founded_on is None:
        errors["founded_on"] = "请填写成立日期。"
    people = [p for p in members if leader is None or p.pk != leader.pk]
    everyone = ([leader] if leader is not None else []) + people
    check_members(committee, everyone, "读书群成员", errors, "members")
    same = ReadingGroup.objects.filter(committee=committee, name=name).exclude(pk=exclude or 0)
    if name and same.exists():
        errors["name"] = f"已有名为“{name}”的读书群。"
    raise_errors(errors)
    return name, theme, people


def _sync_members(group: ReadingGroup, leader: Person | None, members: Sequence[Person]) -> None:
    wanted = {p.pk: MemberRole.MEMBER for p in members}
    if leader is not None:
        wanted[leader.pk] = MemberRole.LEADER
    ReadingMember.objects.filter(group=group).exclude(person_id__in=list(wanted)).delete()
    # The one-leader constraint: demote first, then set the new roles.
    leaders = ReadingMember.objects.filter(group=group, role=MemberRole.LEADER)
    (leaders.exclude(person_id=leader.pk) if leader is not None else leaders).update(role=MemberRole.MEMBER)
    for pk, role in wanted.items():
        ReadingMember.objects.update_or_create(group=group, person_id=pk, defaults={"role": role})


def _names(group: ReadingGroup) -> list[str]:
    return sorted(group.memberships.values_list("person__name", flat=True))


@transaction.atomic
def group_create(
    *, actor: Actor, committee: Committee, name: str, theme: str = "", founded_on: datetime.date | None = None,
    leader: Person | None = None, members: Sequence[Person] = (), is_active: bool = True,
) -> ReadingGroup:
    """Found a reading group with its leader (群主) and members."""
    require(actor, Cap.DUTY_MANAGE, committee)
    name, theme, people = _clean_group(committee, name=name, theme=theme, founded_on=founded_on, leader=leader,
                                       members=members)
    assert founded_on is not None
    try:
        with transaction.atomic():
            group = ReadingGroup.objects.create(
                committee=committee, name=name, theme=theme, founded_on=founded_on, is_active=is_active,
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:  # a double submit racing this one
        raise ValidationError({"name": f"已有名为“{name}”的读书群。"}) from None
    _sync_members(group, leader, people)
    audit(actor=actor, verb="group_create", obj=group, after=plain({
        "name": name, "theme": theme, "founded_on": founded_on, "leader": leader.name if leader else "",
        "members": _names(group), "is_active": is_active}))
    return group


@transaction.atomic
def group_update(
    *, actor: Actor, group: ReadingGroup, name: str, theme: str = "", founded_on: datetime.date | None = None,
    leader: Person | None = None, members: Sequence[Person] = (), is_active: bool = True,
    expected_version: int | None = None,
) -> ReadingGroup:
    """Change a group's name, theme, leader, members or whether it is active. Past activities keep who took part."""
    require(actor, Cap.DUTY_MANAGE, group.committee)
    lock(group, expected_version)
    name, theme, people = _clean_group(group.committee, name=name, theme=theme, founded_on=founded_on,
                                       leader=leader, members=members, exclude=group.pk)
    assert founded_on is not None
    before = plain({"name": group.name, "theme": group.theme, "founded_on": group.founded_on,
                    "members": _names(group), "is_active": group.is_active})
    group.name, group.theme, group.founded_on, group.is_active = name, theme, founded_on, is_active
    save_changed(group, ["name", "theme", "founded_on", "is_active"])
    _sync_members(group, leader, people)
    audit(actor=actor, verb="group_update", obj=group, before=before, after=plain({
        "name": name, "theme": theme, "founded_on": founded_on, "members": _names(group), "is_active": is_active}))
    return group


def _clean_activity(group: ReadingGroup, *, date: datetime.date | None, title: str, notes: str,
                    participants: Sequence[Person], exclude: int | None = None) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = clean_text(title, "活动名称", max_length=TITLE_MAX, required=True, errors=errors, field="title")
    notes = clean_text(notes, "活动情况", max_length=BODY_MAX, errors=errors, field="notes", one_line=False)
    if date is None:
        errors["date"] = "请填写活动日期。"
    elif date < group.founded_on:
        errors["date"] = "活动日期不能早于读书群成立日期。"
    ids = [p.pk for p in participants]
    if not ids:
        errors["participants"] = "请选择参加活动的成员。"
    elif len(set(ids)) != len(ids):
        errors["participants"] = "参加成员有重复。"
    else:
        seated = set(group.memberships.filter(person_id__in=ids).values_list("person_id", flat=True))
        outsiders = [p.name for p in participants if p.pk not in seated]
        if outsiders:
            errors["participants"] = f"{'、'.join(outsiders)}不是该读书群成员。"
    if (title and date is not None and ReadingActivity.objects.filter(group=group, date=date, title=title)
            .exclude(pk=exclude or 0).exists()):
        errors["title"] = "该读书群同一天已有同名活动，请勿重复登记。"
    raise_errors(errors)
    return title, notes


def _sync_participants(activity: ReadingActivity, participants: Sequence[Person]) -> None:
    """The activity's participants and their duty records: 学习培训 (event study); the group's leader as 组长."""
    wanted = {p.pk for p in participants}
    ReadingParticipant.objects.filter(activity=activity).exclude(person_id__in=wanted).delete()
    have = set(ReadingParticipant.objects.filter(activity=activity).values_list("person_id", flat=True))
    ReadingParticipant.objects.bulk_create([ReadingParticipant(activity=activity, person=p)
                                            for p in participants if p.pk not in have])
    activity.participant_count = len(wanted)
    ReadingActivity.objects.filter(pk=activity.pk).update(participant_count=activity.participant_count)
    leaders = set(activity.group.memberships.filter(role=MemberRole.LEADER).values_list("person_id", flat=True))
    entries = [DutyEntry(person=p, kind=DutyKind.TRAINING, role="组长" if p.pk in leaders else "成员",
                         role_code=DutyRole.LEADER if p.pk in leaders else DutyRole.PARTICIPANT)
               for p in participants]
    duty_records_replace(source=activity, committee_id=activity.committee_id, date=activity.date,
                         title=f"读书活动：{activity.title}（{activity.group.name}）", entries=entries)


@transaction.atomic
def activity_create(
    *, actor: Actor, group: ReadingGroup, date: datetime.date | None, title: str,
    participants: Sequence[Person] = (), notes: str = "",
) -> ReadingActivity:
    """Record one activity of the group and who took part."""
    require(actor, Cap.DUTY_MANAGE, group.committee)
    if not group.is_active:
        raise ValidationError("该读书群已停止活动，不能登记新的活动。")
    title, notes = _clean_activity(group, date=date, title=title, notes=notes, participants=participants)
    assert date is not None
    try:
        with transaction.atomic():
            activity = ReadingActivity.objects.create(group=group, committee_id=group.committee_id, date=date,
                                                      year=date.year, title=title, notes=notes)
    except IntegrityError:
        raise ValidationError({"title": "该读书群同一天已有同名活动，请勿重复登记。"}) from None
    _sync_participants(activity, participants)
    audit(actor=actor, verb="activity_create", obj=activity, after=plain({
        "group": group.name, "date": date, "title": title, "participants": sorted(p.name for p in participants)}))
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: ReadingActivity, date: datetime.date | None, title: str,
    participants: Sequence[Person] = (), notes: str = "", expected_version: int | None = None,
) -> ReadingActivity:
    require(actor, Cap.DUTY_MANAGE, activity.committee)
    lock(activity, expected_version)
    title, notes = _clean_activity(activity.group, date=date, title=title, notes=notes, participants=participants,
                                   exclude=activity.pk)
    assert date is not None
    before = plain({"date": activity.date, "title": activity.title,
                    "participants": sorted(activity.participants.values_list("name", flat=True))})
    activity.date, activity.year, activity.title, activity.notes = date, date.year, title, notes
    save_changed(activity, ["date", "year", "title", "notes"])
    _sync_participants(activity, participants)
    audit(actor=actor, verb="activity_update", obj=activity, before=before, after=plain({
        "date": date, "title": title, "participants": sorted(p.name for p in participants)}))
    return activity


@transaction.atomic
def activity_delete(*, actor: Actor, activity: ReadingActivity, expected_version: int | None = None) -> None:
    """Remove an activity recorded by mistake, and the duty records it wrote."""
    require(actor, Cap.DUTY_MANAGE, activity.committee)
    lock(activity, expected_version)
    duty_record_clear(source=activity)
    audit(actor=actor, verb="activity_delete", obj=activity, before=plain({
        "group": activity.group.name, "date": activity.date, "title": activity.title}))
    activity.delete()
