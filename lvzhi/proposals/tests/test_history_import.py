"""History import: a good file creates proposals with their outcomes; any problem refuses the whole file."""
from __future__ import annotations

import io
from typing import Any, cast

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.audit.models import AuditEvent
from lvzhi.documents.imports import FileRefused, ImportProblems
from lvzhi.members.services import membership_create, person_create
from lvzhi.proposals.history_import import HistoryImportResult, build_history_template, parse_history
from lvzhi.proposals.models import Evaluation, Proposal, ProposalEvent, Rating, State
from lvzhi.proposals.search import search
from lvzhi.proposals.services.history import proposal_import_historical
from lvzhi.proposals.similarity import similar_proposals
from lvzhi.testing import World

pytestmark = pytest.mark.django_db

HEADERS = ["年度*", "届次*", "会议次数", "提案号*", "案由*", "提案方式*", "第一提案人*", "联名提案人", "提案单位", "类别",
           "状态*", "承办单位", "答复分类", "满意度", "正文"]
GOOD = [
    [2023, 15, "", "15届0次第0001号", "關於加強社區養老服務的建議", "个人", "艾丽", "", "", "社会事业", "已办结",
     "长春市教育局", "A", "满意", "社区养老服务设施不足，建议增加站点。"],
    [2023, "十五", "", "15届0次第0002号", "关于完善课后服务的建议", "联名", "薄波", "艾丽", "", "科教文化", "立案",
     "长春市教育局", "B", "", ""],
    [2022, 15, "", "15届0次第0003号", "关于某产品推广的建议", "集体", "", "", "民盟", "", "不予立案", "", "", "", ""],
]


def _xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_history_file(*, actor: Any, committee: Any, data: bytes, filename: str = "") -> HistoryImportResult:
    """What the command does: read the file, then the service."""
    parsed = parse_history(data, filename=filename)
    if parsed.problems:
        raise ImportProblems(parsed.problems)
    return proposal_import_historical(actor=actor, committee=committee, rows=parsed.rows, filename=filename)


def _problems(world: World, data: bytes) -> list[str]:
    with pytest.raises(ImportProblems) as exc:
        import_history_file(actor=world.pete, committee=world.city, data=data, filename="历年.xlsx")
    assert not Proposal.objects.exists()
    return [f"{p.row}|{p.column}|{p.message}" for p in exc.value.problems]


def test_good_file(world: World) -> None:
    result = import_history_file(actor=world.pete, committee=world.city, data=_xlsx(GOOD), filename="历年.xlsx")
    assert result.total == 3 and result.years == [2022, 2023]
    closed = Proposal.objects.get(number="15届0次第0001号")
    assert closed.state == State.CLOSED and closed.title == "关于加强社区养老服务的建议" and closed.year == 2023
    assert closed.category is not None
    assert closed.seq == 1 and closed.session is None and closed.category.name == "社会事业"
    assignment = closed.assignments.get()
    assert assignment.reply_class is not None
    assert assignment.reply_class.code == "A" and assignment.replied_at is not None
    assert Evaluation.objects.get(assignment=assignment).rating == Rating.SATISFIED
    joint = Proposal.objects.get(number="15届0次第0002号")
    assert joint.state == State.REPLIED
    assert [p.person.name for p in joint.proposers.order_by("order")] == ["薄波", "艾丽"]
    collective = Proposal.objects.get(number="15届0次第0003号")
    assert collective.state == State.NOT_FILED and collective.collective_name == "民盟"
    assert collective.collective_kind == "party" and not collective.proposers.exists()
    assert ProposalEvent.objects.filter(action="history_import").count() == 3
    event = AuditEvent.objects.filter(action="proposal.history_import", object_type="committees.committee").get()
    assert event.detail == "导入历史提案 3 件"
    assert list(search(world.pete, "社区养老")) == [closed]
    assert similar_proposals(world.city, "关于加强社区养老服务站点建设的建议")[0].proposal == closed


def test_wrong_headers(world: World) -> None:
    headers = ["年份", *HEADERS[1:]]
    problems = _problems(world, _xlsx(GOOD, headers))
    assert any("无法识别的列“年份”" in p for p in problems)
    assert any("缺少必填列“年度”" in p for p in problems)


def test_duplicate_numbers_in_file_and_database(world: World) -> None:
    rows = [GOOD[0], [*GOOD[1][:3], GOOD[0][3], *GOOD[1][4:]]]
    assert any(p.startswith("3|提案号|") and "与第 2 行重复" in p for p in _problems(world, _xlsx(rows)))
    import_history_file(actor=world.pete, committee=world.city, data=_xlsx([GOOD[0]]))
    with pytest.raises(ImportProblems) as exc:
        import_history_file(actor=world.pete, committee=world.city, data=_xlsx([GOOD[0]]))
    assert "已存在" in exc.value.problems[0].message


def test_unknown_and_ambiguous_proposers(world: World) -> None:
    rows = [[*GOOD[0][:6], "张三", *GOOD[0][7:]]]
    assert any("“张三”不是本政协的委员" in p for p in _problems(world, _xlsx(rows)))
    twin = person_create(actor=None, check_actor=False, name="艾丽", id_number="220102199001011239")
    membership_create(actor=None, person=twin, committee=world.city, check_actor=False)
    problems = _problems(world, _xlsx([GOOD[0]]))
    assert any("2 位委员名为“艾丽”" in p and "身份证号" in p for p in problems)
    fixed = _xlsx([[*GOOD[0], "220102198001011234"]], [*HEADERS, "身份证号"])
    import_history_file(actor=world.pete, committee=world.city, data=fixed)
    assert Proposal.objects.get().proposers.get().person == world.people["alice"]


def test_bad_year_and_missing_cells_and_bad_values(world: World) -> None:
    rows = [
        [1890, *GOOD[0][1:]],
        [2023, 15, "", "15届0次第0005号", "", "个人", "艾丽", "", "", "不存在的类别", "立案", "无名局", "E", "", ""],
        [2023, 15, "", "15届0次第0006号", "关于X的建议", "个人", "艾丽", "", "", "", "不予立案", "长春市教育局", "", "", ""],
    ]
    problems = _problems(world, _xlsx(rows))
    assert any(p.startswith("2|年度|") for p in problems)
    assert any(p.startswith("3|案由|案由不能为空") for p in problems)
    assert any(p.startswith("3|类别|") for p in problems)
    assert any(p.startswith("3|承办单位|承办单位“无名局”不存在") for p in problems)
    assert any(p.startswith("3|答复分类|") for p in problems)
    assert any(p.startswith("4|状态|") for p in problems)


def test_needs_proposal_manage(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_history_file(actor=world.alice, committee=world.city, data=_xlsx(GOOD))


def test_template_reads_back_with_all_headers(world: World) -> None:
    with pytest.raises(FileRefused, match="文件中没有可导入的提案：表头下方没有数据。"):
        parse_history(build_history_template(world.city), filename="模板.xlsx")


def test_each_imported_proposal_is_recorded_as_a_move_with_its_label_audit_and_duty_records(world: World) -> None:
    from django.test import Client

    from lvzhi.api.tests.helpers import api_client
    from lvzhi.duty.models import DutyKind, DutyRecord

    import_history_file(actor=world.pete, committee=world.city, data=_xlsx(GOOD), filename="历年.xlsx")
    closed = Proposal.objects.get(number="15届0次第0001号")
    event = closed.events.get()
    assert (event.action, event.from_state, event.to_state, event.actor) == ("history_import", "", State.CLOSED,
                                                                           world.pete)
    assert event.remarks == "历史提案导入：历年.xlsx"
    audit = AuditEvent.objects.get(action="proposal.history_import", object_type="proposals.proposal",
                                   object_id=str(closed.pk))
    assert audit.actor_name == "pete" and audit.after is not None and audit.after["state"] == State.CLOSED and audit.after["年度"] == 2023
    # The history shows the move's label, on the page and through the API alike.
    client = Client()
    client.force_login(world.pete)
    page = client.get(f"/proposals/{closed.pk}/").content.decode()
    assert "导入往年提案" in page and "history_import" not in page
    events = api_client("pete").get(f"/api/proposals/{closed.pk}/").json()["events"]
    assert [(e["label"], e["to_state"]) for e in events] == [("导入往年提案", "closed")]
    # Historical proposals count in the proposers' duty records, in the year they were made (docs/figures.md §7).
    records = sorted((r.person.name, r.kind, r.year) for r in DutyRecord.objects.filter(source_id__in=Proposal.objects
                     .values("pk"), source_type="proposals.proposal"))
    assert records == [("艾丽", DutyKind.PROPOSAL_COSIGN, 2023), ("艾丽", DutyKind.PROPOSAL_FIRST, 2023),
                       ("薄波", DutyKind.PROPOSAL_FIRST, 2023)]
    assert DutyRecord.objects.get(person__name="薄波").date.year == 2023


def test_a_refused_file_leaves_no_event_audit_of_a_proposal_or_duty_record(world: World) -> None:
    from lvzhi.duty.models import DutyRecord

    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[1][6] = "无此人"
    _problems(world, _xlsx(bad))
    assert not ProposalEvent.objects.exists() and not DutyRecord.objects.filter(source_type="proposals.proposal").exists()
    assert not AuditEvent.objects.filter(object_type="proposals.proposal").exists()
    failure = AuditEvent.objects.get(action="proposal.history_import")
    assert failure.outcome == "failure" and failure.detail == "导入未完成：1 处问题"


def test_over_long_text_dates_and_traditional_characters(world: World) -> None:
    rows = [
        [2023, 15, "", "15届0次第0007号", "长" * 201, "个人", "艾丽", "", "", "", "立案", "", "", "", ""],
        [datetime_cell(), 15, "", "15届0次第0008号", "关于Y的建议", "個人", "艾麗", "", "", "", "已辦結", "", "", "", ""],
    ]
    problems = _problems(world, _xlsx(rows))
    # Row 3 passes: a date typed as 年度, and Traditional characters in the kind, the name and the state.
    assert problems == ["2|案由|案由过长：不能超过 200 字（现有 201 字）"]


def datetime_cell() -> Any:
    import datetime

    return datetime.datetime(2023, 3, 1)
