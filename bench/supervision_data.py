"""Benchmark data for 民主监督: bulk rows across the bench tree, and the pages to time."""
from __future__ import annotations

import datetime
import random
from typing import Any

TOPICS = [
    ("涉企收费", "涉企收费清单公开和执行情况"), ("窗口服务", "政务服务窗口办事时限和服务态度"),
    ("执法规范", "行政执法自由裁量权行使情况"), ("食品安全", "校园周边食品安全抽检"),
    ("营商环境", "惠企政策兑现落实情况"), ("供热", "冬季供热质量和投诉处理"),
    ("养老", "社区养老服务设施运营"), ("教育", "幼儿园改扩建工程推进"), ("医疗", "医疗健康工程实施进度"),
    ("交通", "城区道路养护和停车管理"), ("环境", "黑臭水体整治成效"), ("住房", "老旧小区改造质量"),
]
FACTS = ["走访企业和群众，收集意见{n}条。", "查阅台账资料，发现部分环节办理超时。", "召开咨询问政会，部门负责人现场回应。",
         "实地察看窗口和现场，群众反映集中在办事流程不清。"]
BODIES = ["中级人民法院", "人民检察院", "营商环境建设局", "公安局", "市场监督管理局", "税务局"]
UNITS = ["公安局", "市场监督管理局", "税务局", "自然资源局", "住房和城乡建设局", "卫生健康委员会", "教育局", "交通运输局"]
BATCH = 5000


def build(committees: list[Any], staff: Any, leader: Any, per_committee: int = 250, seed: int = 17) -> dict[str, Any]:
    """Bulk-create this line's records in `committees`; `staff` may be given extra grants in committees[-1].

    Per committee: 10 groups of 6 members sent to 3 departments each, `per_committee` matters across them with
    their opinions and history, 35 special supervisors with 22 batches, and 70 occasions of 列席 and 旁听.
    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    from django.utils import timezone

    from lvzhi.committees.models import HandlingUnit
    from lvzhi.members.models import Membership
    from lvzhi.supervision.models import (
        AttendanceKind,
        GroupMember,
        GroupRole,
        MatterState,
        MatterStep,
        OutsideAttendance,
        PlanState,
        SupervisionGroup,
        SupervisionMatter,
        SupervisionOpinion,
        SupervisionPlan,
        SupervisorAppointment,
        SupervisorDuty,
    )
    from lvzhi.supervision.services.common import search_key

    rng = random.Random(seed)
    today = timezone.localdate()
    year = today.year
    start = datetime.date(year, 1, 1)
    span = max(1, (today - start).days)
    states = ([MatterState.VERIFIED] * 45 + [MatterState.FEEDBACK_RECEIVED] * 15 + [MatterState.OPINIONS_ISSUED] * 25
              + [MatterState.FACT_FINDING] * 15)
    kinds = ([AttendanceKind.GOVERNMENT_MEETING] * 26 + [AttendanceKind.OTHER_MEETING] * 8
             + [AttendanceKind.COURT_HEARING] * 28 + [AttendanceKind.PROCURATORATE] * 8)
    plans, groups_by_committee = [], {}
    for c in committees:
        plans.append(SupervisionPlan(committee=c, year=year, title=f"{year}年度民主监督工作计划", state=PlanState.APPROVED,
                                     approved_at=timezone.now()))
    SupervisionPlan.objects.bulk_create(plans, batch_size=BATCH)
    plan_of = dict(SupervisionPlan.objects.filter(year=year).values_list("committee_id", "pk"))
    units_of: dict[int, list[Any]] = {}
    people_of: dict[int, list[int]] = {}
    groups: list[Any] = []
    for c in committees:
        units = list(HandlingUnit.objects.filter(committee=c).order_by("id")[:12])
        for name in UNITS[len(units):]:
            units.append(HandlingUnit.objects.create(committee=c, name=f"{c.name[:-2]}{name}"))
        units_of[c.pk] = units
        people_of[c.pk] = list(Membership.objects.filter(committee=c).values_list("person_id", flat=True)[:200])
        for g in range(10):
            groups.append(SupervisionGroup(committee=c, plan_id=plan_of[c.pk], year=year, name=f"第{g + 1}民主监督组",
                                           topic=TOPICS[g % len(TOPICS)][1], methods=["research", "hearing", "forum"],
                                           sent_on=start + datetime.timedelta(days=rng.randint(0, min(span, 120)))))
    SupervisionGroup.objects.bulk_create(groups, batch_size=BATCH)
    groups = list(SupervisionGroup.objects.filter(year=year, committee__in=committees).order_by("id"))
    seats, departments = [], []
    through = SupervisionGroup.departments.through
    for g in groups:
        groups_by_committee.setdefault(g.committee_id, []).append(g)
        people = rng.sample(people_of[g.committee_id], min(6, len(people_of[g.committee_id])))
        for i, pid in enumerate(people):
            seats.append(GroupMember(group=g, person_id=pid, role=GroupRole.LEADER if i == 0 else GroupRole.MEMBER))
        g.units = rng.sample(units_of[g.committee_id], 3)  # type: ignore[attr-defined]
        departments += [through(supervisiongroup_id=g.pk, handlingunit_id=u.pk) for u in g.units]  # type: ignore
    GroupMember.objects.bulk_create(seats, batch_size=BATCH)
    through.objects.bulk_create(departments, batch_size=BATCH)

    matters = []
    for c in committees:
        cgroups = groups_by_committee[c.pk]
        for i in range(per_committee):
            g = cgroups[i % len(cgroups)]
            unit = g.units[i % 3]  # type: ignore[attr-defined]
            key, topic = TOPICS[rng.randrange(len(TOPICS))]
            title = f"{unit.name}{topic}（{i + 1}）"
            facts = "".join(rng.sample(FACTS, 2)).format(n=rng.randint(5, 40))
            state = rng.choice(states)
            issued = None if state == MatterState.FACT_FINDING else g.sent_on + datetime.timedelta(
                days=rng.randint(10, 60))
            if issued is not None and issued > today:
                issued = today
            due = issued + datetime.timedelta(days=30) if issued else None
            fed = (min(today, issued + datetime.timedelta(days=rng.randint(10, 45)))
                   if issued and state in (MatterState.FEEDBACK_RECEIVED, MatterState.VERIFIED) else None)
            verified = min(today, fed + datetime.timedelta(days=10)) if fed and state == MatterState.VERIFIED else None
            matters.append(SupervisionMatter(
                committee=c, group=g, year=year, department=unit, title=title, description=facts,
                search_text=search_key(title, facts, unit.name), state=state, opinions_issued_on=issued,
                feedback_due=due, feedback="已按意见整改，建立长效机制。" if fed else "", feedback_on=fed,
                verification="实地核实，整改到位。" if verified else "", verified_on=verified))
    SupervisionMatter.objects.bulk_create(matters, batch_size=BATCH)
    opinions, steps = [], []
    rows = SupervisionMatter.objects.filter(year=year, committee__in=committees).values_list(
        "pk", "committee_id", "state", "opinions_issued_on")
    order = [MatterState.FACT_FINDING, MatterState.OPINIONS_ISSUED, MatterState.FEEDBACK_RECEIVED,
             MatterState.VERIFIED]
    actions = ["create", "issue_opinions", "record_feedback", "verify"]
    now = timezone.now()
    for pk, cid, state, issued in rows:
        if issued:
            for n in range(1, rng.randint(2, 4)):
                opinions.append(SupervisionOpinion(matter_id=pk, committee_id=cid, seq=n, text=f"建议{n}：建立问题清单，限期整改并公开进展。",
                                                   issued_on=issued))
        for k in range(order.index(state) + 1):
            steps.append(MatterStep(matter_id=pk, actor=staff, at=now, action=actions[k],
                                    from_state=order[k - 1] if k else "", to_state=order[k], remarks=""))
    SupervisionOpinion.objects.bulk_create(opinions, batch_size=BATCH)
    MatterStep.objects.bulk_create(steps, batch_size=BATCH)

    appointments, duties, occasions = [], [], []
    for c in committees:
        people = people_of[c.pk]
        chosen = rng.sample(people, min(35, len(people)))
        for i, pid in enumerate(chosen):
            appointments.append(SupervisorAppointment(committee=c, person_id=pid, body=BODIES[i % len(BODIES)],
                                                      title="特约监督员", appointed_on=start))
        for i in range(22):
            duties.append(SupervisorDuty(committee=c, year=year, body=BODIES[i % len(BODIES)], title=f"监督活动第{i + 1}批",
                                         date=start + datetime.timedelta(days=rng.randint(0, span))))
        for i in range(70):
            occasions.append(OutsideAttendance(committee=c, year=year, kind=kinds[i % len(kinds)], body="人民政府",
                                               title=f"会议或庭审第{i + 1}次",
                                               date=start + datetime.timedelta(days=rng.randint(0, span))))
    SupervisorAppointment.objects.bulk_create(appointments, batch_size=BATCH)
    SupervisorDuty.objects.bulk_create(duties, batch_size=BATCH)
    OutsideAttendance.objects.bulk_create(occasions, batch_size=BATCH)
    by_body = {}
    for a in SupervisorAppointment.objects.filter(committee__in=committees).values_list("committee_id", "body",
                                                                                          "person_id"):
        by_body.setdefault(a[:2], []).append(a[2])
    duty_through = SupervisorDuty.participants.through
    links = []
    for d in SupervisorDuty.objects.filter(year=year, committee__in=committees).values_list("pk", "committee_id",
                                                                                              "body"):
        pool = by_body.get((d[1], d[2]), [])
        links += [duty_through(supervisorduty_id=d[0], person_id=p) for p in rng.sample(pool, min(3, len(pool)))]
    duty_through.objects.bulk_create(links, batch_size=BATCH)
    attend_through = OutsideAttendance.attendees.through
    links = []
    for pk, cid in OutsideAttendance.objects.filter(year=year, committee__in=committees).values_list("pk",
                                                                                                       "committee_id"):
        links += [attend_through(outsideattendance_id=pk, person_id=p) for p in rng.sample(people_of[cid], 2)]
    attend_through.objects.bulk_create(links, batch_size=BATCH)
    from lvzhi.supervision.services.common import refresh_person_times

    refresh_person_times()  # the person-times each occasion and batch keeps, as the services set them

    target = committees[-1]
    group = groups_by_committee[target.pk][0]
    matter = SupervisionMatter.objects.filter(committee=target).order_by("id").first()
    return {"year": year, "group": group.pk, "root": committees[0].parent_id, "matter": matter.pk if matter else 0,
            "total": len(matters), "opinions": len(opinions), "steps": len(steps)}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms."""
    c, year = committee_id, data["year"]
    return {
        "supervision year page (plan and groups)": ("staff", f"/supervision/?committee={c}&year={year}"),
        "supervision matters list": ("staff", f"/supervision/matters/?committee={c}"),
        "supervision matters filtered (year, open, overdue)": (
            "staff", f"/supervision/matters/?committee={c}&year={year}&state=opinions_issued&overdue=on"),
        "supervision matters search": ("staff", f"/supervision/matters/?committee={c}&q=窗口 服务"),
        "supervision matter page": ("staff", f"/supervision/matters/{data['matter']}/"),
        "supervision group page": ("staff", f"/supervision/groups/{data['group']}/"),
        "supervision special supervisors": ("staff", f"/supervision/supervisors/?committee={c}&year={year}"),
        "supervision 列席 and 旁听": ("staff", f"/supervision/attendance/?committee={c}&year={year}"),
        "supervision figures (one committee-year)": ("staff", f"/supervision/figures/?committee={c}&year={year}"),
        "supervision figures (leader, whole tree)": (
            "leader", f"/supervision/figures/?committee={data['root']}&subtree=on&year={year}"),
        "API supervision matters list": ("staff", f"/api/supervision-matters/?committee={c}"),
    }
