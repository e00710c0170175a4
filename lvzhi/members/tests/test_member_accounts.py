"""Accounts for a roster: one per person, member in each committee they sit on, one-time passwords, idempotent."""
from __future__ import annotations

import io
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.issuing import issued_workbook
from lvzhi.accounts.models import Role, RoleGrant
from lvzhi.audit.models import AuditEvent
from lvzhi.members.accounts import member_accounts_create
from lvzhi.members.services import membership_create, person_create
from lvzhi.testing import World


def _person(world: World, name: str, *committees):
    person = person_create(actor=None, check_actor=False, name=name, phone="13800001111")
    for committee in committees:
        if committee.current_term() is None:
            continue
        membership_create(actor=None, person=person, committee=committee, check_actor=False)
    return person


def test_each_person_gets_one_account_acting_in_every_committee(world: World) -> None:
    zhang = _person(world, "张三丰", world.city, world.district)
    li = _person(world, "李四", world.city)
    batch = member_accounts_create(actor=world.sysadmin, people=[zhang, li])
    assert [(r.name, r.username) for r in batch.created] == [("张三丰", "zhangsanfeng"), ("李四", "lisi")]
    zhang.refresh_from_db()
    user = zhang.user
    assert user is not None and user.must_change_password and user.check_password(batch.created[0].password)
    grants = set(RoleGrant.objects.filter(user=user).values_list("role", "committee_id"))
    assert grants == {(Role.MEMBER, world.city.pk), (Role.MEMBER, world.district.pk)}
    assert batch.created[0].where == "长春市、宽城区"
    # The clear password is nowhere in the database or the audit trail.
    assert batch.created[0].password not in str(list(AuditEvent.objects.values_list("after", "detail")))
    assert AuditEvent.objects.filter(action="member.account_link", object_id=str(zhang.pk)).exists()


def test_running_again_skips_people_with_accounts_and_says_so(world: World) -> None:
    zhang = _person(world, "张三丰", world.city)
    member_accounts_create(actor=world.sysadmin, people=[zhang])
    # He joins another committee later: the second run adds that role to his one account.
    membership_create(actor=None, person=zhang, committee=world.district, check_actor=False)
    again = member_accounts_create(actor=world.sysadmin, people=[zhang, world.people["alice"]])
    assert again.created == []
    notes = {r.name: r.note for r in again.skipped}
    assert notes["艾丽"] == "已有账号，未重复开通"
    assert "已补充 宽城区 的委员身份" in notes["张三丰"]
    zhang.refresh_from_db()
    assert RoleGrant.objects.filter(user=zhang.user, role=Role.MEMBER).count() == 2
    # The batch is audited once per committee, with what happened there.
    batches = dict(AuditEvent.objects.filter(action="account.batch_create").order_by("-seq")
                   .values_list("committee_id", "detail")[:2])
    assert batches == {world.city.pk: "为委员开通账号：开通 0 个，跳过 2 个",
                       world.district.pk: "为委员开通账号：开通 0 个，跳过 1 个"}


def test_usernames_get_a_number_on_clash(world: World) -> None:
    a = _person(world, "王伟", world.city)
    b = _person(world, "王伟", world.district)
    batch = member_accounts_create(actor=world.sysadmin, people=[a, b])
    assert [r.username for r in batch.created] == ["wangwei", "wangwei2"]


def test_only_the_system_administrator_issues_accounts(world: World) -> None:
    person = _person(world, "张三丰", world.city)
    for user in (world.carol, world.secadmin, world.alice):
        with pytest.raises(PermissionDenied):
            member_accounts_create(actor=user, people=[person])
    person.refresh_from_db()
    assert person.user is None


def test_a_person_without_a_current_membership_is_skipped(world: World) -> None:
    person = person_create(actor=None, check_actor=False, name="赵六")
    batch = member_accounts_create(actor=world.sysadmin, people=[person])
    assert batch.created == [] and "没有在任的本届委员身份" in batch.skipped[0].note


def test_the_excel_list_has_names_usernames_and_one_time_passwords(world: World) -> None:
    batch = member_accounts_create(actor=world.sysadmin, people=[_person(world, "张三丰", world.city)])
    sheet = cast(Worksheet, load_workbook(io.BytesIO(issued_workbook(batch))).active)
    rows = list(sheet.values)
    assert rows[0][:6] == ("序号", "姓名", "政协组织/单位", "角色", "账号", "一次性密码")
    assert rows[1][1:6] == ("张三丰", "长春市", "委员", "zhangsanfeng", batch.created[0].password)
    assert "13800001111" not in str(rows)
