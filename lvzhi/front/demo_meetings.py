"""会议与考勤 for the demo city, walked through the real services."""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.committees.models import Committee, Meeting, MeetingKind, Session
from lvzhi.front.demo_people import quiet_members
from lvzhi.meetings.models import Attendance, AttendanceSheet, SheetKind, SpeechKind, Status
from lvzhi.meetings.services import attendance as attendance_services
from lvzhi.meetings.services import sheets as sheet_services
from lvzhi.meetings.services.speeches import speech_create
from lvzhi.members.models import Membership

TRAININGS = [
    "学习贯彻全国两会精神专题培训", "委员履职能力提升培训班", "提案撰写专题辅导", "社情民意信息撰写培训",
    "“书香政协”读书分享会", "民法典专题讲座", "数字经济发展专题报告会", "乡村振兴专题学习",
    "新任委员履职培训", "民主监督工作专题培训", "协商议政能力提升研讨", "年度委员述职培训",
]
OTHER = ["委员视察城市更新项目", "专题调研营商环境", "委员联络站“委员接待日”", "界别协商座谈会",
         "委员活动小组集中活动", "民生实事项目监督视察"]
PLENARY_SPEECHES = [
    ("推进东北全面振兴取得新突破", None), ("关于发展银发经济、提升养老服务质量的建议", None),
    ("以科技创新引领现代化产业体系建设", "九三学社长春市委员会"), ("推动冰雪经济高质量发展", None),
    ("关于优化营商环境、激发民营经济活力的建议", "民建长春市委员会"), ("加快建设现代化都市圈", None),
    ("关于加强黑土地保护的建议", "农工党长春市委员会"), ("推进义务教育优质均衡发展", None),
    ("关于完善基层医疗卫生服务体系的建议", "医药卫生界"), ("促进高校毕业生留长就业创业", None),
    ("关于推动汽车产业转型升级的建议", "经济委员会"), ("加强城市精细化管理", None),
    ("关于深化文旅融合发展的建议", "民盟长春市委员会"),
]
WRITTEN_SPEECHES = ["关于加快老旧小区改造的建议", "推进数字政府建设", "关于加强未成年人心理健康教育的建议",
                    "关于完善城市公共交通体系的建议", "推动农村人居环境整治提升", "关于加强非物质文化遗产保护的建议",
                    "关于促进中小微企业融资的建议", "加强社区嵌入式服务设施建设"]


def _staff_sign_in(staff: User, sheet: AttendanceSheet, share: float, rng: random.Random) -> list[Attendance]:
    """Sign in about `share` of the invited; returns the others."""
    rest = []
    for line in Attendance.objects.filter(sheet=sheet).select_related("sheet", "person"):
        if rng.random() < share:
            attendance_services.attendance_staff_sign_in(actor=staff, attendance=line)
        else:
            rest.append(line)
    return rest


def _held(staff: User, sheet: AttendanceSheet, rng: random.Random, present: float, excused: float) -> None:
    """A past occasion: opened, signed in by staff (paper sign-in entered afterwards), closed, leaves recorded."""
    sheet_services.sheet_open(actor=staff, sheet=sheet)
    rest = _staff_sign_in(staff, sheet, present, rng)
    sheet_services.sheet_close(actor=staff, sheet=sheet)
    for line in rest:
        if rng.random() < excused / max(1 - present, 0.01):
            line.refresh_from_db()
            attendance_services.attendance_correct(actor=staff, attendance=line, status=Status.EXCUSED,
                                                   reason="会前已书面请假，经批准（补录）")


def build_demo_meetings(city: Committee, password: str) -> list[tuple[str, str, str]]:
    """Record a year of 会议与考勤 for `city`; returns extra demo logins as (role label, username, committee name)."""
    del password  # no new accounts: the office staff (bangongshi) and the members weiyuan, zhuxi are used
    rng = random.Random(11)
    staff = User.objects.get(username="bangongshi")
    today = timezone.localdate()
    year = today.year
    term = city.current_term()
    assert term is not None
    # Those invited to trainings and activities; the plenary invites everyone (quiet_members come to it only).
    quiet = quiet_members(city)
    people = [m for m in Membership.objects.filter(committee=city, term=term, is_active=True)
              .select_related("person").order_by("id") if m.person_id not in quiet]

    # The year's plenary, with its 13 大会发言 and some 书面发言 (seed 004).
    session = Session.objects.filter(term=term, start_date__year=year).first()
    if session is not None and session.start_date <= today:
        sheet = sheet_services.sheet_create(actor=staff, committee=city, kind=SheetKind.PLENARY, session=session,
                                            place=session.place or "长春市会议中心",
                                            start_time=datetime.time(9, 0), end_time=datetime.time(11, 30))
        sheet_services.sheet_invite(actor=staff, sheet=sheet, scope="all")
        _held(staff, sheet, rng, present=0.93, excused=0.05)
        speakers = [m.person for m in people if m.role == "member"]
        for title, organisation in PLENARY_SPEECHES:
            speech_create(actor=staff, committee=city, kind=SpeechKind.PLENARY, title=title, session=session,
                          sheet=sheet, speaker=None if organisation else rng.choice(speakers),
                          organisation=organisation or "")
        for title in WRITTEN_SPEECHES:
            speech_create(actor=staff, committee=city, kind=SpeechKind.WRITTEN, title=title, session=session,
                          speaker=rng.choice(speakers))

    # Standing-committee and chairs' meetings of the term that fall in this year or last, linked to their records.
    for meeting in Meeting.objects.filter(term=term, date__year__gte=year - 1, date__lte=today).order_by("date"):
        kind = SheetKind.STANDING if meeting.kind == MeetingKind.STANDING else SheetKind.CHAIRS
        sheet = sheet_services.sheet_create(actor=staff, committee=city, kind=kind, meeting=meeting,
                                            title=f"{meeting.label}（{meeting.title}）" if meeting.title else "",
                                            place="市政协机关会议室", start_time=datetime.time(14, 30))
        sheet_services.sheet_invite(actor=staff, sheet=sheet, scope="standing" if kind == SheetKind.STANDING
                                    else "chairs")
        _held(staff, sheet, rng, present=0.9, excused=0.08)

    # Trainings and other activities through the year (seed 002: 18 trainings, 1,200+ person-times).
    for i, title in enumerate(TRAININGS):
        day = datetime.date(year, 1, 20) + datetime.timedelta(days=i * 25)
        if day >= today:
            break
        sheet = sheet_services.sheet_create(actor=staff, committee=city, kind=SheetKind.TRAINING, title=title,
                                            date=day, place="市政协学习室", start_time=datetime.time(9, 0))
        chosen = rng.sample([m.person for m in people], k=min(len(people), rng.randint(90, 130)))
        sheet_services.sheet_invite(actor=staff, sheet=sheet, scope="people", people=chosen)
        _held(staff, sheet, rng, present=0.88, excused=0.07)
    for i, title in enumerate(OTHER):
        day = datetime.date(year, 3, 10) + datetime.timedelta(days=i * 40)
        if day >= today:
            break
        sheet = sheet_services.sheet_create(actor=staff, committee=city, kind=SheetKind.OTHER, title=title,
                                            date=day, place="长春市")
        chosen = rng.sample([m.person for m in people], k=min(len(people), rng.randint(20, 40)))
        sheet_services.sheet_invite(actor=staff, sheet=sheet, scope="people", people=chosen)
        _held(staff, sheet, rng, present=0.85, excused=0.1)

    # Today: a reading session open for sign-in by code, and next week's standing meeting with leave requests.
    member_users = [u for u in User.objects.filter(username__in=["weiyuan", "zhuxi"])]
    members = [getattr(u, "person", None) for u in member_users]
    reading = sheet_services.sheet_create(actor=staff, committee=city, kind=SheetKind.TRAINING,
                                          title="“书香政协”委员读书活动", date=today, place="市政协学习室",
                                          start_time=datetime.time(15, 0))
    chosen = rng.sample([m.person for m in people], k=min(len(people), 40))
    chosen += [p for p in members if p is not None and p not in chosen]
    sheet_services.sheet_invite(actor=staff, sheet=reading, scope="people", people=chosen)
    sheet_services.sheet_open(actor=staff, sheet=reading)
    _staff_sign_in(staff, reading, 0.4, rng)
    upcoming = sheet_services.sheet_create(actor=staff, committee=city, kind=SheetKind.OTHER,
                                           title="专题协商会：推进城市更新", date=today + datetime.timedelta(days=7),
                                           place="市政协机关会议室", start_time=datetime.time(9, 0))
    sheet_services.sheet_invite(actor=staff, sheet=upcoming, scope="standing")
    sheet_services.sheet_invite(actor=staff, sheet=upcoming, scope="people", people=[p for p in members if p])
    for line in Attendance.objects.filter(sheet=upcoming).select_related("person__user", "sheet")[:3]:
        user = line.person.user
        if user is not None:
            attendance_services.leave_request(actor=user, attendance=line, reason="同期参加省政协调研活动")
    return []
