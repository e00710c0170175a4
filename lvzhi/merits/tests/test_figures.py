"""The commendation figures: seed 002's “评选优秀委员和撰写提案先进个人36人” built from records, a member honoured
twice counted once; the page and the API show the same numbers."""
from __future__ import annotations

import datetime

import pytest

from lvzhi.api.tests.helpers import api_client
from lvzhi.members.models import Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.merits.figures import commendation_figures
from lvzhi.merits.models import CommendationKind
from lvzhi.merits.services.commendations import commendation_create
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
YEAR = 2024


def _members(world: World, n: int) -> list[Person]:
    people = []
    surnames, given = "王李张刘陈杨", "明华强芳军静"
    for i in range(n):
        person = person_create(actor=None, check_actor=False, name=f"{surnames[i // 6]}{given[i % 6]}")
        membership_create(actor=None, person=person, committee=world.city, check_actor=False)
        people.append(person)
    return people


def _seed_002(world: World) -> None:
    """30 优秀委员 and 8 提案先进个人, 2 of them also 优秀委员: 36 members, 38 person-times."""
    people = _members(world, 36)
    commendation_create(actor=world.carol, committee=world.city, year=YEAR, kind=CommendationKind.EXCELLENT_MEMBER,
                        title=f"{YEAR}年度优秀政协委员", issued_on=datetime.date(YEAR + 1, 1, 15), people=people[:30])
    commendation_create(actor=world.carol, committee=world.city, year=YEAR, kind=CommendationKind.ADVANCED_PROPOSER,
                        title=f"{YEAR}年度撰写提案先进个人", issued_on=datetime.date(YEAR + 1, 1, 15),
                        people=people[28:36])


def test_seed_002_thirty_six_members_commended(world: World) -> None:
    _seed_002(world)
    f = commendation_figures(world.city, YEAR)
    assert (f.members, f.person_times, f.commendations) == (36, 38, 2)
    by_kind = {k.kind: (k.commendations, k.person_times, k.members) for k in f.by_kind}
    assert by_kind[CommendationKind.EXCELLENT_MEMBER] == (1, 30, 30)
    assert by_kind[CommendationKind.ADVANCED_PROPOSER] == (1, 8, 8)
    assert by_kind[CommendationKind.EXCELLENT_PROPOSAL] == (0, 0, 0)
    assert commendation_figures(world.city, YEAR + 1).members == 0  # issued in January, counted in its year


def test_the_page_and_the_api_show_the_figure(world: World) -> None:
    _seed_002(world)
    page = api_client("alice").get("/merits/commendations/", {"committee": world.city.pk, "year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<div class="card" data-figure="members"><strong>36</strong>受表彰委员（人）</div>' in html
    assert f"{YEAR}年度撰写提案先进个人" in html
    data = api_client("leo").get("/api/commendation-figures/", {"committee": world.city.pk, "year": YEAR}).json()
    assert (data["members"], data["person_times"]) == (36, 38)
    assert api_client("olga").get("/api/commendation-figures/", {"committee": world.city.pk}).status_code == 403
