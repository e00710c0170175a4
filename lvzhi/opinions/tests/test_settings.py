"""Per-committee settings: the length limit and the publications (services.settings and its screen)."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from lvzhi.opinions.models import OpinionSettings, Publication
from lvzhi.opinions.services.common import opinion_defaults
from lvzhi.opinions.services.issues import issue_create
from lvzhi.opinions.services.settings import opinion_settings_update
from lvzhi.opinions.tests.support import submitted
from lvzhi.testing import World


def test_limit_and_publications(world: World) -> None:
    opinion_settings_update(actor=world.rita, committee=world.city, max_length=800,
                            publications=["《社情民意》", "情况反映"])
    assert sorted(Publication.objects.filter(committee=world.city).values_list("name", flat=True)) == [
        "情况反映", "社情民意"]
    with pytest.raises(ValidationError) as err:
        submitted(world, body="字" * 801)
    assert "不能超过 800 个字" in str(err.value)


def test_refusals(world: World) -> None:
    with pytest.raises(PermissionDenied):
        opinion_settings_update(actor=world.carol, committee=world.city, max_length=800, publications=["社情民意"])
    opinion_defaults(world.city)
    issue_create(actor=world.rita, publication=Publication.objects.get(committee=world.city, name="政协专报"))
    with pytest.raises(ValidationError) as err:
        opinion_settings_update(actor=world.rita, committee=world.city, max_length=50, publications=["社情民意"])
    text = str(err.value)
    assert "200 至 10000" in text and "《政协专报》已有刊期，不能删除" in text
    with pytest.raises(ValidationError) as err:
        opinion_settings_update(actor=world.rita, committee=world.city, max_length=1500,
                                publications=["社情民意", "政协专报"], expected_version=99)
    assert "已被他人修改" in str(err.value)


def test_settings_screen(world: World) -> None:
    client = Client()
    client.force_login(world.rita)
    page = client.get("/opinions/settings/").content.decode()
    assert "正文字数上限" in page and "政协专报" in page
    row = OpinionSettings.objects.get(committee=world.city)
    client.post(f"/opinions/settings/?committee={world.city.pk}",
                {"max_length": 1200, "publications": "社情民意\n政协专报", "version": row.version})
    assert OpinionSettings.objects.get(committee=world.city).max_length == 1200
    client.force_login(world.carol)
    assert client.get("/opinions/settings/").status_code == 403
