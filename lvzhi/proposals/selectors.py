"""Reading proposals with the reader's permissions applied where the rows are fetched."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lvzhi.accounts.access import committee_from_query as shared_committee_from_query
from lvzhi.accounts.permissions import Cap, committees_q, deny, grants_of, require, unit_ids_of
from lvzhi.committees.models import Committee
from lvzhi.documents import attachments as uploaded
from lvzhi.members.selectors import person_of
from lvzhi.proposals.models import Attachment, Proposal, State
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
