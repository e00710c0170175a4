"""The editors' moves: accept, revise, merge, not use (services.editing)."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.duty.models import DutyKind, DutyRecord
from lvzhi.opinions.models import State, SubmitterKind
from lvzhi.opinions.services.editing import opinion_accept, opinion_merge, opinion_not_use, opinion_revise
from lvzhi.opinions.services.reports import opinion_withdraw
from lvzhi.opinions.tests.support import BODY, TITLE, accepted, submitted
from lvzhi.testing import World


def test_only_research_staff_edit(world: World) -> None:
    report = submitted(world)
    for who in ("carol", "leo", "alice", "olga"):
        with pytest.raises(PermissionDenied):
            opinion_accept(actor=world.users[who], report=report)
    opinion_accept(actor=world.rita, report=report)
    assert report.state == State.EDITING
    with pytest.raises(ValidationError) as err:
        opinion_withdraw(actor=world.alice, report=report)
    assert "“编辑中”，不能执行“撤回”" in str(err.value)


def test_revisions_keep_the_original(world: World) -> None:
    report = accepted(world)
    opinion_revise(actor=world.rita, report=report, title="关于缓解学校周边交通拥堵的建议", body=BODY + "（已核实）",
                   note="核实数据")
    opinion_revise(actor=world.rita, report=report, title="关于缓解学校周边交通拥堵的建议", body=BODY)
    report.refresh_from_db()
    assert report.original_title == TITLE
    assert [r.title_before for r in report.revisions.all()] == [TITLE, "关于缓解学校周边交通拥堵的建议"]
    with pytest.raises(ValidationError) as err:
        opinion_revise(actor=world.rita, report=report, title=report.title, body=report.body)
    assert "没有改动" in str(err.value)
    with pytest.raises(ValidationError) as err:
        opinion_revise(actor=world.rita, report=report, title="x", body="y", expected_version=1)
    assert "已被他人修改" in str(err.value)


def test_merge_credits_authors_on_the_lead(world: World) -> None:
    lead = accepted(world)
    other = submitted(world, who="bob", title="学校门口接送车辆太多")
    opinion_merge(actor=world.rita, report=other, into=lead, remarks="同一事项")
    assert other.state == State.MERGED and other.merged_into_id == lead.pk
    assert sorted(a.person.name for a in lead.authors.all()) == ["艾丽", "薄波"]
    # bob keeps his credit for having submitted it, and is credited on the lead as well.
    assert DutyRecord.objects.filter(person=world.people["bob"], kind=DutyKind.OPINION_SUBMITTED).count() == 2
    with pytest.raises(ValidationError) as err:
        opinion_merge(actor=world.rita, report=lead, into=lead)
    assert "不能合并到自身" in str(err.value)
    with pytest.raises(ValidationError) as err:
        opinion_merge(actor=world.rita, report=submitted(world, title="另一条"), into=other)
    assert "须先采编才能作为合并后的主稿" in str(err.value)
    with pytest.raises(ValidationError) as err:
        opinion_merge(actor=world.rita, report=submitted(world, title="第三条"), into=submitted(world, who="bob"))
    assert "当前为“已报送”" in str(err.value)


def test_not_used_needs_a_reason(world: World) -> None:
    report = submitted(world, kind=SubmitterKind.JOINT, co=("bob",))
    with pytest.raises(ValidationError) as err:
        opinion_not_use(actor=world.rita, report=report, reason=" ")
    assert "请填写不予采用的理由" in str(err.value)
    opinion_not_use(actor=world.rita, report=report, reason="与已报送信息重复")
    assert report.state == State.NOT_USED and report.decision_note == "与已报送信息重复"
    with pytest.raises(ValidationError):
        opinion_accept(actor=world.rita, report=report)
