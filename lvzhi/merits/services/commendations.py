"""Commendations (表彰) recorded per year by committee staff: each member credited gets a duty row (表彰, with the
kind's outcome); removing a member, or deleting the commendation, removes it.

A commendation's duty rows are dated on the day it was issued, or, when it is issued after its year (a
“2025年度优秀政协委员” announced in January 2026), on the last day of its year: an honour counts in the year it is for.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyEvent, DutyKind, DutyRole
from lvzhi.duty.services import duty_record_clear, duty_record_set
from lvzhi.members.models import Membership, Person
from lvzhi.merits import workflow
from lvzhi.merits.models import Commendation, CommendationKind, Commendee
from lvzhi.merits.services.common import audit, clean_text, lock, raise_errors, save_changed
from lvzhi.proposals.models import CosignStatus, Proposal, ProposerRole
from lvzhi.proposals.services.common import duty_role
from lvzhi.proposals.workflow import FILED_STATES

TITLE_MAX = 200
ISSUER_MAX = 100
NUMBER_MAX = 60
MAX_PEOPLE = 2000
DUPLICATE = "该年度已登记同名同类的表彰。"
PROPOSAL_DUPLICATE = "该提案在该年度已登记为优秀提案。"
PROPOSER_ROLE = {ProposerRole.FIRST: DutyRole.FIRST, ProposerRole.COSIGNER: DutyRole.COSIGNER,
                 ProposerRole.COLLECTIVE: DutyRole.COLLECTIVE}


def duty_date(commendation: Commendation) -> datetime.date:
    """The day its duty rows carry: the issue date, or the last day of its year when issued after it."""
    if commendation.issued_on.year == commendation.year:
        return commendation.issued_on
    return datetime.date(commendation.year, 12, 31)


def _duty(commendation: Commendation, commendee: Commendee) -> None:
    kind = commendation.kind
    role = DutyRole(commendee.role_code).label if kind == CommendationKind.EXCELLENT_PROPOSAL else ""
    duty_record_set(person=commendee.person, committee_id=commendation.committee_id, kind=DutyKind.COMMENDATION,
                    source=commendee, date=duty_date(commendation), title=commendation.title, role=role,
                    event=DutyEvent.COMMENDATION, role_code=commendee.role_code,
                    outcomes=workflow.COMMENDATION_OUTCOMES[kind])


def _clean(*, year: int | None, title: str, issued_on: datetime.date | None, issuer: str,
           document_number: str, errors: dict[str, str]) -> dict[str, object]:
    today = timezone.localdate()
    if year is None or not 2000 <= year <= today.year:
        errors["year"] = f"年度应为 2000–{today.year} 之间的年份。"
    if issued_on is None:
        errors["issued_on"] = "请填写表彰日期。"
    elif issued_on > today:
        errors["issued_on"] = "表彰日期不能晚于今天。"
    elif year is not None and issued_on.year not in (year, year + 1):
        errors["issued_on"] = f"表彰日期应在 {year} 年或 {year + 1} 年。"
    return {
        "title": clean_text(title, "表彰名称", max_length=TITLE_MAX, one_line=True, errors=errors, field="title"),
        "issuer": clean_text(issuer, "表彰单位", max_length=ISSUER_MAX, one_line=True, required=False,
                             errors=errors, field="issuer"),
        "document_number": clean_text(document_number, "文号", max_length=NUMBER_MAX, one_line=True,
                                      required=False, errors=errors, field="document_number"),
    }


def _serving(committee: Committee, people: Sequence[Person], errors: dict[str, str], field: str = "people"
             ) -> list[Person]:
    ids = [p.pk for p in people]
    if len(set(ids)) != len(ids):
        errors[field] = "受表彰委员有重复。"
    elif len(ids) > MAX_PEOPLE:
        errors[field] = f"一次最多 {MAX_PEOPLE} 人。"
    else:
        serving = set(Membership.objects.filter(committee=committee, is_active=True, person_id__in=ids)
                      .values_list("person_id", flat=True))
        outsiders = [p.name for p in people if p.pk not in serving]
        if outsiders:
            errors[field] = f"{'、'.join(outsiders[:10])}不是{committee.name}的在任委员。"
    return list(people)


def _proposal_credits(committee: Committee, proposal: Proposal | None, errors: dict[str, str]
                      ) -> list[tuple[Person, str]]:
    if proposal is None:
        errors["proposal"] = "优秀提案须选择所表彰的提案。"
        return []
    if proposal.committee_id != committee.pk or proposal.state not in FILED_STATES:
        errors["proposal"] = "只能表彰本政协组织已立案的提案。"
        return []
    rows = (proposal.proposers.filter(status=CosignStatus.CONFIRMED).select_related("person")
            .order_by("order", "id"))
    # The proposer's part as the proposal's own duty record has it (a joint proposal's first proposer apart).
    credits: list[tuple[Person, str]] = [(r.person, duty_role(proposal, r.role) or PROPOSER_ROLE[ProposerRole(r.role)])
                                         for r in rows]
    if not credits:
        errors["proposal"] = "该提案没有已确认的提案人。"
    return credits


@transaction.atomic
def commendation_create(
    *, actor: Actor, committee: Committee, year: int | None, kind: str, title: str,
    issued_on: datetime.date | None, issuer: str = "", document_number: str = "", people: Sequence[Person] = (),
    proposal: Proposal | None = None,
) -> Commendation:
    """Record a commendation with the members it credits, each landing in their duty record. For 优秀提案 the
    credited are the proposal's confirmed proposers, each in their role (first, co-signer, collective)."""
    require(actor, Cap.DUTY_MANAGE, committee)
    errors: dict[str, str] = {}
    if kind not in CommendationKind.values:
        errors["kind"] = "请选择表彰类别。"
    values = _clean(year=year, title=title, issued_on=issued_on, issuer=issuer, document_number=document_number,
                    errors=errors)
    credits: list[tuple[Person, str]] = []
    if kind == CommendationKind.EXCELLENT_PROPOSAL:
        if people:
            errors["people"] = "优秀提案的受表彰委员即该提案的提案人，无需另选。"
        credits = _proposal_credits(committee, proposal, errors)
    else:
        if proposal is not None:
            errors["proposal"] = "只有“优秀提案”类表彰需要选择提案。"
        role = workflow.COMMENDATION_ROLE.get(kind, DutyRole.PARTICIPANT)
        credits = [(p, role) for p in _serving(committee, people, errors)]
    raise_errors(errors)
    assert year is not None and issued_on is not None
    same = Commendation.objects.filter(committee=committee, year=year)
    if proposal is not None and same.filter(proposal=proposal).exists():
        raise ValidationError({"proposal": PROPOSAL_DUPLICATE})
    if proposal is None and same.filter(kind=kind, title=values["title"], proposal__isnull=True).exists():
        raise ValidationError({"title": DUPLICATE})
    try:
        with transaction.atomic():
            commendation = Commendation.objects.create(
                committee=committee, year=year, kind=kind, issued_on=issued_on, proposal=proposal,
                created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
    except IntegrityError:  # the same form sent twice at once
        raise ValidationError({"title": PROPOSAL_DUPLICATE if proposal else DUPLICATE}) from None
    _credit(commendation, credits, start=0)
    audit(actor=actor, verb="commendation_create", obj=commendation,
          after={"year": year, "kind": kind, "title": values["title"], "issued_on": issued_on,
                 "proposal": str(proposal or ""), "people": [p.name for p, _ in credits]},
          detail=f"登记表彰“{values['title']}”，{len(credits)} 人")
    return commendation


def _credit(commendation: Commendation, credits: Iterable[tuple[Person, str]], *, start: int) -> list[Commendee]:
    rows = Commendee.objects.bulk_create([
        Commendee(commendation=commendation, person=p, role_code=role, order=start + i)
        for i, (p, role) in enumerate(credits, 1)])
    for row in Commendee.objects.filter(commendation=commendation, order__gt=start).select_related("person"):
        _duty(commendation, row)
    return rows


@transaction.atomic
def commendation_update(
    *, actor: Actor, commendation: Commendation, title: str, issued_on: datetime.date | None, issuer: str = "",
    document_number: str = "", expected_version: int | None = None,
) -> Commendation:
    """Correct the name, date, issuer or document number; the members' duty rows follow."""
    require(actor, Cap.DUTY_MANAGE, commendation.committee)
    lock(commendation, expected_version)
    errors: dict[str, str] = {}
    values = _clean(year=commendation.year, title=title, issued_on=issued_on, issuer=issuer,
                    document_number=document_number, errors=errors)
    raise_errors(errors)
    if (commendation.proposal_id is None and values["title"] != commendation.title
            and Commendation.objects.filter(committee_id=commendation.committee_id, year=commendation.year,
                                            kind=commendation.kind, title=values["title"],
                                            proposal__isnull=True).exists()):
        raise ValidationError({"title": DUPLICATE})
    before = {"title": commendation.title, "issued_on": commendation.issued_on, "issuer": commendation.issuer,
              "document_number": commendation.document_number}
    for k, v in values.items():
        setattr(commendation, k, v)
    commendation.issued_on = issued_on  # type: ignore[assignment]
    save_changed(commendation, [*values, "issued_on"])
    for row in commendation.commendees.select_related("person"):
        _duty(commendation, row)
    audit(actor=actor, verb="commendation_update", obj=commendation, before=before,
          after={**values, "issued_on": issued_on})
    return commendation


@transaction.atomic
def commendation_add_people(
    *, actor: Actor, commendation: Commendation, people: Sequence[Person], expected_version: int | None = None,
) -> list[Person]:
    """Credit more members (one, or a whole list); those already credited are left as they are. Returns the
    members added. All or nothing: one member who is not serving refuses the whole list."""
    require(actor, Cap.DUTY_MANAGE, commendation.committee)
    lock(commendation, expected_version)
    if commendation.kind == CommendationKind.EXCELLENT_PROPOSAL:
        raise ValidationError({"people": "优秀提案的受表彰委员即该提案的提案人，不能另行增加。"})
    errors: dict[str, str] = {}
    if not people:
        errors["people"] = "请选择或录入要增加的委员。"
    _serving(commendation.committee, people, errors)
    raise_errors(errors)
    present = set(commendation.commendees.values_list("person_id", flat=True))
    added = [p for p in people if p.pk not in present]
    start = max(commendation.commendees.values_list("order", flat=True), default=0)
    role = workflow.COMMENDATION_ROLE.get(commendation.kind, DutyRole.PARTICIPANT)
    _credit(commendation, [(p, role) for p in added], start=start)
    save_changed(commendation, [])
    audit(actor=actor, verb="commendation_add_people", obj=commendation,
          after={"people": [p.name for p in added]}, detail=f"增加受表彰委员 {len(added)} 人")
    return added


@transaction.atomic
def commendation_remove_person(
    *, actor: Actor, commendation: Commendation, person: Person, expected_version: int | None = None,
) -> None:
    """Take a member off the list (recorded in error); their duty row goes with it."""
    require(actor, Cap.DUTY_MANAGE, commendation.committee)
    lock(commendation, expected_version)
    row = commendation.commendees.filter(person=person).first()
    if row is None:
        raise ValidationError({"person": f"{person.name}不在该表彰的名单中。"})
    if commendation.kind == CommendationKind.EXCELLENT_PROPOSAL and commendation.commendees.count() == 1:
        raise ValidationError({"person": "优秀提案至少保留一位提案人；如登记有误，请删除整项表彰。"})
    duty_record_clear(source=row)
    row.delete()
    save_changed(commendation, [])
    audit(actor=actor, verb="commendation_remove_person", obj=commendation, before={"person": person.name},
          detail=f"移除受表彰委员：{person.name}")


@transaction.atomic
def commendation_delete(*, actor: Actor, commendation: Commendation, expected_version: int | None = None) -> None:
    """Delete a commendation recorded in error, and every duty row it wrote."""
    require(actor, Cap.DUTY_MANAGE, commendation.committee)
    lock(commendation, expected_version)
    rows = list(commendation.commendees.select_related("person"))
    for row in rows:
        duty_record_clear(source=row)
    audit(actor=actor, verb="commendation_delete", obj=commendation,
          before={"year": commendation.year, "kind": commendation.kind, "title": commendation.title,
                  "people": [r.person.name for r in rows]},
          detail=f"删除表彰“{commendation.title}”（{len(rows)} 人）")
    commendation.delete()
