"""Reminder e-mails: units before and after their deadlines, co-sign invitations, replies to rate; once a day."""
from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import CosignStatus, Proposer, ProposerRole, State
from lvzhi.proposals.reminders import send_due_reminders
from lvzhi.proposals.services.handling import assignment_reply, co_unit_send_view, proposal_assign
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.handling_support import assigned, make_unit, make_unit_staff, reply_class, today


def days_later(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


@pytest.fixture
def addresses(world):
    for name in ("uma", "alice", "bob"):
        user = world.users[name]
        user.email = f"{name}@example.cn"
        user.save(update_fields=["email"])


def test_unit_reminded_7_3_1_days_before_and_every_day_overdue(world, addresses, mailoutbox):
    proposal = make_proposal(world)
    proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit],
                    due_date=today() + datetime.timedelta(days=10))
    assert send_due_reminders() == 0
    sent_on = {}
    for offset in range(0, 14):
        sent_on[offset] = send_due_reminders(now=days_later(offset))
    assert [d for d, n in sent_on.items() if n] == [3, 7, 9, 11, 12, 13]
    assert all(m.to == ["uma@example.cn"] for m in mailoutbox)
    first = mailoutbox[0]
    assert "即将到期" in first.subject and "还有 7 天到期" in first.body and "长春市教育局" in first.body
    assert "已逾期 1 天" in mailoutbox[3].body and "逾期" in mailoutbox[3].subject


def test_same_day_runs_send_nothing_new(world, addresses, mailoutbox):
    proposal = make_proposal(world)
    proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit],
                    due_date=today() + datetime.timedelta(days=3))
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    assert send_due_reminders(now=timezone.now() + datetime.timedelta(minutes=5)) == 0
    assert len(mailoutbox) == 1
    event = AuditEvent.objects.get(action="reminder.sent")
    assert event.detail.endswith(f"@{today():%Y-%m-%d}") and event.after["to"] == "uma@example.cn"


def test_no_address_no_mail_and_other_units_are_not_told(world, addresses, mailoutbox):
    health = make_unit(world)
    make_unit_staff(world, "hank", health)  # no address
    make_unit_staff(world, "tina", make_unit(world, "长春市交通运输局"), email="tina@example.cn")
    proposal = make_proposal(world)
    proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[health],
                    due_date=today() + datetime.timedelta(days=1))
    assert send_due_reminders() == 0
    assert mailoutbox == []


def test_co_unit_reminded_of_its_view_until_it_sends_it(world, addresses, mailoutbox):
    health = make_unit(world)
    make_unit_staff(world, "hank", health, email="hank@example.cn")
    _, [lead, co] = assigned(world, mode="lead", units=[health], co_units=[world.unit])
    assert send_due_reminders(now=days_later(23)) == 1
    assert mailoutbox[0].to == ["uma@example.cn"] and "提出会办意见" in mailoutbox[0].body
    co_unit_send_view(actor=world.uma, assignment=co, text="同意主办意见")
    assert send_due_reminders(now=days_later(27)) == 0
    assert send_due_reminders(now=days_later(83)) == 1
    assert mailoutbox[-1].to == ["hank@example.cn"]


def test_cosign_invitation_reminded_daily(world, addresses, mailoutbox):
    proposal = make_proposal(world, state=State.COSIGNING, title="关于校园周边交通安全的建议")
    Proposer.objects.create(proposal=proposal, person=world.people["bob"], role=ProposerRole.COSIGNER, order=1,
                            status=CosignStatus.INVITED, invited_at=timezone.now())
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    [mail] = mailoutbox
    assert mail.to == ["bob@example.cn"] and "联名" in mail.subject and "薄波委员" in mail.body


def test_reply_to_rate_first_notice_then_before_the_window_closes(world, addresses, mailoutbox):
    _, [a] = assigned(world, proposers=[world.people["alice"], world.people["bob"]])
    assignment_reply(actor=world.uma, assignment=a, text="答复", reply_class=reply_class(world, "A"))
    assert send_due_reminders() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.cn", "bob@example.cn"]
    assert "请评价" in mailoutbox[0].subject and "A类" in mailoutbox[0].body
    assert send_due_reminders(now=days_later(1)) == 0
    assert send_due_reminders(now=days_later(23)) == 2  # 7 days left
    assert send_due_reminders(now=days_later(31)) == 0  # window closed


def test_drafting_expiry_is_called(world, monkeypatch):
    from lvzhi.proposals.services import drafting

    calls = []
    monkeypatch.setattr(drafting, "cosign_expire_overdue", lambda *, now=None: calls.append(now) or 0, raising=False)
    now = timezone.now()
    send_due_reminders(now=now)
    assert calls == [now]


def test_command_once_and_looping(world, addresses, mailoutbox, monkeypatch, capsys):
    proposal = make_proposal(world)
    proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit],
                    due_date=today() + datetime.timedelta(days=7))
    call_command("send_reminders")
    assert "已发送提醒邮件 1 封" in capsys.readouterr().out
    with pytest.raises(CommandError, match="至少为 60 秒"):
        call_command("send_reminders", "--loop", "5")

    def stop(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("lvzhi.proposals.management.commands.send_reminders.time.sleep", stop)
    call_command("send_reminders", "--loop", "600")
    out = capsys.readouterr().out
    assert "每 600 秒" in out and "已发送提醒邮件 0 封" in out and "已停止" in out
    assert len(mailoutbox) == 1
