"""The figures against a hand-counted year, on screen and in the export."""
from __future__ import annotations

import datetime
import io
from typing import cast

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.opinions.figures import Period, Scope, opinion_figures
from lvzhi.opinions.models import AdoptionLevel, Publication, SubmitterKind, TargetKind
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.editing import opinion_merge, opinion_not_use
from lvzhi.opinions.services.followup import opinion_adopt, opinion_instruct, opinion_send
from lvzhi.opinions.services.issues import issue_add_report, issue_create, issue_publish
from lvzhi.opinions.services.reports import opinion_create, opinion_withdraw
from lvzhi.opinions.tests.support import BODY, accepted, submitted
from lvzhi.testing import World


def _year(world: World) -> None:
    """Hand count: 6 received (1 withdrawn not counted, 1 draft not counted), 1 urgent, 2 parties, 1 district."""
    today = timezone.localdate()
    a = accepted(world, title="一", urgent=True)
    b = accepted(world, who="bob", title="二")
    submitted(world, title="三")
    merged = submitted(world, who="bob", title="四")
    opinion_merge(actor=world.rita, report=merged, into=a)
    party = opinion_create(actor=world.carol, committee=world.city, title="五", body=BODY,
                           submitter_kind=SubmitterKind.PARTY, collective_name="民盟长春市委", submit=True)
    opinion_not_use(actor=world.rita, report=party, reason="不属于本级")
    opinion_create(actor=world.carol, committee=world.city, title="六", body=BODY,
                   submitter_kind=SubmitterKind.PARTY, collective_name="民革长春市委", submit=True)
    gone = submitted(world, title="撤回的")
    opinion_withdraw(actor=world.alice, report=gone)
    opinion_create(actor=world.alice, committee=world.city, title="草稿", body=BODY,
                   submitter_kind=SubmitterKind.MEMBER)
    opinion_defaults(world.district)
    journal = Publication.objects.get(committee=world.city, name="社情民意")
    issue = issue_create(actor=world.rita, publication=journal, date=today)
    issue_add_report(actor=world.rita, issue=issue, report=a)
    issue_publish(actor=world.rita, issue=issue)
    opinion_send(actor=world.rita, report=a, target_kind=TargetKind.PARTY_COMMITTEE, target_name="中共长春市委")
    opinion_send(actor=world.rita, report=a, target_kind=TargetKind.GOVERNMENT, target_name="长春市政府")
    opinion_send(actor=world.rita, report=b, target_kind=TargetKind.UPPER_CPPCC, target_name="吉林省政协")
    opinion_adopt(actor=world.rita, report=a, level=AdoptionLevel.CITY, adopted_by="中共长春市委办公厅")
    opinion_adopt(actor=world.rita, report=a, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政协")
    opinion_adopt(actor=world.rita, report=b, level=AdoptionLevel.PROVINCE, adopted_by="吉林省政府办公厅")
    opinion_instruct(actor=world.rita, report=a, level=AdoptionLevel.CITY, leader="市长", text="请研究。")
    last_year = today - datetime.timedelta(days=400)
    opinion_instruct(actor=world.rita, report=b, level=AdoptionLevel.PROVINCE, leader="副省长", text="阅。",
                     date=last_year)


def test_hand_counted_year(world: World) -> None:
    _year(world)
    f = opinion_figures(Scope(world.city), Period.for_year(timezone.localdate().year))
    assert f.values == {"received": 6, "urgent": 1, "not_used": 1, "merged": 1, "edited": 2, "published": 1,
                        "issues": 1, "sent": 2, "adopted": 3, "instructed": 1}
    assert f.adopted_by_level == {"national": 0, "province": 2, "city": 1, "county": 0}
    assert f.instructed_by_level["city"] == 1 and f.instructed_by_level["province"] == 0
    assert f.by_submitter_kind["party"] == 2 and f.by_submitter_kind["member"] == 4
    subtree = opinion_figures(Scope(world.city, include_subtree=True), Period.for_year(timezone.localdate().year))
    assert subtree.values["received"] == 6
    assert opinion_figures(Scope(world.district), Period.for_year(timezone.localdate().year)).values["received"] == 0


def test_page_and_export_show_the_same_figures(world: World) -> None:
    _year(world)
    client = Client()
    client.force_login(world.leo)
    page = client.get("/opinions/figures/", {"committee": world.city.pk}).content.decode()
    assert 'data-figure="received"><div class="label">收到信息</div><div class="stat">6</div>' in page
    response = client.get("/opinions/figures/export/", {"committee": world.city.pk})
    rows = {r[0]: r[1] for r in cast(Worksheet, load_workbook(io.BytesIO(response.content)).active).iter_rows(min_row=2,
                                                                                              values_only=True)}
    assert rows["收到信息"] == 6 and rows["领导批示（次）"] == 1 and rows["省级采用"] == 2
    assert rows["收到信息：民主党派"] == 2
    today = timezone.localdate()
    page = client.get("/opinions/figures/", {"committee": str(world.city.pk), "start": today.isoformat(),
                                              "end": today.isoformat()}).content.decode()
    assert f"{today:%Y年%-m月%-d日}至" in page and '<div class="stat">6</div>' in page
    client.force_login(world.alice)
    assert client.get("/opinions/figures/").status_code == 403
