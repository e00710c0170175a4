"""The demo year of 社情民意 runs through the real services and gives the figures something to show."""
from __future__ import annotations

from django.utils import timezone

from lvzhi.accounts.models import Role
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.front.demo_opinions import build_demo_opinions
from lvzhi.members.services import membership_create, person_create
from lvzhi.opinions.figures import Period, Scope, opinion_figures
from lvzhi.testing import PASSWORD, World


def test_demo_year(world: World) -> None:
    for username, role in (("yanjiushi", Role.RESEARCH_STAFF), ("bangongshi", Role.OFFICE_STAFF),
                           ("weiyuan", Role.MEMBER)):
        user = user_create(actor=None, username=username, display_name=username, password=PASSWORD,
                           must_change_password=False, check_actor=False)
        grant_create_unchecked(actor=None, user=user, role=role, committee=world.city)
        if username == "weiyuan":
            person = person_create(actor=None, check_actor=False, name="韩立新", gender="male")
            person.user = user
            person.save(update_fields=["user"])
            membership_create(actor=None, person=person, committee=world.city, check_actor=False)
    assert build_demo_opinions(world.city, PASSWORD) == []
    f = opinion_figures(Scope(world.city), Period.for_year(timezone.localdate().year))
    assert f.values["received"] == 36
    assert f.values["issues"] + f.values["published"] > 0
    assert f.values["adopted"] == 8 and f.values["instructed"] == 4
    assert f.by_submitter_kind["party"] > 0
