"""委员履职 for the demo city, walked through the real services: the scoring rule tables, study and training,
activities the members report and the honours of last year, duty reports and a 述职 session, and the ranking.

Figures follow seed 002 (a prefecture committee of about the demo city's size): 专题学习 30 场次, 集体学习会 18 次,
学习研讨会 5 次, 18 trainings, a 7-day class of 47, reading groups, 36 members commended. They are scaled down
for a smaller demo committee, and every date falls between New Year and today.
"""
from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee
from lvzhi.duty.models import DutyRecord, ScoringPreset
from lvzhi.duty.scoring import current_scores
from lvzhi.duty.selectors import ranked_members, ruleset_for
from lvzhi.duty.services_rules import ruleset_copy, ruleset_create
from lvzhi.duty_reports.models import DutyReport
from lvzhi.duty_reports.services import reports as report_services
from lvzhi.duty_reports.services.sessions import Reporter
from lvzhi.duty_reports.services.sessions import session_create as reporting_session_create
from lvzhi.front.demo_people import person_name, quiet_members
from lvzhi.meetings.models import AttendanceSheet, SheetKind, SheetState
from lvzhi.members.models import MemberRole, Membership, Person
from lvzhi.merits.models import ActivityKind, CommendationKind
from lvzhi.merits.services import activities as activity_services
from lvzhi.merits.services.commendations import commendation_create
from lvzhi.proposals.models import Proposal, State
from lvzhi.study.models import SessionKind
from lvzhi.study.services import reading
from lvzhi.study.services import sessions as study

FULL_SIZE = 420  # the demo city's default membership, for which seed 002's figures are taken whole
DEMO_MEMBER = "weiyuan"

STUDY_TOPICS = [
    "习近平总书记关于加强和改进人民政协工作的重要思想", "党的二十届三中全会精神", "《中国人民政治协商会议章程》",
    "全国政协全体会议精神", "习近平总书记视察吉林重要讲话重要指示精神", "新时代推动东北全面振兴座谈会精神",
    "铸牢中华民族共同体意识", "《中华人民共和国民法典》", "新时代人民政协党的建设工作", "政协协商同基层协商有效衔接",
]
TOPIC_FORMS = ["主席会议专题学习", "常委会议专题学习", "政协“大讲堂”专题辅导"]
SEMINARS = ["深化政协协商民主实践", "提升委员履职能力", "加强专门委员会建设", "推进书香政协建设", "发挥界别作用"]
LECTURES = ["数字经济与产业转型专题讲座", "乡村振兴政策解读专题讲座", "社情民意信息撰写专题讲座",
            "政协委员调查研究方法专题讲座", "国家安全教育专题讲座", "营商环境建设专题讲座"]
READING_GROUPS = [
    ("经济委员会", "经济委员会读书群", "新质生产力与东北振兴"),
    ("文化文史和学习委员会", "文化文史读书群", "中华优秀传统文化与地方文史"),
    ("教科卫体委员会", "教科卫体读书群", "教育强国与健康长春"),
]
READING_ACTIVITIES = ["线上共读《习近平谈治国理政》并交流心得", "读书分享会", "线上共读并撰写读书笔记",
                      "“书香政协”读书沙龙", "邀请专家导读", "读书心得交流会"]
CLASS_STAFF = [("市政协办公室", "机关干部"), ("市政协研究室", "机关干部"), ("九台区政协", "机关干部"),
               ("南关区政协", "机关干部"), ("宽城区政协", "机关干部"), ("朝阳区政协", "机关干部"),
               ("榆树市政协", "机关干部")]

# (kind, title, place, what happened, what proves it, fate): fates are approved, submitted, returned, draft.
DEMO_MEMBER_ACTIVITIES = [
    (ActivityKind.RESEARCH, "赴九台区开展黑土地保护专题调研", "九台区", "随市政协农业和农村委员会实地察看保护性耕作示范田，"
     "与种粮大户座谈，形成调研报告一篇。", "调研通知及调研报告已交市政协农业和农村委员会。", "approved"),
    (ActivityKind.STATION, "参加南关区委员工作站“委员接待日”活动", "南关区永吉街道委员工作站",
     "接待群众8人次，收集老旧小区加装电梯、社区养老等意见建议3条。", "委员工作站接待登记表（照片）。", "approved"),
    (ActivityKind.LECTURE, "到社区宣讲全国两会精神", "南岭街道社区党群服务中心",
     "向社区居民和党员群众宣讲全国两会精神，约60人参加。", "街道活动通知和现场照片。", "approved"),
    (ActivityKind.CHARITY, "参加“金秋助学”捐资助学活动", "长春市", "资助两名家庭困难的大学新生。",
     "市慈善总会捐赠票据。", "submitted"),
    (ActivityKind.MEETING, "参加市工商联民营企业座谈会", "市工商联", "在座谈会上就民营企业融资问题发言。", "", "returned"),
    (ActivityKind.OTHER, "参与编写《长春老字号》文史资料", "", "承担其中两个老字号的资料收集和撰稿。", "", "draft"),
]
OTHER_ACTIVITIES = [
    (ActivityKind.RESEARCH, "参加民营经济高质量发展专题调研", "经开区", "走访企业5家，参加座谈会。"),
    (ActivityKind.INSPECTION, "参加城市更新项目视察", "宽城区", "察看老旧小区改造和背街小巷整治项目。"),
    (ActivityKind.STATION, "参加委员工作站“有事好商量”协商活动", "朝阳区桂林街道委员工作站", "就社区停车难问题与居民协商。"),
    (ActivityKind.LECTURE, "为中小学生开展法治宣讲", "长春市第一中学", "讲授未成年人保护法相关知识。"),
    (ActivityKind.MEDIATION, "参与调解一起物业服务纠纷", "绿园区", "协助街道调解业主与物业公司之间的纠纷。"),
    (ActivityKind.CHARITY, "参加义诊进社区活动", "二道区", "为社区老人义诊，测量血压、解答用药问题。"),
]
RETURN_REASON = "请补充会议通知或签到表等佐证材料，并写明本人在会上的发言情况，补充后重新提交。"
OUTLOOK = ("一是调查研究还不够深入，提出的意见建议针对性、可操作性有待增强；二是联系界别群众还不够经常。"
           "今后将加强学习，多深入基层了解情况，力争提出更多高质量的提案和社情民意信息。")
SPEECH = "本人认真履行委员职责，积极参加全体会议、专题协商和视察调研等活动，围绕我市中心工作建言献策。"


@dataclass
class Demo:
    city: Committee
    staff: User
    today: datetime.date
    year: int
    members: list[Membership]  # the city's serving members, in roster order of their creation
    rng: random.Random

    @property
    def scale(self) -> float:
        return min(1.0, len(self.members) / FULL_SIZE)

    def count(self, full: int) -> int:
        """Seed 002's yearly figure for a committee of this size."""
        return max(1, round(full * self.scale))

    def day(self, i: int, n: int, start: datetime.date | None = None) -> datetime.date:
        """The i-th of n days spread evenly between `start` (mid-January) and yesterday (today at the latest)."""
        first = start or datetime.date(self.year, 1, 12)
        last = self.today - datetime.timedelta(days=1)
        if last <= first:
            return min(first, self.today)
        return first + datetime.timedelta(days=int((last - first).days * (i + 0.5) / n))

    def people(self, *roles: str) -> list[Person]:
        return [m.person for m in self.members if m.role in roles]

    def sample(self, pool: list[Person], k: int) -> list[Person]:
        return self.rng.sample(pool, k=min(len(pool), k))


def _demo(city: Committee, seed: int) -> Demo:
    today = timezone.localdate()
    quiet = quiet_members(city)  # at the plenary only: left out of every roll here
    members = [m for m in Membership.objects.filter(committee=city, is_active=True).select_related("person__user")
               .order_by("id") if m.person_id not in quiet]
    return Demo(city=city, staff=User.objects.get(username="bangongshi"), today=today, year=today.year,
                members=members, rng=random.Random(seed))


def _account_holders(d: Demo) -> list[Person]:
    """The members with a demo login (weiyuan, zhuxi, wy01 …): only they can report activities or write reports."""
    holders = [(m.person.user.username, m.person) for m in d.members if m.person.user is not None]
    holders.sort(key=lambda h: (h[0] != DEMO_MEMBER, h[0]))
    return [person for _, person in holders]


# ---------------------------------------------------------------- 考核规则


def build_demo_rules(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Last year's table from the base-plus-bonus preset when last year has records, copied to this year (the
    yearly "copy last year's" step); otherwise this year's from the preset."""
    del password
    d = _demo(city, 10)
    if DutyRecord.objects.filter(committee=city, year=d.year - 1).exists():
        previous = ruleset_create(actor=d.staff, committee=city, year=d.year - 1, preset=ScoringPreset.BASE_BONUS)
        ruleset_copy(actor=d.staff, source=previous, year=d.year)
    else:
        ruleset_create(actor=d.staff, committee=city, year=d.year, preset=ScoringPreset.BASE_BONUS)
    return []


# ---------------------------------------------------------------- 学习培训


def build_demo_study(city: Committee, password: str) -> list[tuple[str, str, str]]:
    del password
    d = _demo(city, 20)
    leaders = d.people(MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL)
    standing = d.people(MemberRole.STANDING)
    everyone = [m.person for m in d.members]

    def held(kind: str, title: str, day: datetime.date, roll: list[Person], **extra: Any) -> None:
        session = study.session_create(actor=d.staff, committee=city, kind=kind, title=title, date=day, held=True,
                                       **extra)
        study.session_set_roll(actor=d.staff, session=session, members=roll)

    # 专题学习: the chairs' meetings, the standing committee's and the lectures of the 大讲堂 take turns.
    n = d.count(30)
    for i in range(n):
        form = TOPIC_FORMS[i % len(TOPIC_FORMS)]
        roll = leaders + d.sample(standing, 40 if form == TOPIC_FORMS[1] else 6 if form == TOPIC_FORMS[0] else 25)
        held(SessionKind.TOPIC, f"{form}：{STUDY_TOPICS[i % len(STUDY_TOPICS)]}", d.day(i, n), roll,
             organiser="市政协办公室", place="市政协机关会议室", non_member_count=d.rng.randint(0, 12))
    # 集体学习会: the party group (党组) with the chairs' meeting.
    n = d.count(18)
    for i in range(n):
        held(SessionKind.COLLECTIVE, f"第{i + 1}次集体学习会：{STUDY_TOPICS[(i * 3) % len(STUDY_TOPICS)]}",
             d.day(i, n, datetime.date(d.year, 1, 15)), leaders + d.sample(standing, 3), organiser="市政协党组",
             place="市政协机关会议室", non_member_count=d.rng.randint(4, 10))
    # 学习研讨会.
    n = d.count(5)
    for i in range(n):
        held(SessionKind.SEMINAR, f"学习研讨会：{SEMINARS[i % len(SEMINARS)]}", d.day(i, n, datetime.date(d.year, 2, 20)),
             leaders[:3] + d.sample(standing + d.people(MemberRole.MEMBER), 24), organiser="市政协办公室",
             place="市政协学习室", non_member_count=d.rng.randint(5, 15))

    # Trainings (seed 002: 18, 1,200+ person-times): the training sign-in sheets the meetings line held, the
    # 7-day class, and lectures with a roll kept here.
    sheets = list(AttendanceSheet.objects.filter(committee=city, kind=SheetKind.TRAINING, state=SheetState.CLOSED,
                                                 date__year=d.year).exclude(title__contains="培训班").order_by("date"))
    for sheet in sheets[:d.count(12)]:
        session = study.session_create(actor=d.staff, committee=city, kind=SessionKind.TRAINING, title=sheet.title,
                                       date=sheet.date, held=True, place=sheet.place, organiser="市政协办公室",
                                       non_member_count=d.rng.randint(3, 12))
        study.session_link_sheet(actor=d.staff, session=session, sheet=sheet)
    size = d.count(47)
    start = d.day(1, 2, datetime.date(d.year, 4, 1))
    end = start + datetime.timedelta(days=6)
    course = study.session_create(
        actor=d.staff, committee=city, kind=SessionKind.CLASS, title=f"{d.year}年政协委员履职能力提升培训班",
        date=start, end_date=end, days=7, place="中共长春市委党校", organiser="市政协办公室、中共长春市委党校",
        description="围绕政协理论、协商议政、提案和社情民意信息撰写、调查研究方法等开展为期7天的集中培训。")
    others = CLASS_STAFF[:max(1, size // 7)]
    names: set[str] = set()
    for unit, _ in others:
        name = person_name(d.rng, names)
        study.trainee_add(actor=d.staff, session=course, name=name, unit=unit)
    study.session_set_roll(actor=d.staff, session=course, members=d.sample(standing + d.people(MemberRole.MEMBER),
                                                                          size - len(others)))
    if end <= d.today:
        study.session_hold(actor=d.staff, session=course)
    n = max(1, d.count(18) - len(sheets[:d.count(12)]) - 1)
    for i in range(n):
        held(SessionKind.TRAINING, LECTURES[i % len(LECTURES)], d.day(i, n, datetime.date(d.year, 3, 5)),
             d.sample(everyone, d.rng.randint(15, 30)), organiser="市政协办公室", place="市政协学习室",
             non_member_count=d.rng.randint(10, 30))

    # Reading groups, one per special committee, with their activities.
    for g, (special, name, theme) in enumerate(READING_GROUPS[:max(2, d.count(3))]):
        ids = set(Membership.objects.filter(committee=city, is_active=True, special_committees__name=special)
                  .values_list("person_id", flat=True))
        pool = [p for p in everyone if p.pk in ids] or everyone
        group_members = d.sample(pool, 20)
        group = reading.group_create(actor=d.staff, committee=city, name=name, theme=theme,
                                     founded_on=datetime.date(d.year - 1, 4, 23), leader=group_members[0],
                                     members=group_members[1:])
        n = d.count(6)
        for i in range(n):
            title = READING_ACTIVITIES[(i + g) % len(READING_ACTIVITIES)]
            reading.activity_create(actor=d.staff, group=group, date=d.day(i, n, datetime.date(d.year, 1, 20 + g)),
                                    title=f"{title}（第{i + 1}期）", notes=f"围绕“{theme}”开展读书交流。",
                                    participants=[group_members[0], *d.sample(group_members[1:], 10)])
    return []


# ---------------------------------------------------------------- 履职申报与表彰


def _report(d: Demo, person: Person, kind: str, title: str, place: str, description: str, evidence: str,
            fate: str, day: datetime.date) -> None:
    user = person.user
    assert user is not None
    activity = activity_services.activity_create(
        actor=user, committee=d.city, kind=kind, date=day, title=title, place=place, description=description,
        evidence_note=evidence, submit=fate != "draft" and bool(evidence))
    if fate == "approved":
        activity_services.activity_approve(actor=d.staff, activity=activity, remarks="情况属实，予以认定。")
    elif fate == "returned":
        if activity.state == "draft":  # reported without evidence: a note saying where it is, then submitted
            activity = activity_services.activity_update(
                actor=user, activity=activity, kind=kind, date=day, title=title, place=place,
                description=description, evidence_note="会议材料在本人处，可随时提供。")
            activity = activity_services.activity_submit(actor=user, activity=activity)
        activity_services.activity_return(actor=d.staff, activity=activity, reason=RETURN_REASON)


def build_demo_merits(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Activities the members with a login report (the demo member's own among them), and last year's honours."""
    del password
    d = _demo(city, 30)
    holders = _account_holders(d)
    n = len(DEMO_MEMBER_ACTIVITIES)
    for person in holders:
        if person.user is not None and person.user.username == DEMO_MEMBER:
            for i, (kind, title, place, description, evidence, fate) in enumerate(DEMO_MEMBER_ACTIVITIES):
                _report(d, person, kind, title, place, description, evidence, fate,
                        d.day(i, n, datetime.date(d.year, 3, 1)))
            continue
        picks = d.rng.sample(OTHER_ACTIVITIES, k=d.rng.randint(1, 3))
        for i, (kind, title, place, description) in enumerate(picks):
            fate = "approved" if d.rng.random() < 0.6 else "submitted"
            _report(d, person, kind, title, place, description, "活动通知和现场照片已交委员联络处。", fate,
                    d.day(i, len(picks), datetime.date(d.year, 2, 10) + datetime.timedelta(days=d.rng.randint(0, 60))))

    # Last year's honours, announced early this year (seed 002: 优秀委员 and 提案先进个人, 36 in all).
    last = d.year - 1
    issued = min(datetime.date(d.year, 1, 20), d.today)
    ordinary = d.people(MemberRole.STANDING, MemberRole.MEMBER)
    demo_member = next((p for p in holders if p.user is not None and p.user.username == DEMO_MEMBER), None)
    pool = [p for p in ordinary if p != demo_member]
    honoured = d.sample(pool, d.count(24) + d.count(12))
    commendation_create(actor=d.staff, committee=city, year=last, kind=CommendationKind.EXCELLENT_MEMBER,
                        title=f"{last}年度优秀政协委员", issued_on=issued, issuer="政协长春市委员会",
                        document_number=f"长政协发〔{d.year}〕3号", people=honoured[:d.count(24)])
    commendation_create(actor=d.staff, committee=city, year=last, kind=CommendationKind.ADVANCED_PROPOSER,
                        title=f"{last}年度提案工作先进个人", issued_on=issued, issuer="政协长春市委员会",
                        document_number=f"长政协发〔{d.year}〕4号", people=honoured[d.count(24):])
    # This year's 优秀提案: one of this year's proposals, handled and closed (the demo's proposals are all this
    # year's, and an honour counts in the year of the proposal).
    proposal = (Proposal.objects.filter(committee=city, state=State.CLOSED).order_by("id").first()
                or Proposal.objects.filter(committee=city, state__in=[State.REPLIED, State.ASSIGNED]).order_by("id")
                .first())
    if proposal is not None:
        commendation_create(actor=d.staff, committee=city, year=d.year, kind=CommendationKind.EXCELLENT_PROPOSAL,
                            title=f"{d.year}年度优秀提案", issued_on=d.today, issuer="政协长春市委员会",
                            document_number=f"长政协发〔{d.year}〕18号", proposal=proposal)
    return []


# ---------------------------------------------------------------- 履职报告 and 述职


def _write(report: DutyReport, user: User) -> DutyReport:
    body = report.body.replace("二、参政议政情况", f"{SPEECH}\n\n二、参政议政情况")
    body = body.replace("（请在此写明本人履职中存在的不足和今后努力方向，提交前删去本提示。）", OUTLOOK)
    return report_services.duty_report_edit(actor=user, report=report, title=report.title, body=body)


def build_demo_reports(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """This year's reports of the members with a login: the demo member's a draft; the others handed in, one
    acknowledged and one sent back; then one activity group's 述职 session."""
    del password
    d = _demo(city, 40)
    memberships = {m.person_id: m for m in d.members}
    holders = _account_holders(d)[:7]
    plan = ["draft", "acknowledged", "submitted", "submitted", "returned", "submitted", "draft"]
    for person, fate in zip(holders, plan, strict=False):
        user = person.user
        assert user is not None
        if user.username == DEMO_MEMBER:
            fate = "draft"
        report = report_services.duty_report_draft(actor=user, membership=memberships[person.pk], year=d.year)
        if fate == "draft":
            continue
        report = report_services.duty_report_submit(actor=user, report=_write(report, user))
        if fate == "acknowledged":
            report_services.duty_report_acknowledge(actor=d.staff, report=report)
        elif fate == "returned":
            report_services.duty_report_return(actor=d.staff, report=report,
                                               reason="请补充参加委员工作站活动的具体情况。")

    # The 述职 session of the activity group of the first member whose report was acknowledged.
    reporter = next((memberships[p.pk] for p, f in zip(holders, plan, strict=False)
                     if f == "acknowledged" and memberships[p.pk].activity_group_id), None)
    reporter = reporter or next((m for m in d.members if m.activity_group_id), None)
    if reporter is not None and reporter.activity_group is not None:
        group = [m.person for m in d.members if m.activity_group_id == reporter.activity_group_id]
        others = [p for p in group if p.pk != reporter.person_id]
        speakers = [reporter.person, *d.sample(others, 3)]
        present = [p for p in others if p not in speakers and d.rng.random() < 0.85]
        reporting_session_create(
            actor=d.staff, committee=city, title=f"{reporter.activity_group.name}{d.year}年度委员述职会",
            date=max(datetime.date(d.year, 1, 1), d.today - datetime.timedelta(days=2)),
            reporters=[Reporter(person=p) for p in speakers], attendees=present, place="市政协机关会议室",
            activity_group=reporter.activity_group)
    return []


# ---------------------------------------------------------------- the ranking


def build_demo_scores(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Compute this year's and last year's scores once, so the first ranking page is as quick as the next."""
    del password
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        members = ranked_members(city, year)
        current_scores(committee_id=city.pk, year=year, person_ids=[m.person_id for m in members], breakdown=False)
    return []


def grade_counts(city: Committee, year: int) -> tuple[list[tuple[str, int]], int]:
    """How many of the city's members for `year` have each grade (highest first), and how many are 年委员."""
    ruleset = ruleset_for(city, year)
    if ruleset is None:
        return [], 0
    members = ranked_members(city, year)
    scores = current_scores(committee_id=city.pk, year=year, person_ids=[m.person_id for m in members],
                            ruleset=ruleset, breakdown=False).values()
    grades = Counter(s.grade for s in scores)
    bands = ruleset.bands.order_by("-min_points").values_list("label", flat=True)
    return [(label, grades[label]) for label in bands], sum(1 for s in scores if s.only_plenary)
