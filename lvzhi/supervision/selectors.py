"""Reading supervision records with the reader's permissions applied where the rows are fetched.

Staff holding supervision.view see their committee's records (a leader the subtree); a member sees the groups
they sit in, those groups' matters, and the batches and occasions they took part in; anyone else nothing.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.supervision.models import (
    GroupMember,
    OutsideAttendance,
    SupervisionGroup,
    SupervisionMatter,
    SupervisorAppointment,
    SupervisorDuty,
)


def person_id(user: Any) -> int | None:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person.pk if person is not None else None


def _staff_q(user: Any) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(committee_id__in=Committee.objects.filter(committees_q(user, Cap.SUPERVISION_VIEW)).values("pk"))


def _own_groups(pid: int) -> QuerySet[GroupMember]:
    return GroupMember.objects.filter(person_id=pid).values("group_id")


def groups_for_user(user: Any) -> QuerySet[SupervisionGroup]:
    q = _staff_q(user)
    pid = person_id(user)
    if pid is not None:
        q |= Q(pk__in=_own_groups(pid))
    return SupervisionGroup.objects.filter(q)


def matters_for_user(user: Any) -> QuerySet[SupervisionMatter]:
    q = _staff_q(user)
    pid = person_id(user)
    if pid is not None:
        q |= Q(group_id__in=_own_groups(pid))
    return SupervisionMatter.objects.filter(q)


def appointments_for_user(user: Any) -> QuerySet[SupervisorAppointment]:
    q = _staff_q(user)
    pid = person_id(user)
    if pid is not None:
        q |= Q(person_id=pid)
    return SupervisorAppointment.objects.filter(q)


def duties_for_user(user: Any) -> QuerySet[SupervisorDuty]:
    q = _staff_q(user)
    pid = person_id(user)
    if pid is not None:
        q |= Q(pk__in=SupervisorDuty.participants.through.objects.filter(person_id=pid).values("supervisorduty_id"))
    return SupervisorDuty.objects.filter(q)


def attendances_for_user(user: Any) -> QuerySet[OutsideAttendance]:
    q = _staff_q(user)
    pid = person_id(user)
    if pid is not None:
        q |= Q(pk__in=OutsideAttendance.attendees.through.objects.filter(person_id=pid)
               .values("outsideattendance_id"))
    return OutsideAttendance.objects.filter(q)


def has_own_records(user: Any) -> bool:
    """A member who sits in a group, holds an appointment or attended: they have a 民主监督 page of their own."""
    pid = person_id(user)
    if pid is None:
        return False
    return (GroupMember.objects.filter(person_id=pid).exists()
            or SupervisorAppointment.objects.filter(person_id=pid).exists()
            or OutsideAttendance.attendees.through.objects.filter(person_id=pid).exists())


def get_group_for_user(user: Any, pk: int) -> SupervisionGroup:
    group = SupervisionGroup.objects.select_related("committee", "plan").filter(pk=pk).first()
    if group is None:
        raise Http404("未找到该监督组。")
    if not groups_for_user(user).filter(pk=pk).exists():
        require(user, Cap.SUPERVISION_VIEW, group.committee)
    return group


def get_matter_for_user(user: Any, pk: int) -> SupervisionMatter:
    matter = (SupervisionMatter.objects.select_related("committee", "group", "department", "proposal",
                                                       "suggestion__activity").filter(pk=pk).first())
    if matter is None:
        raise Http404("未找到该监督事项。")
    if not matters_for_user(user).filter(pk=pk).exists():
        require(user, Cap.SUPERVISION_VIEW, matter.committee)
    return matter
