"""A realistic, generated demo committee tree: 长春市政协 and the committees below it (no real people)."""
from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.committees.models import Committee, Level, MeetingKind, Party
from lvzhi.front.demo_people import person_name
from lvzhi.members.models import MemberRole, Person
from lvzhi.members.services import membership_create, person_create
from lvzhi.organisation import services as org

DEMO_PASSWORD = "Demo#2026"

PARTIES = ["中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派", "群众"]
CITY_SECTORS = [
    "中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "无党派人士", "共青团", "总工会",
    "妇联", "青联", "工商联", "科协", "台联", "侨联", "文化艺术界", "科学技术界", "社会科学界", "经济界",
    "农业界", "教育界", "体育界", "新闻出版界", "医药卫生界", "对外友好界", "社会福利和社会保障界",
    "少数民族界", "宗教界", "特邀人士",
]
COUNTY_SECTORS = [
    "中共", "民主党派", "无党派人士", "共青团", "总工会", "妇联", "工商联", "科学技术界", "经济界", "农业界",
    "教育界", "文化艺术界", "医药卫生界", "社会福利和社会保障界", "少数民族界", "特邀人士",
]
CITY_SPECIAL = [
    "提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会", "社会和法制委员会",
    "民族宗教委员会", "港澳台侨和外事委员会", "文化文史和学习委员会",
]
COUNTY_SPECIAL = ["提案委员会", "经济委员会", "农业农村委员会", "社会和法制委员会", "教科卫体委员会", "文史和学习委员会"]
UNITS = [
    ("发展和改革委员会", "政府部门"), ("教育局", "政府部门"), ("科学技术局", "政府部门"), ("工业和信息化局", "政府部门"),
    ("公安局", "政府部门"), ("民政局", "政府部门"), ("司法局", "政府部门"), ("财政局", "政府部门"),
    ("人力资源和社会保障局", "政府部门"), ("自然资源局", "政府部门"), ("生态环境局", "政府部门"),
    ("住房和城乡建设局", "政府部门"), ("交通运输局", "政府部门"), ("水利局", "政府部门"), ("农业农村局", "政府部门"),
    ("商务局", "政府部门"), ("文化广播电视和旅游局", "政府部门"), ("卫生健康委员会", "政府部门"),
    ("应急管理局", "政府部门"), ("市场监督管理局", "政府部门"), ("城市管理行政执法局", "政府部门"),
    ("医疗保障局", "政府部门"), ("营商环境建设局", "政府部门"), ("体育局", "政府部门"),
    ("中级人民法院", "法院检察院"), ("人民检察院", "法院检察院"), ("总工会", "群团组织"), ("团委", "群团组织"),
    ("妇女联合会", "群团组织"), ("供电公司", "企事业单位"),
]
CHILDREN = [
    ("长春市南关区政协", "南关区", Level.COUNTY, ["永吉街道", "南岭街道", "自由大路街道", "鸿城街道", "明珠街道", "桃源街道", "全安街道", "曙光街道", "幸福乡", "新春街道", "净月街道", "民康街道"]),
    ("长春市宽城区政协", "宽城区", Level.COUNTY, ["新发街道", "站前街道", "南广街道", "东广街道", "群英街道", "兴业街道", "凯旋街道", "团山街道", "欣园街道", "柳影街道", "奋进乡", "兰家镇"]),
    ("长春市朝阳区政协", "朝阳区", Level.COUNTY, ["前进街道", "桂林街道", "南湖街道", "永昌街道", "重庆街道", "清和街道", "红旗街道", "湖西街道", "富锋街道", "乐山镇", "永春镇"]),
    ("长春市九台区政协", "九台区", Level.COUNTY, ["九台街道", "营城街道", "卡伦湖街道", "龙嘉街道", "西营城街道", "土们岭街道", "沐石河街道", "波泥河街道", "纪家街道", "东湖街道", "上河湾镇", "胡家回族乡", "莽卡满族乡", "城子街街道", "兴隆街道", "其塔木镇", "苇子沟街道", "六台街道"]),
    ("榆树市政协", "榆树市", Level.COUNTY, ["华昌街道", "正阳街道", "培英街道", "城郊街道", "五棵树镇", "弓棚镇", "闵家镇", "大岭镇", "于家镇", "新立镇", "土桥镇", "秀水镇"]),
    ("公主岭市政协", "公主岭市", Level.COUNTY, ["岭东街道", "岭西街道", "铁北街道", "河北街道", "刘房子街道", "南崴子街道", "范家屯镇", "响水镇", "大岭镇", "怀德镇", "双城堡镇", "陶家屯镇"]),
]
CITY_GROUPS = ["南关区", "宽城区", "朝阳区", "二道区", "绿园区", "双阳区", "九台区", "经开区", "高新区", "净月区"]

WORKPLACES = [
    "{c}人民医院副院长", "{c}第一中学校长", "吉林大学教授", "{c}农业技术推广中心主任", "{c}某科技有限公司董事长",
    "{c}律师事务所主任", "{c}供销合作社理事会主任", "{c}妇幼保健院主任医师", "{c}文化馆馆长", "{c}某建设集团总经理",
    "{c}中医院院长", "{c}实验小学教师", "{c}某农业合作社理事长", "{c}红十字会常务副会长", "{c}某食品有限公司总经理",
    "{c}税务局副局长", "{c}科学技术协会副主席", "{c}工商业联合会副主席", "{c}某街道社区卫生服务中心主任", "长春工业大学副教授",
]
ETHNICITIES = ["汉族"] * 18 + ["满族", "朝鲜族", "回族", "蒙古族"]
EDUCATION = ["大学", "研究生", "大学", "大专", "研究生", "大学"]
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


@dataclass
class DemoLogin:
    role: str
    username: str
    committee: str


def _id_number(rng: random.Random, region: str, birth: datetime.date, male: bool, used: set[str]) -> str:
    while True:
        seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
        body = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = body + _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
        if number not in used:
            used.add(number)
            return number




def _setup_committee(committee: Committee, sectors: list[str], special: list[str], groups: list[str],
                     term_number: int) -> None:
    term = org.term_create(actor=None, committee=committee, number=term_number, start_date=datetime.date(2022, 1, 8),
                           check_actor=False)
    for i, year in enumerate(range(2022, 2027), start=1):
        start = datetime.date(year, 1, 8 + (committee.pk % 5))
        org.session_create(actor=None, term=term, number=i, start_date=start, end_date=start + datetime.timedelta(days=3),
                           proposal_deadline=start + datetime.timedelta(days=1), place=f"{committee.display_name}会议中心",
                           check_actor=False)
    standing_topics = ["协商讨论年度协商计划", "专题议政：优化营商环境", "专题议政：乡村振兴", "听取提案办理情况通报",
                       "专题议政：养老服务体系建设", "审议委员履职考核办法"]
    for n in range(1, 13):
        date = datetime.date(2022, 3, 15) + datetime.timedelta(days=n * 100)
        org.meeting_create(actor=None, term=term, kind=MeetingKind.STANDING, number=n, date=date,
                           title=standing_topics[n % len(standing_topics)], check_actor=False)
    for n in range(1, 25):
        date = datetime.date(2022, 2, 20) + datetime.timedelta(days=n * 45)
        org.meeting_create(actor=None, term=term, kind=MeetingKind.CHAIRS, number=n, date=date,
                           title="研究近期重点工作", check_actor=False)
    for i, name in enumerate(sectors):
        org.config_item_create(actor=None, list_key="sectors", name=name, committee=committee, sort_order=i,
                               check_actor=False)
    for i, name in enumerate(special):
        org.config_item_create(actor=None, list_key="special-committees", name=name, committee=committee,
                               sort_order=i, check_actor=False)
    for i, name in enumerate(groups):
        org.config_item_create(actor=None, list_key="activity-groups", name=f"{name}委员活动小组", committee=committee,
                               sort_order=i, check_actor=False)
    for i, (name, kind) in enumerate(UNITS):
        org.config_item_create(actor=None, list_key="handling-units", name=f"{committee.display_name}{name}",
                               committee=committee, sort_order=i, kind=kind, check_actor=False)


def _members(rng: random.Random, committee: Committee, count: int, region: str, names: set[str], ids: set[str],
             parties: list[Party]) -> list[Person]:
    sectors = list(committee.sectors.all())
    special = list(committee.special_committees.all())
    groups = list(committee.activity_groups.all())
    people = []
    roles = [MemberRole.CHAIR] + [MemberRole.VICE_CHAIR] * 6 + [MemberRole.SECRETARY_GENERAL]
    roles += [MemberRole.STANDING] * (count // 6)
    roles += [MemberRole.MEMBER] * (count - len(roles))
    for i, role in enumerate(roles):
        male = rng.random() < 0.62
        birth = datetime.date(rng.randint(1958, 1992), rng.randint(1, 12), rng.randint(1, 28))
        sector = rng.choice(sectors)
        party = next((p for p in parties if p.name == sector.name), None) or rng.choice(
            parties[:1] * 5 + parties[1:9] + parties[9:] * 3
        )
        person = person_create(
            actor=None, check_actor=False, name=person_name(rng, names), gender="male" if male else "female",
            ethnicity=rng.choice(ETHNICITIES), birth_date=birth, id_number=_id_number(rng, region, birth, male, ids),
            phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", education=rng.choice(EDUCATION),
            workplace=rng.choice(WORKPLACES).format(c=committee.display_name),
        )
        membership_create(
            actor=None, person=person, committee=committee, check_actor=False, role=role, sector=sector, party=party,
            activity_group=rng.choice(groups) if groups else None,
            special_committees=rng.sample(special, k=1 if rng.random() < 0.8 else 2) if special else [],
            manual_order=i,
        )
        people.append(person)
    return people


def _account(username: str, display_name: str, role: str, committee: Committee | None, logins: list[DemoLogin],
             **extra: object) -> User:
    user = user_create(actor=None, username=username, display_name=display_name, password=DEMO_PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=role, committee=committee, **extra)  # type: ignore[arg-type]
    logins.append(DemoLogin(role=Role(role).label, username=username, committee=committee.name if committee else "全系统"))
    return user


class Progress:
    """Says what the demo is building as it goes, with the seconds since the start: building takes minutes."""

    def __init__(self, write: Callable[[str], None] | None) -> None:
        self.write = write
        self.started = time.monotonic()

    def __call__(self, what: str) -> None:
        if self.write is not None:
            self.write(f"[{time.monotonic() - self.started:6.1f} 秒] {what}")


def _line_counts(city: Committee) -> dict[str, Callable[[], str]]:
    """What each working line's demo year made, as the progress lines say it (each counted when asked)."""
    from lvzhi.consultations.models import ConsultationActivity
    from lvzhi.duty.models import ScoringRuleSet
    from lvzhi.duty_reports.models import DutyReport, ReportingSession
    from lvzhi.front.demo_duty import grade_counts
    from lvzhi.meetings.models import AttendanceSheet
    from lvzhi.merits.models import Commendation, ReportedActivity
    from lvzhi.opinions.models import OpinionReport
    from lvzhi.proposals.models import Proposal
    from lvzhi.study.models import ReadingGroup, StudySession
    from lvzhi.supervision.models import SupervisionGroup, SupervisionMatter

    def ranking() -> str:
        year = timezone.localdate().year
        grades, only_plenary = grade_counts(city, year)
        return f"{city.name}{year}年" + "、".join(f"{label} {n} 人" for label, n in grades) + f"，年委员 {only_plenary} 人"

    return {
        "提案": lambda: f"{Proposal.objects.count()} 件提案",
        "社情民意": lambda: f"{OpinionReport.objects.count()} 篇信息",
        "会议与考勤": lambda: f"{AttendanceSheet.objects.count()} 张签到表",
        "协商": lambda: f"{ConsultationActivity.objects.count()} 次协商活动",
        "民主监督": lambda: f"{SupervisionGroup.objects.count()} 个监督组、{SupervisionMatter.objects.count()} 个监督事项",
        "履职考核规则": lambda: "、".join(f"{r.year}年“{r.name}”" for r in ScoringRuleSet.objects.order_by("year")),
        "学习培训": lambda: f"{StudySession.objects.count()} 场学习培训、{ReadingGroup.objects.count()} 个读书群",
        "履职申报与表彰": lambda: (f"{ReportedActivity.objects.count()} 项履职活动申报、"
                                   f"{Commendation.objects.count()} 项表彰"),
        "履职报告与述职": lambda: f"{DutyReport.objects.count()} 份履职报告、{ReportingSession.objects.count()} 次述职会",
        "履职考核排名": ranking,
    }


@transaction.atomic
def build_demo(seed: int = 2026, city_members: int = 420, county_members: int = 180,
               progress: Callable[[str], None] | None = None) -> list[DemoLogin]:
    """Create the demo tree; returns the demo logins (all share DEMO_PASSWORD). `progress` gets one line per step."""
    say = Progress(progress)
    say("正在建立政协组织和基础数据……")
    rng = random.Random(seed)
    parties = [cast(Party, org.config_item_create(actor=None, list_key="parties", name=n, sort_order=i,
                                                  check_actor=False)) for i, n in enumerate(PARTIES)]
    province = org.committee_create(actor=None, name="吉林省政协", short_name="吉林省", level=Level.PROVINCE,
                                    region_code="220000", check_actor=False)
    city = org.committee_create(actor=None, name="长春市政协", short_name="长春市", level=Level.CITY, parent=province,
                                region_code="220100", check_actor=False)
    _setup_committee(province, CITY_SECTORS, CITY_SPECIAL, [], 13)
    _setup_committee(city, CITY_SECTORS, CITY_SPECIAL, CITY_GROUPS, 15)
    children = []
    for i, (name, short, level, groups) in enumerate(CHILDREN):
        child = org.committee_create(actor=None, name=name, short_name=short, level=level, parent=city,
                                     region_code=f"2201{i + 2:02d}", sort_order=i, check_actor=False)
        _setup_committee(child, COUNTY_SECTORS, COUNTY_SPECIAL, groups, 10)
        children.append(child)
    say(f"政协组织已建立：{Committee.objects.count()} 个；正在生成委员……")
    names: set[str] = set()
    ids: set[str] = set()
    province_people = _members(rng, province, 60, "220000", names, ids, parties)
    say(f"委员：{province.name} 60 人")
    city_people = _members(rng, city, city_members, "220100", names, ids, parties)
    say(f"委员：{city.name} {city_members} 人")
    for i, child in enumerate(children):
        _members(rng, child, county_members, f"2201{i + 2:02d}", names, ids, parties)
        say(f"委员：{child.name} {county_members} 人（{i + 1}/{len(children)}）")
    # 四级委员: some city members also sit on the province committee or on a district committee.
    for person in city_people[60:75]:
        membership_create(actor=None, person=person, committee=province, check_actor=False,
                          sector=rng.choice(list(province.sectors.all())), party=person.memberships.get().party)
    for person, child in zip(province_people[20:26], children, strict=True):
        membership_create(actor=None, person=person, committee=child, check_actor=False,
                          sector=rng.choice(list(child.sectors.all())), party=person.memberships.get().party)

    say("正在建立演示账号……")
    logins: list[DemoLogin] = []
    _account("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None, logins)
    _account("secadmin", "安全管理员", Role.SECURITY_ADMIN, None, logins)
    _account("auditor", "审计管理员", Role.AUDIT_ADMIN, None, logins)
    _account("bangongshi", "王秀兰", Role.OFFICE_STAFF, city, logins)
    _account("tianwei", "李建国", Role.PROPOSAL_STAFF, city, logins)
    _account("yanjiushi", "赵雪梅", Role.RESEARCH_STAFF, city, logins)
    _account("zhuanwei", "孙立群", Role.SPECIAL_COMMITTEE_STAFF, city, logins,
             special_committee=city.special_committees.get(name="经济委员会"))
    _account("jiaoyuju", "周晓东", Role.UNIT_STAFF, city, logins,
             handling_unit=city.handling_units.get(name="长春市教育局"))
    _account("lingdao", "陈振华", Role.LEADER, city, logins)
    _account("kuancheng", "刘淑珍", Role.OFFICE_STAFF, children[1], logins)
    chair = city.memberships.get(role=MemberRole.CHAIR)
    member = city.memberships.filter(role=MemberRole.MEMBER).order_by("id").first()
    assert member is not None
    for username, membership in (("weiyuan", member), ("zhuxi", chair)):
        user = _account(username, membership.person.name, Role.MEMBER, city, logins)
        membership.person.user = user
        membership.person.save(update_fields=["user"])
    from lvzhi.front.demo_consultations import build_demo_consultations
    from lvzhi.front.demo_duty import (
        build_demo_merits,
        build_demo_reports,
        build_demo_rules,
        build_demo_scores,
        build_demo_study,
    )
    from lvzhi.front.demo_meetings import build_demo_meetings
    from lvzhi.front.demo_opinions import build_demo_opinions
    from lvzhi.front.demo_proposals import build_demo_proposals
    from lvzhi.front.demo_supervision import build_demo_supervision

    lines: list[tuple[str, Callable[[Committee, str], list[tuple[str, str, str]]]]] = [
        ("提案", build_demo_proposals), ("社情民意", build_demo_opinions), ("会议与考勤", build_demo_meetings),
        ("协商", build_demo_consultations), ("民主监督", build_demo_supervision),
        ("履职考核规则", build_demo_rules), ("学习培训", build_demo_study), ("履职申报与表彰", build_demo_merits),
        ("履职报告与述职", build_demo_reports), ("履职考核排名", build_demo_scores)]
    counts = _line_counts(city)
    for label, build in lines:
        say(f"正在生成{label}的演示年度……")
        for role, username, committee_name in build(city, DEMO_PASSWORD):
            logins.append(DemoLogin(role=role, username=username, committee=committee_name))
        say(f"{label}：{counts[label]()}")
    return logins
