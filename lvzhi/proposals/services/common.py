"""What every proposal service shares: per-committee defaults, the recorded move, numbering."""
from __future__ import annotations

import datetime
import unicodedata
from typing import Any, NoReturn

from django.db import transaction
from django.utils import timezone

from lvzhi import versioning
from lvzhi.accounts.permissions import deny
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, Session, chinese_number
from lvzhi.duty.models import DutyKind, DutyRole, Outcome
from lvzhi.duty.services import DutyEntry, duty_records_replace
from lvzhi.proposals.models import (
    CosignStatus,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalKind,
    ProposalSettings,
    Proposer,
    ProposerRole,
    ReplyClass,
    ReviewStage,
    State,
)
from lvzhi.proposals.workflow import FILED_STATES, NOT_RECEIVED_STATES, Move

DEFAULT_STAGES = ["初审", "复审", "终审"]
DEFAULT_CATEGORIES = ["经济建设", "科教文化", "劳动保障", "医疗卫生", "城市建设", "民主法治", "生态环境", "社会事业"]
DEFAULT_REPLY_CLASSES = [
    ("A", "已解决或基本解决"),
    ("B", "正在解决或已列入计划"),
    ("C", "因条件限制暂时难以解决，已作说明"),
    ("D", "留作参考"),
]



# The helpers every proposal service shares: a refusal recorded on the proposal, the row lock with the version
# check, and the one text normalisation.
STALE_MESSAGE = "该提案已被他人修改，请刷新后重试。"
save_changed = versioning.save_changed


def refuse(actor: Actor, proposal: Proposal, detail: str, message: str = "您没有权限执行此操作。") -> NoReturn:
    """Record a refused access on this proposal and raise PermissionDenied."""
    deny(actor, detail=detail, obj=proposal, message=message)


def lock(obj: Proposal, expected_version: int | None) -> Proposal:
    """The shared row lock and version check (lvzhi.versioning), refusing in this line's words."""
    return versioning.lock(obj, expected_version, stale_message=STALE_MESSAGE)


# Full-width letters and digits become half-width; Chinese punctuation (，；：（）) is kept as typed, which
# NFKC (lvzhi.text.chinese.normalise) would turn into ASCII punctuation in prose.
_HALF_WIDTH = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)}


def normalise_text(text: str) -> str:
    """Trimmed text with full-width letters and digits made half-width and line ends unified."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    return unicodedata.normalize("NFC", text).strip()


def proposal_defaults(committee: Committee) -> ProposalSettings:
    """The committee's proposal settings, creating the common defaults the first time they are needed."""
    settings_row = ProposalSettings.objects.filter(committee=committee).first()
    if settings_row is not None:
        return settings_row
    with transaction.atomic():
        settings_row, created = ProposalSettings.objects.get_or_create(committee=committee)
        if created:
            for i, name in enumerate(DEFAULT_STAGES, start=1):
                ReviewStage.objects.get_or_create(committee=committee, order=i, defaults={"name": name})
            for i, name in enumerate(DEFAULT_CATEGORIES):
                ProposalCategory.objects.get_or_create(committee=committee, name=name,
                                                       defaults={"sort_order": (i + 1) * 10})
            for i, (code, name) in enumerate(DEFAULT_REPLY_CLASSES):
                ReplyClass.objects.get_or_create(committee=committee, code=code,
                                                 defaults={"name": name, "sort_order": (i + 1) * 10})
    return settings_row


def stages(committee: Committee) -> list[ReviewStage]:
    proposal_defaults(committee)
    return list(ReviewStage.objects.filter(committee=committee).order_by("order"))


def record_move(
    *, proposal: Proposal, actor: Actor, move: Move | str, from_state: str, to_state: str, remarks: str = "",
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
) -> ProposalEvent:
    """The proposal's own history row (shown to users) and the audit event, in the caller's transaction."""
    name = move if isinstance(move, str) else move.name
    event = ProposalEvent.objects.create(
        proposal=proposal, actor=actor if getattr(actor, "is_authenticated", False) else None, action=name,
        from_state=from_state, to_state=to_state, remarks=remarks[:2000],
    )
    audit_after = {"state": to_state, **(after or {})}
    audit_before = {"state": from_state, **(before or {})} if from_state or before else None
    audit_record(actor=actor, action=f"proposal.{name}", obj=proposal, committee_id=proposal.committee_id,
                 before=audit_before, after=audit_after, detail=remarks[:500])
    sync_duty(proposal)
    return event


DUTY_KIND_FOR_ROLE: dict[str, str] = {
    ProposerRole.FIRST: DutyKind.PROPOSAL_FIRST, ProposerRole.COSIGNER: DutyKind.PROPOSAL_COSIGN,
    ProposerRole.COLLECTIVE: DutyKind.PROPOSAL_COLLECTIVE}


def duty_outcomes(proposal: Proposal) -> tuple[str, ...]:
    """What a received proposal earns its proposers: submitted; filed once filed (a proposal merged into another
    is handled with it, and each proposer still counts); key once confirmed as a key proposal."""
    outcomes: list[str] = [Outcome.SUBMITTED]
    if proposal.state in FILED_STATES or proposal.state == State.MERGED:
        outcomes.append(Outcome.FILED)
    if proposal.is_key:
        outcomes.append(Outcome.KEY)
    return tuple(outcomes)


def duty_role(proposal: Proposal, role: str) -> str | None:
    """A joint proposal's first proposer is told apart (scoring tables often give them half an individual's
    points); every other part is the kind's own."""
    if role == ProposerRole.FIRST and proposal.kind == ProposalKind.JOINT:
        return DutyRole.JOINT_FIRST
    return None


def sync_duty(proposal: Proposal) -> None:
    """Keep the proposers' duty records in step with the proposal: one entry per confirmed proposer once the
    proposal has reached the committee, none before or after a withdrawal. Every move passes through here."""
    entries: list[DutyEntry] = []
    if proposal.state not in NOT_RECEIVED_STATES and proposal.submitted_at is not None:
        rows = Proposer.objects.filter(proposal=proposal, status=CosignStatus.CONFIRMED).select_related("person")
        outcomes = duty_outcomes(proposal)
        entries = [DutyEntry(row.person, DUTY_KIND_FOR_ROLE[row.role], row.get_role_display(), outcomes=outcomes,
                             role_code=duty_role(proposal, row.role)) for row in rows]
    day = timezone.localdate(proposal.submitted_at) if proposal.submitted_at else timezone.localdate()
    duty_records_replace(source=proposal, committee_id=proposal.committee_id, date=day, title=proposal.title,
                         entries=entries)


def session_for(committee: Committee, when: datetime.datetime | None = None) -> Session | None:
    """The plenary whose proposal window contains `when` (大会提案), else None (平时提案).

    The window runs from 30 days before the opening to the proposal deadline (or the closing day).
    """
    when = when or timezone.now()
    day = timezone.localdate(when)
    for session in Session.objects.filter(term__committee=committee, term__is_current=True).order_by("-start_date"):
        last = session.proposal_deadline or session.end_date
        if session.start_date - datetime.timedelta(days=30) <= day <= last:
            return session
    return None


def next_number(proposal: Proposal) -> tuple[int, str]:
    """The next sequence and formatted number for a proposal being filed; call inside the filing transaction.

    The committee's settings row is locked, so two staff filing at once get different numbers; the unique
    constraint on (committee, term, number) is the last guard.
    """
    settings_row = ProposalSettings.objects.select_for_update().get(committee_id=proposal.committee_id)
    # The stubs refuse a None session_id, which Django turns into IS NULL (the 平时 numbering).
    scope = Proposal.objects.filter(committee_id=proposal.committee_id, term_id=proposal.term_id,  # type: ignore[misc]
                                    session_id=proposal.session_id, seq__isnull=False)
    last = scope.order_by("-seq").values_list("seq", flat=True).first() or 0
    seq = last + 1
    session_number = proposal.session.number if proposal.session is not None else 0
    sitting = f"{chinese_number(session_number)}次会议" if session_number else "平时"
    number = settings_row.number_format.format(term=proposal.term.number, session=session_number, sitting=sitting,
                                               year=proposal.year, seq=seq)
    return seq, number[:40]
