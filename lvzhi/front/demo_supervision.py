"""民主监督 for the demo city, walked through the real services."""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.front.demo_people import quiet_members
from lvzhi.members.models import MemberRole, Membership, Person
from lvzhi.supervision.models import AttendanceKind, Method
from lvzhi.supervision.services import attendance, groups, matters, supervisors

# (group, topic, departments, matters: (department, title, facts, opinions))
GROUPS = [
    ("第一民主监督组", "优化营商环境", ["营商环境建设局", "市场监督管理局"], [
        ("营商环境建设局", "惠企政策兑现落实情况", "走访企业26家，部分企业反映政策申报材料多、兑现周期长。",
         ["精简惠企政策申报材料，推行“免申即享”", "建立政策兑现限时办结制度", "定期通报兑现进度"]),
        ("市场监督管理局", "涉企检查“双随机、一公开”执行情况", "查阅检查台账，个别领域仍存在多头检查、重复检查。",
         ["统筹部门联合抽查计划", "公开抽查结果和整改情况"]),
    ]),
    ("第二民主监督组", "规范公正文明执法", ["公安局", "城市管理行政执法局"], [
        ("公安局", "户籍窗口服务效率", "实地察看6个派出所户籍窗口，群众反映高峰时段排队时间长。",
         ["高峰时段增开窗口", "推行网上预约和延时服务"]),
        ("城市管理行政执法局", "占道经营治理中的柔性执法", "召开咨询问政会，听取商户和居民意见。",
         ["设置便民疏导点", "推行首违不罚清单", "执法全过程记录"]),
    ]),
    ("第三民主监督组", "民生实事落实", ["教育局", "卫生健康委员会"], [
        ("教育局", "改扩建四所幼儿园推进情况", "实地察看施工现场，两所幼儿园进度滞后于计划。",
         ["倒排工期，确保秋季开园", "加强施工安全和质量监管"]),
        ("卫生健康委员会", "社区卫生服务中心药品配备", "座谈了解到部分常用慢病药品短缺。",
         ["完善基层药品配备目录", "建立短缺药品监测预警机制"]),
    ]),
]

# How far each matter has gone: 0 fact-finding, 1 opinions issued (overdue by now), 2 fed back, 3 verified.
STAGES = [(3, 1), (3, 2), (0, 3)]


def _unit(city: Committee, short: str) -> HandlingUnit:
    return HandlingUnit.objects.get(committee=city, name=f"{city.display_name}{short}")


def build_demo_supervision(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Record a year of 民主监督 for `city`; returns extra demo logins as (role label, username, committee name)."""
    rng = random.Random(404)
    staff = User.objects.get(username="bangongshi")
    today = timezone.localdate()
    year = today.year
    start = max(datetime.date(year, 1, 1), today - datetime.timedelta(days=300))
    serving = Membership.objects.filter(committee=city, is_active=True).select_related("person")
    vice = [m.person for m in serving.filter(role=MemberRole.VICE_CHAIR).order_by("id")]
    members = [m.person for m in serving.filter(role__in=[MemberRole.MEMBER, MemberRole.STANDING])
               .exclude(person_id__in=quiet_members(city)).order_by("id")]  # the quiet come to the plenary only
    demo_member = Person.objects.filter(user__username="weiyuan").first()

    plan = groups.plan_create(actor=staff, committee=city, year=year, title=f"{year}年度民主监督工作计划",
                              body="围绕市委、市政府中心工作，向执法部门和窗口单位选派民主监督组，打造“摸清实际情况—提出监督意见—"
                                   "反馈办理情况—核实确认效果”工作闭环。")
    groups.plan_approve(actor=staff, plan=plan)
    methods = list(Method.values)
    for gi, (name, topic, units, items) in enumerate(GROUPS):
        team = rng.sample(members[:120], 5)
        if gi == 0 and demo_member is not None and demo_member not in team:
            team[0] = demo_member
        leader = vice[gi % len(vice)] if vice else team.pop()
        group = groups.group_create(
            actor=staff, committee=city, plan=plan, name=name, topic=topic, leader=leader,
            members=[p for p in team if p.pk != leader.pk], departments=[_unit(city, u) for u in units],
            methods=rng.sample(methods, 3), sent_on=start + datetime.timedelta(days=10 * gi))
        for mi, (unit, title, facts, opinions) in enumerate(items):
            matter = matters.matter_create(actor=staff, group=group, department=_unit(city, unit), title=title,
                                           description=facts)
            stage = STAGES[gi][mi]
            if stage == 0:
                continue
            issued = group.sent_on + datetime.timedelta(days=30)
            matters.matter_issue_opinions(actor=staff, matter=matter, opinions=opinions, issued_on=issued,
                                          feedback_due=issued + datetime.timedelta(days=30))
            if stage == 1:
                continue
            fed = min(today, issued + datetime.timedelta(days=25))
            matters.matter_record_feedback(actor=staff, matter=matter, received_on=fed,
                                           feedback=f"{unit}已研究制定整改方案，逐条落实监督意见，并建立长效机制。")
            if stage == 3:
                matters.matter_verify(actor=staff, matter=matter, verified_on=min(today, fed + datetime.timedelta(days=7)),
                                      verification="监督组实地核实、回访群众，整改措施落实到位，效果明显。")

    # Special supervisors: appointed early in the year, then batches of duty (seed 002's 批次 and 人次).
    bodies = [("中级人民法院", "特约监督员"), ("人民检察院", "特约监督员"), ("营商环境建设局", "营商环境监督员")]
    appointed: dict[str, list[Person]] = {}
    pool = members[120:]
    for bi, (short, title) in enumerate(bodies):
        body = f"{city.display_name}{short}"
        appointed[body] = pool[bi * 6:(bi + 1) * 6]
        for person in appointed[body]:
            supervisors.appointment_create(actor=staff, committee=city, person=person, body=body, title=title,
                                           appointed_on=start)
    activities = ["旁听执行案件", "参与案件评查", "走访企业暗访营商环境", "参加公开听证", "监督窗口服务"]
    for i in range(12):
        body = list(appointed)[i % len(appointed)]
        supervisors.duty_create(actor=staff, committee=city, body=body, title=f"{activities[i % len(activities)]}（第{i + 1}批）",
                                date=start + datetime.timedelta(days=20 + i * 20),
                                participants=rng.sample(appointed[body], rng.randint(2, 4)))

    # 列席 and 旁听.
    kinds = [(AttendanceKind.GOVERNMENT_MEETING, f"{city.display_name}人民政府", "常务会议"),
             (AttendanceKind.COURT_HEARING, f"{city.display_name}中级人民法院", "公开庭审"),
             (AttendanceKind.PROCURATORATE, f"{city.display_name}人民检察院", "检察开放日座谈"),
             (AttendanceKind.OTHER_MEETING, f"{city.display_name}人民政府", "重点项目推进会")]
    for i in range(16):
        kind, body, title = kinds[i % len(kinds)]
        attendance.attendance_create(actor=staff, committee=city, kind=kind, body=body, title=f"第{i + 1}次{title}",
                                     date=start + datetime.timedelta(days=15 + i * 15),
                                     attendees=rng.sample(members[:200], 2))
    return []
