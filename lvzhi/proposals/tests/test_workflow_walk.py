"""Random walks over the whole proposal workflow, from drafting through review, assignment, replies, ratings,
re-handling, closing and key proposals, by random personas: after every step what a user sees still holds.

Each step is one service call. A step the services allow must be one the workflow table allows (from the
state it started in, by a role the move declares, to one of the move's outcomes) and must add exactly its
event to the proposal's history and to the audit trail; a refused step must change nothing. After every step
the history, the duty records, the units' parts, the key proposals and the figures agree with the proposals.
"""
from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.committees.models import HandlingUnit, Meeting, MeetingKind
from lvzhi.duty.models import DutyRecord
from lvzhi.figures import Scope
from lvzhi.members.models import Person
from lvzhi.members.services import person_create
from lvzhi.organisation import services as org
from lvzhi.proposals.figures import Period, proposal_figures
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Contact,
    ContactPhase,
    CosignStatus,
    CoUnitView,
    Decision,
    Evaluation,
    KeyProposal,
    KeyStatus,
    Proposal,
    ProposalEvent,
    ProposalKind,
    Proposer,
    ProposerRole,
    Rating,
    RejectionReason,
    ReplyClass,
    ReviewRecord,
    State,
    Supervision,
    SupervisionKind,
)
from lvzhi.proposals.services import common
from lvzhi.proposals.services.drafting import (
    cosign_expire_overdue,
    cosign_respond,
    proposal_submit,
    proposal_update_draft,
    proposal_withdraw,
)
from lvzhi.proposals.services.handling import (
    assignment_decide_extension,
    assignment_decide_reassign,
    assignment_reply,
    assignment_request_extension,
    assignment_request_reassign,
    co_unit_send_view,
    contact_record,
    evaluation_record_result,
    evaluation_submit,
    extension_limit,
    proposal_assign,
    proposal_close,
    proposal_order_rehandling,
    reply_correct_class,
)
from lvzhi.proposals.services.key import key_confirm, key_propose, key_record_supervision
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.handling_support import make_unit, make_unit_staff
from lvzhi.proposals.tests.review_support import category, draft
from lvzhi.proposals.workflow import ANSWERING_ROLES, FILED_STATES, MOVES, NOT_RECEIVED_STATES, WORKFLOW, Role
from lvzhi.testing import World
from lvzhi.workflows import Move

# The part each persona plays in the table's words; olga (another committee's staff) plays none.
ROLES: dict[str, frozenset[str]] = {
    "alice": frozenset({Role.PROPOSER, Role.COSIGNER}), "bob": frozenset({Role.PROPOSER, Role.COSIGNER}),
    "pete": frozenset({Role.REVIEWER, Role.STAFF}),
    "uma": frozenset({Role.UNIT}), "hank": frozenset({Role.UNIT}), "tina": frozenset({Role.UNIT}),
    "leo": frozenset({Role.SUPERVISOR}), "olga": frozenset(),
}
# Moves recorded in a proposal's history that are not moves of the table, with the states they go between.
OTHER_EVENTS = {"create", "merge_in", "attachment_add", "attachment_remove"}
REFUSED = (ValidationError, PermissionDenied)


def outcomes(move: Move) -> frozenset[str]:
    return move.outcomes


def actors(move: Move) -> frozenset[str]:
    return frozenset(move.actors)


def note(text: str) -> None:
    """Count what the walks did (pytest --hypothesis-show-statistics); nothing outside a walk."""
    if currently_in_test_context():
        event(text)


def messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


# ---------------------------------------------------------------- what a user can see, read back


def snapshot() -> list[Any]:
    """Every proposal record a screen shows, and the proposal audit trail's length: a refused step changes none."""
    tables: list[type[models.Model]] = [
        Proposal, Proposer, Assignment, Evaluation, KeyProposal, KeyProposal.supervisors.through, Supervision,
        CoUnitView, Contact, ProposalEvent, ReviewRecord, DutyRecord,
    ]
    rows: list[Any] = [list(m._default_manager.order_by("pk").values_list()) for m in tables]
    return rows + [AuditEvent.objects.filter(action__startswith="proposal.").count()]


def recount() -> dict[str, int]:
    """The headline figures counted row by row from the proposals and their parts (docs/figures.md)."""
    received = [p for p in Proposal.objects.all() if p.state not in NOT_RECEIVED_STATES and p.submitted_at]
    ids = {p.pk for p in received}
    answering: dict[int, list[Assignment]] = {}
    for a in Assignment.objects.filter(proposal_id__in=ids, role__in=ANSWERING_ROLES).exclude(
            state=AssignmentState.WITHDRAWN):
        answering.setdefault(a.proposal_id, []).append(a)
    assigned = {pk for pk in answering if Proposal.objects.get(pk=pk).state in FILED_STATES}
    met = set(Contact.objects.values_list("assignment__proposal_id", flat=True))
    latest: dict[tuple[int, int], Evaluation] = {}
    for e in Evaluation.objects.filter(assignment__proposal_id__in=ids).order_by("round", "pk"):
        a = e.assignment
        if a.role in ANSWERING_ROLES and a.state != AssignmentState.WITHDRAWN:
            latest[(a.pk, e.person_id)] = e  # a later round's rating replaces the earlier one
    ratings = Counter(e.rating for e in latest.values())
    states = Counter(p.state for p in received)
    return {
        "received": len(received),
        "filed": sum(states[s] for s in FILED_STATES),
        "not_filed": states[State.NOT_FILED],
        "converted_suggestion": states[State.CONVERTED_SUGGESTION],
        "merged": states[State.MERGED],
        "in_review": states[State.IN_REVIEW] + states[State.RETURNED],
        "closed": states[State.CLOSED],
        "key": KeyProposal.objects.filter(status=KeyStatus.CONFIRMED, proposal_id__in=ids).count(),
        "assigned": len(assigned),
        "replied": sum(all(a.state == AssignmentState.REPLIED for a in answering[pk]) for pk in assigned),
        "with_contact": len(assigned & met),
        "evaluations": len(latest),
        "satisfied": ratings[Rating.SATISFIED],
        "unsatisfied": ratings[Rating.UNSATISFIED],
        "satisfied_counted": ratings[Rating.SATISFIED] + ratings[Rating.BASIC],
        "result_solved": sum(e.result_solved is True for e in latest.values()),
    }


# ---------------------------------------------------------------- the cast


@dataclass
class Cast:
    """Everything a walk needs besides the world, made once per test (each walk is rolled back)."""

    world: World
    users: dict[str, User]
    units: list[HandlingUnit]
    staff_of: dict[int, User]
    classes: list[ReplyClass]
    reason: RejectionReason
    leo: Person
    meeting: Meeting

    @classmethod
    def build(cls, world: World) -> Cast:
        common.stages(world.city)
        health, transport = make_unit(world), make_unit(world, "长春市交通运输局")
        hank, tina = make_unit_staff(world, "hank", health), make_unit_staff(world, "tina", transport)
        leo = person_create(actor=None, check_actor=False, name="刘力", id_number="", phone="")
        leo.user = world.leo
        leo.save(update_fields=["user"])
        meeting = org.meeting_create(actor=None, term=world.city_term, kind=MeetingKind.CHAIRS, number=1,
                                     date=timezone.localdate() - datetime.timedelta(days=1), check_actor=False)
        reason, _ = RejectionReason.objects.get_or_create(name="缺乏具体建议")
        return cls(world=world, users={**world.users, "hank": hank, "tina": tina},
                   units=[world.unit, health, transport],
                   staff_of={world.unit.pk: world.uma, health.pk: hank, transport.pk: tina},
                   classes=list(ReplyClass.objects.filter(committee=world.city).order_by("code")),
                   reason=reason, leo=leo, meeting=meeting)


def pick(items: list[Any], i: int) -> Any:
    return items[i % len(items)]


def choose(ready: list[Any], anything: list[Any], i: int) -> Any:
    """Mostly one the move may be made on (so that walks get far), otherwise any, for the refusals."""
    return pick(ready, i) if ready and i < READY_SHARE else pick(anything, i)


# Who tries a move: mostly the persona who may, sometimes one who may not.
STAFF = st.sampled_from(["pete"] * 6 + ["uma", "alice", "leo", "olga"])
MEMBER = st.sampled_from(["alice", "alice", "bob", "bob", "pete", "olga"])
UNIT = st.sampled_from(["own"] * 6 + ["other", "pete", "alice"])  # "own": the staff of the assigned unit
RATER = st.sampled_from(["own"] * 6 + ["bob", "pete", "uma"])  # "own": the proposal's first proposer
SUPERVISOR = st.sampled_from(["pete", "pete", "leo", "leo", "uma", "alice"])
INDEX = st.integers(0, 20)
READY_SHARE = 15  # of INDEX's 21 values: the share of steps that pick a record the move is ready for
DRAFTING = ["edit", "submit", "withdraw"]
REVIEW = [Decision.PASS] * 4 + [Decision.FILE] * 4 + [Decision.NOT_FILE, Decision.CONVERT_SUGGESTION,
                                                     Decision.MERGE, Decision.RETURN]
MOVE_OF_DECISION: dict[str, str] = {Decision.PASS: "review_pass", Decision.RETURN: "review_return", Decision.FILE: "file",
                    Decision.NOT_FILE: "not_file", Decision.CONVERT_SUGGESTION: "convert_suggestion",
                    Decision.MERGE: "merge"}
# Moves tried out of turn: each with arguments valid in any state, so that only the state refuses it.
OUT_OF_TURN = ["submit", "withdraw", "file", "assign", "request_reassign", "decide_reassign", "request_extension",
               "reply", "correct_class", "evaluate", "order_rehandling", "close", "record_result", "propose_key",
               "confirm_key"]


class ProposalWalk(RuleBasedStateMachine):
    cast: Cast  # set by the test before the walk runs

    def __init__(self) -> None:
        super().__init__()
        # Every walk runs in a transaction rolled back at its end, so walks start from the same world.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self) -> None:
        try:
            self.figures_agree_with_a_recount()  # and at the end of every walk
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # ------------------------------------------------------------ helpers

    def user(self, who: str) -> User:
        return self.cast.users[who]

    def proposals(self, *states: str) -> list[Proposal]:
        qs = Proposal.objects.order_by("pk")
        return list(qs.filter(state__in=states) if states else qs)

    def assignments(self, *proposal_states: str) -> list[Assignment]:
        return list(Assignment.objects.filter(proposal__state__in=proposal_states).select_related("proposal", "unit")
                    .order_by("pk"))

    def unit_actor(self, who: str, assignment: Assignment) -> User:
        if who == "own":
            return self.cast.staff_of[assignment.unit_id]
        if who == "other":
            return next(u for pk, u in self.cast.staff_of.items() if pk != assignment.unit_id)
        return self.user(who)

    def first_proposer(self, proposal: Proposal) -> User:
        row = Proposer.objects.filter(proposal=proposal, order=0).select_related("person__user").first()
        return row.person.user if row is not None and row.person.user else self.user("alice")

    def persona(self, user: User) -> str:
        return next(name for name, u in self.cast.users.items() if u.pk == user.pk)

    def attempt(self, move_name: str, proposal: Proposal, actor: User, call: Callable[[], Any],
                others: dict[int, str] | None = None) -> bool:
        """Make one move through its service and check what it left; returns whether it was made."""
        move = MOVES[move_name]
        before = snapshot()
        state = Proposal.objects.get(pk=proposal.pk).state
        last = ProposalEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            call()
        except REFUSED:
            assert snapshot() == before, f"refused {move_name} changed something"
            note(f"refused: {move_name}")
            return False
        note(f"made: {move_name}")
        now = Proposal.objects.get(pk=proposal.pk).state
        assert state in move.sources, f"{move_name} was made from {state}, which the table does not allow"
        assert now in outcomes(move), f"{move_name} led from {state} to {now}, not to {sorted(outcomes(move))}"
        roles = ROLES[self.persona(actor)]
        assert roles & actors(move), f"{move_name} made by {self.persona(actor)}, not by {sorted(actors(move))}"
        added = list(ProposalEvent.objects.filter(pk__gt=last).order_by("pk"))
        expected: list[tuple[int, str, str | None, str | None]] = [(proposal.pk, move_name, state, now)]
        expected += [(pk, action, None, None) for pk, action in (others or {}).items()]
        assert sorted((e.proposal_id, e.action, e.from_state if e.proposal_id == proposal.pk else None,
                       e.to_state if e.proposal_id == proposal.pk else None) for e in added) == sorted(expected)
        audited = AuditEvent.objects.filter(action__startswith="proposal.").order_by("pk").values_list("action", flat=True)
        assert list(audited)[before[-1]:] == [f"proposal.{e.action}" for e in added]
        return True

    # ------------------------------------------------------------ drafting and review

    @precondition(lambda self: Proposal.objects.count() < 6)  # a few proposals taken far, rather than many drafts
    @rule(who=st.sampled_from(["alice", "bob"]), joint=st.booleans())
    def create(self, who: str, joint: bool) -> None:
        other = "bob" if who == "alice" else "alice"
        draft(self.cast.world, who=who, kind=ProposalKind.JOINT if joint else ProposalKind.INDIVIDUAL,
              cosigners=(other,) if joint else (), title=f"关于第{Proposal.objects.count() + 1}件事的建议")

    @precondition(lambda self: Proposal.objects.filter(state__in=MOVES["withdraw"].sources).exists())
    @rule(i=INDEX, who=MEMBER, move=st.sampled_from(DRAFTING))
    def drafting(self, i: int, who: str, move: str) -> None:
        p = choose(self.proposals(*MOVES[move].sources), self.proposals(), i)
        actor = self.user(who)
        calls: dict[str, Callable[[], Any]] = {
            "edit": lambda: proposal_update_draft(actor=actor, proposal=p, analysis=p.analysis + "补充分析。",
                                                  expected_version=p.version),
            "submit": lambda: proposal_submit(actor=actor, proposal=p, expected_version=p.version),
            "withdraw": lambda: proposal_withdraw(actor=actor, proposal=p, reason="不再需要",
                                                  expected_version=p.version),
        }
        self.attempt(move, p, actor, calls[move])

    @precondition(lambda self: Proposal.objects.filter(state=State.COSIGNING).exists())
    @rule(i=INDEX, who=MEMBER, accept=st.booleans())
    def cosign(self, i: int, who: str, accept: bool) -> None:
        p = pick(self.proposals(State.COSIGNING), i)
        self.attempt("confirm_cosign" if accept else "decline_cosign", p, self.user(who),
                     lambda: cosign_respond(actor=self.user(who), proposal=p, accept=accept))

    @precondition(lambda self: Proposal.objects.filter(state=State.COSIGNING).exists())
    @rule()
    def expire(self) -> None:
        """The reminders job: invitations left unanswered past the window count as declined."""
        waiting = {p.pk for p in self.proposals(State.COSIGNING)}
        last = ProposalEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        cosign_expire_overdue(now=timezone.now() + datetime.timedelta(days=5))
        added = list(ProposalEvent.objects.filter(pk__gt=last))
        assert {e.proposal_id for e in added} == waiting and len(added) == len(waiting)
        for e in added:
            assert e.action == "decline_cosign" and e.actor_id is None
            assert e.from_state == State.COSIGNING and e.to_state in outcomes(MOVES["decline_cosign"])

    @precondition(lambda self: Proposal.objects.filter(state=State.IN_REVIEW).exists())
    @rule(i=INDEX, j=INDEX, who=st.sampled_from(["pete"] * 5 + ["alice", "olga"]), decision=st.sampled_from(REVIEW))
    def review(self, i: int, j: int, who: str, decision: str) -> None:
        p = pick(self.proposals(State.IN_REVIEW), i)
        lead = pick(self.proposals(), j)
        actor = self.user(who)
        table: dict[str, dict[str, Any]] = {
            Decision.PASS: {},
            Decision.FILE: {"category": category(self.cast.world), "suggested_units": [self.cast.units[0]]},
            Decision.NOT_FILE: {"rejection_reason": self.cast.reason},
            Decision.CONVERT_SUGGESTION: {"explanation": "转作参考", "proposer_consented": True},
            Decision.MERGE: {"merge_into": lead},
            Decision.RETURN: {"remarks": "请修改"},
        }
        args = table[decision]
        others = {lead.pk: "merge_in"} if decision == Decision.MERGE else None
        self.attempt(MOVE_OF_DECISION[decision], p, actor,
                     lambda: review_decide(actor=actor, proposal=p, decision=decision, expected_version=p.version,
                                           **args), others)

    @precondition(lambda self: Proposal.objects.filter(state__in=FILED_STATES).count() < 3)
    @rule(who=st.sampled_from(["alice", "bob"]))
    def file_one(self, who: str) -> None:
        """A member's proposal goes straight through review to filing: every step through its service."""
        p = draft(self.cast.world, who=who, title=f"关于第{Proposal.objects.count() + 1}件事的建议")
        actor, pete = self.user(who), self.user("pete")
        assert self.attempt("submit", p, actor, lambda: proposal_submit(actor=actor, proposal=p))
        for _ in common.stages(self.cast.world.city)[:-1]:
            assert self.attempt("review_pass", p, pete,
                                lambda: review_decide(actor=pete, proposal=p, decision=Decision.PASS))
        assert self.attempt("file", p, pete, lambda: review_decide(actor=pete, proposal=p, decision=Decision.FILE,
                                                                   category=category(self.cast.world)))

    # ------------------------------------------------------------ assignment and handling

    @initialize(who=st.sampled_from(["alice", "bob"]), mode=st.sampled_from(["sole", "separate", "lead"]),
                u=st.integers(0, 2))
    def start_with_an_assigned_proposal(self, who: str, mode: str, u: int) -> None:
        """Every walk starts with a proposal filed and assigned, so that most walks get to the replies."""
        self.file_one(who=who)
        self.assign(i=len(self.proposals(State.FILED)) - 1, who="pete", mode=mode, u=u)

    @precondition(lambda self: Proposal.objects.filter(state=State.FILED).exists())
    @rule(i=INDEX, who=STAFF, mode=st.sampled_from(["sole", "sole", "separate", "lead"]), u=st.integers(0, 2))
    def assign(self, i: int, who: str, mode: str, u: int) -> None:
        p = pick(self.proposals(State.FILED), i)
        units = self.cast.units[u:] + self.cast.units[:u]
        chosen, co = {"sole": (units[:1], []), "separate": (units[:2], []), "lead": (units[:1], units[1:2])}[mode]
        actor = self.user(who)
        self.attempt("assign", p, actor,
                     lambda: proposal_assign(actor=actor, proposal=p, mode=mode, units=chosen, co_units=co))

    @precondition(lambda self: Assignment.objects.filter(proposal__state=State.ASSIGNED,
                                                         state=AssignmentState.ASSIGNED).exists())
    @rule(k=INDEX, who=UNIT)
    def request_reassign(self, k: int, who: str) -> None:
        every = self.assignments(State.ASSIGNED)
        a = choose([x for x in every if x.state == AssignmentState.ASSIGNED], every, k)
        actor = self.unit_actor(who, a)
        self.attempt("request_reassign", a.proposal, actor,
                     lambda: assignment_request_reassign(actor=actor, assignment=a, reason="不属本单位职责"))

    @precondition(lambda self: Assignment.objects.filter(state=AssignmentState.REASSIGN_REQUESTED).exists())
    @rule(k=INDEX, who=STAFF, approve=st.booleans(), u=st.integers(0, 2))
    def decide_reassign(self, k: int, who: str, approve: bool, u: int) -> None:
        a = pick(list(Assignment.objects.filter(state=AssignmentState.REASSIGN_REQUESTED).select_related("proposal")
                      .order_by("pk")), k)
        actor = self.user(who)
        taken = set(a.proposal.assignments.exclude(state=AssignmentState.WITHDRAWN).values_list("unit_id", flat=True))
        new = [choose([x for x in self.cast.units if x.pk not in taken], self.cast.units, u * 7)] if approve else []
        self.attempt("decide_reassign", a.proposal, actor,
                     lambda: assignment_decide_reassign(actor=actor, assignment=a, approve=approve, new_units=new,
                                                        remarks="审批"))

    @precondition(lambda self: Assignment.objects.filter(
        proposal__state__in=[State.ASSIGNED, State.REHANDLING], extension_requested_until__isnull=True,
        state__in=[AssignmentState.ASSIGNED, AssignmentState.VIEW_SENT]).exists())
    @rule(k=INDEX, who=UNIT)
    def request_extension(self, k: int, who: str) -> None:
        every = self.assignments(State.ASSIGNED, State.REHANDLING)
        a = choose([x for x in every if x.state in (AssignmentState.ASSIGNED, AssignmentState.VIEW_SENT)
                    and x.extension_requested_until is None
                    and x.due_date + datetime.timedelta(days=30) <= extension_limit(x)], every, k)
        actor = self.unit_actor(who, a)
        until = a.due_date + datetime.timedelta(days=30)
        self.attempt("request_extension", a.proposal, actor,
                     lambda: assignment_request_extension(actor=actor, assignment=a, until=until, reason="需要调研"))

    @precondition(lambda self: Assignment.objects.filter(extension_requested_until__isnull=False).exists())
    @rule(k=INDEX, who=STAFF, approve=st.booleans())
    def decide_extension(self, k: int, who: str, approve: bool) -> None:
        a = pick(list(Assignment.objects.filter(extension_requested_until__isnull=False).select_related("proposal")
                      .order_by("pk")), k)
        actor = self.user(who)
        self.attempt("decide_extension", a.proposal, actor,
                     lambda: assignment_decide_extension(actor=actor, assignment=a, approve=approve, remarks="审批"))

    @precondition(lambda self: Assignment.objects.filter(
        role=AssignmentRole.CO, state=AssignmentState.ASSIGNED,
        proposal__state__in=[State.ASSIGNED, State.REHANDLING]).exists())
    @rule(k=INDEX, who=UNIT)
    def send_view(self, k: int, who: str) -> None:
        every = list(Assignment.objects.filter(role=AssignmentRole.CO).select_related("proposal").order_by("pk"))
        a = choose([x for x in every if x.state == AssignmentState.ASSIGNED
                    and x.proposal.state in (State.ASSIGNED, State.REHANDLING)], every, k)
        actor = self.unit_actor(who, a)
        self.attempt("send_view", a.proposal, actor,
                     lambda: co_unit_send_view(actor=actor, assignment=a, text="建议统筹考虑本单位职责"))

    @precondition(lambda self: Assignment.objects.filter(
        proposal__state__in=[State.ASSIGNED, State.REHANDLING], state=AssignmentState.ASSIGNED,
        role__in=ANSWERING_ROLES).exists())
    @rule(k=INDEX, who=UNIT, c=st.integers(0, 3))
    def reply(self, k: int, who: str, c: int) -> None:
        every = self.assignments(State.ASSIGNED, State.REHANDLING)
        views = set(CoUnitView.objects.values_list("assignment__proposal_id", flat=True))
        waiting = set(Assignment.objects.filter(role=AssignmentRole.CO).exclude(
            state__in=[AssignmentState.WITHDRAWN, AssignmentState.VIEW_SENT]).values_list("proposal_id", flat=True))
        ready = [x for x in every if x.state == AssignmentState.ASSIGNED and x.role != AssignmentRole.CO
                 and (x.role != AssignmentRole.LEAD or x.proposal_id not in waiting - views)]
        a = choose(ready, every, k)
        actor = self.unit_actor(who, a)
        self.attempt("reply", a.proposal, actor,
                     lambda: assignment_reply(actor=actor, assignment=a, text="已研究办理",
                                              reply_class=pick(self.cast.classes, c)))

    @precondition(lambda self: Assignment.objects.filter(state=AssignmentState.REPLIED,
                                                         proposal__state__in=MOVES["correct_class"].sources).exists())
    @rule(k=INDEX, who=STAFF, c=st.integers(0, 3))
    def correct_class(self, k: int, who: str, c: int) -> None:
        a = pick(list(Assignment.objects.filter(state=AssignmentState.REPLIED).select_related("proposal")
                      .order_by("pk")), k)
        actor = self.user(who)
        self.attempt("correct_class", a.proposal, actor,
                     lambda: reply_correct_class(actor=actor, assignment=a, reply_class=pick(self.cast.classes, c),
                                                 remarks="分类有误"))

    @precondition(lambda self: Assignment.objects.exists())
    @rule(k=INDEX, who=UNIT)
    def contact(self, k: int, who: str) -> None:
        a = pick(list(Assignment.objects.select_related("proposal").order_by("pk")), k)
        actor = self.unit_actor(who, a)
        self.attempt("record_contact", a.proposal, actor,
                     lambda: contact_record(actor=actor, assignment=a, phase=ContactPhase.BEFORE,
                                            date=timezone.localdate(), way="当面座谈", participants="提案人、承办人",
                                            summary="听取提案人意见"))

    @precondition(lambda self: Proposal.objects.filter(state=State.REPLIED).exists())
    @rule(k=INDEX, who=RATER, rating=st.sampled_from(Rating.values))
    def evaluate(self, k: int, who: str, rating: str) -> None:
        every = list(Assignment.objects.filter(state=AssignmentState.REPLIED).select_related("proposal")
                     .order_by("pk"))
        a = choose([x for x in every if x.proposal.state == State.REPLIED
                    and not x.evaluations.filter(round=x.round).exists()], every, k)
        actor = self.first_proposer(a.proposal) if who == "own" else self.user(who)
        self.attempt("evaluate", a.proposal, actor,
                     lambda: evaluation_submit(actor=actor, assignment=a, rating=rating, comment="答复未回应具体建议"))

    @precondition(lambda self: Proposal.objects.filter(state=State.REPLIED).exists())
    @rule(i=INDEX, who=STAFF)
    def order_rehandling(self, i: int, who: str) -> None:
        replied = self.proposals(State.REPLIED)
        p = choose([x for x in replied if Evaluation.objects.filter(
            assignment__proposal=x, rating=Rating.UNSATISFIED, round=F("assignment__round")).exists()], replied, i)
        unsatisfied = [a for a in p.assignments.filter(state=AssignmentState.REPLIED)
                       if a.evaluations.filter(round=a.round, rating=Rating.UNSATISFIED).exists()]
        actor = self.user(who)
        self.attempt("order_rehandling", p, actor,
                     lambda: proposal_order_rehandling(
                         actor=actor, proposal=p, assignments=unsatisfied or list(p.assignments.all()),
                         due_date=timezone.localdate() + datetime.timedelta(days=60), remarks="请重新办理"))

    @precondition(lambda self: Proposal.objects.filter(state=State.REPLIED).exists())
    @rule(i=INDEX, who=STAFF)
    def close(self, i: int, who: str) -> None:
        p = pick(self.proposals(State.REPLIED), i)
        actor = self.user(who)
        self.attempt("close", p, actor, lambda: proposal_close(actor=actor, proposal=p, remarks="办结"))

    @precondition(lambda self: Evaluation.objects.filter(
        assignment__proposal__state__in=MOVES["record_result"].sources).exists())
    @rule(k=INDEX, who=STAFF, solved=st.booleans())
    def record_result(self, k: int, who: str, solved: bool) -> None:
        e = pick(list(Evaluation.objects.select_related("assignment__proposal").order_by("pk")), k)
        actor = self.user(who)
        self.attempt("record_result", e.assignment.proposal, actor,
                     lambda: evaluation_record_result(actor=actor, evaluation=e, solved=solved, note="电话回访"))

    # ------------------------------------------------------------ key proposals

    @precondition(lambda self: Proposal.objects.filter(state__in=MOVES["propose_key"].sources, key__isnull=True)
                  .exists())
    @rule(i=INDEX, who=STAFF, leader_led=st.booleans())
    def propose_key(self, i: int, who: str, leader_led: bool) -> None:
        p = pick(list(Proposal.objects.filter(state__in=FILED_STATES, key__isnull=True).order_by("pk")), i)
        actor = self.user(who)
        self.attempt("propose_key", p, actor,
                     lambda: key_propose(actor=actor, proposal=p, supervisors=[self.cast.leo], leader_led=leader_led))

    @precondition(lambda self: KeyProposal.objects.filter(status=KeyStatus.PROPOSED).exists())
    @rule(i=INDEX, who=STAFF)
    def confirm_key(self, i: int, who: str) -> None:
        key = pick(list(KeyProposal.objects.select_related("proposal").order_by("pk")), i)
        actor = self.user(who)
        self.attempt("confirm_key", key.proposal, actor,
                     lambda: key_confirm(actor=actor, key=key, meeting=self.cast.meeting))

    @precondition(lambda self: KeyProposal.objects.filter(status=KeyStatus.CONFIRMED).exists())
    @rule(i=INDEX, who=SUPERVISOR)
    def supervise(self, i: int, who: str) -> None:
        key = pick(list(KeyProposal.objects.select_related("proposal").order_by("pk")), i)
        actor = self.user(who)
        self.attempt("record_supervision", key.proposal, actor,
                     lambda: key_record_supervision(actor=actor, key=key, kind=SupervisionKind.VISIT,
                                                    date=timezone.localdate(), leaders=[self.cast.leo],
                                                    summary="实地察看办理情况"))

    # ------------------------------------------------------------ moves out of turn

    def out_of_turn_call(self, name: str, p: Proposal) -> tuple[User, Callable[[], Any]] | None:
        """The move `name` on `p` by the one who may make it, with arguments valid in any state (None where the
        proposal has nothing the move could act on)."""
        pete, today = self.user("pete"), timezone.localdate()
        drafter = p.created_by
        a = p.assignments.order_by("pk").first()
        e = Evaluation.objects.filter(assignment__proposal=p).first()
        key = KeyProposal.objects.filter(proposal=p).first()
        rater = self.first_proposer(p)
        calls: dict[str, tuple[User, Callable[[], Any]] | None] = {
            "submit": (drafter, lambda: proposal_submit(actor=drafter, proposal=p)),
            "withdraw": (drafter, lambda: proposal_withdraw(actor=drafter, proposal=p, reason="不再需要")),
            "file": (pete, lambda: review_decide(actor=pete, proposal=p, decision=Decision.FILE,
                                                 category=category(self.cast.world))),
            "assign": (pete, lambda: proposal_assign(actor=pete, proposal=p, mode="sole", units=self.cast.units[:1])),
            "close": (pete, lambda: proposal_close(actor=pete, proposal=p)),
            "propose_key": (pete, lambda: key_propose(actor=pete, proposal=p, supervisors=[self.cast.leo])),
            "confirm_key": None if key is None else (
                pete, lambda: key_confirm(actor=pete, key=key, meeting=self.cast.meeting)),
            "record_result": None if e is None else (
                pete, lambda: evaluation_record_result(actor=pete, evaluation=e, solved=True, note="电话回访")),
            "order_rehandling": None if a is None else (
                pete, lambda: proposal_order_rehandling(actor=pete, proposal=p, assignments=[a],
                                                        due_date=today + datetime.timedelta(days=60),
                                                        remarks="请重新办理")),
        }
        if a is not None:
            unit = self.cast.staff_of[a.unit_id]
            calls.update({
                "request_reassign": (unit, lambda: assignment_request_reassign(actor=unit, assignment=a, reason="不属")),
                "decide_reassign": (pete, lambda: assignment_decide_reassign(actor=pete, assignment=a, approve=False)),
                "request_extension": (unit, lambda: assignment_request_extension(
                    actor=unit, assignment=a, until=a.due_date + datetime.timedelta(days=30), reason="需要调研")),
                "reply": (unit, lambda: assignment_reply(actor=unit, assignment=a, text="已研究办理",
                                                         reply_class=self.cast.classes[0])),
                "correct_class": (pete, lambda: reply_correct_class(actor=pete, assignment=a,
                                                                    reply_class=self.cast.classes[1], remarks="有误")),
                "evaluate": (rater, lambda: evaluation_submit(actor=rater, assignment=a, rating=Rating.SATISFIED)),
            })
        return calls.get(name)

    @precondition(lambda self: Proposal.objects.exists())
    @rule(i=INDEX, name=st.sampled_from(OUT_OF_TURN))
    def out_of_turn(self, i: int, name: str) -> None:
        """A move the table does not allow from the proposal's state is refused in the table's words, even when
        the one who may make it tries, and changes nothing."""
        p = pick(self.proposals(), i)
        found = self.out_of_turn_call(name, p)
        if found is None or WORKFLOW.can(name, p.state):
            return
        _, call = found
        before = snapshot()
        try:
            call()
        except ValidationError as exc:
            assert WORKFLOW.refusal(MOVES[name], p.state) in messages(exc), (name, p.state, messages(exc))
        else:
            raise AssertionError(f"{name} was made from {p.state}")
        assert snapshot() == before
        note(f"out of turn: {name}")

    # ------------------------------------------------------------ what every user sees, after every step

    @invariant()
    def numbers_and_stages(self) -> None:
        proposals = self.proposals()
        numbers = Counter((p.committee_id, p.term_id, p.number) for p in proposals if p.number)
        assert all(n == 1 for n in numbers.values()), numbers
        for p in proposals:
            assert bool(p.number) == (p.state in FILED_STATES), (p.state, p.number)
            assert (p.review_stage_id is not None) == (p.state == State.IN_REVIEW)
            if p.state == State.MERGED:
                assert p.merged_into_id is not None
                credited = set(Proposer.objects.filter(proposal_id=p.merged_into_id).values_list("person_id", flat=True))
                confirmed = set(Proposer.objects.filter(proposal=p, status=CosignStatus.CONFIRMED)
                                .values_list("person_id", flat=True))
                assert confirmed <= credited
            if p.kind == ProposalKind.JOINT:
                assert Proposer.objects.filter(proposal=p, role="cosigner").exists()
            if p.state not in (State.DRAFT, State.COSIGNING, State.WITHDRAWN):
                assert not Proposer.objects.filter(proposal=p, status=CosignStatus.INVITED).exists()

    @invariant()
    def history_follows_the_table(self) -> None:
        """Each proposal's history is one unbroken chain of moves the table allows, ending in its state."""
        states = dict(Proposal.objects.values_list("pk", "state"))
        chains: dict[int, list[ProposalEvent]] = {}
        for e in ProposalEvent.objects.order_by("pk"):
            chains.setdefault(e.proposal_id, []).append(e)
        assert set(chains) == set(states)
        for pk, chain in chains.items():
            assert (chain[0].action, chain[0].from_state, chain[0].to_state) == ("create", "", State.DRAFT)
            for prev, e in zip(chain, chain[1:], strict=False):
                assert e.from_state == prev.to_state, (pk, prev.action, e.action)
                if e.action in MOVES:
                    assert e.from_state in MOVES[e.action].sources, (e.action, e.from_state)
                    assert e.to_state in outcomes(MOVES[e.action]), (e.action, e.to_state)
                else:
                    assert e.action in OTHER_EVENTS and e.from_state == e.to_state, e.action
            assert chain[-1].to_state == states[pk]

    @invariant()
    def duty_records_follow_the_proposals(self) -> None:
        """A proposal that reached the committee credits each confirmed proposer once; any other none."""
        for p in self.proposals():
            expected = set()
            if p.state not in NOT_RECEIVED_STATES and p.submitted_at is not None:
                expected = {(row.person_id, common.DUTY_KIND_FOR_ROLE[ProposerRole(row.role)])
                            for row in Proposer.objects.filter(proposal=p, status=CosignStatus.CONFIRMED)}
            found = DutyRecord.objects.filter(source_type="proposals.proposal", source_id=p.pk)
            assert sorted(found.values_list("person_id", "kind")) == sorted(expected), (p.state, p.pk)
            assert all(title == p.title for title in found.values_list("title", flat=True))

    @invariant()
    def parts_follow_the_state(self) -> None:
        """What the units still owe agrees with the proposal's state: 已答复 once every answering unit replied."""
        for p in self.proposals():
            parts = list(p.assignments.all())
            answering = [a for a in parts if a.role in ANSWERING_ROLES and a.state != AssignmentState.WITHDRAWN]
            owing = [a for a in answering if a.state != AssignmentState.REPLIED]
            if p.state in (State.ASSIGNED, State.REHANDLING):
                assert owing, (p.pk, p.state)
            elif p.state in (State.REPLIED, State.CLOSED):
                assert answering and not owing, (p.pk, p.state)
            else:
                assert not parts, (p.pk, p.state)
            assert (p.assigned_at is not None) == bool(parts)
            assert (p.closed_at is not None) == (p.state == State.CLOSED)
            for e in Evaluation.objects.filter(assignment__proposal=p):
                assert Proposer.objects.filter(proposal=p, person_id=e.person_id,
                                               status=CosignStatus.CONFIRMED).exists()
                assert e.round <= e.assignment.round

    @invariant()
    def key_proposals_agree(self) -> None:
        confirmed = set(KeyProposal.objects.filter(status=KeyStatus.CONFIRMED).values_list("proposal_id", flat=True))
        assert set(Proposal.objects.filter(is_key=True).values_list("pk", flat=True)) == confirmed
        assert not Supervision.objects.exclude(key__status=KeyStatus.CONFIRMED).exists()
        assert not KeyProposal.objects.exclude(proposal__state__in=FILED_STATES).exists()

    @rule()
    def figures_agree_with_a_recount(self) -> None:
        """Staff open the figures page: every count is what a recount of the records gives. (A rule rather than
        an invariant: the figures take a dozen aggregate queries, too many to run after every step.)"""
        figures = proposal_figures(Scope(self.cast.world.city), Period())
        expected = recount()
        assert {name: getattr(figures, name) for name in expected} == expected
        replied = Assignment.objects.filter(role__in=ANSWERING_ROLES, state=AssignmentState.REPLIED).count()
        assert figures.replied_answer_count == replied == sum(c.count for c in figures.classes)
        by_unit = {row.unit_id: row for row in figures.by_unit}
        for unit in self.cast.units:
            live = Assignment.objects.filter(unit=unit).exclude(state=AssignmentState.WITHDRAWN)
            row = by_unit.get(unit.pk)
            assert (row.assignments if row else 0) == live.count()
            assert (row.replied if row else 0) == live.filter(role__in=ANSWERING_ROLES,
                                                              state=AssignmentState.REPLIED).count()


# 15 walks of up to 50 steps: about 40 seconds on one core.
WALKS = settings(max_examples=15, stateful_step_count=50, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.filter_too_much])


def test_random_walk_keeps_invariants(world: World) -> None:
    ProposalWalk.cast = Cast.build(world)
    run_state_machine_as_test(ProposalWalk, settings=WALKS)


def test_walk_reaches_the_outcomes(world: World) -> None:
    """A fixed walk past filing: a lead proposal crediting everyone merged into it is assigned to a lead unit
    and a co-unit, replied, rated unsatisfied, handled again, rated satisfied, closed and followed up; another
    is made a key proposal and supervised. Every step is checked as in the random walks."""
    cast = Cast.build(world)
    ProposalWalk.cast = cast
    walk = ProposalWalk()
    try:
        for who in ("alice", "bob"):
            walk.file_one(who=who)
        lead, second = walk.proposals()
        walk.create(who="bob", joint=True)
        joint = walk.proposals()[-1]
        walk.drafting(i=2, who="bob", move="submit")
        walk.cosign(i=0, who="alice", accept=True)
        for _ in range(2):
            walk.review(i=0, j=0, who="pete", decision=Decision.PASS)
        walk.review(i=0, j=0, who="pete", decision=Decision.MERGE)
        walk.assign(i=0, who="pete", mode="lead", u=0)
        lead_part, co_part = Assignment.objects.filter(proposal=lead).order_by("pk")
        walk.reply(k=0, who="own", c=0)  # refused: the co-unit has not sent its view
        walk.send_view(k=0, who="own")
        walk.reply(k=0, who="own", c=1)
        walk.evaluate(k=0, who="own", rating=Rating.UNSATISFIED)
        walk.order_rehandling(i=0, who="pete")
        walk.reply(k=0, who="own", c=0)
        walk.evaluate(k=0, who="own", rating=Rating.SATISFIED)
        walk.close(i=0, who="pete")
        walk.record_result(k=1, who="pete", solved=True)
        walk.propose_key(i=1, who="pete", leader_led=True)
        walk.confirm_key(i=0, who="pete")
        walk.supervise(i=0, who="leo")
        for name in OUT_OF_TURN:
            walk.out_of_turn(i=0, name=name)
        for check in (walk.numbers_and_stages, walk.history_follows_the_table, walk.duty_records_follow_the_proposals,
                      walk.parts_follow_the_state, walk.key_proposals_agree, walk.figures_agree_with_a_recount):
            check()
        lead.refresh_from_db()
        second.refresh_from_db()
        joint.refresh_from_db()
        lead_part.refresh_from_db()
        co_part.refresh_from_db()
        assert (lead.state, joint.state, joint.merged_into_id) == (State.CLOSED, State.MERGED, lead.pk)
        assert set(lead.proposers.values_list("person__name", flat=True)) == {"艾丽", "薄波"}
        assert (lead_part.round, lead_part.state) == (2, AssignmentState.REPLIED)
        assert lead_part.reply_class is not None and lead_part.reply_class.code == "A"
        assert co_part.state == AssignmentState.VIEW_SENT
        assert [e.rating for e in lead_part.evaluations.order_by("round")] == [Rating.UNSATISFIED, Rating.SATISFIED]
        assert lead_part.evaluations.get(round=2).result_solved is True
        assert (second.state, second.is_key, second.key.supervisions.count()) == (State.FILED, True, 1)
        figures = proposal_figures(Scope(world.city), Period())
        assert (figures.received, figures.filed, figures.merged, figures.closed, figures.key) == (3, 2, 1, 1, 1)
        assert (figures.assigned, figures.replied, figures.evaluations, figures.satisfied) == (1, 1, 1, 1)
    finally:
        walk.teardown()
