"""A fresh install to a rated reply: administrators, a committee, staff accounts, a roster import, member accounts,
then a member signs in with a one-time password, changes it, drafts and submits a proposal and rates the reply.

No personas: everything a real deployment would do, through its screens (the staff's review, filing, assignment
and the unit's reply through the same services their screens call).
"""
from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from lvzhi.accounts.models import Role, RoleGrant, User
from lvzhi.committees.models import Committee, HandlingUnit
from lvzhi.members.models import Person
from lvzhi.members.tests.import_support import ID_WANG, person_row, xlsx
from lvzhi.organisation import services as org
from lvzhi.proposals.models import (
    Assignment,
    Decision,
    Evaluation,
    Proposal,
    ProposalCategory,
    Rating,
    ReplyClass,
    State,
)
from lvzhi.proposals.services import common
from lvzhi.proposals.services.handling import assignment_reply, proposal_assign
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.tests.review_support import ANALYSIS, SITUATION, SUGGESTIONS, TITLE

NEW_PASSWORD = "Changchun#2026new"


def _sign_in_first_time(username: str, one_time: str, new: str = NEW_PASSWORD) -> Client:
    """Sign in with a one-time password: every page sends you to change it first; then you are in."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": one_time})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/")["Location"] == "/accounts/password/"
    page = client.post("/accounts/password/", {"old_password": one_time, "new_password": "Password1",
                                               "new_password2": "Password1"}).content.decode()
    assert "密码过于常见" in page
    response = client.post("/accounts/password/", {"old_password": one_time, "new_password": new,
                                                   "new_password2": new})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client


def _issued(response: Any) -> dict[str, tuple[str, str]]:
    """name -> (username, one-time password) from a result page shown once."""
    page = response.content.decode()
    rows = {r.name: (r.username, r.password) for r in response.context["batch"].created}
    for username, password in rows.values():
        assert username in page and password in page
    return rows


def test_from_an_empty_install_to_a_rated_reply(db: None) -> None:
    assert not User.objects.exists() and not Committee.objects.exists()

    # 1. The operator creates the three administrators at the console.
    out = io.StringIO()
    call_command("create_admins", stdout=out)
    admins = dict(re.findall(r"账号 (\w+)\s+一次性密码 (\S+)", out.getvalue()))
    sysadmin = _sign_in_first_time("sysadmin", admins["sysadmin"])

    # 2. The system administrator sets up the committee and its handling unit (configuration lists).
    response = sysadmin.post("/committees/new/", {"name": "长春市政协", "short_name": "长春市", "level": "city",
                                                  "sort_order": 0})
    assert response.status_code == 302
    city = Committee.objects.get(name="长春市政协")
    unit = org.config_item_create(actor=User.objects.get(username="sysadmin"), list_key="handling-units",
                                  name="长春市教育局", committee=city)
    assert isinstance(unit, HandlingUnit)

    # 3. ... and opens the staff accounts: the office, the proposal committee, the unit.
    staff: dict[str, tuple[str, str]] = {}
    for role, names, extra in (("office_staff", "蔡珂", {}), ("proposal_staff", "彭涛", {}),
                               ("unit_staff", "吴敏", {"handling_unit": unit.pk})):
        response = sysadmin.post("/manage/users/staff/", {"committee": city.pk, "role": role, "names": names,
                                                          **extra})
        staff.update(_issued(response))
    assert staff["蔡珂"][0] == "caike"

    # 4. The office signs in, records the current term and imports the roster from Excel.
    office = _sign_in_first_time(*staff["蔡珂"])
    response = office.post(f"/committees/{city.pk}/terms/new/", {"number": 15, "start_date": "2022-01-10",
                                                                 "is_current": "on"})
    assert response.status_code == 302
    rows = [person_row("王强", id_no=ID_WANG, phone="13900001111", role="常委"), person_row("李娜", gender="女")]
    response = office.post(f"/members/import/?committee={city.pk}",
                           {"file": SimpleUploadedFile("名册.xlsx", xlsx(rows))})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = office.post(response["Location"], follow=True)
    page = response.content.decode()
    assert "已导入 2 人" in page and "本届有 2 位委员尚无账号，请系统管理员" in page

    # 5. The system administrator opens the imported members' accounts; no phone or ID number on the way.
    page = sysadmin.get(f"/members/accounts/?committee={city.pk}").content.decode()
    assert "共 2 人，其中 2 人将开通账号" in page and "13900001111" not in page and ID_WANG not in page
    response = sysadmin.post("/members/accounts/", {"committee": city.pk, "only_new": "1"})
    members = _issued(response)
    assert members["王强"][0] == "wangqiang" and "13900001111" not in response.content.decode()
    wang = Person.objects.get(name="王强")
    assert wang.user is not None and wang.user.username == "wangqiang"
    assert RoleGrant.objects.filter(user=wang.user, role=Role.MEMBER, committee=city).exists()

    # 6. The member signs in with the one-time password, must change it, then drafts and submits a proposal.
    member = _sign_in_first_time(*members["王强"])
    assert "撰写提案" in member.get("/proposals/new/").content.decode()
    category = ProposalCategory.objects.filter(committee=city).order_by("sort_order").first()
    assert category is not None
    response = member.post("/proposals/new/", {
        "committee": city.pk, "kind": "individual", "title": TITLE, "situation": SITUATION, "analysis": ANALYSIS,
        "suggestions": SUGGESTIONS, "category": category.pk, "action": "submit",
    })
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.state == State.IN_REVIEW
    assert "已提交，进入审查" in member.get(response["Location"]).content.decode()

    # 7. The proposal committee reviews, files and assigns it; the unit replies (the services their screens call).
    reviewer = User.objects.get(username=staff["彭涛"][0])
    for _ in common.stages(city)[:-1]:
        review_decide(actor=reviewer, proposal=proposal, decision=Decision.PASS, remarks="同意")
    review_decide(actor=reviewer, proposal=proposal, decision=Decision.FILE, category=category)
    proposal.refresh_from_db()
    [assignment] = proposal_assign(actor=reviewer, proposal=proposal, mode="sole", units=[unit])
    assignment_reply(actor=User.objects.get(username=staff["吴敏"][0]), assignment=assignment,
                     text="已列入明年民生实事，新建社区养老服务站 30 个。",
                     reply_class=ReplyClass.objects.get(committee=city, code="A"))
    proposal.refresh_from_db()
    assert proposal.state == State.REPLIED

    # 8. The member reads the reply and rates it on the proposal page.
    page = member.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "已列入明年民生实事" in page
    response = member.post(f"/proposals/{proposal.pk}/do/evaluate/",
                           {"assignment": assignment.pk, "rating": Rating.SATISFIED, "comment": "答复具体"})
    assert response.status_code == 302
    assert "感谢您的评价" in member.get(response["Location"]).content.decode()
    evaluation = Evaluation.objects.get(assignment=Assignment.objects.get(pk=assignment.pk))
    assert (evaluation.person, evaluation.rating) == (wang, Rating.SATISFIED)
