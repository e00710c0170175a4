"""Benchmark data for duty scoring (履职量化考核): a 600-member committee with three years of duty records and a
rule table, the measured committee's rule table, and what to time.

Timed: recomputing every score of the 600-member committee's year (goal ≤ 2 s, as `duty_scores_recompute` or a
rule-table edit would make the next reader do), the ranking page of that committee and a member's score page
(p95 ≤ 100 ms; scores current after the first read, as they are kept).
"""
from __future__ import annotations

import datetime
import random
import time
from itertools import count
from typing import Any

BIG = 600
RECOMPUTE = "duty scores, recompute a 600-member committee's year"


def build(committees: list[Any], staff: Any, leader: Any) -> dict[str, Any]:
    from django.utils import timezone

    from bench.duty_data import BATCH, _committee_rows
    from lvzhi.accounts.models import Role, RoleGrant, User
    from lvzhi.committees.models import ActivityGroup, Committee, Level, Sector, Term
    from lvzhi.duty.models import DutyRecord, ScoringPreset
    from lvzhi.duty.services_rules import ruleset_create
    from lvzhi.members.models import ROLE_RANK, MemberRole, Membership, Person
    from lvzhi.text.sortkeys import pinyin_key, stroke_key

    del leader  # the tree's leader reads every committee's ranking (duty.view over the subtree)
    rng = random.Random(31)
    today = timezone.localdate()
    parent = committees[0]
    big = Committee.objects.create(name="基准六百人政协", level=Level.CITY, parent=parent)
    big.path = f"{parent.path}{big.pk}/"
    big.save(update_fields=["path"])
    term = Term.objects.create(committee=big, number=10, start_date=datetime.date(2022, 1, 1), is_current=True)
    sectors = [Sector.objects.create(committee=big, name=n) for n in ("中共", "经济界", "教育界", "农业界")]
    groups = [ActivityGroup.objects.create(committee=big, name=f"第{k}组") for k in range(12)]
    names = [f"{rng.choice('王李张刘陈杨黄赵吴周')}{rng.choice('伟芳娜敏静丽强磊')}{rng.choice('军洋勇艳杰娟')}"
             for _ in range(BIG)]
    Person.objects.bulk_create([Person(name=n, stroke_key=stroke_key(n), pinyin_key=pinyin_key(n)) for n in names],
                               batch_size=BATCH)
    people = list(Person.objects.order_by("-id").values_list("pk", flat=True)[:BIG])[::-1]
    memberships = []
    for k, pk in enumerate(people):
        role = MemberRole.STANDING if k < 60 else MemberRole.MEMBER
        memberships.append(Membership(person_id=pk, committee=big, term=term, role=role, role_rank=ROLE_RANK[role],
                                      sector=rng.choice(sectors), activity_group=rng.choice(groups),
                                      stroke_key=stroke_key(names[k]), pinyin_key=pinyin_key(names[k])))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    ids = count(10**9)  # source ids apart from the other builders'
    rows = _committee_rows(rng, big.pk, [(pk, k < 60) for k, pk in enumerate(people)],
                           (today.year, today.year - 1, today.year - 2), today, lambda _type: next(ids), None)
    DutyRecord.objects.bulk_create(rows, batch_size=BATCH)
    manager = User.objects.create_user(username="bench_scoring_staff", password="Bench#2026x")
    RoleGrant.objects.create(user=manager, role=Role.OFFICE_STAFF, committee=big)
    ruleset_create(actor=manager, committee=big, year=today.year, preset=ScoringPreset.BASE_BONUS)
    measured = committees[-1]
    ruleset_create(actor=staff, committee=measured, year=today.year, preset=ScoringPreset.PER_ITEM)
    sample = Membership.objects.filter(committee=big).order_by("id").values_list("pk", flat=True)[5]
    return {"total": len(rows), "committee": big.pk, "year": today.year, "people": people, "membership": sample}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    y, big = data["year"], data["committee"]
    return {
        "duty ranking (600 members)": ("leader", f"/duty/ranking/?committee={big}&year={y}"),
        "duty ranking, 年委员 list (600 members)": ("leader", f"/duty/ranking/?committee={big}&year={y}"
                                                              "&list=only_plenary"),
        "duty ranking (measured committee)": ("staff", f"/duty/ranking/?committee={committee_id}&year={y}"),
        "duty score of a member": ("leader", f"/duty/score/members/{data['membership']}/?year={y}"),
        "API duty scores (600 members)": ("leader", f"/api/duty-scores/?committee={big}&year={y}"),
    }


def functions(data: dict[str, Any], repeat: int) -> dict[str, dict[str, float]]:
    """Every score of the 600-member committee's year computed again from its records (force: none reused)."""
    import statistics

    from lvzhi.duty.scoring import current_scores

    def recompute() -> None:
        current_scores(committee_id=data["committee"], year=data["year"], person_ids=data["people"], force=True,
                       breakdown=False)

    recompute()
    samples = []
    for _ in range(max(3, repeat // 10)):
        t0 = time.perf_counter()
        recompute()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {RECOMPUTE: {"p50": statistics.median(samples), "p95": samples[max(0, int(len(samples) * 0.95) - 1)],
                        "max": samples[-1]}}
