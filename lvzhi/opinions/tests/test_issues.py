"""Journal issues: numbering, items, publishing (services.issues)."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lvzhi.opinions.models import IssueState, Publication, State
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.editing import opinion_not_use
from lvzhi.opinions.services.issues import issue_add_report, issue_create, issue_publish, issue_remove_report
from lvzhi.opinions.tests.support import accepted, submitted
from lvzhi.testing import World


def _journal(world: World) -> Publication:
    opinion_defaults(world.city)
    return Publication.objects.get(committee=world.city, name="社情民意")


def test_issues_are_numbered_per_publication_and_year(world: World) -> None:
    journal = _journal(world)
    first = issue_create(actor=world.rita, publication=journal, date=datetime.date(2026, 3, 1))
    second = issue_create(actor=world.rita, publication=journal, date=datetime.date(2026, 4, 1))
    other_year = issue_create(actor=world.rita, publication=journal, date=datetime.date(2025, 12, 1))
    special = issue_create(actor=world.rita, publication=Publication.objects.get(committee=world.city,
                                                                                  name="政协专报"))
    assert (first.number, second.number, other_year.number, special.number) == (1, 2, 1, 1)
    assert str(second) == "《社情民意》2026年第2期"
    with pytest.raises(PermissionDenied):
        issue_create(actor=world.carol, publication=journal)


def test_publishing_an_issue_publishes_its_reports(world: World) -> None:
    journal = _journal(world)
    issue = issue_create(actor=world.rita, publication=journal)
    with pytest.raises(ValidationError) as err:
        issue_publish(actor=world.rita, issue=issue)
    assert "还没有编入信息" in str(err.value)
    one, two = accepted(world), accepted(world, who="bob")
    with pytest.raises(ValidationError) as err:
        issue_add_report(actor=world.rita, issue=issue, report=submitted(world, title="尚未采编的信息"))
    assert "“已报送”，不能执行“编入刊期”" in str(err.value)
    issue_add_report(actor=world.rita, issue=issue, report=one)
    issue_add_report(actor=world.rita, issue=issue, report=two)
    with pytest.raises(ValidationError) as err:
        issue_add_report(actor=world.rita, issue=issue_create(actor=world.rita, publication=journal), report=one)
    assert "已编入《社情民意》" in str(err.value)
    with pytest.raises(ValidationError) as err:
        opinion_not_use(actor=world.rita, report=one, reason="重复")
    assert "请先从刊期中移出" in str(err.value)
    issue_remove_report(actor=world.rita, issue=issue, report=two)
    issue_publish(actor=world.rita, issue=issue)
    one.refresh_from_db()
    two.refresh_from_db()
    assert issue.state == IssueState.PUBLISHED
    assert one.state == State.PUBLISHED and one.published_at is not None
    assert two.state == State.EDITING
    with pytest.raises(ValidationError) as err:
        issue_publish(actor=world.rita, issue=issue)
    assert "已印发" in str(err.value)
