"""A draft is its authors' alone until submitted: staff and leaders cannot open it by its id anywhere."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.audit.models import AuditEvent
from lvzhi.proposals.models import ProposalKind
from lvzhi.proposals.services.attachments import attachment_add
from lvzhi.proposals.services.drafting import proposal_submit
from lvzhi.proposals.tests.review_support import draft
from lvzhi.testing import World


def _urls(pk: int, attachment_pk: int) -> list[str]:
    return [f"/proposals/{pk}/", f"/proposals/{pk}/proposal.docx", f"/proposals/{pk}/attachments/{attachment_pk}/",
            f"/api/proposals/{pk}/"]


@pytest.fixture
def joint_draft(world: World, settings: object, tmp_path: object) -> tuple[object, object]:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    proposal = draft(world, kind=ProposalKind.JOINT, cosigners=("bob",))
    attachment = attachment_add(actor=world.alice, proposal=proposal,
                                file=SimpleUploadedFile("调研报告.txt", "调研的情况说明".encode()))
    return proposal, attachment


@pytest.mark.parametrize("who", ["carol", "pete", "leo", "sam"])
def test_staff_and_leaders_cannot_open_a_draft_by_its_id(world: World, client: Client, joint_draft: tuple,
                                                         who: str) -> None:
    proposal, attachment = joint_draft
    client.force_login(world.users[who])
    for url in _urls(proposal.pk, attachment.pk):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert proposal.title.encode() not in response.content
    assert AuditEvent.objects.filter(actor_name=who, outcome="denied", object_id=str(proposal.pk)).exists()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_drafter_and_the_invited_cosigner_still_open_it(world: World, client: Client, joint_draft: tuple,
                                                             who: str) -> None:
    proposal, attachment = joint_draft
    client.force_login(world.users[who])
    for url in _urls(proposal.pk, attachment.pk):
        assert client.get(url).status_code == 200, url


def test_staff_read_it_once_submitted(world: World, client: Client, joint_draft: tuple) -> None:
    proposal, attachment = joint_draft
    proposal_submit(actor=world.alice, proposal=proposal)
    client.force_login(world.pete)
    for url in _urls(proposal.pk, attachment.pk):
        assert client.get(url).status_code == 200, url
