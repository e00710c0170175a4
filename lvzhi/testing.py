"""Shared test personas: a small committee tree and one account per role (alice the member, ...)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.committees.models import Committee, HandlingUnit, Level, Party, Sector, SpecialCommittee, Term
from lvzhi.members.models import Membership, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.organisation import services as org

PASSWORD = "Lvzhi#2026pass"


@dataclass
class World:
    city: Committee
    district: Committee
    other_district: Committee
    city_term: Term
    sectors: dict[str, Sector]
    parties: dict[str, Party]
    special: dict[str, SpecialCommittee]
    unit: HandlingUnit
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _account(username: str, display_name: str) -> User:
    return user_create(actor=None, username=username, display_name=display_name, password=PASSWORD,
                       must_change_password=False, check_actor=False)


def build_world() -> World:
    """The fixed personas every test file uses.

    alice (member of the city), bob (another member, co-signer), carol (city 办公室 staff),
    pete (city 提案委 staff), rita (city 研究室 staff), sam (city 专委会 staff), uma (handling-unit staff),
    leo (city leader, sees the subtree), olga (办公室 staff of a district: an outsider to the city),
    sysadmin, secadmin, auditor (the three administrators).
    """
    city = org.committee_create(actor=None, name="长春市政协", short_name="长春市", level=Level.CITY, check_actor=False)
    district = org.committee_create(actor=None, name="长春市宽城区政协", short_name="宽城区", level=Level.COUNTY,
                                    parent=city, check_actor=False)
    other = org.committee_create(actor=None, name="长春市九台区政协", short_name="九台区", level=Level.COUNTY,
                                 parent=city, check_actor=False)
    terms = {}
    for c in (city, district, other):
        terms[c.pk] = org.term_create(actor=None, committee=c, number=15 if c == city else 10,
                                      start_date=datetime.date(2022, 1, 10), check_actor=False)
    parties = {n: cast(Party, org.config_item_create(actor=None, list_key="parties", name=n, check_actor=False))
               for n in ("中共", "民革", "民盟", "无党派")}
    sectors = {n: cast(Sector, org.config_item_create(actor=None, list_key="sectors", name=n, committee=city,
                                                      check_actor=False)) for n in ("中共", "经济界", "教育界")}
    special = {n: cast(SpecialCommittee, org.config_item_create(actor=None, list_key="special-committees", name=n,
                                                                committee=city, check_actor=False))
               for n in ("提案委员会", "经济委员会")}
    unit = cast(HandlingUnit, org.config_item_create(actor=None, list_key="handling-units", name="长春市教育局",
                                                     committee=city, check_actor=False))
    world = World(city=city, district=district, other_district=other, city_term=terms[city.pk], sectors=sectors,
                  parties=parties, special=special, unit=unit)
    accounts: list[tuple[str, str, str, Committee | None, dict[str, Any]]] = [
        ("alice", "艾丽", Role.MEMBER, city, {}),
        ("bob", "薄波", Role.MEMBER, city, {}),
        ("carol", "蔡珂", Role.OFFICE_STAFF, city, {}),
        ("pete", "彭涛", Role.PROPOSAL_STAFF, city, {}),
        ("rita", "任婷", Role.RESEARCH_STAFF, city, {}),
        ("sam", "孙明", Role.SPECIAL_COMMITTEE_STAFF, city, {"special_committee": special["经济委员会"]}),
        ("uma", "吴敏", Role.UNIT_STAFF, city, {"handling_unit": unit}),
        ("leo", "刘力", Role.LEADER, city, {}),
        ("olga", "欧丽", Role.OFFICE_STAFF, district, {}),
        ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None, {}),
        ("secadmin", "安全管理员", Role.SECURITY_ADMIN, None, {}),
        ("auditor", "审计管理员", Role.AUDIT_ADMIN, None, {}),
    ]
    for username, name, role, committee, extra in accounts:
        user = _account(username, name)
        grant_create_unchecked(actor=None, user=user, role=role, committee=committee, **extra)
        world.users[username] = user
    for username, name, id_number, phone, sector in (
        ("alice", "艾丽", "220102198001011234", "13812345678", "经济界"),
        ("bob", "薄波", "220102197505051235", "13987654321", "教育界"),
    ):
        person = person_create(actor=None, check_actor=False, name=name, id_number=id_number, phone=phone,
                               gender="female" if username == "alice" else "male")
        person.user = world.users[username]
        person.save(update_fields=["user"])
        world.people[username] = person
        world.memberships[username] = membership_create(
            actor=None, person=person, committee=city, check_actor=False, sector=sectors[sector],
            party=parties["民盟"],
        )
    return world


def browser_login(page: Any, live_server: Any, username: str) -> None:
    """Sign in through the login form of the live server, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
