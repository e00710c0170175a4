"""Reading reports: a member their own, staff their committee, a leader the subtree, an outsider nothing."""
from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.http import Http404

from lvzhi.audit.models import AuditEvent
from lvzhi.opinions.models import JournalIssue, Publication, SubmitterKind
from lvzhi.opinions.selectors import get_report_for_user, reports_for_user
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.issues import issue_create
from lvzhi.opinions.services.reports import opinion_create
from lvzhi.opinions.tests.support import BODY, submitted
from lvzhi.testing import World


def test_who_reads_what(world: World) -> None:
    city = submitted(world)
    district = opinion_create(actor=world.olga, committee=world.district, title="区里的信息", body=BODY,
                              submitter_kind=SubmitterKind.ORGANISATION, collective_name="宽城区工商联", submit=True)
    draft = opinion_create(actor=world.alice, committee=world.city, title="草稿", body=BODY,
                           submitter_kind=SubmitterKind.MEMBER)
    seen = {who: set(reports_for_user(world.users[who]).values_list("pk", flat=True))
            for who in ("alice", "bob", "rita", "carol", "leo", "olga", "sam", "uma", "auditor")}
    assert seen["alice"] == {city.pk, draft.pk}
    assert seen["bob"] == set() and seen["sam"] == set() and seen["uma"] == set() and seen["auditor"] == set()
    assert seen["rita"] == seen["carol"] == {city.pk}
    assert seen["leo"] == {city.pk, district.pk}  # the leader's subtree
    assert seen["olga"] == {district.pk}


def test_refusals_are_recorded(world: World) -> None:
    report = submitted(world)
    with pytest.raises(PermissionDenied):
        get_report_for_user(world.olga, report.pk)
    assert AuditEvent.objects.filter(action="access.denied", actor=world.olga, detail="opinion.view_all").exists()
    draft = opinion_create(actor=world.alice, committee=world.city, title="草稿", body=BODY,
                           submitter_kind=SubmitterKind.MEMBER)
    with pytest.raises(Http404):
        get_report_for_user(world.rita, draft.pk)
    with pytest.raises(Http404):
        get_report_for_user(world.rita, 999999)


@pytest.mark.django_db(transaction=True)
def test_two_editors_opening_issues_at_once_get_distinct_numbers(world: World) -> None:
    opinion_defaults(world.city)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_issue() -> None:
        try:
            barrier.wait(timeout=10)
            issue_create(actor=world.rita, publication=journal)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=open_issue) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(JournalIssue.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
