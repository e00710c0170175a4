"""Benchmark data for 会议与考勤: bulk rows across the bench tree, and the pages to time.

Per committee, three years of occasions (plenaries for everyone, standing and chairs' meetings, trainings, other
activities) with their rolls, and speeches; about 100 sheets and 150 speeches a committee, so some 100,000 main
records over the 400-committee tree, with about a million attendance lines.
"""
from __future__ import annotations

import datetime
import random
from typing import Any

# (kind, sheets per committee, how many are invited: "all", "standing", "chairs" or a number of people)
PLAN: list[tuple[str, int, str | int]] = [
    ("plenary", 3, "all"), ("standing", 15, "standing"), ("chairs", 30, "chairs"), ("training", 30, 30),
    ("other", 22, 15),
]
SPEECHES_PER_COMMITTEE = 150
TRAINING_TITLES = ["委员履职能力提升培训", "学习贯彻全会精神专题培训", "提案撰写专题辅导", "社情民意信息撰写培训",
                   "“书香政协”读书分享会", "民法典专题讲座", "数字经济专题报告会"]
OTHER_TITLES = ["委员视察城市更新项目", "专题调研营商环境", "委员接待日", "界别协商座谈会", "民生实事监督视察"]
SPEECH_TITLES = ["关于发展银发经济的建议", "推进乡村全面振兴", "关于优化营商环境的建议", "加强基层医疗服务",
                 "推动科技创新与产业创新融合", "关于完善城市公共交通的建议", "促进高校毕业生就业创业",
                 "加强黑土地保护", "关于深化文旅融合发展的建议", "推进义务教育优质均衡发展"]
ORGANISATIONS = ["民革市委会", "民盟市委会", "民建市委会", "九三学社市委会", "经济界", "教育界", "提案委员会"]
BATCH = 5000


def build(committees: list[Any], staff: Any, leader: Any) -> dict[str, Any]:
    """Bulk-create this line's records in `committees`; `staff` may be given extra grants in committees[-1].

    Returns JSON-serialisable facts the pages need (ids, a year, counts under "total").
    """
    from django.utils import timezone

    from lvzhi.meetings.models import (
        Attendance,
        AttendanceSheet,
        SheetKind,
        SheetState,
        SignInMethod,
        Speech,
        SpeechKind,
        Status,
    )
    from lvzhi.meetings.services.common import search_key
    from lvzhi.members.models import MemberRole, Membership

    del staff, leader  # the bench's 办公室 account already holds meeting.view and meeting.manage
    rng = random.Random(17)
    now = timezone.now()
    year = timezone.localdate().year
    chairs_roles = {MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL}
    standing_roles = chairs_roles | {MemberRole.STANDING}
    totals = {"sheets": 0, "lines": 0, "speeches": 0}
    sample: dict[str, Any] = {}
    for c in committees:
        roster = list(Membership.objects.filter(committee=c, is_active=True).values_list("person_id", "role"))
        everyone = [p for p, _ in roster]
        standing = [p for p, r in roster if r in standing_roles] or everyone[:20]
        chairs = [p for p, r in roster if r in chairs_roles] or standing[:6]
        sheets: list[AttendanceSheet] = []
        invitees: list[list[int]] = []
        for kind, count, who in PLAN:
            for n in range(count):
                day = datetime.date(year - n % 3, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
                if kind == "plenary":
                    title = f"第{n + 1}次全体会议"
                elif kind == "standing":
                    title = f"常委会第{n + 1}次会议"
                elif kind == "chairs":
                    title = f"主席会议第{n + 1}次会议"
                elif kind == "training":
                    title = f"{rng.choice(TRAINING_TITLES)}（第{n + 1}期）"
                else:
                    title = f"{rng.choice(OTHER_TITLES)}（{n + 1}）"
                people = {"all": everyone, "standing": standing, "chairs": chairs}.get(who) if isinstance(who, str) \
                    else rng.sample(everyone, k=min(len(everyone), who))
                state = SheetState.CLOSED if day < timezone.localdate() else SheetState.DRAFT
                place = "政协会议中心" if kind != "other" else "辖区"
                sheets.append(AttendanceSheet(
                    committee=c, kind=kind, title=title, date=day, year=day.year, place=place, state=state,
                    search_text=search_key(f"{title} {place}"), closed_at=now if state == SheetState.CLOSED else None,
                    opened_at=now if state == SheetState.CLOSED else None))
                invitees.append(list(people or []))
        AttendanceSheet.objects.bulk_create(sheets, batch_size=BATCH)
        lines: list[Attendance] = []
        for sheet, people in zip(sheets, invitees, strict=True):
            counts = {Status.PRESENT: 0, Status.EXCUSED: 0, Status.ABSENT: 0}
            for person_id in people:
                if sheet.state == SheetState.CLOSED:
                    roll = rng.random()
                    status = Status.PRESENT if roll < 0.86 else (Status.EXCUSED if roll < 0.95 else Status.ABSENT)
                    counts[status] += 1
                else:
                    status = Status.INVITED
                lines.append(Attendance(
                    sheet=sheet, person_id=person_id, committee=c, date=sheet.date, status=status,
                    signed_in_at=now if status == Status.PRESENT else None,
                    sign_in_method=SignInMethod.CODE if status == Status.PRESENT else "",
                    leave_state="approved" if status == Status.EXCUSED else "",
                    leave_reason="因公出差" if status == Status.EXCUSED else ""))
            sheet.invited_count = len(people)
            sheet.present_count, sheet.excused_count = counts[Status.PRESENT], counts[Status.EXCUSED]
            sheet.absent_count = counts[Status.ABSENT]
        Attendance.objects.bulk_create(lines, batch_size=BATCH)
        AttendanceSheet.objects.bulk_update(sheets, ["invited_count", "present_count", "excused_count",
                                                     "absent_count"], batch_size=BATCH)
        speeches: list[Speech] = []
        for i in range(SPEECHES_PER_COMMITTEE):
            day = datetime.date(year - i % 3, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
            kind = rng.choice([SpeechKind.PLENARY, SpeechKind.WRITTEN, SpeechKind.WRITTEN, SpeechKind.OTHER])
            title = f"{rng.choice(SPEECH_TITLES)}（{i}）"
            by_member = rng.random() < 0.7 and everyone
            speaker = rng.choice(everyone) if by_member else None
            organisation = "" if by_member else rng.choice(ORGANISATIONS)
            speeches.append(Speech(committee=c, kind=kind, title=title, date=day, year=day.year,
                                   speaker_id=speaker, organisation=organisation,
                                   search_text=search_key(f"{title} {organisation}")))
        Speech.objects.bulk_create(speeches, batch_size=BATCH)
        totals["sheets"] += len(sheets)
        totals["lines"] += len(lines)
        totals["speeches"] += len(speeches)
        if c.pk == committees[-1].pk:
            plenary = next(s for s in sheets if s.kind == SheetKind.PLENARY)
            sample = {"sheet": plenary.pk, "year": plenary.year}
    return {"total": totals["sheets"] + totals["speeches"], "lines": totals["lines"], **totals, **sample}


def pages(data: dict[str, Any], committee_id: int) -> dict[str, tuple[str, str]]:
    """Page name -> (client: "staff" or "leader", URL) to time at p95 ≤ 100 ms."""
    c, year = committee_id, data["year"]
    return {
        "meeting sheet list (committee)": ("staff", f"/meetings/?committee={c}"),
        "meeting sheet list filtered (year + kind)": ("staff", f"/meetings/?committee={c}&year={year}&kind=training"),
        "meeting sheet search": ("staff", f"/meetings/?committee={c}&q=培训"),
        "meeting sheet page (plenary roll)": ("staff", f"/meetings/{data['sheet']}/"),
        "meeting figures page (one committee-year)": ("staff", f"/meetings/figures/?committee={c}&year={year}"),
        "meeting figures (leader, whole tree)": ("leader", f"/meetings/figures/?year={year}&subtree=1"),
        "meeting speeches list": ("staff", f"/meetings/speeches/?committee={c}&q=建议"),
        "API meeting sheets list": ("staff", f"/api/meeting-sheets/?committee={c}"),
        "meeting leave queue": ("staff", f"/meetings/leave/?committee={c}"),
    }
