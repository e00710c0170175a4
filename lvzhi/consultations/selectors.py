"""Reading 协商 with the reader's permissions applied where the rows are fetched.

Staff with consultation.view read their committee (leaders the subtree); a member reads the activities they
took part in, and those activities' suggestions; anyone else nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_q, require
from lvzhi.committees.models import Committee
from lvzhi.consultations.figures import ItemProgress, plan_progress
from lvzhi.consultations.models import ConsultationActivity, ConsultationPlan, Participant, Suggestion
from lvzhi.consultations.services.common import search_key
from lvzhi.consultations.workflow import OPEN_SUGGESTION_STATES
from lvzhi.members.selectors import person_of

REFUSAL = "您没有权限访问协商工作。"


def committee_for(request: HttpRequest, cap: str = Cap.CONSULTATION_VIEW) -> Committee:
    """The committee a consultation screen reads (?committee=, checked), refused in this line's words."""
    return committee_from_query(request, cap, REFUSAL)


def _person_id(user: Any) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def _committee_ids(user: Any) -> QuerySet[Committee, Any]:
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


def filter_suggestions(qs: QuerySet[Suggestion], *, q: str = "", year: int | None = None, state: str = "",
                       form: str = "") -> QuerySet[Suggestion]:
    """The tracking list's filters: open loops unless a state (or "all") is asked for; the year; the form of the
    activity that produced them; every word of the search in the Simplified search column."""
    if not state:
        qs = qs.filter(state__in=OPEN_SUGGESTION_STATES)
    elif state != "all":
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    if form:
        qs = qs.filter(activity__form=form)
    for word in search_key(q or "").split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs


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


def plan_rows(plan: ConsultationPlan, **filters: str) -> list[ItemProgress]:
    """The plan's items with where each stands, narrowed by `narrow_progress`."""
    return narrow_progress(plan_progress(plan), **filters)


def narrow_progress(progress: Iterable[ItemProgress], *, q: str = "", form: str = "", status: str = ""
                    ) -> list[ItemProgress]:
    """Plan items by form, status and every word of the search (topic, lead body, lead special committee, the
    activity held; Traditional input too). A plan holds a few dozen items, read in one query, so they are narrowed
    here rather than in the database."""
    words = search_key(q or "").split()[:5]
    rows = []
    for row in progress:
        item = row.item
        if (form and item.form != form) or (status and row.status != status):
            continue
        if words:
            text = search_key(item.topic, item.lead_body,
                              item.special_committee.name if item.special_committee else "",
                              item.activity.title if item.activity else "")
            if not all(word in text for word in words):
                continue
        rows.append(row)
    return rows

def filter_activities(qs: QuerySet[ConsultationActivity], values: dict[str, Any]) -> QuerySet[ConsultationActivity]:
    """Narrow by the filter form: year, form, state, organiser, and every word of the search (Traditional too)."""
    if values.get("year"):
        qs = qs.filter(year=values["year"])
    if values.get("form"):
        qs = qs.filter(form=values["form"])
    if values.get("state"):
        qs = qs.filter(state=values["state"])
    if values.get("organiser"):
        qs = qs.filter(organiser__icontains=search_key(values["organiser"]))
    for word in search_key(values.get("q") or "").split()[:5]:
        qs = qs.filter(search_text__contains=word)
    return qs
