"""Commendations: each credited member gets a duty row with the kind's outcome (a proposal's signers in their roles);
removing a member or deleting the commendation removes it; bad input and outsiders are refused."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lvzhi.duty.models import DutyEvent, DutyKind, DutyRecord, DutyRole, Outcome
from lvzhi.members.models import Person
from lvzhi.merits.models import Commendation, CommendationKind
from lvzhi.merits.services import commendations as services
from lvzhi.proposals.models import State
from lvzhi.proposals.testing import make_proposal
from lvzhi.testing import World

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


def _commend(world: World, kind: str = CommendationKind.EXCELLENT_MEMBER, people: list[Person] | None = None,
             **kwargs: object) -> Commendation:
    values: dict[str, object] = {"title": f"{LAST_YEAR}年度优秀政协委员", "issued_on": datetime.date(LAST_YEAR + 1, 1, 20),
                                 "issuer": "政协长春市委员会", "document_number": "长政协发〔2026〕3号", **kwargs}
    return services.commendation_create(actor=world.carol, committee=world.city, year=LAST_YEAR, kind=kind,
                                        people=[world.people["alice"], world.people["bob"]] if people is None
                                        else people, **values)  # type: ignore[arg-type]


def _rows(world: World) -> list[tuple[str, str, str, list[str], datetime.date]]:
    return [(r.person.name, r.event, r.role_code, r.outcome_list(), r.date)
            for r in DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).select_related("person").order_by("person__name")]


def test_excellent_members_land_in_the_year_they_are_for(world: World) -> None:
    _commend(world)
    year_end = datetime.date(LAST_YEAR, 12, 31)  # announced in January, counted in the year it honours
    assert _rows(world) == [
        ("艾丽", DutyEvent.COMMENDATION, DutyRole.PARTICIPANT, [Outcome.EXCELLENT_MEMBER], year_end),
        ("薄波", DutyEvent.COMMENDATION, DutyRole.PARTICIPANT, [Outcome.EXCELLENT_MEMBER], year_end),
    ]
    assert DutyRecord.objects.filter(kind=DutyKind.COMMENDATION).first().year == LAST_YEAR  # type: ignore[union-attr]


@pytest.mark.parametrize(("kind", "role", "outcomes"), [
    (CommendationKind.ADVANCED_PROPOSER, DutyRole.PARTICIPANT, [Outcome.ADVANCED]),
    (CommendationKind.EXCELLENT_OPINION, DutyRole.AUTHOR, [Outcome.EXCELLENT_OPINION]),
    (CommendationKind.OTHER, DutyRole.PARTICIPANT, []),
])
def test_each_kind_has_its_outcome(world: World, kind: str, role: str, outcomes: list[str]) -> None:
    _commend(world, kind=kind, people=[world.people["alice"]], title="表彰")
    assert [(r[2], r[3]) for r in _rows(world)] == [(role, outcomes)]


def test_an_excellent_proposal_credits_its_confirmed_proposers_in_their_roles(world: World) -> None:
    proposal = make_proposal(world, state=State.FILED, proposers=[world.people["alice"], world.people["bob"]])
    commendation = _commend(world, kind=CommendationKind.EXCELLENT_PROPOSAL, people=[], proposal=proposal,
                            title=f"{LAST_YEAR}年度优秀提案")
    assert [(c.person.name, c.role_code) for c in commendation.commendees.all()] == [
        ("艾丽", DutyRole.FIRST), ("薄波", DutyRole.COSIGNER)]
    assert [(r[0], r[2], r[3]) for r in _rows(world)] == [
        ("艾丽", DutyRole.FIRST, [Outcome.EXCELLENT]), ("薄波", DutyRole.COSIGNER, [Outcome.EXCELLENT])]
    with pytest.raises(ValidationError, match="已登记为优秀提案"):
        _commend(world, kind=CommendationKind.EXCELLENT_PROPOSAL, people=[], proposal=proposal, title="又一次")


def test_an_unfiled_proposal_cannot_be_commended(world: World) -> None:
    draft = make_proposal(world, state=State.DRAFT)
    with pytest.raises(ValidationError, match="已立案的提案"):
        _commend(world, kind=CommendationKind.EXCELLENT_PROPOSAL, people=[], proposal=draft)
    assert not Commendation.objects.exists()


def test_removing_a_member_and_deleting_remove_their_rows(world: World) -> None:
    commendation = _commend(world)
    services.commendation_remove_person(actor=world.carol, commendation=commendation, person=world.people["bob"],
                                        expected_version=commendation.version)
    assert [r[0] for r in _rows(world)] == ["艾丽"]
    added = services.commendation_add_people(actor=world.carol, commendation=commendation,
                                             people=[world.people["alice"], world.people["bob"]])
    assert added == [world.people["bob"]] and len(_rows(world)) == 2
    services.commendation_delete(actor=world.carol, commendation=commendation)
    assert _rows(world) == [] and not Commendation.objects.exists()


def test_a_correction_moves_the_rows_with_it(world: World) -> None:
    commendation = _commend(world)
    services.commendation_update(actor=world.carol, commendation=commendation, title=f"{LAST_YEAR}年度优秀政协委员（更正）",
                                 issued_on=datetime.date(LAST_YEAR, 12, 20), expected_version=commendation.version)
    assert {r.title for r in DutyRecord.objects.filter(kind=DutyKind.COMMENDATION)} == {f"{LAST_YEAR}年度优秀政协委员（更正）"}
    assert {r[4] for r in _rows(world)} == {datetime.date(LAST_YEAR, 12, 20)}
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.commendation_update(actor=world.carol, commendation=commendation, title="x",
                                     issued_on=datetime.date(LAST_YEAR, 12, 20), expected_version=1)


def test_bad_input_is_told_and_nothing_is_saved(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.commendation_create(actor=world.carol, committee=world.city, year=LAST_YEAR, kind="medal",
                                     title=" ", issued_on=timezone.localdate() + datetime.timedelta(days=2),
                                     people=[world.people["alice"], world.people["alice"]])
    errors = caught.value.message_dict
    assert errors["kind"] == ["请选择表彰类别。"] and errors["title"] == ["请填写表彰名称。"]
    assert errors["issued_on"] == ["表彰日期不能晚于今天。"] and errors["people"] == ["受表彰委员有重复。"]
    with pytest.raises(ValidationError, match=f"表彰日期应在 {LAST_YEAR} 年或 {LAST_YEAR + 1} 年"):
        _commend(world, issued_on=datetime.date(LAST_YEAR - 3, 5, 1))
    _commend(world)
    with pytest.raises(ValidationError, match="已登记同名同类的表彰"):
        _commend(world)  # the same form twice
    assert Commendation.objects.count() == 1 and len(_rows(world)) == 2


def test_a_member_of_another_committee_cannot_be_credited(world: World) -> None:
    from lvzhi.members.services import membership_create, person_create

    outsider = person_create(actor=None, check_actor=False, name="区委员")
    membership_create(actor=None, person=outsider, committee=world.district, check_actor=False)
    with pytest.raises(ValidationError, match="区委员不是长春市政协的在任委员"):
        _commend(world, people=[world.people["alice"], outsider])
    assert _rows(world) == []


@pytest.mark.parametrize("who", ["alice", "olga", "leo", "pete"])
def test_only_the_committees_duty_staff_record_them(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.commendation_create(actor=world.users[who], committee=world.city, year=LAST_YEAR,
                                     kind=CommendationKind.EXCELLENT_MEMBER, title="优秀委员",
                                     issued_on=datetime.date(LAST_YEAR, 12, 1), people=[world.people["alice"]])
    commendation = _commend(world)
    with pytest.raises(PermissionDenied):
        services.commendation_delete(actor=world.users[who], commendation=commendation)
    assert len(_rows(world)) == 2
