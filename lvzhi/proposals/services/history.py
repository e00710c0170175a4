"""Importing earlier years' proposals: each one is created in the outcome it reached and recorded as every move
is (the history row, the audit event, the proposers' duty records), all or nothing."""
from __future__ import annotations

import datetime
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.models import Outcome
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, Session
from lvzhi.documents.imports import ImportProblems, Problem
from lvzhi.proposals import workflow
from lvzhi.proposals.history_import import HistoryImportResult, PlannedProposal, plan_history
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Evaluation,
    Proposal,
    ProposalSettings,
    Proposer,
    ProposerRole,
    State,
)
from lvzhi.proposals.search_index import refresh_search_many
from lvzhi.proposals.services.common import proposal_defaults, record_move

AUDIT_ACTION = "proposal.history_import"  # the file as a whole; each proposal has its own move event


def _moment(year: int, session: Session | None) -> datetime.datetime:
    """When a historical proposal is taken to have been submitted: the plenary's opening, else 1 July."""
    day = session.start_date if session is not None else datetime.date(year, 7, 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _assign(proposal: Proposal, planned: PlannedProposal, assigned: datetime.datetime,
            replied: datetime.datetime | None, settings_row: ProposalSettings) -> Assignment | None:
    """The units' assignments (the first unit leads, and alone answers when a reply class is given); the lead."""
    due = assigned + datetime.timedelta(days=settings_row.reply_days)
    lead: Assignment | None = None
    for i, unit in enumerate(planned.units):
        role = AssignmentRole.SOLE if len(planned.units) == 1 else AssignmentRole.LEAD if i == 0 else AssignmentRole.CO
        answered = replied is not None and i == 0
        assignment = Assignment.objects.create(
            proposal=proposal, unit=unit, role=role,
            state=AssignmentState.REPLIED if answered else AssignmentState.VIEW_SENT if replied else
            AssignmentState.ASSIGNED,
            assigned_at=assigned, due_date=timezone.localdate(due), reassign_until=timezone.localdate(
                assigned + datetime.timedelta(days=settings_row.reassign_days)),
            reply_class=planned.reply_class if answered else None, replied_at=replied if answered else None,
        )
        lead = lead or assignment
    return lead


def _create(actor: Actor, committee: Committee, planned: PlannedProposal, remarks: str) -> Proposal:
    f = planned.fields
    submitted = _moment(f["year"], f["session"])
    settings_row = proposal_defaults(committee)
    assigned = submitted + datetime.timedelta(days=30) if planned.units else None
    due = (assigned + datetime.timedelta(days=settings_row.reply_days)) if assigned else None
    replied = due if planned.reply_class is not None else None
    proposal = Proposal(
        committee=committee, term=f["term"], session=f["session"], year=f["year"], kind=f["kind"],
        collective_kind=f.get("collective_kind", ""), collective_name=f.get("collective_name", ""), title=f["title"],
        situation=f.get("situation", ""), category=f["category"], number=f["number"], seq=f["seq"],
        created_by=actor, submitted_at=submitted, assigned_at=assigned,
    )
    # A new record (a draft until now) takes the outcome the spreadsheet gives it; the table checks it is one.
    move = workflow.WORKFLOW.apply(proposal, "history_import", actor_role=workflow.Role.STAFF, target=f["state"])
    proposal.filed_at = submitted if proposal.state in workflow.FILED_STATES else None
    proposal.closed_at = replied if proposal.state == State.CLOSED else None
    proposal.save()
    Proposer.objects.bulk_create([Proposer(proposal=proposal, person=person, role=role, order=i)
                                  for i, (person, role) in enumerate(planned.people)])
    lead = _assign(proposal, planned, assigned, replied, settings_row) if assigned is not None else None
    if planned.rating and lead is not None:
        raters = [p for p, role in planned.people if role != ProposerRole.COLLECTIVE][:1] or [planned.people[0][0]]
        Evaluation.objects.create(assignment=lead, person=raters[0], rating=planned.rating)
    # The history row, the audit event and the proposers' duty records (dated the year it was made), as every
    # move writes them. From "": the proposal was never a draft here.
    record_move(proposal=proposal, actor=actor, move=move, from_state="", to_state=proposal.state, remarks=remarks,
                after={"年度": proposal.year, "提案号": proposal.number})
    return proposal


def proposal_import_historical(*, actor: Actor, committee: Committee, rows: list[dict[str, Any]],
                               filename: str = "") -> HistoryImportResult:
    """Check the rows again, then create every proposal with its proposers, assignments and ratings in one
    transaction; any problem imports nothing (ImportProblems). Used by the screen, the API and the command."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    remarks = f"历史提案导入{('：' + filename) if filename else ''}"
    try:
        with transaction.atomic():
            proposal_defaults(committee)
            plan = plan_history(committee=committee, rows=rows)
            if plan.problems:
                raise ImportProblems(plan.problems)
            if not plan.rows:
                raise ImportProblems([Problem(None, "", "文件中没有可导入的提案。")])
            created = [_create(actor, committee, planned, remarks) for planned in plan.rows]
            refresh_search_many(created)
            years = sorted({p.year for p in created})
            audit_record(actor=actor, action=AUDIT_ACTION, obj=committee, committee_id=committee.pk,
                         detail=f"导入历史提案 {len(created)} 件", after={
                             "文件": filename, "件数": len(created), "年度": "、".join(str(y) for y in years)})
    except ImportProblems as exc:
        audit_record(actor=actor, action=AUDIT_ACTION, obj=committee, committee_id=committee.pk,
                     outcome=Outcome.FAILURE, detail=f"导入未完成：{len(exc.problems)} 处问题")
        raise
    except DatabaseError as exc:
        audit_record(actor=actor, action=AUDIT_ACTION, obj=committee, committee_id=committee.pk,
                     outcome=Outcome.FAILURE, detail=f"导入未完成：数据库错误 {type(exc).__name__}")
        raise ImportProblems([Problem(None, "", "保存时发生冲突（可能有人同时录入了相同提案号），未导入任何数据，请重试。")]) from exc
    return HistoryImportResult(total=len(created), years=years)
