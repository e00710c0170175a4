"""Journal issues (期): open an issue with the next number, put accepted reports in it, publish it."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.opinions import workflow
from lvzhi.opinions.models import (
    IssueItem,
    IssueState,
    JournalIssue,
    OpinionReport,
    OpinionSettings,
    Publication,
    State,
)
from lvzhi.opinions.services import common


def _lock_issue(issue: JournalIssue, expected_version: int | None) -> JournalIssue:
    issue.refresh_from_db(from_queryset=JournalIssue.objects.select_for_update())
    if expected_version is not None and issue.version != expected_version:
        raise ValidationError("该刊期已被他人修改，请刷新后重试。")
    return issue


def _bump(issue: JournalIssue, fields: list[str]) -> None:
    issue.version += 1
    issue.save(update_fields=sorted({*fields, "version"}))


def _check_draft(issue: JournalIssue) -> None:
    if issue.state != IssueState.DRAFT:
        raise ValidationError(f"{issue}已印发，不能再调整。")


@transaction.atomic
def issue_create(*, actor: User, publication: Publication, date: datetime.date | None = None) -> JournalIssue:
    """A new issue numbered after the publication's last one of that year, opened by a signed-in user.

    The committee's settings row is locked while the number is chosen, so two editors opening issues at once
    get different numbers; the unique constraint is the last guard.
    """
    require(actor, Cap.OPINION_EDIT, publication.committee)
    date = date or common.today()
    common.opinion_defaults(publication.committee)
    OpinionSettings.objects.select_for_update().get(committee_id=publication.committee_id)
    last = JournalIssue.objects.filter(publication=publication, year=date.year).aggregate(m=Max("number"))["m"]
    issue = JournalIssue.objects.create(publication=publication, committee_id=publication.committee_id,
                                        year=date.year, number=(last or 0) + 1, date=date, created_by=actor)
    audit_record(actor=actor, action="opinions.issue_create", obj=issue, committee_id=issue.committee_id,
                 after={"issue": str(issue)})
    return issue


@transaction.atomic
def issue_add_report(
    *, actor: Actor, issue: JournalIssue, report: OpinionReport, expected_version: int | None = None,
) -> IssueItem:
    """Put an accepted report in a draft issue; a report appears in one issue only."""
    require(actor, Cap.OPINION_EDIT, issue.committee)
    _lock_issue(issue, expected_version)
    _check_draft(issue)
    common.lock(report, None)
    move = workflow.WORKFLOW.apply(report, "add_to_issue", actor_role=workflow.Role.EDITOR)
    if report.committee_id != issue.committee_id:
        raise ValidationError("只能编入本政协组织的信息。")
    common.refuse_if_in_issue(report)
    order = (IssueItem.objects.filter(issue=issue).aggregate(m=Max("order"))["m"] or 0) + 1
    item = IssueItem.objects.create(issue=issue, report=report, order=order)
    _bump(issue, [])
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"编入{issue}", after={"issue": issue.pk})
    return item


@transaction.atomic
def issue_remove_report(
    *, actor: Actor, issue: JournalIssue, report: OpinionReport, expected_version: int | None = None,
) -> None:
    require(actor, Cap.OPINION_EDIT, issue.committee)
    _lock_issue(issue, expected_version)
    _check_draft(issue)
    common.lock(report, None)
    move = workflow.WORKFLOW.apply(report, "remove_from_issue", actor_role=workflow.Role.EDITOR)
    deleted, _ = IssueItem.objects.filter(issue=issue, report=report).delete()
    if not deleted:
        raise ValidationError("该信息不在本期中。")
    _bump(issue, [])
    common.save_changed(report, [])
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=f"移出{issue}", after={"issue": issue.pk})


@transaction.atomic
def issue_publish(*, actor: Actor, issue: JournalIssue, expected_version: int | None = None) -> JournalIssue:
    """印发: the issue and every report in it become published (编发)."""
    require(actor, Cap.OPINION_EDIT, issue.committee)
    _lock_issue(issue, expected_version)
    _check_draft(issue)
    items = list(IssueItem.objects.filter(issue=issue).select_related("report").order_by("order", "id"))
    if not items:
        raise ValidationError("本期还没有编入信息，不能印发。")
    now = timezone.now()
    for item in items:
        report = common.lock(item.report, None)
        move = workflow.WORKFLOW.apply(report, "publish", actor_role=workflow.Role.EDITOR)
        report.published_at = now
        common.save_changed(report, ["state", "published_at"])
        common.record_move(report=report, actor=actor, move=move, from_state=State.EDITING, to_state=report.state,
                           remarks=f"刊发于{issue}", after={"issue": issue.pk})
    issue.state = IssueState.PUBLISHED
    issue.published_at = now
    _bump(issue, ["state", "published_at"])
    audit_record(actor=actor, action="opinions.issue_publish", obj=issue, committee_id=issue.committee_id,
                 before={"state": IssueState.DRAFT}, after={"state": issue.state, "items": len(items)})
    return issue
