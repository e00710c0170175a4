"""Writing and submitting a report: create (as a draft or submitted at once), edit the draft, submit, withdraw."""
from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import person_of
from lvzhi.opinions import workflow
from lvzhi.opinions.models import COLLECTIVE_KINDS, OpinionAuthor, OpinionReport, State, SubmitterKind
from lvzhi.opinions.services import common

AUTHOR = workflow.Role.AUTHOR


def _check_authors(
    committee: Committee, kind: str, me: Person | None, co_authors: Sequence[Person], collective_name: str,
    errors: dict[str, str],
) -> list[Person]:
    """The credited authors in order; errors for what the submitter kind does not allow."""
    if kind not in SubmitterKind.values:
        errors["submitter_kind"] = "请选择报送方式。"
        return []
    authors: list[Person] = []
    if kind in (SubmitterKind.MEMBER, SubmitterKind.JOINT):
        if me is None:
            errors["submitter_kind"] = "委员个人或联名报送须由委员本人填写；以单位名义报送请选择相应的报送方式。"
            return []
        authors.append(me)
        if collective_name:
            errors["collective_name"] = "委员个人或联名报送不填写报送单位。"
    elif not collective_name:
        errors["collective_name"] = "请填写报送单位名称。"
    seen = {p.pk for p in authors}
    for person in co_authors:
        if person.pk in seen:
            errors["co_authors"] = f"作者“{person.name}”重复。"
            return authors
        seen.add(person.pk)
        if not Membership.objects.filter(person=person, committee=committee, is_active=True).exists():
            errors["co_authors"] = f"“{person.name}”不是本政协组织的在任委员。"
            return authors
        authors.append(person)
    if kind == SubmitterKind.MEMBER and len(authors) > 1:
        errors["co_authors"] = "委员个人报送不能有联名作者；如需联名，请选择“委员联名”。"
    if kind == SubmitterKind.JOINT and len(authors) < 2:
        errors["co_authors"] = "委员联名报送至少需要一位联名委员。"
    return authors


def _set_authors(report: OpinionReport, authors: Sequence[Person]) -> None:
    OpinionAuthor.objects.filter(report=report).exclude(person__in=list(authors)).delete()
    for i, person in enumerate(authors, start=1):
        OpinionAuthor.objects.update_or_create(report=report, person=person, defaults={"order": i})


def _submit(actor: Actor, report: OpinionReport, remarks: str = "") -> None:
    from_state = report.state
    move = workflow.WORKFLOW.apply(report, "submit", actor_role=AUTHOR)
    report.submitted_at = timezone.now()
    report.year = timezone.localdate(report.submitted_at).year
    report.original_title, report.original_body = report.title, report.body
    common.save_changed(report, ["state", "submitted_at", "year", "original_title", "original_body"])
    common.credit_submitted(report)
    common.record_move(report=report, actor=actor, move=move, from_state=from_state, to_state=report.state,
                       remarks=remarks or ("紧急信息" if report.urgent else ""))


@transaction.atomic
def opinion_create(
    *, actor: User, committee: Committee, title: str, body: str, submitter_kind: str,
    collective_name: str = "", co_authors: Sequence[Person] = (), urgent: bool = False, submit: bool = False,
) -> OpinionReport:
    """A new report by `actor`, a signed-in user (a draft, or submitted at once when `submit`)."""
    require(actor, Cap.OPINION_SUBMIT, committee)
    errors: dict[str, str] = {}
    title = common.check_title(title, errors)
    body = common.check_body(committee, body, errors)
    collective_name = common.check_short(collective_name, "报送单位名称", common.NAME_MAX, errors, "collective_name",
                                         required=False)
    authors = _check_authors(committee, submitter_kind, person_of(actor), co_authors, collective_name,
                             errors)
    if not errors:
        # A second click on 报送, or the same text sent twice: one matter is reported once.
        twin = (OpinionReport.objects.filter(committee=committee, created_by=actor, title=title, body=body)
                .exclude(state=State.WITHDRAWN).first())
        if twin is not None:
            errors["title"] = f"您已有一条相同标题和正文的信息（{twin.get_state_display()}），请勿重复报送。"
    if errors:
        raise ValidationError(errors)
    report = OpinionReport.objects.create(
        committee=committee, year=timezone.localdate().year, title=title, body=body, submitter_kind=submitter_kind,
        collective_name=collective_name if submitter_kind in COLLECTIVE_KINDS else "", urgent=bool(urgent),
        created_by=actor,
    )
    _set_authors(report, authors)
    common.refresh_search(report)
    common.record_move(report=report, actor=actor, move="create", from_state="", to_state=State.DRAFT,
                       after={"title": title, "submitter_kind": submitter_kind})
    if submit:
        _submit(actor, report)
    return report


@transaction.atomic
def opinion_update_draft(
    *, actor: Actor, report: OpinionReport, title: str, body: str, submitter_kind: str, collective_name: str = "",
    co_authors: Sequence[Person] = (), urgent: bool = False, expected_version: int | None = None,
) -> OpinionReport:
    """The author's changes to their own draft."""
    move = workflow.MOVES["edit_draft"]
    common.require_author(actor, report, move)
    common.lock(report, expected_version)
    workflow.WORKFLOW.apply(report, move.name, actor_role=AUTHOR)
    errors: dict[str, str] = {}
    title = common.check_title(title, errors)
    body = common.check_body(report.committee, body, errors)
    collective_name = common.check_short(collective_name, "报送单位名称", common.NAME_MAX, errors, "collective_name",
                                         required=False)
    authors = _check_authors(report.committee, submitter_kind, person_of(actor), co_authors,
                             collective_name, errors)
    if errors:
        raise ValidationError(errors)
    before = {"title": report.title, "urgent": report.urgent}
    report.title, report.body, report.submitter_kind = title, body, submitter_kind
    report.collective_name = collective_name if submitter_kind in COLLECTIVE_KINDS else ""
    report.urgent = bool(urgent)
    common.save_changed(report, ["title", "body", "submitter_kind", "collective_name", "urgent"])
    _set_authors(report, authors)
    common.refresh_search(report)
    audit_record(actor=actor, action="opinions.edit_draft", obj=report, before=before,
                 after={"title": title, "urgent": report.urgent})
    return report


@transaction.atomic
def opinion_submit(*, actor: Actor, report: OpinionReport, expected_version: int | None = None) -> OpinionReport:
    """The author sends the draft to the committee; a second submit is refused (the state has moved on)."""
    common.require_author(actor, report, workflow.MOVES["submit"])
    common.lock(report, expected_version)
    _submit(actor, report)
    return report


@transaction.atomic
def opinion_withdraw(
    *, actor: Actor, report: OpinionReport, remarks: str = "", expected_version: int | None = None,
) -> OpinionReport:
    """The author takes the report back before the editors accept it; the duty rows go with it."""
    move = workflow.MOVES["withdraw"]
    common.require_author(actor, report, move)
    common.lock(report, expected_version)
    workflow.check_move(move.name, report.state, actor_role=AUTHOR)
    errors: dict[str, str] = {}
    remarks = common.check_short(remarks, "撤回说明", common.REMARKS_MAX, errors, "remarks", required=False)
    if errors:
        raise ValidationError(errors)
    from_state = report.state
    workflow.WORKFLOW.apply(report, move.name, actor_role=AUTHOR)
    common.save_changed(report, ["state"])
    common.clear_submitted(report)
    common.record_move(report=report, actor=actor, move=move, from_state=from_state, to_state=report.state,
                       remarks=remarks)
    return report
