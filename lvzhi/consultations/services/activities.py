"""协商活动: record an activity of any form, its participants and speeches, hold and close it.

Member participants get their duty record (参加协商活动, or 视察/调研 for trips, and 会议发言 for a speech)
once the activity is recorded as held, and lose it when the activity or their participation is undone.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi.actors import Actor
from lvzhi.committees.models import Committee, SpecialCommittee
from lvzhi.consultations import workflow
from lvzhi.consultations.models import (
    ActivityState,
    ConsultationActivity,
    Form,
    Participant,
    ParticipantKind,
)
from lvzhi.consultations.services.common import (
    clean_line,
    clean_text,
    lock,
    record_event,
    refresh_tally,
    require_manage,
    save_changed,
    search_key,
)
from lvzhi.duty.models import DutyKind
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.members.models import Membership, Person

MAX_HEADCOUNT = 100_000
MAX_PARTICIPANTS = 500
DUTY_KINDS = (DutyKind.CONSULTATION, DutyKind.INSPECTION, DutyKind.RESEARCH, DutyKind.SPEECH_OTHER)
OFFICE = workflow.Role.OFFICE
EDITABLE = ("form", "title", "date", "place", "organiser", "special_committee", "station_name", "summary",
            "other_headcount")


def duty_kind_for(form: str) -> str:
    kinds: dict[str, str] = {Form.INSPECTION: DutyKind.INSPECTION, Form.RESEARCH: DutyKind.RESEARCH}
    return kinds.get(form, DutyKind.CONSULTATION)


def _sync_duty(activity: ConsultationActivity) -> None:
    """Make the member participants' duty rows match the activity: present while held or closed, else none."""
    duty_record_clear(source=activity, kinds=DUTY_KINDS)
    if activity.state == ActivityState.PLANNED:
        return
    kind = duty_kind_for(activity.form)
    for p in activity.participants.filter(person__isnull=False).select_related("person"):
        assert p.person is not None  # the filter above
        duty_record_set(person=p.person, committee_id=activity.committee_id, kind=kind, source=activity,
                        date=activity.date, title=activity.title, role="发言" if p.spoke else "参加")
        if p.spoke:
            duty_record_set(person=p.person, committee_id=activity.committee_id, kind=DutyKind.SPEECH_OTHER,
                            source=activity, date=activity.date, title=p.speech_title or activity.title,
                            role=Form(activity.form).label)


def _clean(committee: Committee, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "form" in values:
        if values["form"] not in Form.values:
            raise ValidationError("请选择协商形式。")
        out["form"] = values["form"]
    if "title" in values:
        out["title"] = clean_line(values["title"], "活动主题")
    if "date" in values:
        if not isinstance(values["date"], datetime.date):
            raise ValidationError("请填写活动日期。")
        out["date"] = values["date"]
    for key, label, size in (("place", "地点", 200), ("organiser", "组织单位", 100), ("station_name", "委员工作站", 100)):
        if key in values:
            out[key] = clean_line(values[key], label, max_length=size, required=False)
    if "summary" in values:
        out["summary"] = clean_text(values["summary"], "情况简介", required=False)
    if "special_committee" in values:
        special = values["special_committee"]
        if special is not None and (not isinstance(special, SpecialCommittee) or special.committee_id != committee.pk):
            raise ValidationError("所选专委会不属于本政协组织。")
        out["special_committee"] = special
    if "other_headcount" in values:
        try:
            count = int(values["other_headcount"] or 0)
        except (TypeError, ValueError):
            raise ValidationError("其他参加人数应为整数。") from None
        if not 0 <= count <= MAX_HEADCOUNT:
            raise ValidationError(f"其他参加人数应在 0 至 {MAX_HEADCOUNT} 之间。")
        out["other_headcount"] = count
    return out


def _refresh_search(activity: ConsultationActivity) -> None:
    special = activity.special_committee.name if activity.special_committee_id else ""  # type: ignore[union-attr]
    activity.search_text = search_key(activity.title, activity.place, activity.organiser, special,
                                      activity.station_name)


@transaction.atomic
def activity_create(
    *, actor: Actor, committee: Committee, form: str, title: str, date: datetime.date, place: str = "",
    organiser: str = "", special_committee: SpecialCommittee | None = None, station_name: str = "",
    summary: str = "", other_headcount: int = 0,
) -> ConsultationActivity:
    """Register an activity (筹备中); a second identical registration (same form, title, date) is refused."""
    require_manage(actor, committee)
    values = _clean(committee, {"form": form, "title": title, "date": date, "place": place, "organiser": organiser,
                                "special_committee": special_committee, "station_name": station_name,
                                "summary": summary, "other_headcount": other_headcount})
    if values["form"] == Form.GRASSROOTS and not values["station_name"] and not values["place"]:
        raise ValidationError("基层协商请填写委员工作站或地点。")
    duplicate = ConsultationActivity.objects.filter(committee=committee, form=values["form"], title=values["title"],
                                                    date=values["date"]).exists()
    if duplicate:
        raise ValidationError(f"“{values['title']}”（{values['date']:%Y-%m-%d}）已经登记过了。")
    activity = ConsultationActivity(committee=committee, year=values["date"].year,
                                    created_by=actor, **values)
    _refresh_search(activity)
    activity.save()
    record_event(actor=actor, move="create", obj=activity, to_state=activity.state,
                 after={k: v for k, v in values.items() if k != "summary"}, verb="activity_create")
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: ConsultationActivity, expected_version: int | None, **changes: Any
) -> ConsultationActivity:
    """Change an activity's particulars (not once it is closed); the duty rows follow the new date and title."""
    require_manage(actor, activity.committee)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}。")
    lock(activity, expected_version)
    move = workflow.ACTIVITY.apply(activity, "edit", actor_role=OFFICE)
    values = _clean(activity.committee, changes)
    if "date" in values and activity.state != ActivityState.PLANNED and values["date"] > timezone.localdate():
        raise ValidationError("活动已举行，日期不能晚于今天。")
    before = {k: getattr(activity, k) for k in values}
    for key, value in values.items():
        setattr(activity, key, value)
    if activity.form == Form.GRASSROOTS and not activity.station_name and not activity.place:
        raise ValidationError("基层协商请填写委员工作站或地点。")
    if activity.suggestions.exists() and activity.date.year != before.get("date", activity.date).year:
        raise ValidationError("该活动已登记意见建议，不能改到其他年度。")
    activity.year = activity.date.year
    _refresh_search(activity)
    save_changed(activity, [*values, "year", "search_text"])
    _sync_duty(activity)
    record_event(actor=actor, move=move, obj=activity, before=before, after=values)
    if before.get("date", activity.date).year != activity.year:  # the year it left is counted again too
        refresh_tally(activity.committee_id, before["date"].year)
    return activity


def _state_move(actor: Actor, activity: ConsultationActivity, name: str, expected_version: int | None,
                remarks: str = "") -> ConsultationActivity:
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.check(name, activity.state, actor_role=OFFICE)
    if name == "hold" and activity.date > timezone.localdate():
        raise ValidationError("活动日期晚于今天，还不能确认已举行。")
    if name == "close" and activity.form != Form.ONLINE and not activity.participants.exists() \
            and not activity.other_headcount:
        raise ValidationError("请先登记参加人员，再办结活动。")
    from_state = activity.state
    move = workflow.ACTIVITY.apply(activity, name, actor_role=OFFICE)
    save_changed(activity, ["state"])
    _sync_duty(activity)
    record_event(actor=actor, move=move, obj=activity, from_state=from_state, to_state=activity.state, remarks=remarks)
    return activity


@transaction.atomic
def activity_hold(*, actor: Actor, activity: ConsultationActivity, expected_version: int | None) -> ConsultationActivity:
    """Record that the activity took place: its member participants' duty rows are written."""
    return _state_move(actor, activity, "hold", expected_version)


@transaction.atomic
def activity_unhold(
    *, actor: Actor, activity: ConsultationActivity, reason: str, expected_version: int | None
) -> ConsultationActivity:
    """Undo 已举行 (recorded by mistake, or postponed): the duty rows go; refused once suggestions exist."""
    reason = clean_line(reason, "撤销原因", max_length=500)
    if activity.suggestions.exists():
        raise ValidationError("该活动已登记意见建议，不能撤销举行。")
    return _state_move(actor, activity, "unhold", expected_version, reason)


@transaction.atomic
def activity_close(*, actor: Actor, activity: ConsultationActivity, expected_version: int | None) -> ConsultationActivity:
    """Close the record of a held activity (participants, materials and suggestions complete)."""
    return _state_move(actor, activity, "close", expected_version)


@transaction.atomic
def activity_reopen(
    *, actor: Actor, activity: ConsultationActivity, reason: str, expected_version: int | None
) -> ConsultationActivity:
    reason = clean_line(reason, "重新打开原因", max_length=500)
    return _state_move(actor, activity, "reopen", expected_version, reason)


def _is_member(person: Person, committee: Committee) -> bool:
    return Membership.objects.filter(person=person, committee=committee).exists()


@transaction.atomic
def participant_add(
    *, actor: Actor, activity: ConsultationActivity, kind: str, person: Person | None = None, name: str = "",
    unit: str = "", spoke: bool = False, speech_title: str = "", expected_version: int | None = None,
) -> Participant:
    """Add a participant: a member of the committee (by person) or anyone else by name; with their speech."""
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.apply(activity, "participants", actor_role=OFFICE)
    if kind not in ParticipantKind.values:
        raise ValidationError("请选择参加人员身份。")
    if kind == ParticipantKind.MEMBER:
        if person is None:
            raise ValidationError("请选择参加活动的政协委员。")
        if not _is_member(person, activity.committee):
            raise ValidationError(f"“{person.name}”不是{activity.committee.name}的委员。")
        if activity.participants.filter(person=person).exists():
            raise ValidationError(f"“{person.name}”已在参加人员名单中。")
        name = person.name
        unit = unit or person.workplace
    elif person is not None:
        raise ValidationError("只有政协委员可以从名册中选择，其他人员请填写姓名。")
    name = clean_line(name, "姓名", max_length=40)
    unit = clean_line(unit, "单位及职务", required=False)
    speech_title = clean_line(speech_title, "发言题目", required=False)
    if speech_title and not spoke:
        spoke = True
    if activity.participants.count() >= MAX_PARTICIPANTS:
        raise ValidationError(f"每次活动最多登记 {MAX_PARTICIPANTS} 名参加人员；其他人员请计入“其他参加人数”。")
    if person is None and activity.participants.filter(kind=kind, name=name, unit=unit).exists():
        raise ValidationError(f"“{name}”已在参加人员名单中。")
    participant = Participant.objects.create(activity=activity, kind=kind, person=person, name=name, unit=unit,
                                             spoke=spoke, speech_title=speech_title)
    save_changed(activity, [])
    _sync_duty(activity)
    record_event(actor=actor, move="participant_add", obj=activity, remarks=name, verb="participant_add",
                 after={"name": name, "kind": kind, "spoke": spoke, "speech": speech_title})
    return participant


@transaction.atomic
def participant_update(
    *, actor: Actor, participant: Participant, spoke: bool, speech_title: str = "", unit: str | None = None,
    expected_version: int | None = None,
) -> Participant:
    """Record or correct whether a participant spoke, and on what."""
    activity = participant.activity
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.apply(activity, "participants", actor_role=OFFICE)
    speech_title = clean_line(speech_title, "发言题目", required=False)
    before = {"spoke": participant.spoke, "speech": participant.speech_title}
    participant.spoke = spoke or bool(speech_title)
    participant.speech_title = speech_title if participant.spoke else ""
    fields = ["spoke", "speech_title"]
    if unit is not None:
        participant.unit = clean_line(unit, "单位及职务", required=False)
        fields.append("unit")
    participant.save(update_fields=fields)
    save_changed(activity, [])
    _sync_duty(activity)
    record_event(actor=actor, move="participant_update", obj=activity, remarks=participant.name,
                 verb="participant_update", before=before,
                 after={"spoke": participant.spoke, "speech": participant.speech_title})
    return participant


@transaction.atomic
def participant_remove(*, actor: Actor, participant: Participant, expected_version: int | None = None) -> None:
    """Remove a participant; a member's duty rows for the activity go with them."""
    activity = participant.activity
    require_manage(actor, activity.committee)
    lock(activity, expected_version)
    workflow.ACTIVITY.apply(activity, "participants", actor_role=OFFICE)
    name, kind = participant.name, participant.kind
    participant.delete()
    save_changed(activity, [])
    _sync_duty(activity)
    record_event(actor=actor, move="participant_remove", obj=activity, remarks=name, verb="participant_remove",
                 before={"name": name, "kind": kind})
