"""Benchmark data for 社情民意: bulk rows across the bench tree, and the pages to time."""
from __future__ import annotations

import datetime
import random
from typing import Any

TOPICS = [
    ("养老", "社区助餐服务覆盖不足"), ("教育", "学校周边交通拥堵"), ("医疗", "社区卫生服务中心药品短缺"),
    ("住房", "老旧小区加装电梯推进慢"), ("供热", "冬季供热不达标"), ("就业", "高校毕业生见习补贴兑现慢"),
    ("农业", "秸秆离田收储点布局不合理"), ("安全", "电动自行车楼道充电隐患"), ("环境", "城市内涝积水点改造"),
    ("营商", "中小微企业首贷难"), ("文旅", "景区周边停车收费乱象"), ("民生", "网约配送员职业伤害保障"),
]
SENTENCES = [
    "近期我们在走访中了解到，{t}问题群众反映较为集中。", "相关投诉近三个月明显增加，主要表现为办理时限长、责任不清。",
    "部分区县政策落实不到位，部门之间协调联动机制不健全。", "建议明确牵头部门，建立问题清单和销号制度。",
    "建议畅通群众反映渠道，限时答复并定期通报进展。", "建议加强跟踪督办，推动问题尽快解决。",
]
BATCH = 2000


def _body(rng: random.Random, topic: str) -> str:
    parts = [SENTENCES[0].format(t=topic)]
    while sum(len(p) for p in parts) < rng.randint(500, 1400):
        parts.append(rng.choice(SENTENCES[1:]))
    return "\n".join(parts)


def build(committees: list[Any], staff: Any, leader: Any, per_committee: int = 250, seed: int = 13) -> dict[str, Any]:
    """Bulk-create this line's records in `committees`; `staff` may be given extra grants in committees[-1].

    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    from django.utils import timezone

    from lvzhi.accounts.models import Role, RoleGrant
    from lvzhi.members.models import Membership
    from lvzhi.opinions.models import (
        Adoption,
        AdoptionLevel,
        Instruction,
        IssueItem,
        IssueState,
        JournalIssue,
        OpinionAuthor,
        OpinionEvent,
        OpinionReport,
        Publication,
        Sending,
        State,
        SubmitterKind,
        TargetKind,
    )
    from lvzhi.opinions.services.common import opinion_defaults

    RoleGrant.objects.create(user=staff, role=Role.RESEARCH_STAFF, committee=committees[-1])
    rng = random.Random(seed)
    now = timezone.now()
    states = ([State.PUBLISHED] * 45 + [State.EDITING] * 15 + [State.SUBMITTED] * 12 + [State.NOT_USED] * 12
              + [State.MERGED] * 5 + [State.WITHDRAWN] * 3 + [State.DRAFT] * 8)
    kinds = [SubmitterKind.MEMBER] * 10 + [SubmitterKind.JOINT] * 3 + [SubmitterKind.PARTY] * 3 + [
        SubmitterKind.ORGANISATION, SubmitterKind.SECTOR, SubmitterKind.STATION, SubmitterKind.SPECIAL_COMMITTEE]
    total = 0
    sample: dict[str, Any] = {}
    for c in committees:
        opinion_defaults(c)
        journal = Publication.objects.filter(committee=c).order_by("sort_order").first()
        people = list(Membership.objects.filter(committee=c).values_list("person_id", flat=True)[:300])
        rows: list[OpinionReport] = []
        for i in range(per_committee):
            key, topic = rng.choice(TOPICS)
            state = rng.choice(states)
            kind = rng.choice(kinds)
            year = now.year - rng.choice([0, 0, 1, 2])
            submitted = now.replace(year=year) - datetime.timedelta(days=rng.randint(0, 300), minutes=i)
            title = f"关于{topic}的情况反映（{i}）"
            body = _body(rng, topic)
            collective = "民盟市委员会" if kind not in (SubmitterKind.MEMBER, SubmitterKind.JOINT) else ""
            rows.append(OpinionReport(
                committee=c, year=submitted.year, title=title, body=body, original_title=title, original_body=body,
                submitter_kind=kind, collective_name=collective, urgent=i % 11 == 0, state=state,
                created_by=staff, submitted_at=None if state == State.DRAFT else submitted,
                accepted_at=submitted + datetime.timedelta(days=3) if state in (State.EDITING, State.PUBLISHED)
                else None,
                published_at=submitted + datetime.timedelta(days=10) if state == State.PUBLISHED else None,
                search_text=f"{title} {body} {collective}".lower(),
            ))
        OpinionReport.objects.bulk_create(rows, batch_size=BATCH)
        reports = list(OpinionReport.objects.filter(committee=c).order_by("id"))
        authors, events, sendings, adoptions, instructions, items = [], [], [], [], [], []
        issues: dict[int, list[JournalIssue]] = {}
        for year in {r.year for r in reports}:
            JournalIssue.objects.bulk_create([
                JournalIssue(publication=journal, committee=c, year=year, number=n, date=datetime.date(year, n, 15),
                             state=IssueState.PUBLISHED, created_by=staff, published_at=now)
                for n in range(1, 13)
            ])
            issues[year] = list(JournalIssue.objects.filter(publication=journal, year=year).order_by("number"))
        for r in reports:
            if r.submitter_kind in (SubmitterKind.MEMBER, SubmitterKind.JOINT) and people:
                count = 1 if r.submitter_kind == SubmitterKind.MEMBER else 2
                for k, person_id in enumerate(rng.sample(people, k=min(count, len(people)))):
                    authors.append(OpinionAuthor(report=r, person_id=person_id, order=k + 1))
            events.append(OpinionEvent(report=r, actor=staff, action="create", to_state=State.DRAFT))
            if r.submitted_at:
                events.append(OpinionEvent(report=r, actor=staff, action="submit", from_state=State.DRAFT,
                                           to_state=State.SUBMITTED))
            if r.state != State.PUBLISHED:
                continue
            day = r.published_at.date()
            items.append(IssueItem(issue=issues[r.year][rng.randint(0, 11)], report=r, order=r.pk % 1000))
            sendings.append(Sending(report=r, committee=c, target_kind=TargetKind.PARTY_COMMITTEE, target_name="市委",
                                    date=day))
            if rng.random() < 0.5:
                sendings.append(Sending(report=r, committee=c, target_kind=TargetKind.GOVERNMENT, target_name="市政府",
                                        date=day))
            if rng.random() < 0.25:
                adoptions.append(Adoption(report=r, committee=c, level=rng.choice(AdoptionLevel.values),
                                          adopted_by="市委办公厅", date=day + datetime.timedelta(days=5)))
            if rng.random() < 0.06:
                instructions.append(Instruction(report=r, committee=c, level=rng.choice(AdoptionLevel.values),
                                                leader="市长", text="请有关部门研究办理。",
                                                date=day + datetime.timedelta(days=8)))
        for model, objs in ((OpinionAuthor, authors), (OpinionEvent, events), (IssueItem, items),
                            (Sending, sendings), (Adoption, adoptions), (Instruction, instructions)):
            model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
        total += len(reports)
        if c == committees[-1]:
            published = next(r for r in reports if r.state == State.PUBLISHED and r.year == now.year)
            sample = {"report": published.pk, "year": now.year,
                      "issue": issues[now.year][0].pk}
    return {"total": total, **sample}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms."""
    c = committee_id
    return {
        "opinion list (committee)": ("staff", f"/opinions/?committee={c}"),
        "opinion list (year, published)": ("staff", f"/opinions/?committee={c}&year={data['year']}&state=published"),
        "opinion search": ("staff", f"/opinions/?committee={c}&q=加装电梯"),
        "opinion page": ("staff", f"/opinions/{data['report']}/"),
        "opinion issue page": ("staff", f"/opinions/issues/{data['issue']}/"),
        "opinion figures (committee-year)": ("staff", f"/opinions/figures/?committee={c}&year={data['year']}"),
        "opinion figures (leader, whole tree)": ("leader", f"/opinions/figures/?year={data['year']}&subtree=1"),
        "API opinions list": ("staff", f"/api/opinions/?committee={c}"),
    }
