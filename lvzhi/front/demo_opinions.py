"""社情民意 for the demo city, walked through the real services."""
from __future__ import annotations

import datetime
import random

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee
from lvzhi.front.demo_people import quiet_members
from lvzhi.members.models import MemberRole, Membership
from lvzhi.opinions.models import AdoptionLevel, Publication, SubmitterKind, TargetKind
from lvzhi.opinions.services import editing, followup, issues, reports
from lvzhi.opinions.services.common import opinion_defaults, today

TOPICS = [
    ("城区学校周边上下学时段交通拥堵", "长春市公安局交通警察支队"), ("老旧小区加装电梯推进缓慢", "长春市住房和城乡建设局"),
    ("农村留守老人助餐服务覆盖不足", "长春市民政局"), ("冬季供热投诉集中的几个小区", "长春市城市管理局"),
    ("社区卫生服务中心慢病用药短缺", "长春市卫生健康委员会"), ("高校毕业生见习补贴兑现慢", "长春市人力资源和社会保障局"),
    ("秸秆离田收储点布局不合理", "长春市农业农村局"), ("网约配送员职业伤害保障缺失", "长春市总工会"),
    ("冰雪景区周边停车收费乱象", "长春市文化广播电视和旅游局"), ("中小微企业首贷难", "长春市金融发展服务中心"),
    ("校外培训机构预付费退费难", "长春市教育局"), ("城市内涝易积水点改造", "长春市水务局"),
]
COLLECTIVES = [
    (SubmitterKind.PARTY, "民盟长春市委员会"), (SubmitterKind.PARTY, "民建长春市委员会"),
    (SubmitterKind.PARTY, "九三学社长春市委员会"), (SubmitterKind.ORGANISATION, "长春市工商业联合会"),
    (SubmitterKind.ORGANISATION, "长春市妇女联合会"), (SubmitterKind.SPECIAL_COMMITTEE, "经济委员会"),
    (SubmitterKind.SECTOR, "医药卫生界"), (SubmitterKind.STATION, "南关区永吉街道委员工作站"),
]
# Three wordings × twelve topics: every demo report has its own title.
TITLES = ["关于解决{t}问题的建议", "关于{t}的情况反映", "关于进一步改善{t}状况的建议"]
LEADERS = [(AdoptionLevel.CITY, "市委书记"), (AdoptionLevel.CITY, "市长"), (AdoptionLevel.CITY, "常务副市长"),
           (AdoptionLevel.PROVINCE, "副省长")]


def _body(topic: str, rng: random.Random) -> str:
    return (f"近期，我们在走访中了解到，{topic}问题群众反映较为集中。据调查，相关投诉近三个月增加了"
            f"{rng.randint(20, 60)}%，主要表现为办理时限长、责任主体不清、信息不透明。"
            f"\n建议：一是明确牵头部门，建立问题清单和销号制度；二是畅通群众反映渠道，限时答复；"
            f"三是加强跟踪督办，定期通报进展，推动问题尽快解决。")


def build_demo_opinions(city: Committee, password: str, seed: int = 11) -> list[tuple[str, str, str]]:
    """Record a year of 社情民意 for `city`; returns extra demo logins as (role label, username, committee name)."""
    rng = random.Random(seed)
    opinion_defaults(city)
    editor = User.objects.filter(username="yanjiushi").first()
    office = User.objects.filter(username="bangongshi").first()
    member = User.objects.filter(username="weiyuan").first()
    if editor is None or office is None or member is None:
        return []
    quiet = quiet_members(city)  # at the plenary only
    others = [m.person for m in Membership.objects.filter(committee=city, role=MemberRole.MEMBER, is_active=True)
              .exclude(person__user=member).exclude(person_id__in=quiet).select_related("person").order_by("id")]
    made = []
    for i in range(36):
        topic, department = TOPICS[i % len(TOPICS)]
        title = TITLES[i // len(TOPICS)].format(t=topic)
        if i % 3 == 2:
            kind, name = COLLECTIVES[i % len(COLLECTIVES)]
            # A party's, a sector's or a station's report names the members who wrote it.
            report = reports.opinion_create(actor=office, committee=city, title=title, body=_body(topic, rng),
                                            submitter_kind=kind, collective_name=name, urgent=i % 7 == 0, submit=True,
                                            co_authors=rng.sample(others, min(len(others), rng.randint(12, 24))))
        else:
            co = rng.sample(others, min(len(others), rng.randint(3, 8))) if i % 2 else []
            report = reports.opinion_create(actor=member, committee=city, title=title,
                                            body=_body(topic, rng), co_authors=co, urgent=i % 9 == 0, submit=True,
                                            submitter_kind=SubmitterKind.JOINT if co else SubmitterKind.MEMBER)
        made.append((report, department))
    accepted = []
    for i, (report, department) in enumerate(made):
        if i >= 30:
            continue  # the last few are still waiting for the editors
        if i % 10 == 9:
            editing.opinion_not_use(actor=editor, report=report, reason="所反映问题已在办理中，不再重复报送。")
            continue
        editing.opinion_accept(actor=editor, report=report)
        if i % 8 == 0:
            editing.opinion_revise(actor=editor, report=report, title=report.title,
                                   body=report.body + "\n经核实，上述情况属实，相关部门已着手调研。", note="核实补充情况")
        accepted.append((report, department))
    lead = accepted[0][0]
    for report, _ in accepted[20:22]:
        editing.opinion_merge(actor=editor, report=report, into=lead, remarks="反映同一问题，合并编发。")
    accepted = [pair for pair in accepted[:20]]
    journal = Publication.objects.get(committee=city, name="社情民意")
    special = Publication.objects.get(committee=city, name="政协专报")
    day = today()
    for n, chunk in enumerate((accepted[:6], accepted[6:12], accepted[12:16])):
        issue = issues.issue_create(actor=editor, publication=special if n == 2 else journal,
                                    date=day - datetime.timedelta(days=60 - n * 20))
        for report, _ in chunk:
            issues.issue_add_report(actor=editor, issue=issue, report=report)
        issues.issue_publish(actor=editor, issue=issue)
    for i, (report, department) in enumerate(accepted[:16]):
        sent = day - datetime.timedelta(days=40 - i)
        followup.opinion_send(actor=editor, report=report, target_kind=TargetKind.PARTY_COMMITTEE,
                              target_name="中共长春市委", date=sent)
        followup.opinion_send(actor=editor, report=report, target_kind=TargetKind.GOVERNMENT, target_name="长春市人民政府",
                              date=sent)
        if i % 3 == 0:
            followup.opinion_send(actor=editor, report=report, target_kind=TargetKind.UPPER_CPPCC,
                                  target_name="吉林省政协", date=sent)
        if i % 2 == 0:
            level = AdoptionLevel.PROVINCE if i % 6 == 0 else AdoptionLevel.CITY
            followup.opinion_adopt(actor=editor, report=report, level=level,
                                   adopted_by="吉林省政协" if level == AdoptionLevel.PROVINCE else "中共长春市委办公厅",
                                   date=sent + datetime.timedelta(days=5))
        if i % 4 == 0:
            level, leader = LEADERS[(i // 4) % len(LEADERS)]
            followup.opinion_instruct(actor=editor, report=report, level=level, leader=leader,
                                      text=f"请{department}认真研究，提出解决办法。", date=sent + datetime.timedelta(days=8))
            followup.opinion_feedback(actor=editor, report=report, department=department,
                                      text="已组织专题研究，制定整改方案，相关问题正在逐项落实。",
                                      date=sent + datetime.timedelta(days=20))
    return []
