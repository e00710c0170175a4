"""Password rules: the policy's classes, Django's common-password list (Password1) and no reuse of the last five."""
from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from lvzhi.accounts.models import PasswordHistory
from lvzhi.accounts.policy import password_problems
from lvzhi.accounts.services import user_change_own_password, user_create
from lvzhi.testing import PASSWORD, World

COMMON = "常见密码（如 Password1）"


def test_password1_meets_the_classes_but_is_refused_as_common(world: World) -> None:
    problems = password_problems("Password1")
    assert problems == ["密码过于常见（如 Password1），容易被猜中，请换一个。"]
    assert any("常见" in p for p in password_problems("Qwerty123"))
    assert password_problems("Lvzhi#2026pass") == []
    # Django's own validation (manage.py changepassword) applies the same rules.
    with pytest.raises(ValidationError) as exc:
        validate_password("Password1")
    assert "密码过于常见" in str(exc.value)


def test_creating_an_account_with_a_common_password_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        user_create(actor=world.sysadmin, username="newbie", display_name="新人", password="Password1")
    assert "密码过于常见" in str(exc.value)


def test_change_password_screen_refuses_password1_with_a_chinese_message(world: World, client: Client) -> None:
    client.force_login(world.alice)
    page = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": "Password1",
                                               "new_password2": "Password1"}).content.decode()
    assert "密码过于常见" in page
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)


def test_none_of_the_last_five_passwords_may_come_back(world: World) -> None:
    user = world.alice
    passwords = [PASSWORD] + [f"Lvzhi#2026step{i}" for i in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        user_change_own_password(user=user, old_password=old, new_password=new)
    current = passwords[-1]
    # The current one and the four before it are refused ...
    for used in passwords[1:]:
        with pytest.raises(ValidationError) as exc:
            user_change_own_password(user=user, old_password=current, new_password=used)
        assert "新密码不能与最近 5 次使用过的密码相同" in str(exc.value)
    # ... the sixth-newest is free again, and only five hashes are kept.
    assert PasswordHistory.objects.filter(user=user).count() == 5
    user_change_own_password(user=user, old_password=current, new_password=passwords[0])
    assert user.check_password(passwords[0])


def test_the_change_screen_refuses_the_current_password(world: World, client: Client) -> None:
    client.force_login(world.bob)
    page = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": PASSWORD,
                                               "new_password2": PASSWORD}).content.decode()
    assert "新密码不能与最近 5 次使用过的密码相同" in page
