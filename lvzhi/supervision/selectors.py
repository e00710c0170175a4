"""Reading supervision records with the reader's permissions applied where the rows are fetched.

Staff holding supervision.view see their committee's records (a leader the subtree); a member sees the groups
they sit in, those groups' matters, and the batches and occasions they took part in; anyone else nothing.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can_anywhere, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.members.selectors import person_of
from lvzhi.supervision.models import (
    GroupMember,
    MatterState,
    OutsideAttendance,
    SupervisionGroup,
    SupervisionMatter,
    SupervisionPlan,
    SupervisorAppointment,
    SupervisorDuty,
)
from lvzhi.supervision.services.common import search_key
from lvzhi.text.chinese import to_traditional


def person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def _staff_q(user: Any) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(committee_id__in=Committee.objects.filter(committees_q(user, Cap.SUPERVISION_VIEW)).values("pk"))


def _own_groups(pid: int) -> QuerySet[GroupMember, Any]:
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


def plans_for_user(user: Any) -> QuerySet[SupervisionPlan]:
    """The yearly plans are staff's: a member reads the groups they sit in, not the plan."""
    return SupervisionPlan.objects.filter(_staff_q(user))


def _visible_row(user: Any, visible: QuerySet[Any], pk: int, missing: str) -> Any:
    """One of the rows a selector gives `user`; a row they may not read is a recorded refusal, none a 404."""
    row = visible.model.objects.select_related("committee").filter(pk=pk).first()
    if row is None:
        raise Http404(missing)
    if not visible.filter(pk=pk).exists():
        require(user, Cap.SUPERVISION_VIEW, row.committee)
    return row


def get_plan_for_user(user: Any, pk: int) -> SupervisionPlan:
    return _visible_row(user, plans_for_user(user), pk, "未找到该年度计划。")


def get_appointment_for_user(user: Any, pk: int) -> SupervisorAppointment:
    return _visible_row(user, appointments_for_user(user), pk, "未找到该聘任。")


def get_duty_for_user(user: Any, pk: int) -> SupervisorDuty:
    return _visible_row(user, duties_for_user(user), pk, "未找到该活动批次。")


def get_attendance_for_user(user: Any, pk: int) -> OutsideAttendance:
    return _visible_row(user, attendances_for_user(user), pk, "未找到该记录。")


# ---------------------------------------------------------------- the lists' search and filters


def search_words(text: str) -> list[tuple[str, str]]:
    """Up to five words of a search, each in Simplified (as `search_key` reads it) and in Traditional.

    Matters keep a normalised search column; groups, appointments, batches and occasions keep their text as typed,
    so a word is looked for in both scripts: 營商 and 营商 find a title typed either way.
    """
    return [(word, to_traditional(word)) for word in search_key(text).split()[:5]]


def _contains(forms: tuple[str, str], *fields: str) -> Q:
    match = Q()
    for name in fields:
        for form in dict.fromkeys(forms):
            match |= Q(**{f"{name}__icontains": form})
    return match


GROUP_STATES = [("open", "有未办结事项"), ("overdue", "有逾期未反馈事项"), ("closed", "事项全部办结")]


def filter_groups(qs: QuerySet[SupervisionGroup], *, q: str = "", department: int | None = None, method: str = "",
                  state: str = "", today: datetime.date | None = None) -> QuerySet[SupervisionGroup]:
    """Groups whose name, topic, supervised departments or members match every word; by department, method and
    how far their matters have got. Each test is a semi-join on an indexed key, so no row is repeated."""
    today = today or timezone.localdate()
    for forms in search_words(q):
        departments = SupervisionGroup.departments.through.objects.filter(
            supervisiongroup_id=OuterRef("pk")).filter(_contains(forms, "handlingunit__name"))
        members = GroupMember.objects.filter(group_id=OuterRef("pk"), person__name__contains=forms[0])
        qs = qs.filter(_contains(forms, "name", "topic") | Exists(departments) | Exists(members))
    if department:
        qs = qs.filter(pk__in=SupervisionGroup.departments.through.objects.filter(handlingunit_id=department)
                       .values("supervisiongroup_id"))
    if method:
        # The methods are a JSON list of codes; a quoted code matches one element only.
        qs = qs.filter(methods__icontains=f'"{method}"')
    matters = SupervisionMatter.objects.filter(group_id=OuterRef("pk"))
    if state == "open":
        qs = qs.filter(Exists(matters.exclude(state=MatterState.VERIFIED)))
    elif state == "overdue":
        qs = qs.filter(Exists(matters.filter(state=MatterState.OPINIONS_ISSUED, feedback_due__lt=today)))
    elif state == "closed":
        qs = qs.filter(Exists(matters)).exclude(Exists(matters.exclude(state=MatterState.VERIFIED)))
    return qs


APPOINTMENT_STATES = [("active", "在聘"), ("ended", "已期满")]


def filter_appointments(qs: QuerySet[SupervisorAppointment], *, q: str = "", state: str = "",
                        today: datetime.date | None = None) -> QuerySet[SupervisorAppointment]:
    """Appointments whose member, appointing body or title match every word; serving or ended on `today`."""
    today = today or timezone.localdate()
    for forms in search_words(q):
        qs = qs.filter(_contains(forms, "body", "title") | Q(person__name__contains=forms[0]))
    if state == "active":
        qs = qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    elif state == "ended":
        qs = qs.filter(ends_on__lt=today)
    return qs


def filter_duties(qs: QuerySet[SupervisorDuty], *, q: str = "", year: int | None = None
                  ) -> QuerySet[SupervisorDuty]:
    """Batches of a year whose body, content or participants match every word."""
    if year:
        qs = qs.filter(year=year)
    through = SupervisorDuty.participants.through
    for forms in search_words(q):
        people = through.objects.filter(supervisorduty_id=OuterRef("pk"), person__name__contains=forms[0])
        qs = qs.filter(_contains(forms, "body", "title") | Exists(people))
    return qs


def filter_attendances(qs: QuerySet[OutsideAttendance], *, q: str = "", year: int | None = None, kind: str = ""
                       ) -> QuerySet[OutsideAttendance]:
    """Occasions of a year and kind whose meeting or case, body or attending members match every word."""
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    through = OutsideAttendance.attendees.through
    for forms in search_words(q):
        people = through.objects.filter(outsideattendance_id=OuterRef("pk"), person__name__contains=forms[0])
        qs = qs.filter(_contains(forms, "title", "body") | Exists(people))
    return qs


REFUSAL = "您没有权限查看民主监督。"


def reading_committee(request: HttpRequest) -> Committee | None:
    """The committee a staff reader looks at (checked); None for a member who reads only their own records."""
    if can_anywhere(request.user, Cap.SUPERVISION_VIEW):
        return committee_from_query(request, Cap.SUPERVISION_VIEW, REFUSAL)
    if person_id(request.user) is None:
        require(request.user, Cap.SUPERVISION_VIEW, None)
        raise PermissionDenied(REFUSAL)
    return None


def filter_matters(qs: QuerySet[SupervisionMatter], values: dict[str, Any]) -> QuerySet[SupervisionMatter]:
    """Narrow a selector's matters by the list's filters; the search matches the normalised search column."""
    if values.get("year"):
        qs = qs.filter(year=values["year"])
    if values.get("state"):
        qs = qs.filter(state=values["state"])
    if values.get("group"):
        qs = qs.filter(group_id=values["group"])
    if values.get("department"):
        qs = qs.filter(department_id=values["department"])
    if values.get("overdue"):
        qs = qs.filter(state=MatterState.OPINIONS_ISSUED, feedback_due__lt=timezone.localdate())
    for term in search_key(values.get("q") or "").split()[:5]:
        qs = qs.filter(search_text__contains=term)
    return qs
