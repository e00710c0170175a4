"""Speeches (大会发言、书面发言 ...): recorded by staff against a member or an organisation, in the duty record."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, Meeting, Session
from lvzhi.documents.attachments import check_file, clean_name
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.meetings import workflow
from lvzhi.meetings.models import AttendanceSheet, Speech, SpeechKind
from lvzhi.meetings.services.common import clean_text, search_key
from lvzhi.members.models import Membership, Person

TITLE_MAX = 200
ORGANISATION_MAX = 100


def _duty(speech: Speech) -> None:
    duty_record_clear(source=speech)
    if speech.speaker_id:
        duty_record_set(person=speech.speaker, committee_id=speech.committee_id,  # type: ignore[arg-type]
                        kind=workflow.DUTY_FOR_SPEECH[SpeechKind(speech.kind)], source=speech, date=speech.date,
                        title=speech.title, role="发言人")


@transaction.atomic
def speech_create(
    *, actor: Actor, committee: Committee, kind: str, title: str, date: datetime.date | None = None,
    speaker: Person | None = None, organisation: str = "", session: Session | None = None,
    meeting: Meeting | None = None, sheet: AttendanceSheet | None = None, file: UploadedFile | None = None,
) -> Speech:
    """Record a speech; a member's speech lands in their duty record (大会发言 / 书面发言 / 会议发言)."""
    require(actor, Cap.MEETING_MANAGE, committee)
    errors: dict[str, str] = {}
    if kind not in SpeechKind.values:
        errors["kind"] = "请选择发言类型。"
    try:
        title = " ".join(clean_text(title, label="发言题目", max_length=TITLE_MAX, required=True,
                                    simplify=False).split())
    except ValidationError as error:
        errors["title"] = error.messages[0]
    try:
        organisation = clean_text(organisation, label="发言单位", max_length=ORGANISATION_MAX)
    except ValidationError as error:
        errors["organisation"] = error.messages[0]
    if (speaker is None) == (not organisation):
        errors["speaker"] = "请选择发言委员，或填写发言单位（二者选一）。"
    elif speaker is not None and not Membership.objects.filter(person=speaker, committee=committee).exists():
        errors["speaker"] = f"{speaker.name}不是本政协组织的委员。"
    if session is not None and session.term.committee_id != committee.pk:
        errors["session"] = "所选全体会议不属于本政协组织。"
    if meeting is not None and meeting.term.committee_id != committee.pk:
        errors["meeting"] = "所选会议不属于本政协组织。"
    if sheet is not None and sheet.committee_id != committee.pk:
        errors["sheet"] = "所选签到表不属于本政协组织。"
    day = date or (sheet.date if sheet else (session.start_date if session else (meeting.date if meeting else None)))
    if day is None:
        errors["date"] = "请填写发言日期。"
    if file is not None:
        try:  # the same checks as every attachment: kind, size, and content matching the name
            check_file(file, clean_name(file.name or ""))
        except ValidationError as error:
            errors["file"] = error.message_dict["file"][0]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    duplicate = Speech.objects.filter(committee=committee, kind=kind, title=title, date=day, speaker=speaker,
                                      organisation=organisation).first()
    if duplicate is not None:
        return duplicate  # the same form sent twice
    speech = Speech(committee=committee, kind=kind, title=title, date=day, year=day.year, speaker=speaker,
                    organisation=organisation, session=session, meeting=meeting, sheet=sheet,
                    search_text=search_key(f"{title} {speaker.name if speaker else organisation}")[:400],
                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if file is not None:
        speech.file = file
    speech.save()
    _duty(speech)
    audit_record(actor=actor, action="meetings.speech_create", obj=speech,
                 after={"kind": kind, "title": title, "speaker": speech.speaker_name, "date": day})
    return speech


@transaction.atomic
def speech_delete(*, actor: Actor, speech: Speech) -> None:
    """Remove a speech recorded in error, and its duty row."""
    require(actor, Cap.MEETING_MANAGE, speech.committee)
    before = {"kind": speech.kind, "title": speech.title, "speaker": speech.speaker_name, "date": speech.date}
    duty_record_clear(source=speech)
    audit_record(actor=actor, action="meetings.speech_delete", obj=speech, before=before)
    if speech.file:
        speech.file.delete(save=False)
    speech.delete()
