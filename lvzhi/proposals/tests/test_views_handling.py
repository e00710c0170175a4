"""Assignment, handling, reply, evaluation and closing through the proposal page; refusals change nothing."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.proposals.models import (
    Assignment,
    AssignmentState,
    Contact,
    CoUnitView,
    Evaluation,
    Proposal,
    Rating,
    State,
)
from lvzhi.proposals.services.handling import assignment_reply, evaluation_submit
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, reply_class, today
from lvzhi.proposals.tests.review_support import filed
from lvzhi.testing import World


def _act(client: Client, proposal: Proposal, action: str, data: dict[str, Any]) -> Any:
    return client.post(f"/proposals/{proposal.pk}/do/{action}/", data)


def _replied(world: World) -> tuple[Proposal, Assignment]:
    proposal, (assignment,) = assigned(world)
    assignment_reply(actor=world.uma, assignment=assignment, text="已纳入年度计划。", reply_class=reply_class(world))
    proposal.refresh_from_db()
    return proposal, assignment


def test_staff_assign_to_one_unit(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.pete)
    due = today() + datetime.timedelta(days=60)
    response = _act(client, proposal, "assign", {"mode": "sole", "units": [world.unit.pk], "due_date": due,
                                                 "remarks": "请认真办理"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    assignment = proposal.assignments.get()
    assert assignment.unit == world.unit and assignment.due_date == due
    assert "已交办" in client.get(response["Location"]).content.decode()


def test_separate_assignment_needs_two_units_and_keeps_input(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.pete)
    response = _act(client, proposal, "assign", {"mode": "separate", "units": [world.unit.pk],
                                                 "remarks": "分别答复"})
    page = response.content.decode()
    assert response.status_code == 200 and "分办须指定两个或以上承办单位" in page and "分别答复" in page
    proposal.refresh_from_db()
    assert proposal.state == State.FILED and not proposal.assignments.exists()


def test_assigning_twice_is_refused(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.pete)
    data = {"mode": "sole", "units": [world.unit.pk]}
    assert _act(client, proposal, "assign", data).status_code == 302
    second = _act(client, proposal, "assign", data)
    assert "不能执行“交办”" in second.content.decode()
    assert Assignment.objects.filter(proposal=proposal).count() == 1


def test_unit_replies_with_class_and_file_then_proposer_reads_it(world: World, client: Client, settings: Any,
                                                                   tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    proposal, (assignment,) = assigned(world)
    client.force_login(world.uma)
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    response = _act(client, proposal, "reply", {"assignment": assignment.pk, "text": "已将建议纳入规划。",
                                                "reply_class": reply_class(world).pk, "file": letter})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED
    alice = Client()
    alice.force_login(world.alice)
    page = alice.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "已将建议纳入规划。" in page and "下载答复函" in page
    download = alice.get(f"/proposals/{proposal.pk}/replies/{assignment.pk}/file")
    assert download.status_code == 200 and download.getvalue() == b"%PDF-1.4 reply"


def test_reply_without_text_keeps_the_class_and_changes_nothing(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    client.force_login(world.uma)
    response = _act(client, proposal, "reply", {"assignment": assignment.pk, "text": "",
                                                "reply_class": reply_class(world, "B").pk})
    page = response.content.decode()
    assert "请填写答复内容" in page
    assert f'<option value="{reply_class(world, "B").pk}" selected>' in page
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ASSIGNED


def test_another_units_staff_cannot_reply(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    stranger = make_unit_staff(world, "wang", make_unit(world))
    client.force_login(stranger)
    response = _act(client, proposal, "reply", {"assignment": assignment.pk, "text": "越权答复",
                                                "reply_class": reply_class(world).pk})
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ASSIGNED and not assignment.reply_text


def test_proposer_rates_once(world: World, client: Client) -> None:
    proposal, assignment = _replied(world)
    client.force_login(world.alice)
    data = {"assignment": assignment.pk, "rating": Rating.SATISFIED, "comment": "很及时"}
    response = _act(client, proposal, "evaluate", data)
    assert response.status_code == 302
    assert "感谢您的评价" in client.get(response["Location"]).content.decode()
    second = _act(client, proposal, "evaluate", data)
    assert "您已评价过该答复" in second.content.decode()
    assert Evaluation.objects.filter(assignment=assignment).count() == 1


def test_unsatisfied_needs_a_comment(world: World, client: Client) -> None:
    proposal, assignment = _replied(world)
    client.force_login(world.alice)
    response = _act(client, proposal, "evaluate", {"assignment": assignment.pk, "rating": Rating.UNSATISFIED})
    assert "请填写意见" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_rehandling_then_close(world: World, client: Client) -> None:
    proposal, assignment = _replied(world)
    evaluation_submit(actor=world.alice, assignment=assignment, rating=Rating.UNSATISFIED, comment="没有解决")
    client.force_login(world.pete)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "重新办理" in page and "办结" in page
    due = today() + datetime.timedelta(days=30)
    assert _act(client, proposal, "order_rehandling", {"assignments": [assignment.pk], "due_date": due,
                                                 "remarks": "请重新研究"}).status_code == 302
    proposal.refresh_from_db()
    assignment.refresh_from_db()
    assert proposal.state == State.REHANDLING and assignment.round == 2 and assignment.due_date == due
    assignment_reply(actor=world.uma, assignment=assignment, text="重新答复", reply_class=reply_class(world))
    assert _act(client, proposal, "close", {"remarks": "办结"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED
    again = _act(client, proposal, "close", {"remarks": "再办结"})
    assert "不能执行“办结”" in again.content.decode()


def test_correct_class_and_result_follow_up(world: World, client: Client) -> None:
    proposal, assignment = _replied(world)
    evaluation = evaluation_submit(actor=world.alice, assignment=assignment, rating=Rating.BASIC)
    client.force_login(world.pete)
    b = reply_class(world, "B")
    response = _act(client, proposal, "correct_class", {"assignment": assignment.pk, "reply_class": b.pk,
                                                        "remarks": ""})
    assert "请填写更正理由" in response.content.decode() or "此字段" in response.content.decode()
    assert _act(client, proposal, "correct_class", {"assignment": assignment.pk, "reply_class": b.pk,
                                                    "remarks": "仅列入计划"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.reply_class == b
    assert _act(client, proposal, "record_result", {"evaluation": evaluation.pk, "solved": "yes",
                                             "note": "回访确认已解决"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.result_solved is True


def test_reassign_request_and_decision(world: World, client: Client) -> None:
    other = make_unit(world)
    proposal, (assignment,) = assigned(world)
    client.force_login(world.uma)
    assert _act(client, proposal, "request_reassign", {"assignment": assignment.pk,
                                                       "reason": "不属于本单位职责"}).status_code == 302
    pete = Client()
    pete.force_login(world.pete)
    page = pete.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "审批调整申请" in page and "不属于本单位职责" in page
    response = _act(pete, proposal, "decide_reassign", {"assignment": assignment.pk, "approve": "yes"})
    assert "同意调整时须指定新的承办单位" in response.content.decode()
    assert _act(pete, proposal, "decide_reassign", {"assignment": assignment.pk, "approve": "yes",
                                                    "new_units": [other.pk]}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.WITHDRAWN
    assert proposal.assignments.filter(unit=other, state=AssignmentState.ASSIGNED).exists()


def test_extension_request_and_decision(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    client.force_login(world.uma)
    until = assignment.due_date + datetime.timedelta(days=30)
    assert _act(client, proposal, "request_extension", {"assignment": assignment.pk, "until": until,
                                                        "reason": "需要调研"}).status_code == 302
    too_late = _act(client, proposal, "request_extension", {"assignment": assignment.pk, "until": until,
                                                            "reason": "再次申请"})
    assert too_late.status_code in (200, 302)
    assert Assignment.objects.get(pk=assignment.pk).extension_reason == "需要调研"
    pete = Client()
    pete.force_login(world.pete)
    assert _act(pete, proposal, "decide_extension", {"assignment": assignment.pk, "approve": "yes"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date == until and assignment.extension_requested_until is None


def test_contact_and_co_unit_view(world: World, client: Client) -> None:
    co = make_unit(world)
    co_staff = make_unit_staff(world, "wang", co)
    proposal, created = assigned(world, mode="lead", units=[world.unit], co_units=[co])
    lead, co_assignment = created
    client.force_login(world.uma)
    future = today() + datetime.timedelta(days=3)
    response = _act(client, proposal, "record_contact", {"assignment": lead.pk, "phase": "before", "date": future,
                                                  "way": "座谈", "participants": "艾丽", "summary": "听取意见"})
    assert "不能晚于今天" in response.content.decode()
    assert _act(client, proposal, "record_contact", {"assignment": lead.pk, "phase": "before", "date": today(),
                                              "way": "座谈", "participants": "艾丽",
                                              "summary": "听取意见"}).status_code == 302
    assert Contact.objects.filter(assignment=lead).count() == 1
    early = _act(client, proposal, "reply", {"assignment": lead.pk, "text": "答复",
                                             "reply_class": reply_class(world).pk})
    assert "尚未提出会办意见" in early.content.decode()
    co_client = Client()
    co_client.force_login(co_staff)
    assert "提出会办意见" in co_client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert _act(co_client, proposal, "send_view", {"assignment": co_assignment.pk,
                                                   "text": "建议增加经费"}).status_code == 302
    assert CoUnitView.objects.filter(assignment=co_assignment).exists()
    assert "建议增加经费" in client.get(f"/proposals/{proposal.pk}/").content.decode()


def test_unknown_action_is_404(world: World, client: Client) -> None:
    proposal = filed(world)
    client.force_login(world.pete)
    assert client.post(f"/proposals/{proposal.pk}/do/explode/", {}).status_code == 404


def test_word_downloads(world: World, client: Client) -> None:
    proposal, _ = assigned(world)
    client.force_login(world.pete)
    for url in (f"/proposals/{proposal.pk}/proposal.docx", f"/proposals/{proposal.pk}/letter.docx"):
        response = client.get(url)
        assert response.status_code == 200 and response.content[:2] == b"PK"
    client.force_login(world.alice)
    assert client.get(f"/proposals/{proposal.pk}/proposal.docx").status_code == 200
    assert client.get(f"/proposals/{proposal.pk}/letter.docx").status_code == 403


def test_reply_file_must_be_a_document(world: World, client: Client) -> None:
    proposal, (assignment,) = assigned(world)
    client.force_login(world.uma)
    bad = SimpleUploadedFile("答复.exe", b"MZ", content_type="application/octet-stream")
    response = _act(client, proposal, "reply", {"assignment": assignment.pk, "text": "答复内容",
                                                "reply_class": reply_class(world).pk, "file": bad})
    page = response.content.decode()
    assert "答复函请上传 PDF、Word、OFD 或图片文件" in page and "答复内容" in page
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ASSIGNED
