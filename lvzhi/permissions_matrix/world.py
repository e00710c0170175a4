"""The matrix's world: the shared personas plus one object of each kind the URLs need, built through the services."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.accounts.services import (
    grant_create_unchecked,
    password_reset_decide,
    password_reset_request,
    user_create,
)
from lvzhi.committees.models import MeetingKind
from lvzhi.consultations.models import Form, ParticipantKind
from lvzhi.consultations.services import activities, materials, plans, suggestions
from lvzhi.documents.imports import ParsedSheet
from lvzhi.duty.models import ScoringPreset
from lvzhi.duty.services_rules import ruleset_create
from lvzhi.duty_reports.drafting import OUTLOOK_PROMPT
from lvzhi.duty_reports.services import reports as duty_reports
from lvzhi.duty_reports.services import sessions as reporting
from lvzhi.meetings.models import Attendance, SheetKind, SpeechKind
from lvzhi.meetings.services import sheets
from lvzhi.meetings.services.speeches import speech_create
from lvzhi.members import importing
from lvzhi.members.services import membership_create, person_create
from lvzhi.merits.models import ActivityKind, CommendationKind
from lvzhi.merits.services import activities as reported
from lvzhi.merits.services import commendations
from lvzhi.opinions.models import Publication, SubmitterKind
from lvzhi.opinions.services import issues, reports
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.organisation import services as org
from lvzhi.proposals import history_uploads
from lvzhi.proposals.models import Decision, ProposalCategory, ProposalKind, Rating, RejectionReason, ReplyClass
from lvzhi.proposals.services import attachments, common, drafting, handling, review
from lvzhi.study.services import reading as study_reading
from lvzhi.study.services import sessions as study_sessions
from lvzhi.supervision.services import attendance as outside
from lvzhi.supervision.services import groups, matters, supervisors
from lvzhi.testing import PASSWORD, World, build_world

# alice's unsubmitted drafts: no answer but alice's may carry their titles (unless a row says who else may).
DRAFT_TITLES = ("关于加快发展社区养老服务的建议", "关于老旧小区加装电梯的建议")
PDF = b"%PDF-1.4\n% matrix\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT = "我市社区养老服务站点覆盖率不足五成，部分老旧小区没有助餐、助浴等基本服务，独居和失能老人的照护需求难以满足。" * 2


@dataclass
class MatrixWorld:
    world: World
    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)


def _pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _user(world: World, username: str, name: str, role: str, committee: Any, **extra: Any) -> User:
    user = user_create(actor=None, username=username, display_name=name, password=PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=user, role=role, committee=committee, **extra)
    world.users[username] = user
    return user


def build_matrix_world() -> MatrixWorld:
    """The world, with the stored files written (they are saved when the transaction commits, which it never does
    here: the matrix rolls everything back)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _build()


def _build() -> MatrixWorld:
    w = build_world()
    city = w.city
    o: dict[str, Any] = {}
    today = timezone.localdate()
    # dan: a third member of the city, in nothing of alice's; vic: staff of a second handling unit (unit B).
    dan = _user(w, "dan", "丁丹", Role.MEMBER, city)
    person = person_create(actor=None, check_actor=False, name="丁丹", id_number="220102198203031233",
                           phone="13700001111")
    person.user = dan
    person.save(update_fields=["user"])
    w.people["dan"] = person
    w.memberships["dan"] = membership_create(actor=None, person=person, committee=city, check_actor=False)
    unit_b = org.config_item_create(actor=None, list_key="handling-units", name="长春市卫生健康委员会", committee=city,
                                    check_actor=False)
    _user(w, "vic", "韦成", Role.UNIT_STAFF, city, handling_unit=unit_b)

    alice, bob, pete, carol, rita, uma = (w.users[n] for n in ("alice", "bob", "pete", "carol", "rita", "uma"))
    o["city"], o["district"], o["term"] = city, w.district, w.city_term
    o["session"] = org.session_create(actor=None, term=w.city_term, number=1, start_date=today,
                                      end_date=today + datetime.timedelta(days=3), check_actor=False)
    o["meeting"] = org.meeting_create(actor=None, term=w.city_term, kind=MeetingKind.STANDING, number=1, date=today,
                                      title="专题议政", check_actor=False)
    o["sector"] = w.sectors["经济界"]
    o["alice_user"], o["alice_grant"] = alice, alice.grants.get()
    o["alice_membership"], o["bob_membership"] = w.memberships["alice"], w.memberships["bob"]
    o["olga_district_membership"] = membership_create(
        actor=None, check_actor=False, committee=w.district,
        person=person_create(actor=None, check_actor=False, name="区委员", id_number="220103198504041239"))

    # Proposals: alice's unsubmitted draft (with an attachment), a joint one bob signed, one filed and assigned
    # to unit A and answered and rated.
    common.proposal_defaults(city)
    body: dict[str, Any] = {"situation": TEXT, "analysis": TEXT, "suggestions": TEXT}
    draft = drafting.proposal_create_draft(actor=alice, committee=city, kind=ProposalKind.INDIVIDUAL,
                                           title=DRAFT_TITLES[0], cosigners=[], **body)
    o["draft"], o["draft_attachment"] = draft, attachments.attachment_add(actor=alice, proposal=draft, file=_pdf())
    joint = drafting.proposal_create_draft(actor=alice, committee=city, kind=ProposalKind.JOINT,
                                           title="关于改善城区交通的建议", cosigners=[w.people["bob"]], **body)
    drafting.proposal_submit(actor=alice, proposal=joint)
    o["joint"] = drafting.cosign_respond(actor=bob, proposal=joint, accept=True)
    filed = drafting.proposal_create_draft(actor=alice, committee=city, kind=ProposalKind.INDIVIDUAL,
                                           title="关于加强校园食品安全的建议", cosigners=[], **body)
    filed_attachment = attachments.attachment_add(actor=alice, proposal=filed, file=_pdf())
    filed = drafting.proposal_submit(actor=alice, proposal=filed)
    for _ in common.stages(city)[:-1]:
        filed = review.review_decide(actor=pete, proposal=filed, decision=Decision.PASS, remarks="同意")
    filed = review.review_decide(actor=pete, proposal=filed, decision=Decision.FILE,
                                  category=ProposalCategory.objects.filter(committee=city).first())
    (assignment,) = handling.proposal_assign(actor=pete, proposal=filed, mode="sole", units=[w.unit])
    reply_class = ReplyClass.objects.filter(committee=city).order_by("code").first()
    assert reply_class is not None
    handling.assignment_reply(actor=uma, assignment=assignment, text="答复：已纳入年度工作计划。" * 3,
                              reply_class=reply_class, file=_pdf("答复.pdf"))
    assignment.refresh_from_db()
    o["evaluation"] = handling.evaluation_submit(actor=alice, assignment=assignment, rating=Rating.SATISFIED)
    filed.refresh_from_db()
    o["filed"], o["filed_attachment"], o["assignment"] = filed, filed_attachment, assignment
    o["stage"] = common.stages(city)[0]

    # 社情民意: alice's submitted report, her unsubmitted one, and an issue of the journal.
    opinion_defaults(city)
    o["opinion"] = reports.opinion_create(actor=alice, committee=city, title="关于城区学校周边交通拥堵问题的建议",
                                          body=TEXT, submitter_kind=SubmitterKind.MEMBER, submit=True)
    o["opinion_draft"] = reports.opinion_create(actor=alice, committee=city, title=DRAFT_TITLES[1],
                                                body=TEXT, submitter_kind=SubmitterKind.MEMBER, submit=False)
    publication = Publication.objects.filter(committee=city).first()
    assert publication is not None
    o["issue"] = issues.issue_create(actor=rita, publication=publication)

    # 会议与考勤: a sheet everyone is invited to, open today; alice's line; a speech of alice's with its file.
    sheet = sheets.sheet_create(actor=carol, committee=city, kind=SheetKind.OTHER, title="委员读书活动", date=today)
    sheets.sheet_invite(actor=carol, sheet=sheet, scope="all")
    sheets.sheet_open(actor=carol, sheet=sheet)
    sheet.refresh_from_db()
    o["sheet"] = sheet
    o["alice_attendance"] = Attendance.objects.get(sheet=sheet, person=w.people["alice"])
    o["speech"] = speech_create(actor=carol, committee=city, kind=SpeechKind.WRITTEN, title="关于发展银发经济的建议",
                                speaker=w.people["alice"], date=today, file=_pdf("发言.pdf"))

    # 协商: an activity alice took part in, with a material and a suggestion; the year's plan.
    activity = activities.activity_create(actor=carol, committee=city, form=Form.TOPIC, title="加快推进养老服务体系建设",
                                          date=today, place="市政协会议室", organiser="社会和法制委员会")
    activities.participant_add(actor=carol, activity=activity, kind=ParticipantKind.MEMBER, person=w.people["alice"])
    o["material"] = materials.material_add(actor=carol, activity=activity, file=_pdf())
    o["activity"] = activities.activity_hold(actor=carol, activity=activity, expected_version=None)
    o["suggestion"] = suggestions.suggestion_add(actor=carol, activity=activity, text="建立部门联席会议制度")
    plan = plans.plan_create(actor=carol, committee=city, year=today.year)
    plans.plan_item_add(actor=carol, plan=plan, topic="推进数字政府建设", form=Form.TOPIC, planned_month=3)
    o["consultation_plan"] = plan

    # 民主监督: a plan, a group alice is in, a matter with unit A, bob a special supervisor, a batch, a 列席.
    o["supervision_plan"] = groups.plan_create(actor=carol, committee=city, year=today.year, title="年度民主监督工作计划")
    group = groups.group_create(actor=carol, committee=city, name="第一民主监督组", topic="营商环境",
                                leader=w.people["bob"], members=[w.people["alice"]], departments=[w.unit])
    o["group"] = group
    o["matter"] = matters.matter_create(actor=carol, group=group, department=w.unit, title="惠企政策兑现落实情况")
    o["appointment"] = supervisors.appointment_create(actor=carol, committee=city, person=w.people["bob"],
                                                      body="长春市中级人民法院", appointed_on=today)
    o["supervisor_duty"] = supervisors.duty_create(actor=carol, committee=city, body="长春市中级人民法院",
                                                   title="旁听执行案件", date=today, participants=[w.people["bob"]])
    o["outside_attendance"] = outside.attendance_create(actor=carol, committee=city, kind="court_hearing",
                                                        body="长春市中级人民法院", title="公开庭审", date=today,
                                                        attendees=[w.people["alice"]])

    # 学习培训: a held session alice attended, a training class with a named trainee, a reading group alice leads
    # and one of its activities.
    study = study_sessions.session_create(actor=carol, committee=city, kind="topic", title="专题学习", date=today,
                                          held=True)
    o["study_session"] = study_sessions.session_set_roll(actor=carol, session=study, members=[w.people["alice"]])
    o["study_class"] = study_sessions.session_create(actor=carol, committee=city, kind="class", title="委员培训班",
                                                     date=today, end_date=today + datetime.timedelta(days=2))
    o["study_trainee"] = study_sessions.trainee_add(actor=carol, session=o["study_class"], name="张明",
                                                    unit="市政协机关")
    o["reading_group"] = study_reading.group_create(actor=carol, committee=city, name="委员读书群", founded_on=today,
                                                    leader=w.people["alice"], members=[w.people["bob"]])
    o["reading_activity"] = study_reading.activity_create(actor=carol, group=o["reading_group"], date=today,
                                                          title="读书分享会", participants=[w.people["alice"]])
    # 履职报告: alice's report of the year, handed in (staff may acknowledge or return it); a 述职 session where
    # alice reported with it and bob attended.
    report = duty_reports.duty_report_draft(actor=alice, membership=w.memberships["alice"], year=today.year)
    report = duty_reports.duty_report_edit(actor=alice, report=report, title=report.title,
                                           body=report.body.replace(OUTLOOK_PROMPT, "调研还不够深入，今后多到基层。"))
    o["duty_report"] = duty_reports.duty_report_submit(actor=alice, report=report)
    o["reporting_session"] = reporting.session_create(
        actor=carol, committee=city, title="委员年度述职会", date=today,
        reporters=[reporting.Reporter(person=w.people["alice"])], attendees=[w.people["bob"]])
    # 履职申报与表彰: alice's activity with a photo, submitted and waiting for staff; a city commendation of alice and bob.
    o["reported_activity"] = reported.activity_create(
        actor=alice, committee=city, kind=ActivityKind.RESEARCH, date=today, title="参加营商环境专题调研",
        files=[_pdf("调研通知.pdf")], submit=True)
    o["activity_evidence"] = o["reported_activity"].evidence.get()
    o["alice_person"] = w.people["alice"]
    o["commendation"] = commendations.commendation_create(
        actor=carol, committee=city, year=today.year, kind=CommendationKind.EXCELLENT_MEMBER,
        title=f"{today.year}年度优秀政协委员", issued_on=today, people=[w.people["alice"], w.people["bob"]])
    # 履职考核: the city's rule table for this year (the base-plus-bonus preset) and one row of each kind.
    ruleset = ruleset_create(actor=carol, committee=city, year=today.year, preset=ScoringPreset.BASE_BONUS)
    o["ruleset"] = ruleset
    o["scoring_category"] = ruleset.categories.order_by("order").first()
    o["scoring_rule"] = ruleset.rules.order_by("id").first()
    o["grade_band"] = ruleset.bands.order_by("-min_points").first()
    o["minimum_duty"] = ruleset.minimums.order_by("order").first()

    # One entry of each configuration list (the city's where the list is per committee), and a password reset of
    # alice's that the system administrator asked for and the security administrator has still to decide.
    o["party"], o["special_committee"], o["handling_unit"] = w.parties["民盟"], w.special["经济委员会"], w.unit
    o["activity_group"] = org.config_item_create(actor=None, list_key="activity-groups", name="经济界第一小组",
                                                 committee=city, check_actor=False)
    o["proposal_category"] = ProposalCategory.objects.filter(committee=city).order_by("sort_order", "id").first()
    o["reply_class"] = ReplyClass.objects.filter(committee=city).order_by("code").first()
    o["rejection_reason"] = RejectionReason.objects.order_by("sort_order", "id").first()
    o["reset_request"] = password_reset_request(actor=w.users["sysadmin"], user=alice, reason="委员本人来电称遗忘密码")
    o["approved_reset"] = password_reset_decide(actor=w.users["secadmin"], approve=True, request=password_reset_request(
        actor=w.users["sysadmin"], user=bob, reason="委员本人来电称遗忘密码"))

    # Uploads waiting for their preview: a roster by carol, past proposals by pete (tokens, not rows).
    o["roster_upload"] = importing.upload_save(user=carol, committee=city, filename="名册.xlsx",
                                               parsed=importing.ParsedRoster(rows=[], problems=[]))
    o["history_upload"] = history_uploads.UPLOADS.save(user=pete, committee=city, filename="往年提案.xlsx",
                                                       parsed=ParsedSheet(rows=[], problems=[]))
    return MatrixWorld(world=w, users=dict(w.users), objects=o)
