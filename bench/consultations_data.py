"""Benchmark data for 协商: bulk rows across the bench tree, and the pages to time."""
from __future__ import annotations

import datetime
import random
from typing import Any

ACTIVITIES_PER_COMMITTEE = 250
TOPICS = ["加快推进养老服务体系建设", "优化营商环境激发市场主体活力", "推进义务教育均衡发展", "河道生态修复与水源地保护",
          "发展壮大乡村集体经济", "社区卫生服务中心建设", "老旧小区改造与加装电梯", "职业教育产教融合",
          "城市交通拥堵治理", "黑土地保护与利用", "背街小巷环境整治", "民营企业融资难题", "数字政府建设",
          "小区绿植覆盖", "农村集市规范管理", "乡村旅游配套设施"]
ORGANISERS = ["经济委员会", "社会和法制委员会", "教科卫体委员会", "农业和农村委员会", "提案委员会", "委员活动小组"]
STATIONS = ["欣园街道委员工作站", "新月路社区委员联络站", "鹿乡镇委员联络站", "卡伦湖委员工作站"]
SUGGESTIONS = ["建立部门联席会议制度，明确责任分工和完成时限", "加大财政投入，设立专项资金予以支持",
               "开展专项督查，推动政策措施落地见效", "完善群众参与机制，定期听取居民意见",
               "引入社会资本，探索多元化运营模式", "建立考核评价机制，纳入年度绩效考核"]


def build(committees: list[Any], staff: Any, leader: Any) -> dict[str, Any]:
    """Bulk-create this line's records in `committees`; `staff` may be given extra grants in committees[-1].

    Per committee: 250 activities of every form over a year (5 participants and 2 suggestions each on
    average, the suggestions at every stage of their loop, one step per move) and an approved plan of 12 items.
    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    from django.utils import timezone

    from lvzhi.consultations.models import (
        ActivityState,
        ConsultationActivity,
        ConsultationPlan,
        Form,
        Participant,
        ParticipantKind,
        PlanItem,
        PlanState,
        StepKind,
        Suggestion,
        SuggestionState,
        SuggestionStep,
    )
    from lvzhi.consultations.services.common import search_key
    from lvzhi.members.models import Membership

    rng = random.Random(23)
    today = timezone.localdate()
    year = today.year
    span = max((today - datetime.date(year, 1, 1)).days, 1)
    forms = [f for f in Form.values] + [Form.GRASSROOTS] * 6 + [Form.RESEARCH, Form.INSPECTION, Form.TOPIC]
    members: dict[int, list[int]] = {}
    for committee_id, person_id in Membership.objects.values_list("committee_id", "person_id").order_by("id"):
        members.setdefault(committee_id, []).append(person_id)
    keys: dict[tuple[str, str, str, str], str] = {}
    totals = {"activities": 0, "participants": 0, "suggestions": 0}
    sample_activity = 0
    for committee in committees:
        activities = []
        for _ in range(ACTIVITIES_PER_COMMITTEE):
            form = rng.choice(forms)
            topic = rng.choice(TOPICS)
            organiser = rng.choice(ORGANISERS)
            station = rng.choice(STATIONS) if form == Form.GRASSROOTS else ""
            place = "" if station else "政协会议室"
            title = f"{topic}{Form(form).label}"
            key = (title, place, organiser, station)
            if key not in keys:
                keys[key] = search_key(*key)
            date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(span))
            state = rng.choices([ActivityState.PLANNED, ActivityState.HELD, ActivityState.CLOSED], [1, 5, 4])[0]
            activities.append(ConsultationActivity(
                committee_id=committee.pk, form=form, title=title, date=date, year=date.year, place=place,
                organiser=organiser, station_name=station, state=state, search_text=keys[key],
                other_headcount=rng.randint(10, 50) if form == Form.GRASSROOTS else 0, created_by=staff))
        ConsultationActivity.objects.bulk_create(activities, batch_size=2000)
        activities = list(ConsultationActivity.objects.filter(committee_id=committee.pk).order_by("id"))
        people = members.get(committee.pk, [])
        participants, suggestions = [], []
        for a in activities:
            for person_id in rng.sample(people, k=min(len(people), rng.randint(2, 5))):
                participants.append(Participant(activity_id=a.pk, kind=ParticipantKind.MEMBER, person_id=person_id,
                                                name="委员", spoke=rng.random() < 0.3))
            participants.append(Participant(activity_id=a.pk, kind=ParticipantKind.OFFICIAL, name="部门负责人",
                                            unit="市有关部门"))
            if a.state == ActivityState.PLANNED:
                continue
            for n, text in enumerate(rng.sample(SUGGESTIONS, k=rng.randint(1, 3)), start=1):
                state = rng.choice(SuggestionState.values)
                sent = state != SuggestionState.MADE
                adopted = None if state in (SuggestionState.MADE, SuggestionState.SENT) else (
                    state != SuggestionState.NOT_ADOPTED)
                suggestions.append(Suggestion(
                    activity_id=a.pk, committee_id=committee.pk, year=a.year, number=n, text=text, state=state,
                    sent_to="市政府" if sent else "", sent_on=a.date if sent else None, adopted=adopted,
                    decided_on=a.date if adopted is not None else None,
                    policy_document="实施方案" if state == SuggestionState.TRANSFORMED else "",
                    transformed_on=a.date if state == SuggestionState.TRANSFORMED else None,
                    fed_back_on=a.date if state == SuggestionState.FED_BACK else None,
                    problems_solved=rng.randint(0, 3) if adopted else 0, search_text=search_key(text)))
        Participant.objects.bulk_create(participants, batch_size=5000)
        Suggestion.objects.bulk_create(suggestions, batch_size=5000)
        steps = [SuggestionStep(suggestion_id=s_id, kind=StepKind.MADE, date=today)
                 for s_id in Suggestion.objects.filter(committee_id=committee.pk).values_list("id", flat=True)]
        SuggestionStep.objects.bulk_create(steps, batch_size=5000)
        plan = ConsultationPlan.objects.create(committee_id=committee.pk, year=year, title=f"{year}年度协商计划",
                                               state=PlanState.APPROVED, approved_by="党委", approved_on=today)
        held = [a for a in activities if a.state != ActivityState.PLANNED]
        PlanItem.objects.bulk_create([
            PlanItem(plan=plan, topic=f"计划议题{k}", form=Form.TOPIC, lead_body="经济委员会", planned_month=k,
                     activity_id=held[k].pk if k < 9 and k < len(held) else None, sort_order=k * 10)
            for k in range(1, 13)])
        totals["activities"] += len(activities)
        totals["participants"] += len(participants)
        totals["suggestions"] += len(suggestions)
        sample_activity = activities[len(activities) // 2].pk
    # The counters each activity keeps, set the way the services set them (one UPDATE over every activity).
    from lvzhi.consultations.services.common import refresh_counts

    refresh_counts()
    return {"total": totals["activities"], "participants": totals["participants"],
            "suggestions": totals["suggestions"], "year": year, "activity": sample_activity}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms."""
    c, y = committee_id, data["year"]
    return {
        "consultation list (committee)": ("staff", f"/consultations/?committee={c}"),
        "consultation list filtered (year + form)": ("staff", f"/consultations/?committee={c}&year={y}&form=grassroots"),
        "consultation search (two words)": ("staff", f"/consultations/?committee={c}&q=养老 服务"),
        "consultation activity page": ("staff", f"/consultations/{data['activity']}/"),
        "consultation suggestions (open loops)": ("staff", f"/consultations/suggestions/?committee={c}"),
        "consultation plan page": ("staff", f"/consultations/plan/?committee={c}&year={y}"),
        "consultation figures (one committee-year)": ("staff", f"/consultations/figures/?committee={c}&year={y}"),
        "consultation figures (leader, whole tree)": ("leader", f"/consultations/figures/?year={y}&subtree=1"),
        "API consultation activities": ("staff", f"/api/consultations/activities/?committee={c}"),
    }
