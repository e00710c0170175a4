"""The proposal settings screen and services: deadlines, numbering, the review chain, and who may change them."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from lvzhi.accounts.models import Role
from lvzhi.accounts.permissions import forget_grants
from lvzhi.accounts.services import grant_create_unchecked
from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import Decision, ProposalSettings, ReviewStage, State
from lvzhi.proposals.services import common
from lvzhi.proposals.services.handling import proposal_assign
from lvzhi.proposals.services.review import review_decide
from lvzhi.proposals.services.settings import (
    settings_update,
    stage_add,
    stage_move,
    stage_remove,
    stage_update,
)
from lvzhi.proposals.testing import make_proposal
from lvzhi.proposals.tests.review_support import category, in_review
from lvzhi.testing import World

URL = "/proposals/settings/"


def _chain(world: World) -> list[tuple[int, str, str]]:
    return [(s.order, s.name, s.role) for s in common.stages(world.city)]


# ---------------------------------------------------------------- settings


def test_reply_days_change_moves_the_default_due_date(world: World) -> None:
    settings_update(actor=world.pete, committee=world.city, reply_days=60)
    proposal = make_proposal(world, state=State.FILED)
    [assignment] = proposal_assign(actor=world.pete, proposal=proposal, mode="sole", units=[world.unit])
    assert assignment.due_date == timezone.localdate() + datetime.timedelta(days=60)
    event = AuditEvent.objects.get(action="proposal.settings_update")
    assert (event.before, event.after, event.actor) == ({"reply_days": 90}, {"reply_days": 60}, world.pete)


def test_unchanged_values_write_no_event(world: World) -> None:
    settings_update(actor=world.pete, committee=world.city, reply_days=90, cosign_days="3")
    assert not AuditEvent.objects.filter(action="proposal.settings_update").exists()


@pytest.mark.parametrize(
    ("number_format", "message"),
    [
        ("{term}届第{num}号", "编号格式无效：“{num}”不是可用的占位符，只能使用 {term} {session} {sitting} {year} {seq}。"),
        ("{term}届第号", "编号格式须包含序号 {seq}，否则每件提案的编号都相同。"),
        ("{term}届第{seq:04x4}号", "编号格式无效："),
        ("{term届第{seq}号", "编号格式无效："),
        ("{seq.__class__}", "编号格式无效：“{seq.__class__}”不是可用的占位符"),
        ("第{seq}号" + "字" * 99, "编号格式不能超过 100 个字符。"),
    ],
)
def test_bad_number_format_is_refused(world: World, number_format: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        settings_update(actor=world.pete, committee=world.city, number_format=number_format)
    assert exc.value.message_dict["number_format"][0].startswith(message)
    assert common.proposal_defaults(world.city).number_format == "{term}届{sitting}第{seq:04d}号"


def test_day_limits_and_reply_within_extension(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        settings_update(actor=world.pete, committee=world.city, cosign_days=0, evaluation_days="三十",
                        min_body_chars=6000, reply_days=200)
    errors = exc.value.message_dict
    assert errors["cosign_days"] == ["联名确认期限（天）须在 1 到 365 之间。"]
    assert errors["evaluation_days"] == ["评价期限（天）须填写整数。"]
    assert errors["min_body_chars"] == ["正文最少字数须在 0 到 5000 之间。"]
    assert errors["reply_days"] == ["答复期限（200 天）不能超过延期后最长办理期限（180 天）。"]
    settings_update(actor=world.pete, committee=world.city, reply_days=200, max_extension_days=240)
    row = common.proposal_defaults(world.city)
    assert (row.reply_days, row.max_extension_days) == (200, 240)


def test_new_format_numbers_the_next_filed_proposal(world: World) -> None:
    settings_update(actor=world.pete, committee=world.city, number_format="{year}-{term}-{seq:03d}")
    proposal = in_review(world)
    for _ in range(2):
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    assert proposal.number == f"{timezone.localdate().year}-15-001"


# ---------------------------------------------------------------- review stages


def test_four_stages_are_walked_in_order(world: World) -> None:
    stage_add(actor=world.pete, committee=world.city, name="审查委员会审定", role="proposal_staff")
    assert [name for _, name, _ in _chain(world)] == ["初审", "复审", "终审", "审查委员会审定"]
    proposal = in_review(world)
    assert proposal.review_stage is not None
    seen = [proposal.review_stage.name]
    for _ in range(3):
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks="同意")
        seen.append(proposal.review_stage.name)
    assert seen == ["初审", "复审", "终审", "审查委员会审定"]
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    proposal.refresh_from_db()
    assert proposal.state == State.FILED and proposal.number == "15届平时第0001号"
    after = AuditEvent.objects.get(action="proposal.stage_add").after
    assert after is not None and after["chain"] == "初审 → 复审 → 终审 → 审查委员会审定"


def test_stage_name_and_role_are_checked(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        stage_add(actor=world.pete, committee=world.city, name="复审", role="member")
    assert exc.value.message_dict == {
        "name": ["已有名为“复审”的审查环节。"],
        "role": ["请选择审查角色（提案委工作人员、办公室工作人员、专委会工作人员、领导之一）。"],
    }
    with pytest.raises(ValidationError) as exc:
        stage_add(actor=world.pete, committee=world.city, name="审" * 41, role="leader")
    assert exc.value.message_dict == {"name": ["环节名称不能超过 40 个字。"]}
    stage = common.stages(world.city)[-1]
    stage_update(actor=world.pete, stage=stage, name="  主席会议 审定 ", role="leader")
    assert _chain(world)[-1] == (3, "主席会议 审定", "leader")
    assert AuditEvent.objects.get(action="proposal.stage_update").before == {"name": "终审", "role": "proposal_staff"}


def test_move_and_remove_keep_orders_contiguous(world: World) -> None:
    stage_add(actor=world.pete, committee=world.city, name="审查委员会审定", role="proposal_staff")
    last = ReviewStage.objects.get(committee=world.city, name="审查委员会审定")
    stage_move(actor=world.pete, stage=last, direction="up")
    assert [name for _, name, _ in _chain(world)] == ["初审", "复审", "审查委员会审定", "终审"]
    first = ReviewStage.objects.get(committee=world.city, name="初审")
    with pytest.raises(ValidationError, match="该环节已是第一个"):
        stage_move(actor=world.pete, stage=first, direction="up")
    stage_remove(actor=world.pete, stage=ReviewStage.objects.get(committee=world.city, name="复审"))
    assert [(o, n) for o, n, _ in _chain(world)] == [(1, "初审"), (2, "审查委员会审定"), (3, "终审")]
    assert AuditEvent.objects.get(action="proposal.stage_remove").after == {"chain": "初审 → 审查委员会审定 → 终审"}


def test_stage_with_waiting_proposals_cannot_be_removed(world: World) -> None:
    in_review(world)
    in_review(world, title="关于改善老旧小区停车难的建议")
    first = ReviewStage.objects.get(committee=world.city, name="初审")
    with pytest.raises(ValidationError) as exc:
        stage_remove(actor=world.pete, stage=first)
    assert exc.value.messages == ["该环节还有 2 件提案正在审查，不能删除。"]
    assert ReviewStage.objects.filter(pk=first.pk).exists()


def test_reviewed_stage_and_last_stage_stay(world: World) -> None:
    proposal = in_review(world)
    review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS)
    first = ReviewStage.objects.get(committee=world.city, name="初审")
    with pytest.raises(ValidationError, match="该环节已有 1 条审查记录，不能删除"):
        stage_remove(actor=world.pete, stage=first)
    grant_create_unchecked(actor=None, user=world.pete, role=Role.PROPOSAL_STAFF, committee=world.district)
    forget_grants(world.pete)
    first, *rest = common.stages(world.district)
    for stage in rest:
        stage_remove(actor=world.pete, stage=stage)
    with pytest.raises(ValidationError) as exc:
        stage_remove(actor=world.pete, stage=first)
    assert exc.value.messages == ["至少保留一个审查环节。"]


def test_services_refuse_outsiders(world: World) -> None:
    stage = common.stages(world.city)[0]
    with pytest.raises(PermissionDenied):
        settings_update(actor=world.olga, committee=world.city, reply_days=30)
    with pytest.raises(PermissionDenied):
        stage_remove(actor=world.alice, stage=stage)
    assert ReviewStage.objects.filter(pk=stage.pk).exists()
    assert common.proposal_defaults(world.city).reply_days == 90


# ---------------------------------------------------------------- the screen


def test_page_shows_settings_stages_and_next_number(world: World, client: Client) -> None:
    client.force_login(world.pete)
    page = client.get(f"{URL}?committee={world.city.pk}").content.decode()
    assert "提案工作设置" in page and "答复期限（天）" in page and "{sitting} 会议名称" in page
    assert "下一件平时提案编号为 <strong>15届平时第0001号</strong>" in page
    assert "初审" in page and "终审" in page and 'href="/proposals/settings/"' in page  # the nav entry
    preview = client.get(f"{URL}preview/", {"committee": str(world.city.pk), "number_format": "{year}第{seq}号"})
    assert f"{timezone.localdate().year}第1号" in preview.content.decode()


def test_page_saves_and_keeps_input_on_error(world: World, client: Client) -> None:
    client.force_login(world.pete)
    form = {"committee": world.city.pk, "number_format": "{term}届{sitting}第{seq:04d}号", "cosign_days": "5",
            "reassign_days": "7", "co_unit_days": "30", "reply_days": "60", "max_extension_days": "180",
            "evaluation_days": "30", "min_body_chars": "200", "basic_satisfied_counts": "1"}
    response = client.post(URL, form)
    assert response.status_code == 302
    row = common.proposal_defaults(world.city)
    assert (row.reply_days, row.cosign_days, row.min_body_chars, row.basic_satisfied_counts) == (60, 5, 200, True)
    response = client.post(URL, {**form, "number_format": "第{number}号", "reply_days": "45"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "编号格式无效：“{number}”不是可用的占位符" in page
    assert 'value="第{number}号"' in page and 'value="45"' in page
    assert common.proposal_defaults(world.city).reply_days == 60
    del form["basic_satisfied_counts"]
    client.post(URL, form)
    assert common.proposal_defaults(world.city).basic_satisfied_counts is False


def test_page_stage_endpoints(world: World, client: Client) -> None:
    client.force_login(world.pete)
    city = world.city.pk
    response = client.post(f"{URL}stages/", {"committee": city, "name": "审查委员会审定", "role": "proposal_staff"})
    assert response.status_code == 302
    page = client.post(f"{URL}stages/", {"committee": city, "name": "初审", "role": "leader"}).content.decode()
    assert "已有名为“初审”的审查环节。" in page and 'value="初审"' in page
    added = ReviewStage.objects.get(committee=world.city, name="审查委员会审定")
    client.post(f"{URL}stages/{added.pk}/move/", {"committee": city, "direction": "up"})
    client.post(f"{URL}stages/{added.pk}/", {"committee": city, "name": "审定", "role": "leader"})
    assert _chain(world)[2] == (3, "审定", "leader")
    in_review(world)
    first = ReviewStage.objects.get(committee=world.city, name="初审")
    page = client.post(f"{URL}stages/{first.pk}/remove/", {"committee": city}).content.decode()
    assert "该环节还有 1 件提案正在审查，不能删除" in page
    client.post(f"{URL}stages/{added.pk}/remove/", {"committee": city})
    assert [name for _, name, _ in _chain(world)] == ["初审", "复审", "终审"]


def test_outsider_is_refused_and_recorded(world: World, client: Client) -> None:
    client.force_login(world.olga)
    response = client.get(f"{URL}?committee={world.city.pk}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor=world.olga, outcome="denied", committee_id=world.city.pk).exists()
    stage = common.stages(world.city)[0]
    response = client.post(f"{URL}stages/{stage.pk}/remove/", {"committee": world.city.pk})
    assert response.status_code == 403
    assert ReviewStage.objects.filter(pk=stage.pk).exists()
    assert "提案设置" not in client.get("/").content.decode()


def test_member_is_refused(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.get(URL)
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
    assert AuditEvent.objects.filter(actor=world.alice, outcome="denied", detail="proposal.manage").exists()
    assert client.post(URL, {"committee": world.city.pk, "reply_days": "1"}).status_code == 403
    assert ProposalSettings.objects.filter(committee=world.city, reply_days=1).count() == 0


def test_a_stage_given_to_the_chairs_is_reviewed_by_a_leader_not_by_proposal_staff(world: World) -> None:
    """A fourth stage for the leaders (e.g. 主席会议审定): only a leader acts there."""
    from django.core.exceptions import PermissionDenied

    stage_add(actor=world.pete, committee=world.city, name="主席会议审定", role="leader")
    proposal = in_review(world)
    for _ in range(3):
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.PASS, remarks="同意")
    assert proposal.review_stage is not None and proposal.review_stage.name == "主席会议审定"
    with pytest.raises(PermissionDenied):
        review_decide(actor=world.pete, proposal=proposal, decision=Decision.FILE, category=category(world))
    review_decide(actor=world.leo, proposal=proposal, decision=Decision.FILE, category=category(world))
    proposal.refresh_from_db()
    assert proposal.state == State.FILED
