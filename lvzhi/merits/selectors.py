"""Reading reported activities and commendations with the reader's permissions applied where the rows are fetched.

A member reads their own reported activities (drafts included) and the commendations of the committees they sit
on (public honours); staff holding duty.view read the reported activities submitted in their committee (a
leader's reach the subtree) and its commendations. Anyone else reading one is refused, and the refusal recorded.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q, deny
from lvzhi.committees.models import Committee
from lvzhi.members.models import Membership
from lvzhi.members.selectors import person_of
from lvzhi.merits.models import ActivityEvidence, Commendation, ReportedActivity


def person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def _staff_committees(user: Any) -> QuerySet[Committee]:
    if not getattr(user, "is_authenticated", False):
        return Committee.objects.none()
    return Committee.objects.filter(committees_q(user, Cap.DUTY_VIEW))


def activities_for_user(user: Any) -> QuerySet[ReportedActivity]:
    """The member's own, and (for staff and leaders) what has been submitted in their committees: a member's
    drafts are theirs alone."""
    q = Q(committee__in=_staff_committees(user), submitted_at__isnull=False)
    pid = person_id(user)
    if pid is not None:
        q |= Q(person_id=pid)
    return ReportedActivity.objects.filter(q)


def own_activities(user: Any) -> QuerySet[ReportedActivity]:
    pid = person_id(user)
    return ReportedActivity.objects.filter(person_id=pid) if pid is not None else ReportedActivity.objects.none()


def get_activity_for_user(user: Any, pk: int) -> ReportedActivity:
    activity = ReportedActivity.objects.select_related("committee", "person", "decided_by").filter(pk=pk).first()
    if activity is None:
        raise Http404("未找到该履职活动申报。")
    if not activities_for_user(user).filter(pk=pk).exists():
        deny(user, detail="merits.activity_read", obj=activity, committee=activity.committee,
             message="只能查看本人申报的履职活动。")
    return activity


def get_evidence_for_user(user: Any, pk: int, evidence_id: int) -> ActivityEvidence:
    activity = get_activity_for_user(user, pk)
    row = ActivityEvidence.objects.select_related("activity").filter(activity=activity, pk=evidence_id).first()
    if row is None:
        raise Http404("未找到该佐证材料。")
    return row


def member_committees(user: Any) -> QuerySet[Committee]:
    """The committees a signed-in member serves on (where they report activities)."""
    pid = person_id(user)
    if pid is None:
        return Committee.objects.none()
    return Committee.objects.filter(pk__in=Membership.objects.filter(person_id=pid, is_active=True)
                                    .values("committee_id")).order_by("path")


def commendation_committees(user: Any) -> QuerySet[Committee]:
    """Committees whose commendations `user` may read: where they hold duty.view, or sit as a member."""
    q = committees_q(user, Cap.DUTY_VIEW) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    pid = person_id(user)
    if pid is not None:
        q |= Q(pk__in=Membership.objects.filter(person_id=pid).values("committee_id"))
    return Committee.objects.filter(q).order_by("path")


def commendations_for_user(user: Any) -> QuerySet[Commendation]:
    return Commendation.objects.filter(committee__in=commendation_committees(user))


def get_commendation_for_user(user: Any, pk: int) -> Commendation:
    commendation = Commendation.objects.select_related("committee", "proposal").filter(pk=pk).first()
    if commendation is None:
        raise Http404("未找到该表彰。")
    if not commendations_for_user(user).filter(pk=pk).exists():
        deny(user, detail="merits.commendation_read", obj=commendation, committee=commendation.committee,
             message="只能查看本人所在政协组织的表彰。")
    return commendation


def can_manage(user: Any, committee: Committee) -> bool:
    return can(user, Cap.DUTY_MANAGE, committee)


def filter_activities(qs: QuerySet[ReportedActivity], values: dict[str, Any]) -> QuerySet[ReportedActivity]:
    """The queue's filters: state, kind, year, and a committee (already checked by the caller)."""
    for key in ("state", "kind", "year"):
        if values.get(key):
            qs = qs.filter(**{key: values[key]})
    if values.get("committee"):
        qs = qs.filter(committee_id=values["committee"])
    return qs
