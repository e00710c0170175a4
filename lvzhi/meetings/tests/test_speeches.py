"""Speeches: by a member (in the duty record) or an organisation; refusals, double submits, removal."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.meetings.models import Speech, SpeechKind
from lvzhi.meetings.services.speeches import speech_create, speech_delete
from lvzhi.testing import World

DAY = datetime.date(2026, 1, 9)


def test_a_member_speech_lands_in_the_duty_record(world: World) -> None:
    speech = speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.PLENARY,
                           title="關於發展銀髮經濟的建議", date=DAY, speaker=world.people["alice"])
    assert "关于发展银发经济的建议" in speech.search_text
    rows = DutyRecord.objects.filter(person=world.people["alice"])
    assert [r.kind for r in rows] == [DutyKind.SPEECH_PLENARY]
    again = speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.PLENARY,
                          title="關於發展銀髮經濟的建議", date=DAY, speaker=world.people["alice"])
    assert again.pk == speech.pk and Speech.objects.count() == 1
    speech_delete(actor=world.carol, speech=speech)
    assert not DutyRecord.objects.filter(person=world.people["alice"]).exists()


def test_an_organisation_speech(world: World) -> None:
    speech = speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.WRITTEN,
                           title="推进城乡融合发展", date=DAY, organisation="民盟长春市委")
    assert speech.speaker_name == "民盟长春市委" and not DutyRecord.objects.exists()


def test_speaker_xor_organisation_and_text_limits(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.WRITTEN, title="题目", date=DAY)
    assert error.value.message_dict["speaker"] == ["请选择发言委员，或填写发言单位（二者选一）。"]
    with pytest.raises(ValidationError) as error:
        speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.WRITTEN, title="", date=DAY,
                      organisation="民革")
    assert error.value.message_dict["title"] == ["请填写发言题目。"]
    with pytest.raises(PermissionDenied):
        speech_create(actor=world.carol, committee=world.district, kind=SpeechKind.WRITTEN, title="题",
                      date=DAY, organisation="民革")


@pytest.mark.parametrize("who", ["alice", "leo", "olga", "sam"])
def test_only_office_staff_record_speeches(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        speech_create(actor=world.users[who], committee=world.city, kind=SpeechKind.PLENARY, title="题",
                      date=DAY, organisation="民革")


def test_a_speech_text_is_checked_like_any_attachment(world: World, settings, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    day = datetime.date(2026, 1, 10)
    renamed = SimpleUploadedFile("发言稿.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.PLENARY, title="关于冰雪经济的发言",
                      date=day, speaker=world.people["alice"], file=renamed)
    assert "内容与扩展名“.pdf”不符" in exc.value.message_dict["file"][0]
    assert not Speech.objects.exists()
    text = SimpleUploadedFile("发言稿.txt", "各位委员：……".encode(), content_type="text/plain")
    speech = speech_create(actor=world.carol, committee=world.city, kind=SpeechKind.PLENARY, title="关于冰雪经济的发言",
                           date=day, speaker=world.people["alice"], file=text)
    assert speech.file.name.endswith(".txt")
