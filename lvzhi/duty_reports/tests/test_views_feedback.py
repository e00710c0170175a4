"""The feedback screen and its downloads: for duty.view holders of the committee, each one audited."""
from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import quote

from openpyxl import load_workbook

from lvzhi.audit.models import AuditEvent
from lvzhi.duty_reports.tests.support import YEAR
from lvzhi.testing import World


def _workplace(world: World) -> None:
    person = world.people["alice"]
    person.workplace = "长春市教育局副局长"
    person.save(update_fields=["workplace"])


def test_the_page_and_its_downloads(client: Any, world: World) -> None:
    _workplace(world)
    client.force_login(world.carol)
    query = f"committee={world.city.pk}&year={YEAR}"
    page = client.get(f"/duty-reports/feedback/?{query}").content.decode()
    assert "中共长春市委组织部" in page and "长春市教育局" in page and "尚未评分" in page
    book = load_workbook(io.BytesIO(client.get(f"/duty-reports/feedback/table.xlsx?{query}").content))
    assert "长春市教育局" in book.sheetnames
    with zipfile.ZipFile(io.BytesIO(client.get(f"/duty-reports/feedback/letters.zip?{query}").content)) as z:
        assert len(z.namelist()) == 3
    letter = client.get(f"/duty-reports/feedback/letter.docx?{query}&unit={quote('长春市教育局')}")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    assert client.get(f"/duty-reports/feedback/letter.docx?{query}&unit=nowhere").status_code == 404
    details = list(AuditEvent.objects.filter(action__startswith="duty_reports.feedback").values_list("detail",
                                                                                                       flat=True))
    assert len(details) == 4 and any("导出Excel" in d for d in details)


def test_members_and_other_committees_staff_are_refused(client: Any, world: World) -> None:
    for who in ("alice", "olga", "pete"):
        client.force_login(world.users[who])
        for path in ("", "table.xlsx"):
            response = client.get(f"/duty-reports/feedback/{path}?committee={world.city.pk}")
            assert response.status_code == 403, (who, path)
