"""What waits on whom: each user's to-do list, due-soon and overdue lists, and the reminder e-mails."""
from __future__ import annotations

import datetime
import inspect
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lvzhi.accounts.models import Role, RoleGrant
from lvzhi.accounts.permissions import Cap, committees_q, grants_of, roles_of
from lvzhi.audit.models import AuditEvent
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CosignStatus,
    Evaluation,
    KeyStatus,
    Proposal,
    ProposalSettings,
    Proposer,
    ProposerRole,
    Rating,
    ReviewStage,
    State,
    Supervision,
)
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.handling import ANSWERING_ROLES, OPEN_STATES, unit_ids_of
from lvzhi.proposals.services.key import supervised_by

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 7
REMINDER_DAYS = (7, 3, 1)
REMINDER_ACTION = "reminder.sent"
HANDLING_STATES = (State.ASSIGNED, State.REHANDLING)


@dataclass
class TodoItem:
    """One line of a to-do list: what to do, where (a URL name and arguments, or a proposal), by when."""

    kind: str
    label: str
    proposal_id: int | None = None
    url_name: str = ""
    args: tuple[Any, ...] = field(default_factory=tuple)
    due: datetime.date | None = None
    overdue: bool = False
    due_soon: bool = False
    count: int = 1

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args) if self.url_name else ""


def _day(when: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(when) if when is not None else timezone.localdate()


def _rules(committee_id: int, cache: dict[int, ProposalSettings]) -> ProposalSettings:
    if committee_id not in cache:
        cache[committee_id] = proposal_defaults(Committee.objects.get(pk=committee_id))
    return cache[committee_id]


def _title(proposal: Proposal) -> str:
    return f"{proposal.number} {proposal.title}".strip() if proposal.number else proposal.title


def assignment_due(assignment: Assignment, rules: ProposalSettings) -> datetime.date:
    """A co-unit's next deadline is its view (交办 + co_unit_days, never after the reply deadline); others reply."""
    if assignment.role == AssignmentRole.CO:
        co = _day(assignment.assigned_at) + datetime.timedelta(days=rules.co_unit_days)
        return min(co, assignment.due_date)
    return assignment.due_date


def _mark(item: TodoItem, today: datetime.date) -> TodoItem:
    if item.due is not None:
        item.overdue = item.due < today
        item.due_soon = not item.overdue and (item.due - today).days <= DUE_SOON_DAYS
    return item


def _open_unit_work(unit_ids: set[int]) -> QuerySet[Assignment]:
    """Assignments where the unit still has to act: answering units reply, co-units send their view."""
    return (Assignment.objects.filter(unit_id__in=unit_ids, proposal__state__in=HANDLING_STATES)
            .filter(Q(state__in=OPEN_STATES))
            .select_related("proposal", "unit").order_by("due_date", "pk"))


def _evaluations_pending(person_id: int) -> QuerySet[Assignment]:
    """Replied assignments of proposals the person signed (confirmed) that the person has not rated this round."""
    rated = Evaluation.objects.filter(assignment=OuterRef("pk"), person_id=person_id, round=OuterRef("round"))
    return (Assignment.objects
            .filter(proposal__state=State.REPLIED, state=AssignmentState.REPLIED, role__in=ANSWERING_ROLES,
                    proposal__proposers__person_id=person_id,
                    proposal__proposers__status=CosignStatus.CONFIRMED)
            .exclude(Exists(rated)).select_related("proposal", "unit").order_by("replied_at", "pk"))


# ---------------------------------------------------------------- to-do lists


def todo_for(user: Any) -> list[TodoItem]:
    """Everything waiting on `user`, most urgent first within each group."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = _day()
    cache: dict[int, ProposalSettings] = {}
    items: list[TodoItem] = []
    person = getattr(user, "person", None)
    if person is not None:
        items += _member_todo(user, person, today, cache)
    items += _reviewer_todo(user)
    items += _staff_todo(user, today)
    items += _unit_todo(user, today, cache)
    items += _leader_todo(user, today)
    return [_mark(i, today) for i in items]


def _member_todo(user: Any, person: Any, today: datetime.date, cache: dict[int, ProposalSettings]) -> list[TodoItem]:
    items: list[TodoItem] = []
    invitations = (Proposer.objects.filter(person=person, status=CosignStatus.INVITED,
                                           proposal__state=State.COSIGNING)
                   .select_related("proposal").order_by("invited_at", "pk"))
    for inv in invitations:
        rules = _rules(inv.proposal.committee_id, cache)
        due = (_day(inv.invited_at) + datetime.timedelta(days=rules.cosign_days)) if inv.invited_at else None
        items.append(TodoItem("cosign", f"确认联名：{_title(inv.proposal)}", inv.proposal_id,
                              "proposals:detail", (inv.proposal_id,), due))
    returned = (Proposal.objects.filter(state=State.RETURNED)
                .filter(Q(created_by=user) | Q(proposers__person=person, proposers__role=ProposerRole.FIRST))
                .distinct().order_by("pk"))
    for p in returned:
        items.append(TodoItem("revise", f"修改退回的提案：{_title(p)}", p.pk, "proposals:detail", (p.pk,)))
    for a in _evaluations_pending(person.pk):
        rules = _rules(a.proposal.committee_id, cache)
        end = _day(a.replied_at) + datetime.timedelta(days=rules.evaluation_days)
        if end < today:
            continue
        items.append(TodoItem("evaluate", f"评价{a.unit.name}的答复：{_title(a.proposal)}", a.proposal_id,
                              "proposals:detail", (a.proposal_id,), end))
    return items


def _reviewer_todo(user: Any) -> list[TodoItem]:
    """Proposals in review at the stages this user's roles may act on, counted per stage."""
    committees = Committee.objects.filter(committees_q(user, Cap.PROPOSAL_REVIEW))
    roles_by_committee: dict[int, set[str]] = {}
    for g in grants_of(user):
        if g.committee_id:
            roles_by_committee.setdefault(g.committee_id, set()).add(g.role)
    items: list[TodoItem] = []
    for committee in committees:
        roles = roles_by_committee.get(committee.pk, set())
        stage_ids = set(ReviewStage.objects.filter(committee=committee, role__in=roles).values_list("pk", flat=True))
        first = ReviewStage.objects.filter(committee=committee).order_by("order").first()
        counts = Counter(Proposal.objects.filter(committee=committee, state=State.IN_REVIEW)
                         .values_list("review_stage_id", flat=True))
        for stage_id, n in sorted(counts.items(), key=lambda kv: kv[0] or 0):
            effective = stage_id or (first.pk if first else None)
            if effective not in stage_ids:
                continue
            stage = ReviewStage.objects.get(pk=effective)
            items.append(TodoItem("review", f"{committee.name}待{stage.name}的提案", None,
                                  "proposals:review", (), None, count=n))
    return items


def _staff_todo(user: Any, today: datetime.date) -> list[TodoItem]:
    items: list[TodoItem] = []
    for committee in Committee.objects.filter(committees_q(user, Cap.PROPOSAL_MANAGE)).order_by("path"):
        name = committee.name
        proposals = Proposal.objects.filter(committee=committee)
        n = proposals.filter(state=State.FILED).count()
        if n:
            items.append(TodoItem("assign", f"{name}已立案待交办的提案", None, "proposals:assign_queue", (), count=n))
        handling = Assignment.objects.filter(proposal__committee=committee, proposal__state__in=HANDLING_STATES)
        for a in handling.filter(state=AssignmentState.REASSIGN_REQUESTED).select_related("proposal", "unit"):
            items.append(TodoItem("decide_reassign", f"审批{a.unit.name}的调整申请：{_title(a.proposal)}",
                                  a.proposal_id, "proposals:detail", (a.proposal_id,), a.reassign_until))
        for a in handling.filter(extension_requested_until__isnull=False).select_related("proposal", "unit"):
            items.append(TodoItem("decide_extension",
                                  f"审批{a.unit.name}的延期申请（至 {a.extension_requested_until:%Y-%m-%d}）：{_title(a.proposal)}",
                                  a.proposal_id, "proposals:detail", (a.proposal_id,), a.due_date))
        unsatisfied = (Assignment.objects.filter(proposal__committee=committee, proposal__state=State.REPLIED,
                                                 state=AssignmentState.REPLIED)
                       .filter(Exists(Evaluation.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"),
                                                                rating=Rating.UNSATISFIED)))
                       .select_related("proposal", "unit").order_by("pk"))
        unsatisfied_ids = set()
        for a in unsatisfied:
            unsatisfied_ids.add(a.proposal_id)
            items.append(TodoItem("unsatisfied", f"提案人对{a.unit.name}的答复不满意：{_title(a.proposal)}",
                                  a.proposal_id, "proposals:detail", (a.proposal_id,)))
        n = proposals.filter(state=State.REPLIED).exclude(pk__in=unsatisfied_ids).count()
        if n:
            items.append(TodoItem("close", f"{name}已答复待办结的提案", None, "proposals:list", (), count=n))
        n = overdue(committee).count()
        if n:
            items.append(TodoItem("overdue", f"{name}逾期未答复的交办", None, "proposals:deadlines", (), count=n,
                                  overdue=True))
    return items


def _unit_todo(user: Any, today: datetime.date, cache: dict[int, ProposalSettings]) -> list[TodoItem]:
    units = unit_ids_of(user)
    if not units:
        return []
    items: list[TodoItem] = []
    for a in _open_unit_work(units):
        due = assignment_due(a, _rules(a.proposal.committee_id, cache))
        if a.role == AssignmentRole.CO:
            verb = "提出会办意见"
        elif a.state == AssignmentState.REASSIGN_REQUESTED:
            verb = "调整申请待审批"
        else:
            verb = "办理答复" if a.round == 1 else f"重新办理（第 {a.round} 轮）"
        items.append(TodoItem("handle", f"{a.unit.name}{verb}：{_title(a.proposal)}", a.proposal_id,
                              "proposals:detail", (a.proposal_id,), due))
    return sorted(items, key=lambda i: (i.due or datetime.date.max, i.proposal_id or 0))


def _leader_todo(user: Any, today: datetime.date) -> list[TodoItem]:
    if Role.LEADER not in roles_of(user):
        return []
    items: list[TodoItem] = []
    done = Supervision.objects.filter(key=OuterRef("pk"), date__year=today.year)
    for key in supervised_by(user).filter(status=KeyStatus.CONFIRMED).exclude(Exists(done)):
        items.append(TodoItem("supervise", f"督办重点提案：{_title(key.proposal)}", key.proposal_id,
                              "proposals:detail", (key.proposal_id,)))
    return items


# ---------------------------------------------------------------- staff lists


def _open_answering(committee: Committee) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(proposal__committee=committee, proposal__state__in=HANDLING_STATES,
                                      role__in=ANSWERING_ROLES, state__in=OPEN_STATES)
            .select_related("proposal", "unit").order_by("due_date", "pk"))


def due_soon(committee: Committee, days: int = DUE_SOON_DAYS) -> QuerySet[Assignment]:
    """Answering assignments not yet replied whose deadline falls within the next `days` days (today included)."""
    today = _day()
    return _open_answering(committee).filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))


def overdue(committee: Committee) -> QuerySet[Assignment]:
    """Answering assignments past their deadline and not yet replied."""
    return _open_answering(committee).filter(due_date__lt=_day())


# ---------------------------------------------------------------- e-mail


@dataclass
class Reminder:
    key: str  # what the reminder is about, stable across days
    to: str
    user_id: int | None
    subject: str
    body: str
    committee_id: int | None


def _already_sent(key: str, today: datetime.date, *, ever: bool = False) -> bool:
    events = AuditEvent.objects.filter(action=REMINDER_ACTION)
    if ever:
        return events.filter(detail__startswith=f"{key}@").exists()
    return events.filter(detail=f"{key}@{today:%Y-%m-%d}").exists()


def _unit_recipients(unit_id: int) -> list[Any]:
    grants = (RoleGrant.objects.filter(role=Role.UNIT_STAFF, handling_unit_id=unit_id, user__is_active=True)
              .exclude(user__email="").select_related("user"))
    return [g.user for g in grants]


def _person_address(person: Any) -> tuple[str, int | None]:
    user = person.user
    if user is not None and user.is_active and user.email:
        return user.email, user.pk
    return person.email, (user.pk if user is not None else None)


def _unit_reminders(today: datetime.date, cache: dict[int, ProposalSettings]) -> Iterator[Reminder]:
    work = (Assignment.objects.filter(proposal__state__in=HANDLING_STATES, state__in=OPEN_STATES)
            .select_related("proposal", "unit"))
    for a in work:
        due = assignment_due(a, _rules(a.proposal.committee_id, cache))
        left = (due - today).days
        if left not in REMINDER_DAYS and left >= 0:
            continue
        what = "提出会办意见" if a.role == AssignmentRole.CO else "答复"
        when = f"已逾期 {-left} 天（期限 {due:%Y-%m-%d}）" if left < 0 else f"还有 {left} 天到期（{due:%Y-%m-%d}）"
        subject = f"【提案办理提醒】{'逾期' if left < 0 else '即将到期'}：{a.proposal.title}"[:150]
        body = (f"{a.unit.name}：\n\n提案《{_title(a.proposal)}》由贵单位{a.get_role_display()}，"
                f"{what}期限{when}。\n请登录履职平台及时办理。\n")
        for user in _unit_recipients(a.unit_id):
            yield Reminder(f"assignment:{a.pk}:r{a.round}:u{user.pk}", user.email, user.pk, subject, body,
                           a.proposal.committee_id)


def _cosign_reminders(today: datetime.date, cache: dict[int, ProposalSettings]) -> Iterator[Reminder]:
    invitations = (Proposer.objects.filter(status=CosignStatus.INVITED, proposal__state=State.COSIGNING)
                   .select_related("proposal", "person", "person__user"))
    for inv in invitations:
        address, user_id = _person_address(inv.person)
        if not address:
            continue
        rules = _rules(inv.proposal.committee_id, cache)
        due = (_day(inv.invited_at) + datetime.timedelta(days=rules.cosign_days)) if inv.invited_at else None
        until = f"，请于 {due:%Y-%m-%d} 前确认" if due else ""
        yield Reminder(f"cosign:{inv.pk}", address, user_id, f"【联名提案】请确认是否联名：{inv.proposal.title}"[:150],
                       f"{inv.person.name}委员：\n\n您被邀请联名提案《{inv.proposal.title}》{until}。\n"
                       f"请登录履职平台确认或拒绝。\n", inv.proposal.committee_id)


def _evaluation_reminders(today: datetime.date, cache: dict[int, ProposalSettings]) -> Iterator[Reminder]:
    """The first notice when a reply is published, then again 7, 3 and 1 days before the window closes."""
    rows = (Proposer.objects.filter(status=CosignStatus.CONFIRMED, proposal__state=State.REPLIED)
            .select_related("person", "person__user").order_by("pk"))
    for proposer in rows:
        address, user_id = _person_address(proposer.person)
        if not address:
            continue
        for a in _evaluations_pending(proposer.person_id).filter(proposal_id=proposer.proposal_id):
            rules = _rules(a.proposal.committee_id, cache)
            end = _day(a.replied_at) + datetime.timedelta(days=rules.evaluation_days)
            left = (end - today).days
            if left < 0:
                continue
            key = f"evaluate:{a.pk}:r{a.round}:p{proposer.person_id}"
            if left not in REMINDER_DAYS and _already_sent(key, today, ever=True):
                continue
            yield Reminder(key, address, user_id, f"【提案答复】请评价办理答复：{a.proposal.title}"[:150],
                           f"{proposer.person.name}委员：\n\n{a.unit.name}已答复您的提案《{_title(a.proposal)}》"
                           f"（{a.reply_class or ''}）。\n请于 {end:%Y-%m-%d} 前登录履职平台查看答复并评价"
                           f"（满意、基本满意或不满意）。\n", a.proposal.committee_id)


def _expire_cosign(now: datetime.datetime) -> None:
    """Let drafting expire overdue co-sign invitations, when that service exists."""
    try:
        from lvzhi.proposals.services import drafting

        expire = drafting.cosign_expire_overdue
    except (ImportError, AttributeError):
        return
    params = inspect.signature(expire).parameters
    expire(now=now) if "now" in params else expire()


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send today's reminder e-mails once each; returns how many were sent.

    Idempotent per day: each sent e-mail leaves an audit event `reminder.sent` whose detail is `<key>@<day>`,
    and a reminder whose key and day are already there is skipped.
    """
    now = now or timezone.now()
    _expire_cosign(now)
    today = _day(now)
    cache: dict[int, ProposalSettings] = {}
    sent = 0
    sources = (_unit_reminders(today, cache), _cosign_reminders(today, cache), _evaluation_reminders(today, cache))
    for source in sources:
        for r in source:
            if _already_sent(r.key, today):
                continue
            try:
                send_mail(r.subject, r.body, settings.DEFAULT_FROM_EMAIL, [r.to], fail_silently=False)
            except Exception:  # a mail server hiccup must not stop the other reminders; retried next run
                logger.exception("reminder %s to %s failed", r.key, r.to)
                continue
            audit_record(actor=None, action=REMINDER_ACTION, object_type="proposals.reminder", object_id=r.key[:64],
                         object_repr=r.subject[:200], committee_id=r.committee_id,
                         after={"to": r.to, "user": r.user_id}, detail=f"{r.key}@{today:%Y-%m-%d}",
                         actor_name="reminders")
            sent += 1
    return sent
