"""Reading 协商 with the reader's permissions applied where the rows are fetched.

Staff with consultation.view read their committee (leaders the subtree); a member reads the activities they
took part in, and those activities' suggestions; anyone else nothing.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lvzhi.accounts.permissions import Cap, can, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.consultations.models import ConsultationActivity, ConsultationPlan, Participant, Suggestion


def _person_id(user: Any) -> int | None:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person.pk if person is not None else None


def _committee_ids(user: Any) -> QuerySet[Committee]:
    return Committee.objects.filter(committees_q(user, Cap.CONSULTATION_VIEW)).values("pk")


def activity_visibility_q(user: Any) -> Q:
    """Semi-joins on indexed columns, so a committee filter on top still uses the (committee, ...) indexes."""
    q = Q(committee_id__in=_committee_ids(user))
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(pk__in=Participant.objects.filter(person_id=person_id).values("activity_id"))
    return q


def activities_for_user(user: Any) -> QuerySet[ConsultationActivity]:
    return ConsultationActivity.objects.filter(activity_visibility_q(user))


def my_activities(user: Any) -> QuerySet[ConsultationActivity]:
    """The activities the user took part in as a member (nothing for an account without a person)."""
    person_id = _person_id(user)
    if person_id is None:
        return ConsultationActivity.objects.none()
    return ConsultationActivity.objects.filter(
        pk__in=Participant.objects.filter(person_id=person_id).values("activity_id"))


def get_activity_for_user(user: Any, pk: int) -> ConsultationActivity:
    activity = (ConsultationActivity.objects.select_related("committee", "special_committee", "created_by")
                .filter(pk=pk).first())
    if activity is None:
        raise Http404("未找到该协商活动。")
    if not can(user, Cap.CONSULTATION_VIEW, activity.committee):
        person_id = _person_id(user)
        if person_id is None or not activity.participants.filter(person_id=person_id).exists():
            require(user, Cap.CONSULTATION_VIEW, activity.committee)
    return activity


def suggestions_for_user(user: Any) -> QuerySet[Suggestion]:
    q = Q(committee_id__in=_committee_ids(user))
    person_id = _person_id(user)
    if person_id is not None:
        q |= Q(activity_id__in=Participant.objects.filter(person_id=person_id).values("activity_id"))
    return Suggestion.objects.filter(q)


def get_suggestion_for_user(user: Any, pk: int) -> Suggestion:
    suggestion = Suggestion.objects.select_related("activity", "committee").filter(pk=pk).first()
    if suggestion is None:
        raise Http404("未找到该意见建议。")
    get_activity_for_user(user, suggestion.activity_id)
    return suggestion


def get_plan_for_user(user: Any, pk: int) -> ConsultationPlan:
    """Plans are the staff's and leaders' business (consultation.view)."""
    plan = ConsultationPlan.objects.select_related("committee").filter(pk=pk).first()
    if plan is None:
        raise Http404("未找到该协商计划。")
    require(user, Cap.CONSULTATION_VIEW, plan.committee)
    return plan


def plan_of(committee: Committee, year: int) -> ConsultationPlan | None:
    """The committee's plan for `year`; call after checking the reader may see the committee."""
    return ConsultationPlan.objects.filter(committee=committee, year=year).first()
