"""The 社情民意 table is what the services do: each declared move, made through its real service, leaves the report
in one of the move's declared outcomes; the table refuses an actor it does not name; and the follow-up services
refuse a stale version."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from lvzhi.opinions import workflow
from lvzhi.opinions.models import AdoptionLevel, JournalIssue, OpinionReport, Publication, State, TargetKind
from lvzhi.opinions.services import editing, followup, issues, reports
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.tests.support import accepted, submitted
from lvzhi.testing import World


def _draft(world: World) -> OpinionReport:
    return reports.opinion_create(actor=world.alice, committee=world.city, title="关于增设公交线路的建议",
                                  body="新建小区居民出行不便，建议增设公交线路。", submitter_kind="member")


def _edit_draft(world: World) -> OpinionReport:
    report = _draft(world)
    return reports.opinion_update_draft(actor=world.alice, report=report, title="关于增设社区公交线路的建议",
                                        body=report.body, submitter_kind="member")


def _merge(world: World) -> OpinionReport:
    lead = accepted(world)
    other = submitted(world, who="bob", title="关于学校周边交通的建议")
    return editing.opinion_merge(actor=world.rita, report=other, into=lead)


def _in_issue(world: World) -> tuple[OpinionReport, JournalIssue]:
    report = accepted(world)
    opinion_defaults(world.city)
    issue = issues.issue_create(actor=world.rita, publication=Publication.objects.get(committee=world.city, name="社情民意"))
    issues.issue_add_report(actor=world.rita, issue=issue, report=report)
    return report, issue


def _remove_from_issue(world: World) -> OpinionReport:
    report, issue = _in_issue(world)
    issues.issue_remove_report(actor=world.rita, issue=issue, report=report)
    return report


def _publish(world: World) -> OpinionReport:
    report, issue = _in_issue(world)
    issues.issue_publish(actor=world.rita, issue=issue)
    return report


def _followed(service: Callable[..., object], **fields: object) -> Callable[[World], OpinionReport]:
    def run(world: World) -> OpinionReport:
        report = accepted(world)
        service(actor=world.rita, report=report, **fields)
        return report
    return run


# Each declared move → the real service path that makes it, returning the report it moved.
SERVICE_FOR_MOVE: dict[str, Callable[[World], OpinionReport]] = {
    "edit_draft": _edit_draft,
    "submit": lambda w: reports.opinion_submit(actor=w.alice, report=_draft(w)),
    "withdraw": lambda w: reports.opinion_withdraw(actor=w.alice, report=submitted(w)),
    "accept": accepted,
    "revise": lambda w: editing.opinion_revise(actor=w.rita, report=submitted(w), title="改过的标题",
                                               body="改过的正文，建议增设公交线路。").report,
    "merge": _merge,
    "not_use": lambda w: editing.opinion_not_use(actor=w.rita, report=submitted(w), reason="内容与已编发信息重复"),
    "add_to_issue": lambda w: _in_issue(w)[0],
    "remove_from_issue": _remove_from_issue,
    "publish": _publish,
    "send": _followed(followup.opinion_send, target_kind=TargetKind.PARTY_COMMITTEE, target_name="中共长春市委"),
    "adopt": _followed(followup.opinion_adopt, level=AdoptionLevel.CITY, adopted_by="市委办公厅"),
    "instruct": _followed(followup.opinion_instruct, level=AdoptionLevel.CITY, leader="市委书记", text="请市交通局研究"),
    "feedback": _followed(followup.opinion_feedback, department="市交通局", text="已增设 2 条公交线路"),
}


def test_every_move_has_a_service() -> None:
    assert set(SERVICE_FOR_MOVE) == set(workflow.MOVES)


@pytest.mark.parametrize("name", sorted(workflow.MOVES))
def test_the_service_leaves_a_declared_outcome(world: World, name: str) -> None:
    report = SERVICE_FOR_MOVE[name](world)
    report.refresh_from_db()
    assert report.state in workflow.MOVES[name].outcomes
    if name != "edit_draft":  # the author's edits of a draft are audited, not shown in its history
        assert report.events.filter(action=name).exists()


def test_the_table_refuses_an_actor_it_does_not_name(world: World) -> None:
    report = submitted(world)
    with pytest.raises(ValidationError, match="您无权执行“采编”"):
        workflow.WORKFLOW.apply(report, "accept", actor_role=workflow.Role.AUTHOR)
    assert report.state == State.SUBMITTED
    with pytest.raises(ValidationError, match="您无权执行“撤回”"):
        workflow.WORKFLOW.apply(report, "withdraw", actor_role=workflow.Role.EDITOR)


@pytest.mark.parametrize("service, fields", [
    (followup.opinion_send, {"target_kind": TargetKind.PARTY_COMMITTEE, "target_name": "中共长春市委"}),
    (followup.opinion_adopt, {"level": AdoptionLevel.CITY, "adopted_by": "市委办公厅"}),
    (followup.opinion_instruct, {"level": AdoptionLevel.CITY, "leader": "市委书记", "text": "请研究"}),
    (followup.opinion_feedback, {"department": "市交通局", "text": "已落实"}),
])
def test_follow_up_refuses_a_stale_version(world: World, service: Callable[..., object],
                                           fields: dict[str, object]) -> None:
    report = accepted(world)
    seen = report.version
    editing.opinion_revise(actor=world.rita, report=report, title="另一位编辑改过的标题", body=report.body)
    with pytest.raises(ValidationError, match="该信息已被他人修改"):
        service(actor=world.rita, report=report, expected_version=seen, **fields)
    service(actor=world.rita, report=report, expected_version=report.version, **fields)
