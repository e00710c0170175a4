"""The commendation figures, one definition for the page and the API: per kind the commendations and the members
credited (人次), and the members commended, each counted once however many honours they had (seed 002's
“评选优秀委员和撰写提案先进个人36人”)."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from lvzhi.committees.models import Committee
from lvzhi.merits.models import Commendation, CommendationKind, Commendee


@dataclass
class KindFigure:
    kind: str
    label: str
    commendations: int
    person_times: int
    members: int


@dataclass
class CommendationFigures:
    committee: Committee
    year: int
    by_kind: list[KindFigure] = field(default_factory=list)
    commendations: int = 0
    person_times: int = 0
    members: int = 0  # distinct members commended in the year, whatever the kind


def commendation_figures(committee: Committee, year: int) -> CommendationFigures:
    result = CommendationFigures(committee=committee, year=year)
    counts = dict(Commendation.objects.filter(committee=committee, year=year).values("kind")
                  .annotate(n=Count("id")).order_by().values_list("kind", "n"))
    credited = Commendee.objects.filter(commendation__committee=committee, commendation__year=year)
    times = {r["commendation__kind"]: (r["n"], r["people"]) for r in credited.values("commendation__kind")
             .annotate(n=Count("id"), people=Count("person", distinct=True)).order_by()}
    for kind in CommendationKind:
        n_times, n_people = times.get(kind.value, (0, 0))
        result.by_kind.append(KindFigure(kind.value, str(kind.label), counts.get(kind.value, 0), n_times, n_people))
    result.commendations = sum(counts.values())
    result.person_times = sum(t for t, _ in times.values())
    result.members = credited.values("person").distinct().count()
    return result


def commendation_years(committee: Committee) -> list[int]:
    return list(Commendation.objects.filter(committee=committee).order_by("-year").values_list("year", flat=True)
                .distinct())
