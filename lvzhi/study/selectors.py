"""Reading study records with the reader's permissions applied where the rows are fetched.

Staff holding duty.view read their committee's sessions and reading groups (a leader the subtree); a serving member
reads those of their own committee — the list, each roll by names only, and their own participation; anyone else
nothing, and a refusal is recorded.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, can_anywhere, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.committees.selectors import get_committee_or_404
from lvzhi.meetings.models import Attendance, Status
from lvzhi.members.models import Membership
from lvzhi.members.selectors import person_of
from lvzhi.study.models import (
    ReadingActivity,
    ReadingGroup,
    ReadingParticipant,
    StudySession,
    Trainee,
)

REFUSAL = "您没有权限查看学习培训记录。"


def person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def member_committee_ids(user: Any) -> list[int]:
    """The committees `user` serves in as a member (在任委员)."""
    pid = person_id(user)
    if pid is None:
        return []
    return list(Membership.objects.filter(person_id=pid, is_active=True).values_list("committee_id", flat=True))


def _readable_q(user: Any, field: str = "committee_id") -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    staff = Committee.objects.filter(committees_q(user, Cap.DUTY_VIEW)).values("pk")
    return Q(**{f"{field}__in": staff}) | Q(**{f"{field}__in": member_committee_ids(user)})


def can_read(user: Any, committee: Committee) -> bool:
    return can(user, Cap.DUTY_VIEW, committee) or committee.pk in member_committee_ids(user)


def sessions_for_user(user: Any) -> QuerySet[StudySession]:
    return StudySession.objects.filter(_readable_q(user))


def groups_for_user(user: Any) -> QuerySet[ReadingGroup]:
    return ReadingGroup.objects.filter(_readable_q(user))


def activities_for_user(user: Any) -> QuerySet[ReadingActivity]:
    return ReadingActivity.objects.filter(_readable_q(user))


def _visible_row(user: Any, visible: QuerySet[Any], pk: int, missing: str) -> Any:
    """One of the rows a selector gives `user`; a row they may not read is a recorded refusal, none a 404."""
    row = visible.model.objects.select_related("committee").filter(pk=pk).first()
    if row is None:
        raise Http404(missing)
    if not visible.filter(pk=pk).exists():
        require(user, Cap.DUTY_VIEW, row.committee)
    return row


def get_session_for_user(user: Any, pk: int) -> StudySession:
    session: StudySession = _visible_row(user, sessions_for_user(user), pk, "未找到该学习培训活动。")
    return StudySession.objects.select_related("committee", "sheet").get(pk=session.pk)


def get_group_for_user(user: Any, pk: int) -> ReadingGroup:
    group: ReadingGroup = _visible_row(user, groups_for_user(user), pk, "未找到该读书群。")
    return group


def get_activity_for_user(user: Any, pk: int) -> ReadingActivity:
    activity: ReadingActivity = _visible_row(user, activities_for_user(user), pk, "未找到该读书活动。")
    return ReadingActivity.objects.select_related("committee", "group").get(pk=activity.pk)


def get_trainee(session: StudySession, pk: int) -> Trainee:
    trainee = Trainee.objects.select_related("person", "session__committee").filter(session=session, pk=pk).first()
    if trainee is None:
        raise Http404("未找到该学员。")
    return trainee


def reading_committee(request: HttpRequest) -> Committee:
    """The committee whose records the request reads: ?committee= (checked) or the reader's first; staff with
    duty.view, or a serving member of it. Anyone else is refused (and the refusal recorded)."""
    user = request.user
    raw = request.GET.get("committee", "") or request.POST.get("committee", "")
    mine = member_committee_ids(user)
    if raw.isdigit():
        committee = get_committee_or_404(raw)
        if committee.pk not in mine:
            require(user, Cap.DUTY_VIEW, committee)
        return committee
    if can_anywhere(user, Cap.DUTY_VIEW):
        return committee_from_query(request, Cap.DUTY_VIEW, REFUSAL)
    if not mine:
        require(user, Cap.DUTY_VIEW, None)
        raise PermissionDenied(REFUSAL)
    return Committee.objects.get(pk=mine[0])


def filter_sessions(qs: QuerySet[StudySession], *, kind: str = "", year: int | None = None, state: str = "",
                    q: str = "") -> QuerySet[StudySession]:
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    for word in q.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(speaker__icontains=word) | Q(organiser__icontains=word))
    return qs


def attended_session_ids(pid: int | None, sessions: QuerySet[StudySession]) -> set[int]:
    """Which of `sessions` the person took part in: on the roll kept here, or present on the linked sheet."""
    if pid is None:
        return set()
    rolls = set(Trainee.objects.filter(person_id=pid, session__in=sessions.values("pk"))
                .values_list("session_id", flat=True))
    present = Attendance.objects.filter(person_id=pid, status=Status.PRESENT).values("sheet_id")
    linked = set(sessions.filter(sheet__in=present).values_list("pk", flat=True))
    return rolls | linked


def attended_activity_ids(pid: int | None, activities: QuerySet[ReadingActivity]) -> set[int]:
    if pid is None:
        return set()
    return set(ReadingParticipant.objects.filter(person_id=pid, activity__in=activities.values("pk"))
               .values_list("activity_id", flat=True))


def roll_names(session: StudySession) -> list[str]:
    """Who took part, by name only: the linked sheet's present lines, or the roll kept here."""
    if session.sheet_id is not None:
        return list(Attendance.objects.filter(sheet_id=session.sheet_id, status=Status.PRESENT)
                    .order_by("person__stroke_key", "id").values_list("person__name", flat=True))
    return [t.display_name for t in session.trainees.select_related("person").order_by("person__stroke_key", "id")]

