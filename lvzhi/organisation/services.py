"""Changes to the organisation: committees, terms, sessions, meetings and configuration lists."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record, changes, snapshot
from lvzhi.committees.models import (
    CONFIG_LISTS,
    Committee,
    ConfigItem,
    Level,
    Meeting,
    MeetingKind,
    Session,
    Term,
)

_LEVEL_ORDER = [Level.NATIONAL, Level.PROVINCE, Level.CITY, Level.COUNTY]


@transaction.atomic
def committee_create(
    *, actor: Actor, name: str, level: str, parent: Committee | None = None, short_name: str = "",
    region_code: str = "", sort_order: int = 0, check_actor: bool = True,
) -> Committee:
    if check_actor:
        require(actor, Cap.CONFIG_MANAGE, None)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "名称不能为空。"})
    if level not in Level.values:
        raise ValidationError({"level": "层级无效。"})
    if parent is not None and _LEVEL_ORDER.index(Level(level)) <= _LEVEL_ORDER.index(Level(parent.level)):
        raise ValidationError({"level": "下级政协的层级须低于上级政协。"})
    if Committee.objects.filter(name=name).exists():
        raise ValidationError({"name": f"“{name}”已存在。"})
    committee = Committee.objects.create(name=name, short_name=short_name.strip(), level=level, parent=parent,
                                         region_code=region_code, sort_order=sort_order)
    committee.path = f"{parent.path if parent else '/'}{committee.pk}/"
    committee.save(update_fields=["path"])
    audit_record(actor=actor, action="committee.create", obj=committee, committee_id=committee.pk,
                 after=snapshot(committee, ["name", "short_name", "level", "parent"]))
    return committee


@transaction.atomic
def term_create(
    *, actor: Actor, committee: Committee, number: int, start_date: datetime.date,
    end_date: datetime.date | None = None, is_current: bool = True, check_actor: bool = True,
) -> Term:
    if check_actor:
        require(actor, Cap.ORGANISATION_EDIT, committee)
    if end_date and end_date <= start_date:
        raise ValidationError({"end_date": "结束日期须晚于开始日期。"})
    if Term.objects.filter(committee=committee, number=number).exists():
        raise ValidationError({"number": "该届次已存在。"})
    if is_current:
        Term.objects.filter(committee=committee, is_current=True).update(is_current=False)
    term = Term.objects.create(committee=committee, number=number, start_date=start_date, end_date=end_date,
                               is_current=is_current)
    audit_record(actor=actor, action="term.create", obj=term, committee_id=committee.pk,
                 after=snapshot(term, ["number", "start_date", "end_date", "is_current"]))
    return term


@transaction.atomic
def session_create(
    *, actor: Actor, term: Term, number: int, start_date: datetime.date, end_date: datetime.date,
    proposal_deadline: datetime.date | None = None, place: str = "", check_actor: bool = True,
) -> Session:
    if check_actor:
        require(actor, Cap.ORGANISATION_EDIT, term.committee)
    if end_date < start_date:
        raise ValidationError({"end_date": "闭幕日期不能早于开幕日期。"})
    if Session.objects.filter(term=term, number=number).exists():
        raise ValidationError({"number": "该次会议已存在。"})
    session = Session.objects.create(term=term, number=number, start_date=start_date, end_date=end_date,
                                     proposal_deadline=proposal_deadline, place=place)
    audit_record(actor=actor, action="session.create", obj=session, committee_id=term.committee_id,
                 after=snapshot(session, ["number", "start_date", "end_date", "proposal_deadline", "place"]))
    return session


@transaction.atomic
def meeting_create(
    *, actor: Actor, term: Term, kind: str, number: int, date: datetime.date, title: str = "", place: str = "",
    check_actor: bool = True,
) -> Meeting:
    if check_actor:
        require(actor, Cap.ORGANISATION_EDIT, term.committee)
    if Meeting.objects.filter(term=term, kind=kind, number=number).exists():
        raise ValidationError({"number": "该次会议已存在。"})
    meeting = Meeting.objects.create(term=term, kind=kind, number=number, date=date, title=title, place=place)
    audit_record(actor=actor, action="meeting.create", obj=meeting, committee_id=term.committee_id,
                 after=snapshot(meeting, ["kind", "number", "date", "title", "place"]))
    return meeting


def config_model(list_key: str) -> type[ConfigItem]:
    try:
        return CONFIG_LISTS[list_key]
    except KeyError:
        raise ValidationError("未知的基础数据类别。") from None


@transaction.atomic
def config_item_create(
    *, actor: Actor, list_key: str, name: str, committee: Committee | None = None, sort_order: int = 0,
    check_actor: bool = True, **extra: Any,
) -> ConfigItem:
    """Add an entry to a configuration list (a sector, a party, a handling unit ...)."""
    if check_actor:
        require(actor, Cap.CONFIG_MANAGE, None)
    model = config_model(list_key)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "名称不能为空。"})
    if len(name) > 100:
        raise ValidationError({"name": "名称不能超过 100 个字。"})
    fields: dict[str, Any] = {"name": name, "sort_order": sort_order, **extra}
    if any(f.name == "committee" for f in model._meta.fields):
        if committee is None:
            raise ValidationError({"committee": "请选择所属政协组织。"})
        fields["committee"] = committee
    try:
        with transaction.atomic():
            item = model.objects.create(**fields)
    except IntegrityError:
        raise ValidationError({"name": f"“{name}”已存在。"}) from None
    audit_record(actor=actor, action=f"config.{list_key}.create", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def config_item_update(*, actor: Actor, item: ConfigItem, **values: Any) -> ConfigItem:
    require(actor, Cap.CONFIG_MANAGE, None)
    editable = {f.name for f in item._meta.fields if f.editable and f.name not in ("id", "committee")}
    unknown = set(values) - editable
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
    if "name" in values:
        values["name"] = str(values["name"]).strip()
        if not values["name"]:
            raise ValidationError({"name": "名称不能为空。"})
    before = snapshot(item)
    for key, value in values.items():
        setattr(item, key, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"name": f"“{values.get('name')}”已存在。"}) from None
    b, a = changes(before, snapshot(item))
    key = next(k for k, m in CONFIG_LISTS.items() if isinstance(item, m))
    audit_record(actor=actor, action=f"config.{key}.update", obj=item, before=b, after=a)
    return item


# --- Edits of terms, sessions and meetings; ordering and choices of the configuration lists. ---

_TERM_FIELDS = ["number", "start_date", "end_date", "is_current"]
_SESSION_FIELDS = ["number", "start_date", "end_date", "proposal_deadline", "place"]
_MEETING_FIELDS = ["kind", "number", "date", "title", "place"]


def _unknown(values: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")


def _save_unique(obj: Any, message: str) -> None:
    """Save, turning a unique-constraint race (a double submit) into a message instead of a 500."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError({"number": message}) from None


@transaction.atomic
def term_update(*, actor: Actor, term: Term, **values: Any) -> Term:
    require(actor, Cap.ORGANISATION_EDIT, term.committee)
    _unknown(values, _TERM_FIELDS)
    term = Term.objects.select_for_update().get(pk=term.pk)
    before = snapshot(term, _TERM_FIELDS)
    for key, value in values.items():
        setattr(term, key, value)
    if term.end_date and term.end_date <= term.start_date:
        raise ValidationError({"end_date": "结束日期须晚于开始日期。"})
    if Term.objects.filter(committee_id=term.committee_id, number=term.number).exclude(pk=term.pk).exists():
        raise ValidationError({"number": "该届次已存在。"})
    if term.is_current:
        Term.objects.filter(committee_id=term.committee_id, is_current=True).exclude(pk=term.pk).update(
            is_current=False
        )
    _save_unique(term, "该届次已存在。")
    b, a = changes(before, snapshot(term, _TERM_FIELDS))
    if a:
        audit_record(actor=actor, action="term.update", obj=term, committee_id=term.committee_id, before=b, after=a)
    return term


@transaction.atomic
def session_update(*, actor: Actor, session: Session, **values: Any) -> Session:
    require(actor, Cap.ORGANISATION_EDIT, session.term.committee)
    _unknown(values, _SESSION_FIELDS)
    session = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    before = snapshot(session, _SESSION_FIELDS)
    for key, value in values.items():
        setattr(session, key, value)
    if session.end_date < session.start_date:
        raise ValidationError({"end_date": "闭幕日期不能早于开幕日期。"})
    if Session.objects.filter(term_id=session.term_id, number=session.number).exclude(pk=session.pk).exists():
        raise ValidationError({"number": "该次会议已存在。"})
    _save_unique(session, "该次会议已存在。")
    b, a = changes(before, snapshot(session, _SESSION_FIELDS))
    if a:
        audit_record(actor=actor, action="session.update", obj=session, committee_id=session.term.committee_id,
                     before=b, after=a)
    return session


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, **values: Any) -> Meeting:
    require(actor, Cap.ORGANISATION_EDIT, meeting.term.committee)
    _unknown(values, _MEETING_FIELDS)
    meeting = Meeting.objects.select_for_update().select_related("term").get(pk=meeting.pk)
    before = snapshot(meeting, _MEETING_FIELDS)
    for key, value in values.items():
        setattr(meeting, key, value)
    if meeting.kind not in MeetingKind.values:
        raise ValidationError({"kind": "会议类型无效。"})
    duplicate = Meeting.objects.filter(term_id=meeting.term_id, kind=meeting.kind, number=meeting.number)
    if duplicate.exclude(pk=meeting.pk).exists():
        raise ValidationError({"number": "该次会议已存在。"})
    _save_unique(meeting, "该次会议已存在。")
    b, a = changes(before, snapshot(meeting, _MEETING_FIELDS))
    if a:
        audit_record(actor=actor, action="meeting.update", obj=meeting, committee_id=meeting.term.committee_id,
                     before=b, after=a)
    return meeting


def config_key(item: ConfigItem) -> str:
    return next(k for k, m in CONFIG_LISTS.items() if isinstance(item, m))


def is_committee_scoped(model: type[ConfigItem]) -> bool:
    return any(f.name == "committee" for f in model._meta.fields)


def config_siblings(list_key: str, committee: Committee | None = None) -> QuerySet[ConfigItem]:
    """All entries of one list (active or not), in display order; committee-scoped lists need `committee`."""
    model = config_model(list_key)
    qs = model.objects.all()
    if is_committee_scoped(model):
        qs = qs.filter(committee=committee)  # type: ignore[misc]  # scoped lists have it; the plugin checks the base
    return qs.order_by("sort_order", "id")


def config_choices(
    list_key: str, committee: Committee | None = None, current: ConfigItem | None = None
) -> QuerySet[ConfigItem]:
    """What forms offer: the active entries, plus the record's current one even if it was deactivated since."""
    cond = Q(is_active=True)
    if current is not None:
        cond |= Q(pk=current.pk)
    return config_siblings(list_key, committee).filter(cond)


@transaction.atomic
def config_item_move(*, actor: Actor, item: ConfigItem, direction: str) -> ConfigItem:
    """Move an entry one place up or down; the list is renumbered 10, 20, 30 ... so orders stay distinct."""
    require(actor, Cap.CONFIG_MANAGE, None)
    if direction not in ("up", "down"):
        raise ValidationError("移动方向无效。")
    key = config_key(item)
    siblings = list(config_siblings(key, getattr(item, "committee", None)).select_for_update())
    index = next((i for i, s in enumerate(siblings) if s.pk == item.pk), None)
    if index is None:
        raise ValidationError("该条目不存在。")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return item
    before = [s.name for s in siblings]
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.sort_order != position * 10:
            sibling.sort_order = position * 10
            sibling.save(update_fields=["sort_order"])
    audit_record(actor=actor, action=f"config.{key}.reorder", obj=item,
                 before={"order": before}, after={"order": [s.name for s in siblings]})
    item.refresh_from_db()
    return item
