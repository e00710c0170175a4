"""Reading proposals with the reader's permissions applied where the rows are fetched."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from lvzhi.accounts.access import committee_from_query as shared_committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_q, deny, grants_of, require, unit_ids_of
from lvzhi.committees.models import Committee
from lvzhi.documents import attachments as uploaded
from lvzhi.members.models import Person
from lvzhi.members.selectors import person_of
from lvzhi.proposals import workflow
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Contact,
    CosignStatus,
    CoUnitView,
    Evaluation,
    KeyProposal,
    Proposal,
    ProposalEvent,
    Proposer,
    State,
)
from lvzhi.proposals.services import attachments as attachment_services


def committee_from_query(request: HttpRequest, cap: str) -> Committee:
    """The committee a proposals screen reads (?committee=, checked), refused in this line's words."""
    return shared_committee_from_query(request, cap, "您没有权限访问提案。")


def attachment_context(proposal: Proposal, can_attach: bool) -> dict[str, Any]:
    """What the attachments panel shows, on the proposal page and on the draft form."""
    return {
        "attachments": list(Attachment.objects.filter(proposal=proposal).select_related("uploaded_by")
                            .order_by("uploaded_at", "id")),
        "can_attach": can_attach,
        "attachment_accept": uploaded.ACCEPT,
        "attachment_max_mb": uploaded.MAX_BYTES // (1024 * 1024),
        "attachment_max_count": attachment_services.MAX_PER_PROPOSAL,
    }


def _person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def visibility_q(user: Any) -> Q:
    """Proposals `user` may read: all of committees where they hold proposal.view_all; the ones they drafted
    or sign (including pending invitations); the ones assigned to their handling unit; key proposals they
    supervise.

    Each branch is a semi-join on an indexed column, so the outer query keeps no joins and a committee filter
    on top still uses the (committee, ...) indexes.
    """
    from lvzhi.committees.models import Committee
    from lvzhi.proposals.models import Assignment, KeyProposal, Proposer

    q = Q(pk__in=[])
    committees = committees_q(user, Cap.PROPOSAL_VIEW_ALL)
    if grants_of(user):
        # A member's draft is theirs until submitted: staff see it from submission on.
        q |= Q(committee_id__in=Committee.objects.filter(committees).values("pk")) & ~Q(state=State.DRAFT)
    if getattr(user, "is_authenticated", False):
        q |= Q(created_by=user)
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(pk__in=Proposer.objects.filter(person_id=person_id).values("proposal_id"))
        q |= Q(pk__in=KeyProposal.objects.filter(supervisors__id=person_id).values("proposal_id"))
    units = sorted(unit_ids_of(user))
    if units:
        q |= Q(pk__in=Assignment.objects.filter(unit_id__in=units).values("proposal_id"))
    return q


def proposals_for_user(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(visibility_q(user))


def can_view(user: Any, proposal: Proposal) -> bool:
    return Proposal.objects.filter(visibility_q(user), pk=proposal.pk).exists()


def get_proposal_for_user(user: Any, pk: int) -> Proposal:
    """The one lookup of a single proposal: the page, the API, the Word file and the attachments all come here."""
    proposal = Proposal.objects.select_related("committee", "term", "session", "category").filter(pk=pk).first()
    if proposal is None:
        raise Http404("未找到该提案。")
    if not can_view(user, proposal):
        if proposal.state == State.DRAFT:
            # A draft is its authors' alone until submitted, whatever the reader's roles (visibility_q agrees).
            deny(user, detail="proposal.draft", obj=proposal, message="该提案尚未提交，只有提案人可以查看草稿。")
        require(user, Cap.PROPOSAL_VIEW_ALL, proposal.committee)
    return proposal


# ---------------------------------------------------------------- who the reader is, for one proposal


@dataclass
class ProposalStanding:
    """What the reader is to this proposal; the page's panels and the API's parts are decided from it."""

    person: Person | None
    drafter: bool
    proposer: Proposer | None  # the reader's own signer row, whatever its status
    view_all: bool
    reviewer: bool
    manager: bool
    supervisor: bool
    unit_ids: set[int] = field(default_factory=set)
    lead: bool = False  # one of the reader's units is the proposal's lead unit (主办)

    @property
    def staff(self) -> bool:
        """Reads the office's side of the record: every actor's name, reviewers' remarks, the review records.

        proposal.view_all alone: proposal.review without it (special-committee staff) reads no proposal but its
        own, and on its own proposal it is a proposer like any other.
        """
        return self.view_all

    @property
    def confirmed_proposer(self) -> bool:
        return self.proposer is not None and self.proposer.status == CosignStatus.CONFIRMED

    @property
    def invited(self) -> bool:
        return self.proposer is not None and self.proposer.status == CosignStatus.INVITED

    @property
    def sees_every_assignment(self) -> bool:
        """Staff, the proposal's own people and its supervising leader follow every unit's handling; so does the
        lead unit, to which the co-units answer. Any other unit reads only its own part."""
        return self.view_all or self.proposer is not None or self.drafter or self.supervisor or self.lead

    def sees_co_unit_view(self, assignment: Assignment) -> bool:
        """A co-unit's view (会办意见) goes to the lead unit (domain.md): staff, the lead and the co-unit itself."""
        return self.view_all or self.lead or assignment.unit_id in self.unit_ids

    def sees_evaluations(self, assignment: Assignment) -> bool:
        """The proposers' ratings of a reply: staff, the confirmed proposers and the rated unit."""
        return self.view_all or self.confirmed_proposer or assignment.unit_id in self.unit_ids


def proposal_standing(user: Any, proposal: Proposal) -> ProposalStanding:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    committee = proposal.committee
    own = Proposer.objects.filter(proposal=proposal, person=person).first() if person is not None else None
    supervisor = (person is not None and can(user, Cap.PROPOSAL_SUPERVISE, committee)
                  and KeyProposal.objects.filter(proposal=proposal, supervisors=person).exists())
    units = unit_ids_of(user) if can(user, Cap.PROPOSAL_HANDLE, committee) else set()
    lead = bool(units) and Assignment.objects.filter(proposal=proposal, unit_id__in=units,
                                                     role=AssignmentRole.LEAD).exists()
    return ProposalStanding(
        person=person, drafter=proposal.created_by_id == getattr(user, "pk", None), proposer=own,
        view_all=can(user, Cap.PROPOSAL_VIEW_ALL, committee), reviewer=can(user, Cap.PROPOSAL_REVIEW, committee),
        manager=can(user, Cap.PROPOSAL_MANAGE, committee), supervisor=supervisor, unit_ids=units, lead=lead,
    )


# ---------------------------------------------------------------- the history, as the reader may see it


# Review moves: who reviewed and what they wrote is the office's. A return's remarks are addressed to the
# proposer (the service requires them to say what to change) and are the decision note both screens show.
REVIEW_MOVES = frozenset(m.name for m in workflow.MOVES.values() if m.actor == workflow.Role.REVIEWER)
REVIEW_REMARKS_FOR_PROPOSER = frozenset({"review_return"})


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    action: str
    label: str
    from_state: str
    to_state: str
    actor: str | None  # the name, when the reader may know who did it
    remarks: str  # empty when the reader may not read them

    @property
    def to_label(self) -> str:
        """The state it moved to, when it moved."""
        changed = self.to_state != self.from_state and self.to_state in State.values
        return State(self.to_state).label if changed else ""


def proposal_timeline_for_user(user: Any, proposal: Proposal,
                               standing: ProposalStanding | None = None) -> list[TimelineEntry]:
    """The proposal's history for this reader: every move, with who did it only for staff or the reader's own
    moves, and reviewers' remarks only for staff. The page and the API both render this list."""
    st = standing if standing is not None else proposal_standing(user, proposal)
    entries = []
    for e in ProposalEvent.objects.filter(proposal=proposal).select_related("actor").order_by("at", "id"):
        own = e.actor_id is not None and e.actor_id == getattr(user, "pk", None)
        internal = e.action in REVIEW_MOVES and e.action not in REVIEW_REMARKS_FOR_PROPOSER
        entries.append(TimelineEntry(
            at=e.at, action=e.action, label=e.label, from_state=e.from_state,
            to_state=e.to_state, actor=str(e.actor) if e.actor is not None and (st.staff or own) else None,
            remarks="" if internal and not st.staff else e.remarks,
        ))
    return entries


# ---------------------------------------------------------------- the assignments, as the reader may see them


def assignment_visibility_q(user: Any) -> Q:
    """Assignments `user` may see, for every proposal at once: `ProposalStanding.sees_every_assignment` and a
    unit's own assignments, written as a filter so the assignments endpoint can list them."""
    q = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return q
    q |= committees_q(user, Cap.PROPOSAL_VIEW_ALL, "proposal__committee__")
    q |= Q(proposal__created_by=user)
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(proposal_id__in=Proposer.objects.filter(person_id=person_id).values("proposal_id"))
        supervised = KeyProposal.objects.filter(committees_q(user, Cap.PROPOSAL_SUPERVISE, "proposal__committee__"),
                                                supervisors__id=person_id)
        q |= Q(proposal_id__in=supervised.values("proposal_id"))
    units = sorted(unit_ids_of(user))
    if units:
        handled = committees_q(user, Cap.PROPOSAL_HANDLE, "proposal__committee__")
        q |= handled & Q(unit_id__in=units)
        led = Assignment.objects.filter(handled, unit_id__in=units, role=AssignmentRole.LEAD)
        q |= Q(proposal_id__in=led.values("proposal_id"))
    return q


def assignments_for_user(user: Any) -> QuerySet[Assignment]:
    """The assignments the reader may see, with what their parts need loaded."""
    return Assignment.objects.filter(assignment_visibility_q(user)).select_related(
        "proposal__committee", "unit", "reply_class", "view",
    ).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("date", "id")),
        Prefetch("evaluations", queryset=Evaluation.objects.select_related("person").order_by("round", "at", "id")),
    )


@dataclass(frozen=True)
class AssignmentForReader:
    """One assignment the reader may see, with the parts of it they may read."""

    assignment: Assignment
    mine: bool  # the reader works for this unit
    co_unit_view: CoUnitView | None  # None when there is none or the reader may not read it
    evaluations: list[Evaluation]  # empty when the reader may not read them


def assignment_for_reader(standing: ProposalStanding, assignment: Assignment) -> AssignmentForReader:
    """What of one assignment (already known to be visible) the reader with `standing` may read."""
    view: CoUnitView | None = getattr(assignment, "view", None)
    return AssignmentForReader(
        assignment=assignment, mine=assignment.unit_id in standing.unit_ids,
        co_unit_view=view if view is not None and standing.sees_co_unit_view(assignment) else None,
        evaluations=list(assignment.evaluations.all()) if standing.sees_evaluations(assignment) else [],
    )


def proposal_assignments_for_user(user: Any, proposal: Proposal,
                                  standing: ProposalStanding | None = None) -> list[AssignmentForReader]:
    """The proposal's assignments this reader may see, in the order they were made; the page and the API both
    render this list."""
    st = standing if standing is not None else proposal_standing(user, proposal)
    rows = assignments_for_user(user).filter(proposal=proposal).order_by("id")
    return [assignment_for_reader(st, a) for a in rows]
