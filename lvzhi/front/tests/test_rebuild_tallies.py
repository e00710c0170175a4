"""`manage.py rebuild_tallies` recounts the kept yearly tallies after rows were written around the services."""
from __future__ import annotations

import io

from django.core.management import call_command

from lvzhi.audit.models import AuditEvent
from lvzhi.consultations.figures import Period, Scope, consultation_figures
from lvzhi.consultations.models import ActivityTally
from lvzhi.consultations.testing import held_activity
from lvzhi.supervision.models import AttendanceKind, YearTally
from lvzhi.supervision.services import attendance
from lvzhi.supervision.tests.support import days_ago
from lvzhi.testing import World


def test_the_command_brings_back_tallies_a_bulk_load_left_out(world: World) -> None:
    activity = held_activity(world, members=("alice", "bob"))
    attendance.attendance_create(actor=world.carol, committee=world.city, kind=AttendanceKind.values[0], body="市人民政府",
                                 title="市政府常务会议", date=days_ago(3), attendees=[world.people["alice"]])
    year = activity.year
    before = consultation_figures(Scope(world.city), Period.for_year(year))
    kept = (list(ActivityTally.objects.values().order_by("id")), list(YearTally.objects.values().order_by("id")))
    assert kept[0] and kept[1]
    # A bulk load writes records without the services: the kept tallies are missing.
    ActivityTally.objects.all().delete()
    YearTally.objects.all().delete()
    assert consultation_figures(Scope(world.city), Period.for_year(year)).activities == 0

    out = io.StringIO()
    call_command("rebuild_tallies", stdout=out)

    assert "已重新统计" in out.getvalue()
    assert consultation_figures(Scope(world.city), Period.for_year(year)) == before
    # The services also keep all-zero rows for forms not held; the recount writes only forms that were.
    counted = lambda rows: {tuple(v for k, v in r.items() if k != "id") for r in rows if r["activities"]}  # noqa: E731
    assert counted(ActivityTally.objects.values()) == counted(kept[0])
    assert YearTally.objects.count() == len(kept[1])
    assert AuditEvent.objects.filter(action="tallies.rebuild").exists()
