"""Person validation: every bad field gets a Chinese message and nothing is saved."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lvzhi.members.models import Person
from lvzhi.members.services import person_create
from lvzhi.testing import World


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "姓名不能为空"),
        ({"name": "張三"}, "name", "繁体字"),
        ({"name": "Zhang San"}, "name", "汉字"),
        ({"name": "王五", "id_number": "220102198001011235"}, "id_number", "校验位"),
        ({"name": "王五", "phone": "12345"}, "phone", "手机号"),
        ({"name": "王五", "ethnicity": "汉" * 21}, "ethnicity", "民族不能超过 20"),
        ({"name": "王五", "workplace": "某" * 201}, "workplace", "不能超过 200"),
    ],
)
def test_bad_person_fields_are_refused(world: World, fields: dict[str, Any], field: str, message: str) -> None:
    before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        person_create(actor=world.carol, committee=world.city, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    assert Person.objects.count() == before


def test_full_width_digits_are_normalised(world: World) -> None:
    person = person_create(actor=world.carol, committee=world.city, name="王五", phone="１３８１２３４５６７８")
    assert person.phone == "13812345678"
    assert person.initials == "ww" and person.stroke_key.startswith("04")
