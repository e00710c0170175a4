"""The roster import in a real browser: a bad file shows its problems, a fixed one is previewed and imported."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lvzhi.members.models import Membership
from lvzhi.members.tests.import_support import good_rows, person_row, xlsx
from lvzhi.testing import World, browser_login

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    if os.environ.get("LVZHI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["LVZHI_SCREENSHOTS"], name), full_page=True)


def test_upload_fix_and_confirm(transactional_db: Any, world: World, live_server: Any, page: Any,
                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([*good_rows(), person_row("張三", sector="工商界")]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(good_rows()))
    not_excel = tmp_path / "fake.xlsx"
    not_excel.write_bytes(b"name,role\n")

    browser_login(page, live_server, "carol")

    page.goto(f"{live_server.url}/members/import/?committee={world.city.pk}")
    page.set_input_files("input[name=file]", str(not_excel))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("#import-upload .msg-error")
    assert "文件不是有效的 Excel（.xlsx）文件" in page.inner_text("#import-upload")
    _shot(page, "import-upload.png")

    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("table.problems")
    assert "发现 2 处问题，未导入任何数据" in page.inner_text("main")
    _shot(page, "import-problems.png")

    page.click("a:has-text('重新上传')")
    page.wait_for_load_state()
    page.set_input_files("input[name=file]", str(good))
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector("text=检查通过")
    _shot(page, "import-preview.png")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('确认导入')")
    page.wait_for_url(f"{live_server.url}/members/?committee={world.city.pk}")
    # Let the page's own requests finish, so no server thread holds a database connection at teardown.
    page.wait_for_load_state("networkidle")
    assert "已导入 5 人" in page.inner_text("main")
    assert Membership.objects.filter(committee=world.city).count() == 7
