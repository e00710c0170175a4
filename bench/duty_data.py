"""Benchmark data for the duty record (履职档案): bulk rows across the bench tree, and the pages to time.

The other lines' builders insert their rows in bulk, past the services that would write the duty record, so this
builder writes the record itself: per committee and year, the entries those lines' services write (attendance at a
plenary and at standing meetings, trainings, speeches, proposals, opinion reports and their adoption, consultation
activities, supervision groups, special supervisors' batches, 列席 and 旁听), with the source types, kinds, titles
and roles the services use. Three years at about 700 entries a committee-year: some 840,000 rows over the
400-committee tree, three a member a year on average, more for standing members, and one very active standing
member in the measured committee (every activity of every year), whose record is the page timed.
"""
from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

BATCH = 5000
PRESENT, EXCUSED, ABSENT = "attendance_present", "attendance_excused", "attendance_absent"
STATUS_ROLE = {PRESENT: "出席", EXCUSED: "请假", ABSENT: "缺席"}
NUMERALS = "一二三四五六七八九十"
PROPOSAL_TITLES = ["关于发展银发经济的建议", "关于推进老旧小区加装电梯的建议", "关于加强基层医疗服务能力建设的建议",
                   "关于优化营商环境支持中小微企业发展的建议", "关于推进义务教育优质均衡发展的建议",
                   "关于加强黑土地保护利用的建议", "关于完善城市公共交通体系的建议", "关于深化文旅融合发展的建议"]
OPINION_TITLES = ["关于社区助餐服务覆盖不足的情况反映", "关于学校周边交通拥堵的情况反映", "关于电动自行车楼道充电隐患的情况反映",
                  "关于城市内涝积水点改造的情况反映", "关于中小微企业首贷难的情况反映", "关于网约配送员职业伤害保障的情况反映"]
TRAINING_TITLES = ["委员履职能力提升培训", "学习贯彻全会精神专题培训", "提案撰写专题辅导", "社情民意信息撰写培训"]
# (consultation form label for the title, duty kind the consultation services write for that form)
ACTIVITIES = [("专题协商会", "consultation"), ("界别协商", "consultation"), ("对口协商", "consultation"),
              ("基层协商", "consultation"), ("视察", "inspection"), ("调研", "research")]
ACTIVITY_TOPICS = ["养老服务体系建设", "城市更新", "营商环境", "乡村全面振兴", "义务教育均衡发展", "生态环境保护",
                   "科技创新", "就业创业"]
SUPERVISION_TOPICS = ["民生实事项目落实", "营商环境政策落实", "生态环境保护督察整改", "食品安全监管"]
OUTSIDE = [("列席政府常务会议", "市政府第{n}次常务会议"), ("旁听庭审", "市中级人民法院公开庭审"),
           ("列席其他会议", "市人大常委会会议")]


def _day(rng: random.Random, year: int, today: datetime.date, months: tuple[int, int] = (1, 12)) -> datetime.date:
    start = datetime.date(year, months[0], 1)
    end = datetime.date(year, months[1], 28)
    end = min(end, today)
    if end <= start:
        return start if start <= today else today
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def build(committees: list[Any], staff: Any, leader: Any) -> dict[str, Any]:
    """Bulk-create duty records in `committees`; one standing member of committees[-1] is the timed record.

    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    from django.utils import timezone

    from lvzhi.accounts.models import Role, RoleGrant, User
    from lvzhi.duty.models import DutyRecord
    from lvzhi.members.models import MemberRole, Membership, Person

    del staff, leader  # the bench's 办公室 account already sees the roster, which is what the record screens ask
    rng = random.Random(23)
    today = timezone.localdate()
    years = (today.year, today.year - 1, today.year - 2)
    next_id: dict[str, int] = {}
    total = 0
    sample: dict[str, Any] = {}

    def source(source_type: str) -> int:
        next_id[source_type] = next_id.get(source_type, 0) + 1
        return next_id[source_type]

    for c in committees:
        roster = list(Membership.objects.filter(committee=c, is_active=True).order_by("id")
                      .values_list("pk", "person_id", "role"))
        busiest = None
        if c == committees[-1]:
            busiest = next((pk, p) for pk, p, r in roster if r != MemberRole.MEMBER)
        rows = _committee_rows(rng, c.pk, [(p, r != MemberRole.MEMBER) for _, p, r in roster], years, today, source,
                               busiest[1] if busiest else None)
        DutyRecord.objects.bulk_create(rows, batch_size=BATCH)
        total += len(rows)
        if busiest is not None:
            # The busiest member's own account, to time their /duty/ page by hand: run.py's clients are the
            # bench's staff and leader, who have no person (giving them one would change the other lines' pages).
            member = User.objects.create_user(username="bench_duty_member", password="Bench#2026x")
            RoleGrant.objects.create(user=member, role=Role.MEMBER, committee=c)
            Person.objects.filter(pk=busiest[1]).update(user=member)
            sample = {"membership": busiest[0], "person": busiest[1], "member_user": member.username,
                      "year": today.year,
                      "entries": DutyRecord.objects.filter(person_id=busiest[1]).count()}
    return {"total": total, **sample}


def _committee_rows(rng: random.Random, committee_id: int, roster: list[tuple[int, bool]], years: tuple[int, ...],
                    today: datetime.date, source: Callable[[str], int], busiest: int | None) -> list[Any]:
    """One committee's entries over `years`; roster is (person id, standing?); `busiest` takes part in everything."""
    from lvzhi.duty.models import DEFAULT_FACETS, DutyRecord, join_outcomes

    everyone = [p for p, _ in roster]
    standing = [p for p, is_standing in roster if is_standing] or everyone[:20]
    # Participation is uneven: standing members and a few keen members take part far more often.
    keen = set(standing) | set(rng.sample(everyone, k=len(everyone) // 5))
    weights = [4 if p in keen else 1 for p in everyone]
    rows: list[DutyRecord] = []

    def add(person_id: int, kind: str, source_type: str, source_id: int, day: datetime.date, title: str,
            role: str, event: str | None = None, outcomes: tuple[str, ...] | None = None) -> None:
        # The facets scoring reads, as the services write them: the kind's defaults unless the line knows more.
        default_event, default_role, default_outcomes = DEFAULT_FACETS[kind]
        rows.append(DutyRecord(person_id=person_id, committee_id=committee_id, kind=kind, date=day, year=day.year,
                               title=title[:200], role=role, source_type=source_type, source_id=source_id,
                               event=event or default_event, role_code=default_role,
                               outcomes=join_outcomes(default_outcomes if outcomes is None else outcomes)))

    def pick(k: int, *, busiest_too: bool = True) -> list[int]:
        chosen = list(dict.fromkeys(rng.choices(everyone, weights=weights, k=k * 3)))[:k]
        if busiest_too and busiest is not None and busiest not in chosen:
            chosen[-1] = busiest
        return chosen

    def status() -> str:
        x = rng.random()
        return PRESENT if x < 0.92 else EXCUSED if x < 0.98 else ABSENT

    for y in years:
        session = today.year - y
        # Plenary: everyone is on the roll; one attendance row (the source) per member.
        day = _day(rng, y, today, (1, 2))
        title = f"政协第十届委员会第{NUMERALS[(2 - session) % 10]}次会议"
        for p in everyone:
            kind = status()
            add(p, kind, "meetings.attendance", source("meetings.attendance"), day, title, STATUS_ROLE[kind],
                event="plenary")
        for n in range(4):
            day = _day(rng, y, today, (3 * n + 1, 3 * n + 3))
            for p in standing:
                kind = status()
                add(p, kind, "meetings.attendance", source("meetings.attendance"), day,
                    f"常委会第{4 * (2 - session) + n + 1}次会议", STATUS_ROLE[kind], event="standing")
        for n in range(2):
            day = _day(rng, y, today)
            title = f"{rng.choice(TRAINING_TITLES)}（{y}年第{n + 1}期）"
            for p in pick(25):
                add(p, "training", "meetings.attendance", source("meetings.attendance"), day, title, "出席")
        for n in range(15):
            kind = ("speech_plenary", "speech_written", "speech_other")[n % 3]
            add(rng.choices(everyone, weights=weights)[0], kind, "meetings.speech", source("meetings.speech"),
                _day(rng, y, today), rng.choice(PROPOSAL_TITLES).removeprefix("关于").removesuffix("的建议"), "发言人")
        for n in range(80):
            people = pick(3 if n % 4 == 0 else 1, busiest_too=False)
            pid, day, title = source("proposals.proposal"), _day(rng, y, today), rng.choice(PROPOSAL_TITLES)
            for k, p in enumerate(people):
                add(p, "proposal_cosign" if k else "proposal_first", "proposals.proposal", pid, day, title,
                    "联名提案人" if k else "第一提案人",
                    outcomes=("submitted", "filed") if n % 3 else ("submitted",))
        for n in range(40):
            people = pick(2 if n % 5 == 0 else 1, busiest_too=False)
            rid, day, title = source("opinions.opinionreport"), _day(rng, y, today), rng.choice(OPINION_TITLES)
            role = "联名作者" if len(people) > 1 else "作者"
            for p in people:
                add(p, "opinion_submitted", "opinions.opinionreport", rid, day, title, role)
            if n % 4 == 0:
                aid = source("opinions.adoption")
                for p in people:
                    add(p, "opinion_adopted", "opinions.adoption", aid, day + datetime.timedelta(days=7), title,
                        "被采用")
            if n % 13 == 0:
                iid = source("opinions.instruction")
                for p in people:
                    add(p, "opinion_instructed", "opinions.instruction", iid, day + datetime.timedelta(days=12),
                        title, "获批示")
        for _ in range(10):
            form, kind = rng.choice(ACTIVITIES)
            aid, day = source("consultations.consultationactivity"), _day(rng, y, today)
            title = f"{rng.choice(ACTIVITY_TOPICS)}{form}"
            for k, p in enumerate(pick(10)):
                spoke = k % 5 == 0
                add(p, kind, "consultations.consultationactivity", aid, day, title, "发言" if spoke else "参加")
                if spoke:
                    add(p, "speech_other", "consultations.consultationactivity", aid, day, f"{title}发言", form)
        for _ in range(2):
            gid, day = source("supervision.supervisiongroup"), _day(rng, y, today)
            title = f"{rng.choice(SUPERVISION_TOPICS)}监督组（民主监督）"
            for k, p in enumerate(pick(8)):
                add(p, "supervision", "supervision.supervisiongroup", gid, day, title, "组长" if k == 0 else "组员")
        for n in range(4):
            did, day = source("supervision.supervisorduty"), _day(rng, y, today)
            for p in pick(3):
                add(p, "special_supervisor", "supervision.supervisorduty", did, day,
                    f"市市场监管局：监督活动第{n + 1}批", "特约监督员")
        for n in range(4):
            label, name = OUTSIDE[n % len(OUTSIDE)]
            oid, day = source("supervision.outsideattendance"), _day(rng, y, today)
            for p in pick(2):
                add(p, "attend_outside", "supervision.outsideattendance", oid, day,
                    f"{label}：{name.format(n=n + 1)}", label)
    return rows


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms.

    The duty screens are per member (there is no committee-wide duty list, and no duty API yet): the busiest
    member's record as roster staff open it from the member page, across years, by kind, paged, and exported.
    """
    del committee_id
    m = data["membership"]
    return {
        "duty record of a member (this year)": ("staff", f"/duty/members/{m}/"),
        "duty record of a member (all years)": ("staff", f"/duty/members/{m}/?year=all"),
        "duty record of a member (one kind)": ("staff", f"/duty/members/{m}/?year=all&kind=attendance_present"),
        "duty record of a member, page 2": ("staff", f"/duty/members/{m}/?year=all&page=2"),
        "duty record of a member, Excel export": ("staff", f"/duty/members/{m}/?year=all&format=xlsx"),
    }
