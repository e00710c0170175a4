"""协商 for the demo city, walked through the real services."""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee
from lvzhi.consultations.models import ConsultationActivity, Form, ParticipantKind
from lvzhi.consultations.services import activities, plans, suggestions
from lvzhi.front.demo_people import quiet_members
from lvzhi.members.models import Person

# (form, title, organiser, place or station): what a city committee's year looks like (seeds 000–004).
ACTIVITIES = [
    (Form.STANDING_TOPIC, "专题议政：优化营商环境，激发市场主体活力", "经济委员会", "市政协常委会议室"),
    (Form.STANDING_TOPIC, "专题议政：加快推进养老服务体系建设", "社会和法制委员会", "市政协常委会议室"),
    (Form.TOPIC, "实施区域河道生态修复工程，助推水源地保护", "人口资源环境委员会", "市政协第一会议室"),
    (Form.TOPIC, "深化“双减”改革，推进义务教育均衡发展", "教科卫体委员会", "市政协第一会议室"),
    (Form.TOPIC, "推广食用菌栽培技术，发展壮大乡村集体经济", "农业和农村委员会", "市政协第二会议室"),
    (Form.COUNTERPART, "与市营商环境建设局对口协商：压减审批时限", "经济委员会", "市营商环境建设局"),
    (Form.COUNTERPART, "与市卫健委对口协商：社区卫生服务中心建设", "教科卫体委员会", "市卫生健康委员会"),
    (Form.SECTOR, "经济界界别协商：民营企业融资难题", "经济界", "市工商联"),
    (Form.SECTOR, "教育界界别协商：职业教育产教融合", "教育界", "长春职业技术学院"),
    (Form.PROPOSAL_HANDLING, "重点提案办理协商：城市更新与老旧小区改造", "提案委员会", "市住建局"),
    (Form.INQUIRY, "咨询问政：窗口单位服务效能", "社会和法制委员会", "市政务服务中心"),
    (Form.ONLINE, "网络议政：城市交通拥堵治理", "文化文史和学习委员会", ""),
    (Form.RESEARCH, "高质量打造国际化新兴消费示范区专题调研", "经济委员会", "重庆路商圈"),
    (Form.RESEARCH, "优化基层法律服务站职能专题调研", "社会和法制委员会", "清和街道"),
    (Form.INSPECTION, "城市建设重点工程项目建设情况视察", "城建委", "长春新区"),
    (Form.INSPECTION, "农村人居环境集中整治视察", "农业和农村委员会", "双阳区鹿乡镇"),
    (Form.INSPECTION, "全市重点民生实事项目推进情况视察", "办公室", "朝阳区、南关区"),
    (Form.INSPECTION, "黑土地保护与高标准农田建设视察", "农业和农村委员会", "农安县"),
    (Form.RESEARCH, "中小学课后服务质量专题调研", "教科卫体委员会", "宽城区、绿园区"),
    (Form.RESEARCH, "冰雪旅游产业高质量发展专题调研", "文化文史和学习委员会", "净月区"),
    (Form.RESEARCH, "社区居家养老服务专题调研", "社会和法制委员会", "二道区"),
    (Form.RESEARCH, "汽车零部件产业链配套专题调研", "经济委员会", "长春汽开区"),
]
STATIONS = ["欣园街道委员工作站", "新月路社区委员联络站", "鹿乡镇委员联络站", "太平镇小石村委员联络站",
            "卡伦湖委员工作站", "重庆街道光明社区委员工作站", "南湖街道湖东社区委员工作站"]
GRASSROOTS_TOPICS = ["小区绿植覆盖", "街路“卡脖子”问题", "商圈经济发展", "老旧小区加装电梯", "社区长者食堂",
                     "农村集市规范管理", "梅花鹿特色产业发展", "乡村旅游配套设施", "背街小巷照明", "学校周边交通安全"]
SUGGESTIONS = ["建立部门联席会议制度，明确责任分工和完成时限", "加大财政投入，设立专项资金予以支持",
               "开展专项督查，推动政策措施落地见效", "完善群众参与机制，定期听取居民意见",
               "加强宣传引导，营造全社会共同参与的良好氛围", "引入社会资本，探索多元化运营模式",
               "建立考核评价机制，纳入年度绩效考核", "加强人才队伍建设，开展专业培训"]
OFFICIALS = [("张明", "市发展改革委副主任"), ("李华", "市民政局副局长"), ("王强", "市住建局总工程师"),
             ("刘洋", "市教育局副局长"), ("陈静", "市卫健委副主任")]


def build_demo_consultations(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Record a year of 协商 for `city`; returns extra demo logins as (role label, username, committee name)."""
    rng = random.Random(11)
    staff = User.objects.get(username="bangongshi")
    today = timezone.localdate()
    year = today.year
    member_ids = list(city.memberships.filter(is_active=True).order_by("id").values_list("person_id", flat=True))
    quiet = quiet_members(city)  # at the plenary only
    people = list(Person.objects.filter(pk__in=member_ids).exclude(pk__in=quiet).order_by("id"))
    demo_member = Person.objects.filter(user__username="weiyuan").first()
    days = max((today - datetime.date(year, 1, 15)).days, 1)

    plan = plans.plan_create(actor=staff, committee=city, year=year)
    done: list[tuple[ConsultationActivity, str]] = []
    entries: list[tuple[str, str, str, str, str | None]] = [(f, t, o, p, None) for f, t, o, p in ACTIVITIES]
    entries += [(Form.GRASSROOTS, f"基层协商：{topic}", "委员活动小组", "", STATIONS[i % len(STATIONS)])
                for i, topic in enumerate(GRASSROOTS_TOPICS * 2)]
    for i, (form, title, organiser, place, station) in enumerate(entries):
        date = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randrange(days))
        activity = activities.activity_create(
            actor=staff, committee=city, form=form, title=title if i < len(GRASSROOTS_TOPICS) + len(ACTIVITIES)
            else f"{title}（第二次）", date=date, place=place, organiser=organiser, station_name=station or "",
            other_headcount=rng.randint(15, 60) if form == Form.GRASSROOTS else rng.choice([0, 0, 5, 10]),
            summary=f"{date:%-m月%-d日}，市政协组织委员、有关部门负责同志和群众代表，围绕“{title}”开展协商。",
        )
        # A 视察 or 调研 takes a few dozen members along (every member is expected to go on at least one a year);
        # a meeting-room consultation, a dozen or so.
        many = form in (Form.INSPECTION, Form.RESEARCH)
        chosen = rng.sample(people, k=min(len(people), rng.randint(30, 50) if many else rng.randint(6, 14)))
        if demo_member is not None and i % 3 == 0 and demo_member not in chosen:
            chosen.append(demo_member)
        for n, person in enumerate(chosen):
            activities.participant_add(actor=staff, activity=activity, kind=ParticipantKind.MEMBER, person=person,
                                       speech_title=f"关于{title[-8:]}的几点建议" if n < 3 else "")
        for name, unit in rng.sample(OFFICIALS, k=2):
            activities.participant_add(actor=staff, activity=activity, kind=ParticipantKind.OFFICIAL, name=name,
                                       unit=unit)
        if i == len(entries) - 1:
            continue  # the last one is still being prepared
        activities.activity_hold(actor=staff, activity=activity, expected_version=None)
        _suggestions(rng, staff, activity, today)
        if form in (Form.STANDING_TOPIC, Form.TOPIC, Form.COUNTERPART, Form.SECTOR):
            done.append((activity, form))
        if (today - date).days > 90 and rng.random() < 0.5:
            activities.activity_close(actor=staff, activity=activity, expected_version=None)
    for activity, form in done:
        plans.plan_item_add(actor=staff, plan=plan, topic=activity.title, form=form, planned_month=activity.date.month,
                            lead_body=activity.organiser)
    plans.plan_item_add(actor=staff, plan=plan, topic="推进数字政府建设", form=Form.TOPIC, planned_month=3,
                        lead_body="经济委员会")
    plans.plan_item_add(actor=staff, plan=plan, topic="黑土地保护与利用", form=Form.STANDING_TOPIC, planned_month=12,
                        lead_body="农业和农村委员会")
    plans.plan_submit(actor=staff, plan=plan, expected_version=None)
    plans.plan_approve(actor=staff, plan=plan, approved_by="中共长春市委", approved_on=datetime.date(year, 1, 12),
                       expected_version=None)
    for activity, _ in done:
        item = plan.items.get(topic=activity.title)
        plans.plan_item_link(actor=staff, item=item, activity=activity)
    return []


def _suggestions(rng: random.Random, staff: User, activity: object, today: datetime.date) -> None:
    for text in rng.sample(SUGGESTIONS, k=rng.randint(2, 5)):
        s = suggestions.suggestion_add(actor=staff, activity=activity, text=text)  # type: ignore[arg-type]
        day = activity.date  # type: ignore[attr-defined]
        step = min(today, day + datetime.timedelta(days=rng.randint(3, 15)))
        if rng.random() < 0.15:
            continue
        suggestions.suggestion_send(actor=staff, suggestion=s, sent_to=rng.choice(["市委办公厅", "市政府", "市有关部门"]),
                                    date=step, expected_version=None)
        if rng.random() < 0.2:
            continue
        step = min(today, step + datetime.timedelta(days=rng.randint(5, 20)))
        adopted = rng.random() < 0.8
        suggestions.suggestion_decide(actor=staff, suggestion=s, adopted=adopted, date=step, expected_version=None)
        if adopted and rng.random() < 0.3:
            suggestions.suggestion_instruct(actor=staff, suggestion=s, level=rng.choice(["city", "provincial"]),
                                            text="请有关部门认真研究吸纳", date=step)
        if adopted and rng.random() < 0.35:
            step = min(today, step + datetime.timedelta(days=rng.randint(10, 40)))
            suggestions.suggestion_transform(actor=staff, suggestion=s, policy_document="长春市相关工作实施方案",
                                             date=step, expected_version=None)
        if adopted and rng.random() < 0.5:
            suggestions.suggestion_record_solved(actor=staff, suggestion=s, count=rng.randint(1, 6),
                                                 expected_version=None)
        if rng.random() < 0.6:
            suggestions.suggestion_feed_back(actor=staff, suggestion=s, text="向参加协商的委员和群众代表书面反馈",
                                             date=min(today, step + datetime.timedelta(days=5)),
                                             expected_version=None)
