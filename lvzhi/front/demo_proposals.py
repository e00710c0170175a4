"""A proposal year for the demo city, walked through the real services: drafts, review, handling, ratings."""
from __future__ import annotations

import datetime
import random

from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.committees.models import Committee, HandlingUnit, MeetingKind
from lvzhi.members.models import MemberRole, Membership
from lvzhi.proposals.models import (
    ContactPhase,
    Decision,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Rating,
    RejectionReason,
    ReplyClass,
    State,
)
from lvzhi.proposals.services import drafting, handling, key, review
from lvzhi.proposals.services.common import proposal_defaults, stages

TOPICS = [
    ("社区居家养老服务", "民政局", "社会事业"), ("义务教育阶段课后服务", "教育局", "科教文化"),
    ("基层医疗卫生服务能力", "卫生健康委员会", "医疗卫生"), ("老旧小区改造", "住房和城乡建设局", "城市建设"),
    ("城区交通拥堵治理", "交通运输局", "城市建设"), ("黑土地保护与秸秆综合利用", "农业农村局", "生态环境"),
    ("高校毕业生留长就业", "人力资源和社会保障局", "劳动保障"), ("冰雪旅游产业发展", "文化广播电视和旅游局", "经济建设"),
    ("中小企业融资难题", "发展和改革委员会", "经济建设"), ("校园食品安全监管", "市场监督管理局", "医疗卫生"),
]
UNIT_ACCOUNTS = {
    "民政局": "minzhengju", "卫生健康委员会": "weijianwei", "住房和城乡建设局": "zhujianju",
    "交通运输局": "jiaotongju", "农业农村局": "nongyeju", "教育局": "jiaoyuju",
}


def _text(rng: random.Random, topic: str) -> tuple[str, str, str]:
    situation = (f"近年来，我市围绕{topic}出台了一系列政策措施，取得了积极成效。但在调研中我们发现，"
                 f"{topic}仍存在投入不足、专业人员短缺、服务供给与群众需求不够匹配等问题，基层群众反映较多。"
                 "部分区县政策落实不到位，部门之间协调联动机制还不健全。") * 2
    analysis = ("究其原因，一是统筹规划不够，相关工作分散在多个部门；二是保障机制不完善，资金投入渠道单一；"
                "三是考核评价体系尚未建立，工作成效难以衡量。") * 2
    suggestions = (f"一是加强统筹规划，将{topic}纳入年度重点工作，明确牵头部门和责任分工；"
                   "二是加大财政投入，建立稳定增长机制，引导社会资本参与；"
                   "三是完善考核评价，定期通报工作进展，接受社会监督。")
    return situation, analysis, suggestions + suggestions[: rng.randint(20, 60)]


def build_demo_proposals(city: Committee, password: str, seed: int = 7) -> list[tuple[str, str, str]]:
    """Returns extra demo logins (role label, username, committee)."""
    rng = random.Random(seed)
    proposal_defaults(city)
    logins: list[tuple[str, str, str]] = []
    # Member accounts who write and sign proposals.
    members = list(Membership.objects.filter(committee=city, role=MemberRole.MEMBER, person__user__isnull=True)
                   .select_related("person").order_by("id")[:11])
    writers: list[User] = list(User.objects.filter(username="weiyuan"))
    for i, m in enumerate(members, start=1):
        user = user_create(actor=None, username=f"wy{i:02d}", display_name=m.person.name, password=password,
                           must_change_password=False, check_actor=False)
        grant_create_unchecked(actor=None, user=user, role=Role.MEMBER, committee=city)
        m.person.user = user
        m.person.save(update_fields=["user"])
        writers.append(user)
    logins.append(("委员（提案人）", "wy01 … wy11", city.name))
    units: dict[str, HandlingUnit] = {}
    for short, username in UNIT_ACCOUNTS.items():
        unit = HandlingUnit.objects.get(committee=city, name=f"{city.display_name}{short}")
        units[short] = unit
        if not User.objects.filter(username=username).exists():
            user = user_create(actor=None, username=username, display_name=f"{short}经办人", password=password,
                               must_change_password=False, check_actor=False)
            grant_create_unchecked(actor=None, user=user, role=Role.UNIT_STAFF, committee=city, handling_unit=unit)
            logins.append(("承办单位工作人员", username, unit.name))
    for short, _, _ in [(t[1], 0, 0) for t in TOPICS]:
        units.setdefault(short, HandlingUnit.objects.get(committee=city, name=f"{city.display_name}{short}"))
    unit_users = {u.grants.get().handling_unit_id: u for u in User.objects.filter(grants__role=Role.UNIT_STAFF,
                                                                                  grants__committee=city)}
    staff = User.objects.get(username="tianwei")
    categories = {c.name: c for c in ProposalCategory.objects.filter(committee=city)}
    classes = list(ReplyClass.objects.filter(committee=city).order_by("code"))
    reason = RejectionReason.objects.order_by("sort_order").last()
    chain = stages(city)
    filed: list[Proposal] = []
    plan = (["draft"] * 5 + ["cosigning"] * 3 + ["review"] * 6 + ["returned"] * 2 + ["not_filed"] * 2
            + ["opinion"] + ["merge"] * 2 + ["filed"] * 34)
    rng.shuffle(plan)
    for n, fate in enumerate(plan):
        topic, unit_short, category = TOPICS[n % len(TOPICS)]
        writer = writers[n % len(writers)]
        cosigners = []
        joint = fate == "cosigning" or (fate not in ("draft",) and rng.random() < 0.35)
        if joint:
            others = [w.person for w in writers if w != writer]
            cosigners = rng.sample(others, k=rng.choice([1, 2]))
        situation, analysis, suggestions = _text(rng, topic)
        suffix = "" if n < len(TOPICS) else f"（{['再', '三', '四', '五', '六'][min(4, n // len(TOPICS) - 1)]}议）"
        proposal = drafting.proposal_create_draft(
            actor=writer, committee=city, kind=ProposalKind.JOINT if cosigners else ProposalKind.INDIVIDUAL,
            title=f"关于进一步做好{topic}工作的建议{suffix}", situation=situation, analysis=analysis,
            suggestions=suggestions, category=categories.get(category), cosigners=cosigners,
        )
        if fate == "draft":
            continue
        proposal = drafting.proposal_submit(actor=writer, proposal=proposal)
        if cosigners:
            if fate == "cosigning":
                continue
            for person in cosigners:
                drafting.cosign_respond(actor=person.user, proposal=proposal, accept=True)
        proposal.refresh_from_db()
        last = len(chain) - 1
        depth = rng.randint(0, last - 1) if fate == "review" else last
        for _ in range(depth):
            proposal = review.review_decide(actor=staff, proposal=proposal, decision=Decision.PASS,
                                            remarks="符合提案要求，同意提交下一环节审查。")
        if fate == "review":
            continue
        if fate == "returned":
            review.review_decide(actor=staff, proposal=proposal, decision=Decision.RETURN,
                                 remarks="建议部分不够具体，请补充可操作的措施后重新提交。")
            continue
        if fate == "not_filed":
            review.review_decide(actor=staff, proposal=proposal, decision=Decision.NOT_FILE, rejection_reason=reason,
                                 explanation="内容较为空泛，缺少具体可行的建议，未予立案。", remarks="不予立案")
            continue
        if fate == "opinion":
            review.review_decide(actor=staff, proposal=proposal, decision=Decision.CONVERT_OPINION,
                                 explanation="所反映问题时效性强，转作社情民意信息报送。", proposer_consented=True,
                                 remarks="经提案人同意转社情民意")
            continue
        if fate == "merge" and filed:
            review.review_decide(actor=staff, proposal=proposal, decision=Decision.MERGE, merge_into=filed[0],
                                 remarks="与同类提案并案办理", proposer_consented=True)
            continue
        proposal = review.review_decide(actor=staff, proposal=proposal, decision=Decision.FILE,
                                        category=categories.get(category), remarks="同意立案",
                                        suggested_units=[units[unit_short]])
        filed.append(proposal)
    # Handling: most filed proposals are assigned; most of those replied; most replies rated.
    today = timezone.localdate()
    for i, proposal in enumerate(filed):
        if i % 9 == 8:
            continue  # filed, waiting to be assigned
        topic, unit_short, _ = next(t for t in TOPICS if t[0] in proposal.title)
        unit = units[unit_short]
        if i % 7 == 3 and unit_short != "教育局":
            assignments = handling.proposal_assign(actor=staff, proposal=proposal, mode="lead", units=[unit],
                                                   co_units=[units["教育局"]])
        else:
            assignments = handling.proposal_assign(actor=staff, proposal=proposal, mode="sole", units=[unit])
        lead = assignments[0]
        unit_user = unit_users.get(unit.pk)
        if unit_user is None or i % 5 == 4:
            continue  # still being handled
        handling.contact_record(actor=unit_user, assignment=lead, phase=ContactPhase.BEFORE, date=today,
                                way="当面座谈", participants="提案人、承办单位分管领导及业务科室",
                                summary="听取提案人意见，商定办理思路和时间安排。")
        for co in assignments[1:]:
            co_user = unit_users.get(co.unit_id)
            if co_user is not None:
                handling.co_unit_send_view(actor=co_user, assignment=co, text="我单位同意主办单位的办理意见，将配合做好相关工作。")
        lead.refresh_from_db()
        handling.assignment_reply(actor=unit_user, assignment=lead, reply_class=classes[i % len(classes)],
                                  text=f"关于“{proposal.title}”的答复：我单位高度重视，经认真研究，已将相关建议纳入年度工作计划，"
                                       "具体措施如下……感谢对我们工作的关心和支持。")
        if i % 6 == 5:
            continue  # replied, waiting for the rating
        proposal.refresh_from_db()
        for proposer in proposal.proposers.filter(status="confirmed").select_related("person__user"):
            if proposer.person.user is None:
                continue
            rating = Rating.UNSATISFIED if i % 11 == 10 else (Rating.BASIC if i % 4 == 0 else Rating.SATISFIED)
            handling.evaluation_submit(actor=proposer.person.user, assignment=lead, rating=rating,
                                       comment="" if rating != Rating.UNSATISFIED else "答复内容不够具体，缺少时间表。")
        proposal.refresh_from_db()
        if i % 11 == 10:
            handling.proposal_order_rehandling(actor=staff, proposal=proposal, assignments=[lead],
                                               due_date=today + datetime.timedelta(days=30),
                                               remarks="提案人不满意，要求重新办理。")
        elif i % 2 == 0:
            handling.proposal_close(actor=staff, proposal=proposal, remarks="已答复并经提案人评价，予以办结。")
    # Key proposals supervised by the chair and vice-chairs.
    leaders = [m.person for m in Membership.objects.filter(committee=city, role__in=[MemberRole.CHAIR,
                                                                                       MemberRole.VICE_CHAIR])
               .select_related("person").order_by("role_rank", "id")[:3]]
    term = city.current_term()
    assert term is not None
    meeting = term.meetings.filter(kind=MeetingKind.CHAIRS).order_by("-number").first()
    open_ones = [p for p in Proposal.objects.filter(pk__in=[p.pk for p in filed],
                                                    state__in=[State.ASSIGNED, State.FILED]).order_by("id")]
    for proposal, leader in zip(open_ones[:3], leaders, strict=False):
        k = key.key_propose(actor=staff, proposal=proposal, supervisors=[leader], leader_led=True)
        if meeting is not None:
            key.key_confirm(actor=staff, key=k, meeting=meeting)
        key.key_record_supervision(actor=staff, key=k, kind="visit", date=today, leaders=[leader],
                                   summary="主席会议成员带队到承办单位督办，实地察看办理进展。")
    return logins
