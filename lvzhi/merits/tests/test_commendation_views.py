"""The commendation screens: a list of names previewed before it is saved, unknown names refused with nothing
saved, an Excel list, removing a member, and who sees what."""
from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.api.tests.helpers import api_client
from lvzhi.documents.excel import workbook_bytes
from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.merits.models import Commendation, CommendationKind
from lvzhi.merits.services.commendations import commendation_create
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


def _form(world: World, **extra: object) -> dict[str, object]:
    return {"kind": CommendationKind.EXCELLENT_MEMBER, "year": YEAR, "title": f"{YEAR}年度优秀政协委员",
            "issued_on": f"{YEAR + 1}-01-10", "issuer": "政协长春市委员会", "document_number": "长政协发〔2026〕1号",
            **extra}


def test_a_list_of_names_is_previewed_then_saved(world: World) -> None:
    carol = api_client("carol")
    url = f"/merits/commendations/new/?committee={world.city.pk}"
    preview = carol.post(url, _form(world, names="艾丽\n薄波、艾丽"))
    html = preview.content.decode()
    assert preview.status_code == 200 and "核对受表彰委员名单" in html and "共 <strong data-count>2</strong> 人" in html
    assert "只计一次：艾丽" in html and not Commendation.objects.exists()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))
    people = re.findall(r'<input type="hidden" name="people" value="(\d+)">', html)
    saved = carol.post(url, {**hidden, "people": people}, follow=True)
    assert f"已登记表彰“{YEAR}年度优秀政协委员”，2 人。" in saved.content.decode()
    commendation = Commendation.objects.get()
    assert sorted(c.person.name for c in commendation.commendees.all()) == ["艾丽", "薄波"]
    assert DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).count() == 2


def test_an_unknown_name_is_refused_and_nothing_saved(world: World) -> None:
    r = api_client("carol").post(f"/merits/commendations/new/?committee={world.city.pk}",
                                 _form(world, names="艾丽\n孙悟空"))
    assert r.status_code == 200 and "“孙悟空”不是长春市政协的在任委员，请核对姓名。" in r.content.decode()
    assert not Commendation.objects.exists() and not DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).exists()


def test_an_excel_list_adds_people_after_a_preview(world: World) -> None:
    commendation = commendation_create(actor=world.carol, committee=world.city, year=YEAR,
                                       kind=CommendationKind.EXCELLENT_MEMBER, title="优秀委员",
                                       issued_on=datetime.date(YEAR, 12, 30), people=[world.people["alice"]])
    sheet = SimpleUploadedFile("名单.xlsx", workbook_bytes("名单", ["姓名"], [["艾丽"], ["薄波"]]))
    carol = api_client("carol")
    preview = carol.post(f"/merits/commendations/{commendation.pk}/people/",
                         {"names_file": sheet, "version": commendation.version}).content.decode()
    assert "核对要增加的委员" in preview and "薄波" in preview
    people = re.findall(r'<input type="hidden" name="people" value="(\d+)">', preview)
    r = carol.post(f"/merits/commendations/{commendation.pk}/people/",
                   {"people": people, "confirm": "1", "version": commendation.version}, follow=True)
    assert "已增加 1 人（1 人已在名单中）。" in r.content.decode()
    assert commendation.commendees.count() == 2


def test_removing_a_member_from_the_page(world: World) -> None:
    commendation = commendation_create(actor=world.carol, committee=world.city, year=YEAR,
                                       kind=CommendationKind.ADVANCED_PROPOSER, title="提案先进个人",
                                       issued_on=datetime.date(YEAR, 12, 30),
                                       people=[world.people["alice"], world.people["bob"]])
    url = f"/merits/commendations/{commendation.pk}/people/{world.people['bob'].pk}/remove/"
    assert api_client("alice").post(url, {}).status_code == 403
    r = api_client("carol").post(url, {"version": commendation.version}, follow=True)
    assert "已将薄波移出名单。" in r.content.decode()
    assert list(DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).values_list("person__name", flat=True)) == ["艾丽"]


def test_members_read_their_committees_honours_outsiders_do_not(world: World) -> None:
    commendation = commendation_create(actor=world.carol, committee=world.city, year=YEAR,
                                       kind=CommendationKind.EXCELLENT_MEMBER, title=f"{YEAR}年度优秀政协委员",
                                       issued_on=datetime.date(YEAR, 12, 30), people=[world.people["alice"]])
    page = api_client("bob").get(f"/merits/commendations/{commendation.pk}/").content.decode()
    assert "艾丽" in page and "增加受表彰委员" not in page and "删除该表彰" not in page
    listing = api_client("bob").get("/merits/commendations/", {"year": YEAR}).content.decode()
    assert f"{YEAR}年度优秀政协委员" in listing and "登记表彰" not in listing
    assert api_client("olga").get(f"/merits/commendations/{commendation.pk}/").status_code == 403
    assert api_client("olga").get("/merits/commendations/", {"committee": world.city.pk}).status_code == 403
    assert api_client("bob").get(f"/merits/commendations/new/?committee={world.city.pk}").status_code == 403
