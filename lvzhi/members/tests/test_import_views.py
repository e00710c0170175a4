"""The import screens: template download, upload, problems or preview, confirm once, and who may do it."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from lvzhi.accounts.models import Role
from lvzhi.accounts.services import grant_create_unchecked, user_create
from lvzhi.audit.models import AuditEvent
from lvzhi.members import importing, services
from lvzhi.members.models import Membership, Person
from lvzhi.members.tests.import_support import HEADERS, ID_WANG, good_rows, person_row, xlsx
from lvzhi.testing import PASSWORD, World

URL = "/members/import/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _upload(client: Client, world: World, data: bytes, name: str = "名册.xlsx", **extra: Any) -> Any:
    return client.post(f"{URL}?committee={world.city.pk}", {"file": SimpleUploadedFile(name, data)}, **extra)


def _token(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"]).rstrip("/").rsplit("/", 1)[-1]


def test_upload_page_offers_the_template(world: World) -> None:
    page = _client("carol").get(f"{URL}?committee={world.city.pk}").content.decode()
    assert "导入委员名册" in page and "长春市政协" in page and "第十五届" in page
    assert f"/members/import/template.xlsx?committee={world.city.pk}" in page


def test_without_committee_the_only_one_allowed_is_used(world: World) -> None:
    page = _client("carol").get(URL).content.decode()
    assert "导入到：<strong>长春市政协</strong>" in page


def test_template_downloads_and_filled_in_imports(world: World) -> None:
    client = _client("carol")
    response = client.get(f"{URL}template.xlsx?committee={world.city.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == importing.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["名册"][1]] == HEADERS
    for row in good_rows():
        workbook["名册"].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    token = _token(_upload(client, world, buffer.getvalue()))
    preview = client.get(f"{URL}{token}/").content.decode()
    assert "检查通过：共 <strong>5</strong> 人" in preview and "确认导入" in preview and "赵敏" in preview
    response = client.post(f"{URL}{token}/")
    assert response.status_code == 302 and response["Location"] == f"/members/?committee={world.city.pk}"
    assert Membership.objects.filter(committee=world.city).count() == 7


def test_good_file_preview_confirm_and_double_confirm_imports_once(world: World) -> None:
    client = _client("carol")
    token = _token(_upload(client, world, xlsx(good_rows())))
    assert Person.objects.count() == 2  # nothing imported before the confirmation

    assert client.post(f"{URL}{token}/").status_code == 302
    assert Person.objects.count() == 7
    again = client.post(f"{URL}{token}/", follow=True).content.decode()
    assert "该文件已导入（5 人），请勿重复提交。" in again
    assert "该文件已导入 5 人" in again and "查看名册" in again
    assert Person.objects.count() == 7
    assert AuditEvent.objects.filter(action="member.import", outcome="success").count() == 1
    # The rows (personal data) are gone from the server once imported.
    stored = list(Path(importing.UPLOADS.store.directory()).iterdir())
    assert [p.suffix for p in stored] == [".done"] and "赵敏" not in stored[0].read_text(encoding="utf-8")


def test_a_second_confirm_while_the_first_is_running_is_refused(world: World) -> None:
    client = _client("carol")
    token = _token(_upload(client, world, xlsx(good_rows())))
    importing.UPLOADS.store.path(token, ".json").rename(importing.UPLOADS.store.path(token, ".working"))
    page = client.post(f"{URL}{token}/", follow=True).content.decode()
    assert "该文件正在导入，请勿重复提交。" in page
    assert Person.objects.count() == 2


def test_problems_are_listed_and_nothing_is_imported(world: World) -> None:
    client = _client("carol")
    rows = [*good_rows(), person_row("張三"), person_row("张伟", sector="工商界", birth="1980-13-45")]
    token = _token(_upload(client, world, xlsx(rows)))
    page = client.get(f"{URL}{token}/").content.decode()
    assert "发现 3 处问题，未导入任何数据" in page
    assert "<th>行号</th><th>列</th><th>问题</th>" in page
    assert "姓名含繁体字“張”，请改用简体字录入" in page
    assert "界别“工商界”不在本政协的界别列表中" in page and "出生日期“1980-13-45”不是有效日期" in page
    assert "确认导入" not in page
    # Even a forced confirm imports nothing.
    page = client.post(f"{URL}{token}/").content.decode()
    assert "未导入任何数据" in page
    assert Person.objects.count() == 2 and Membership.objects.count() == 2


def test_missing_column_is_listed(world: World) -> None:
    client = _client("carol")
    token = _token(_upload(client, world, xlsx([["张伟"]], headers=["姓名"])))
    page = client.get(f"{URL}{token}/").content.decode()
    assert "缺少必填列“职务”" in page and "发现 1 处问题" in page


@pytest.mark.parametrize(("data", "name"), [
    ("姓名,职务\n张伟,委员\n".encode(), "名册.csv"),
    ("姓名,职务\n张伟,委员\n".encode(), "名册.xlsx"),
    (bytes(range(256)) * 20, "名册.xlsx"),
    (xlsx(good_rows()), "名册.xls"),
], ids=["csv", "csv-renamed-xlsx", "bytes", "real-xlsx-named-xls"])  # stable ids for xdist
def test_files_that_are_not_xlsx_get_a_clear_message(world: World, data: bytes, name: str) -> None:
    response = _upload(_client("carol"), world, data, name)
    assert response.status_code == 200
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()
    assert not list(Path(importing.UPLOADS.store.directory()).iterdir())


def test_no_file_chosen(world: World) -> None:
    response = _client("carol").post(f"{URL}?committee={world.city.pk}")
    assert "请选择要上传的 .xlsx 文件。" in response.content.decode()


def test_htmx_upload_redirects_the_page_or_swaps_the_form_with_the_error(world: World) -> None:
    client = _client("carol")
    response = _upload(client, world, xlsx(good_rows()), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"].startswith(URL)
    response = _upload(client, world, b"not a workbook", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "文件不是有效的 Excel（.xlsx）文件" in body and 'id="import-upload"' in body and "<html" not in body


def test_an_existing_person_is_shown_as_such(world: World) -> None:
    person = services.person_create(actor=None, check_actor=False, name="王强", id_number=ID_WANG)
    services.membership_create(actor=None, check_actor=False, person=person, committee=world.district)
    client = _client("carol")
    token = _token(_upload(client, world, xlsx([person_row("王强", id_no=ID_WANG)])))
    page = client.get(f"{URL}{token}/").content.decode()
    assert "已有人员，新增委员身份" in page and "新建人员 0 人" in page


def test_confirm_checks_again_against_today_s_data(world: World) -> None:
    client = _client("carol")
    token = _token(_upload(client, world, xlsx([person_row("王强", id_no=ID_WANG), person_row("李娜")])))
    person = services.person_create(actor=None, check_actor=False, name="王强", id_number=ID_WANG)
    services.membership_create(actor=None, check_actor=False, person=person, committee=world.city)

    page = client.post(f"{URL}{token}/").content.decode()

    assert "导入未完成，已全部撤销" in page and "王强已是本届委员" in page
    assert not Person.objects.filter(name="李娜").exists()
    assert importing.UPLOADS.store.path(token, ".json").exists()  # still there, to show the problems again
    assert AuditEvent.objects.filter(action="member.import", outcome="failure").count() == 1


def test_outsider_is_refused_and_the_refusal_is_audited(world: World) -> None:
    client = _client("olga")
    assert client.get(f"{URL}?committee={world.city.pk}").status_code == 403
    assert _upload(client, world, xlsx(good_rows())).status_code == 403
    assert client.get(f"{URL}template.xlsx?committee={world.city.pk}").status_code == 403
    denied = AuditEvent.objects.filter(actor_name="olga", outcome="denied", committee_id=world.city.pk)
    assert denied.count() == 3 and set(denied.values_list("detail", flat=True)) == {"member.import"}
    assert Person.objects.count() == 2


def test_a_member_cannot_import_anywhere(world: World) -> None:
    assert _client("alice").get(URL).status_code == 403
    assert AuditEvent.objects.filter(actor_name="alice", outcome="denied", action="access.denied").exists()


def test_another_staff_user_cannot_open_or_confirm_carol_s_upload(world: World) -> None:
    dave = user_create(actor=None, username="dave", display_name="丁伟", password=PASSWORD,
                       must_change_password=False, check_actor=False)
    grant_create_unchecked(actor=None, user=dave, role=Role.OFFICE_STAFF, committee=world.city)
    token = _token(_upload(_client("carol"), world, xlsx(good_rows())))

    for username in ("dave", "olga"):
        client = _client(username)
        assert client.get(f"{URL}{token}/").status_code == 404
        assert client.post(f"{URL}{token}/").status_code == 404
    assert Person.objects.count() == 2
    assert _client("carol").get(f"{URL}{token}/").status_code == 200


def test_unknown_malformed_and_expired_tokens(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client("carol")
    assert client.get(f"{URL}{'a' * 43}/").status_code == 404
    assert client.get(f"{URL}..%2F..%2Fsecret/").status_code == 404
    token = _token(_upload(client, world, xlsx(good_rows())))
    monkeypatch.setattr(importing.UPLOADS.store, "pending_ttl", -1)
    response = client.get(f"{URL}{token}/")
    assert response.status_code == 404 and "上传已超过 1 小时" in response.content.decode()
    assert not importing.UPLOADS.store.path(token, ".json").exists()


def test_a_user_who_lost_the_right_cannot_confirm(world: World) -> None:
    client = _client("carol")
    token = _token(_upload(client, world, xlsx(good_rows())))
    world.carol.grants.all().delete()
    assert client.post(f"{URL}{token}/").status_code == 403
    assert Person.objects.count() == 2


def test_the_preview_is_the_shared_import_template_and_shows_the_skipped_example(world: World) -> None:
    from lvzhi.members.importing import EXAMPLE

    example = [EXAMPLE["name"], EXAMPLE["gender"], EXAMPLE["ethnicity"], EXAMPLE["birth_date"], EXAMPLE["id_number"],
               EXAMPLE["phone"], EXAMPLE["workplace"], EXAMPLE["role"], "", "", "", "", ""]
    client = _client("carol")
    token = _token(_upload(client, world, xlsx([example, *good_rows()])))
    response = client.get(f"{URL}{token}/")
    assert "documents/import_preview.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "<h1>导入委员名册</h1>" in page and "<th>工作单位及职务</th>" in page
    assert "检查通过：共 <strong>5</strong> 人，其中新建人员 5 人，已有人员新增委员身份 0 人；另有 1 行不导入" in page
    assert "模板“说明”中的填写示例，不导入" in page
    assert client.post(f"{URL}{token}/").status_code == 302
    assert not Person.objects.filter(name="王芳").exists() and Person.objects.count() == 7
