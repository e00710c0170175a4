"""Reading rosters with the reader's permissions applied where the rows are fetched."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q
from lvzhi.members.models import Membership, Person
from lvzhi.text.chinese import normalise, to_simplified

ORDERINGS = {
    "strokes": ["role_rank", "stroke_key", "manual_order", "id"],
    "pinyin": ["pinyin_key", "manual_order", "id"],
}


def person_of(user: Any) -> Person | None:
    """The roster entry of a signed-in member's account; None for staff and for anyone signed out."""
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def memberships_for_user(user: Any, cap: str = Cap.MEMBER_VIEW) -> QuerySet[Membership]:
    return Membership.objects.filter(committees_q(user, cap, prefix="committee__"))


def roster(user: Any, filters: dict[str, Any], ordering: str = "strokes") -> QuerySet[Membership]:
    """The roster rows `user` may see, filtered: committee, sector, party, special_committee, group, role, q."""
    qs = memberships_for_user(user).select_related(
        "person", "committee", "term", "sector", "party", "activity_group"
    )
    return roster_filter(qs, filters, ordering)


def roster_filter(qs: QuerySet[Membership], filters: dict[str, Any], ordering: str = "strokes") -> QuerySet[Membership]:
    """The roster screen's filters on rows already narrowed to what the reader may see."""
    if filters.get("committee"):
        qs = qs.filter(committee_id=filters["committee"])
    if filters.get("term"):
        qs = qs.filter(term_id=filters["term"])
    elif not filters.get("all_terms"):
        qs = qs.filter(term__is_current=True)
    status = filters.get("status", "active")
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "left":
        qs = qs.filter(is_active=False)
    for key, field in (("sector", "sector_id"), ("party", "party_id"), ("group", "activity_group_id"),
                       ("role", "role")):
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    if filters.get("special_committee"):
        qs = qs.filter(special_committees=filters["special_committee"])
    q = normalise(filters.get("q") or "")
    if q:
        simplified = to_simplified(q)
        lower = q.lower().replace(" ", "")
        cond = Q(person__name__contains=simplified)
        if lower.isascii() and lower.isalnum():
            cond |= Q(person__initials__startswith=lower) | Q(person__pinyin__startswith=lower)
        qs = qs.filter(cond)
    qs = qs.order_by(*ORDERINGS.get(ordering, ORDERINGS["strokes"]))
    # Only the many-to-many filter can repeat a row; DISTINCT elsewhere would cost a sort of the whole roster.
    return qs.distinct() if filters.get("special_committee") else qs


def get_membership_for_user(user: Any, pk: int, cap: str = Cap.MEMBER_VIEW) -> Membership:
    membership = (
        Membership.objects.select_related("person", "committee", "term", "sector", "party", "activity_group")
        .filter(pk=pk).first()
    )
    if membership is None:
        raise Http404("未找到该委员。")
    own = cap == Cap.MEMBER_VIEW and getattr(membership.person, "user_id", None) == getattr(user, "pk", -1)
    if not own and not can(user, cap, membership.committee):
        from lvzhi.accounts.permissions import require

        require(user, cap, membership.committee)
    return membership


def is_own(user: Any, membership: Membership) -> bool:
    return membership.person.user_id is not None and membership.person.user_id == getattr(user, "pk", None)


def can_view_record(user: Any, membership: Membership) -> bool:
    """A member's duty record and other records of what they did: the member, roster staff of the member's
    committee (the roles that may export the roster; a plain member sees only names) and leaders above it."""
    return is_own(user, membership) or can(user, Cap.MEMBER_EXPORT, membership.committee)


def can_view_private(user: Any, membership: Membership) -> bool:
    """Phone, ID number and birth date: the member themself, and roles that need them."""
    if membership.person.user_id is not None and membership.person.user_id == getattr(user, "pk", None):
        return True
    return can(user, Cap.MEMBER_VIEW_PRIVATE, membership.committee)


def record_member_read(user: Any, membership: Membership, *, private: bool, where: str = "") -> None:
    """Another member's record opened (page, edit form or API): who saw whose, and whether the numbers were
    in clear. The member's own reads are not recorded."""
    if is_own(user, membership):
        return
    from lvzhi.audit.services import audit_read

    what = "委员信息及手机号、身份证号、出生日期（明文）" if private else "委员信息（个人号码已遮蔽）"
    audit_read(actor=user, obj=membership, action="member.detail_read", what=what, detail=where)


def check_serving_members(committee: Any, persons: Iterable[Person], label: str, errors: dict[str, str], field: str,
                          *, verb: str = "作为") -> list[Person]:
    """The persons, each once, who must be serving members (在任委员) of `committee`; a problem goes into `errors`
    under `field` ("X不是…的在任委员，不能作为{label}")."""
    people = list(persons)
    ids = [p.pk for p in people]
    if len(set(ids)) != len(ids):
        errors[field] = f"{label}有重复。"
        return people
    serving = set(Membership.objects.filter(committee=committee, is_active=True, person_id__in=ids)
                  .values_list("person_id", flat=True))
    outsiders = [p.name for p in people if p.pk not in serving]
    if outsiders:
        errors[field] = f"{'、'.join(outsiders)}不是{committee.name}的在任委员，不能{verb}{label}。"
    return people
