"""The year-end feedback: recipients (组织部, 统战部, each member's unit), the counts, the score left out until
scoring answers, the workbook (a sheet per recipient) and the letters."""
from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, ScoringPreset
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.duty_reports import feedback
from lvzhi.duty_reports.tests.support import YEAR, record, submitted
from lvzhi.testing import World

TODAY = datetime.date(YEAR, 12, 20)


@pytest.mark.parametrize(("workplace", "unit"), [
    ("长春市教育局副局长", "长春市教育局"),
    ("长春市教育局 局长", "长春市教育局"),
    ("长春市中医院党委书记、院长", "长春市中医院"),
    ("吉林大学教授", "吉林大学"),
    ("长春市第一医院主任医师", "长春市第一医院"),
    ("长春市科学技术协会", "长春市科学技术协会"),
    ("  ", ""),
])
def test_the_unit_in_a_workplace(workplace: str, unit: str) -> None:
    assert feedback.unit_of(workplace) == unit


def _setup(world: World) -> None:
    for who, workplace in (("alice", "长春市教育局副局长"), ("bob", "")):
        person = world.people[who]
        person.workplace = workplace
        person.save(update_fields=["workplace"])
    record(world, "alice", DutyKind.PROPOSAL_FIRST, "提案一")
    record(world, "alice", DutyKind.PROPOSAL_COSIGN, "提案二")
    record(world, "alice", DutyKind.ATTENDANCE_ABSENT, "常委会议")
    record(world, "alice", DutyKind.INSPECTION, "视察")
    record(world, "alice", DutyKind.RESEARCH, "调研")
    record(world, "alice", DutyKind.PROPOSAL_FIRST, "去年的提案", date=datetime.date(YEAR - 1, 5, 1))
    submitted(world)


def test_recipients_and_rows(world: World) -> None:
    _setup(world)
    found = feedback.recipients(world.city, YEAR)
    assert [r.name for r in found] == ["中共长春市委组织部", "中共长春市委统战部", "长春市教育局", "工作单位未填写"]
    alice = next(row for row in found[2].rows)
    assert alice.membership.person.name == "艾丽"
    assert alice.counts == {"proposals": 2, "opinions": 0, "present": 0, "excused": 0, "absent": 1,
                            "activities": 2, "training": 0}
    # No rule table for the year yet: the score is left out.
    assert alice.score is None and alice.cells()[-3:] == ["尚未评分", "", "已提交履职报告"]
    assert [r.membership.person.name for r in found[0].rows] == ["艾丽", "薄波"]
    assert found[3].rows[0].remarks == "未撰写履职报告"


def test_the_workbook_has_a_sheet_per_recipient(world: World) -> None:
    _setup(world)
    book = load_workbook(io.BytesIO(feedback.workbook(feedback.recipients(world.city, YEAR))))
    assert book.sheetnames == ["中共长春市委组织部", "中共长春市委统战部", "长春市教育局", "工作单位未填写"]
    sheet = book["长春市教育局"]
    assert [c.value for c in sheet[1]] == feedback.HEADERS
    assert [c.value for c in sheet[2]][:9] == ["艾丽", "经济界", "民盟", "长春市教育局副局长", 2, 0, 0, 0, 1]
    assert sheet.max_row == 2 and book["中共长春市委组织部"].max_row == 3


def test_the_letters(world: World) -> None:
    _setup(world)
    found = feedback.recipients(world.city, YEAR)
    unit = feedback.find(found, "长春市教育局")
    assert unit is not None and feedback.find(found, feedback.NO_UNIT) is None
    document = Document(io.BytesIO(feedback.letter(world.city, YEAR, unit, today=TODAY)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == f"关于{YEAR}年度政协委员履职情况的反馈函" and texts[1] == "长春市教育局："
    member = next(p for p in document.paragraphs if p.text.startswith("1. 艾丽"))
    assert "提出提案2件" in member.text and "缺席1次" in member.text and "履职考核尚未评分" in member.text
    fonts = [r._element.get_or_add_rPr().find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in member.runs]
    assert fonts[0] == "黑体" and fonts[1].startswith("仿宋")
    assert texts[-1] == f"{YEAR}年12月20日" and texts[-2] == "长春市政协"
    with zipfile.ZipFile(io.BytesIO(feedback.letters_zip(world.city, YEAR, found, today=TODAY))) as archive:
        names = archive.namelist()
    assert len(names) == 3 and f"{YEAR}年度委员履职情况反馈函（长春市教育局）.docx" in names


def test_the_score_from_the_committees_rule_table(world: World) -> None:
    """Scored by the base-plus-bonus table: 70 + 2 (视察) + 2 (调研) = 74, 称职 (60-84); the proposals earn nothing
    until filed, an absence from a standing-committee meeting costs nothing (only the plenary's does), and with no
    plenary attended the first of 三个一 is missed."""
    _setup(world)
    ruleset_create(actor=world.carol, committee=world.city, year=YEAR, preset=ScoringPreset.BASE_BONUS)
    found = feedback.recipients(world.city, YEAR)
    row = found[2].rows[0]
    assert row.cells()[-3:-1] == ["74", "称职"]
    assert "未达到最低履职要求：出席全体会议" in row.remarks
    text = "".join(p.text for p in Document(io.BytesIO(feedback.letter(world.city, YEAR, found[2], today=TODAY)))
                   .paragraphs)
    assert "履职考核得分74分，等次为“称职”" in text


def test_an_approved_reported_research_trip_counts_with_the_research(world: World) -> None:
    """A self-reported activity approved as 调研 (merits writes kind REPORTED, event RESEARCH) is one more in the
    协商视察调研 column; one reported as 其他 is not."""
    _setup(world)
    trip = record(world, "alice", DutyKind.REPORTED, "自报调研")
    DutyRecord.objects.filter(pk=trip.pk).update(event=DutyEvent.RESEARCH)
    record(world, "alice", DutyKind.REPORTED, "捐助公益")  # event REPORTED
    alice = feedback.recipients(world.city, YEAR)[2].rows[0]
    assert alice.counts["activities"] == 3
