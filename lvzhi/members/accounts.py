"""Accounts for the people on a roster: one account per person, acting as a member in each committee they sit on.

The system administrator issues them (from the roster's filters, after an import, with `create_member_accounts`
or the API). Its screens see names, committees and account names only: never a phone or an ID number.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from lvzhi.accounts.issuing import MAX_BATCH, Batch, Issued, account_issue, grants_add_missing
from lvzhi.accounts.models import Role
from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.members.models import Membership, Person
from lvzhi.members.selectors import roster_filter

MEMBER_ROLE = Role.MEMBER.label


def current_memberships() -> QuerySet[Membership]:
    """Memberships that make a person act as a member today: in office, in the committee's current term."""
    return Membership.objects.filter(is_active=True, term__is_current=True)


def candidates_for_admin(*, actor: Actor, committee: Committee, filters: dict[str, Any]) -> QuerySet[Membership]:
    """The roster rows the system administrator picks from, with the roster's filters (no private fields used)."""
    require(actor, Cap.ACCOUNT_MANAGE, None)
    qs = Membership.objects.select_related("person", "person__user", "committee", "sector").only(
        "id", "role", "role_rank", "stroke_key", "manual_order", "pinyin_key", "committee__id", "committee__name",
        "committee__short_name", "committee__path", "sector__name", "person__id", "person__name",
        "person__user__username", "is_active", "term_id",
    )
    return roster_filter(qs, {**filters, "committee": committee.pk})


@dataclass
class Planned:
    person: Person
    committees: list[Committee]
    username: str  # the existing account, or "" when one will be made

    @property
    def where(self) -> str:
        return "、".join(c.display_name for c in self.committees)


def plan(people: Iterable[Person]) -> list[Planned]:
    """Who gets an account (and acts in which committees) and who already has one."""
    ids = list(dict.fromkeys(p.pk for p in people))
    persons = (
        Person.objects.filter(pk__in=ids).select_related("user").only("id", "name", "pinyin", "user__username")
        .prefetch_related(Prefetch("memberships", queryset=current_memberships().select_related("committee")
                                   .order_by("committee__path")))
    )
    by_id = {p.pk: p for p in persons}
    out = []
    for pk in ids:
        person = by_id.get(pk)
        if person is None:
            continue
        committees = list(dict.fromkeys(m.committee for m in person.memberships.all()))
        out.append(Planned(person=person, committees=committees, username=person.user.username if person.user else ""))
    return out


def member_accounts_create(*, actor: Actor, people: Iterable[Person], check_actor: bool = True) -> Batch:
    """An account for each person without one, a member in every committee where they currently sit.

    A person who already has an account is skipped (and gets the member role in a committee they joined since);
    running it twice is harmless. Each account and grant is audited, and the batch once per committee.
    """
    if check_actor:
        require(actor, Cap.ACCOUNT_MANAGE, None)
    planned = plan(people)
    if len(planned) > MAX_BATCH:
        raise ValidationError(f"一次最多开通 {MAX_BATCH} 个账号，请按界别或职务分批。")
    batch = Batch()
    # Per committee: how many were opened and skipped there, for the batch's audit event.
    tally: dict[int, list[int]] = {}

    def count(row: Planned, created: bool) -> None:
        for c in row.committees:
            tally.setdefault(c.pk, [0, 0])[0 if created else 1] += 1
    with transaction.atomic():
        for row in planned:
            person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=row.person.pk)
            grants = [{"role": Role.MEMBER, "committee": c} for c in row.committees]
            if person.user is not None:
                added = grants_add_missing(actor=actor, user=person.user, grants=grants)
                note = "已有账号，未重复开通"
                if added:
                    note += f"；已补充 {'、'.join(g.committee.display_name for g in added if g.committee)} 的委员身份"
                batch.skipped.append(Issued(name=person.name, where=row.where, role=MEMBER_ROLE,
                                            username=person.user.username, note=note))
                count(row, created=False)
                continue
            if not grants:
                batch.skipped.append(Issued(name=person.name, where="", role=MEMBER_ROLE, username="",
                                            note="没有在任的本届委员身份，未开通"))
                continue
            user, password = account_issue(actor=actor, name=person.name, grants=grants, check_actor=False)
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            audit_record(actor=actor, action="member.account_link", obj=person, committee_id=row.committees[0].pk,
                         after={"user": user.username})
            batch.created.append(Issued(name=person.name, where=row.where, role=MEMBER_ROLE, username=user.username,
                                        password=password))
            count(row, created=True)
        committees = {c.pk: c for row in planned for c in row.committees}
        for committee in committees.values():
            created, skipped = tally.get(committee.pk, [0, 0])
            audit_record(actor=actor, action="account.batch_create", obj=committee, committee_id=committee.pk,
                         detail=f"为委员开通账号：开通 {created} 个，跳过 {skipped} 个")
    return batch


def people_of(memberships: Iterable[Membership]) -> list[Person]:
    return list({m.person_id: m.person for m in memberships}.values())


def without_account_count(committee: Committee) -> int:
    """Members of the committee's current term with no account yet (shown after an import)."""
    return current_memberships().filter(committee=committee, person__user__isnull=True).count()
