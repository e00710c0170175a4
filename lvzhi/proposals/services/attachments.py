"""Proposal attachments (附件): the drafter adds and removes files while the proposal is a draft or returned."""
from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.documents.attachments import check_file, clean_name
from lvzhi.proposals import workflow
from lvzhi.proposals.models import Attachment, Proposal, State
from lvzhi.proposals.services import common
from lvzhi.proposals.services.common import lock, refuse

MAX_PER_PROPOSAL = 10


def _check_editable(actor: Actor, proposal: Proposal, what: str, label: str) -> None:
    """The drafter, while the proposal may still be edited; refusals are audited, wrong states explained."""
    require(actor, Cap.PROPOSAL_DRAFT, proposal.committee)
    if actor is None or proposal.created_by_id != actor.pk:
        refuse(actor, proposal, f"proposal.{what}: not the drafter", f"只有提案起草人才能{label}。")
    try:
        workflow.check_move("edit", proposal.state)
    except ValidationError:
        state = State(proposal.state).label if proposal.state in State.values else proposal.state
        raise ValidationError({"file": f"提案当前为“{state}”，不能再{label}；只有草稿或退回修改的提案可以。"}) from None


def attachment_add(*, actor: Actor, proposal: Proposal, file: UploadedFile) -> Attachment:
    """Attach a file to a draft (or returned) proposal, stored under a generated name; the original is `name`."""
    _check_editable(actor, proposal, "attachment_add", "上传附件")
    name = clean_name(getattr(file, "name", "") or "")
    ext = check_file(file, name)
    stored = ""
    try:
        with transaction.atomic():
            lock(proposal, None)
            _check_editable(actor, proposal, "attachment_add", "上传附件")  # the state may have moved meanwhile
            if Attachment.objects.filter(proposal=proposal).count() >= MAX_PER_PROPOSAL:
                raise ValidationError({"file": f"每件提案最多 {MAX_PER_PROPOSAL} 个附件，请先删除不需要的附件。"})
            attachment = Attachment(proposal=proposal, name=name, uploaded_by=actor)
            attachment.file.save(f"{uuid.uuid4().hex}{ext}", file, save=False)
            stored = attachment.file.name
            attachment.save()
            common.record_move(proposal=proposal, actor=actor, move="attachment_add", from_state=proposal.state,
                               to_state=proposal.state, remarks=f"上传附件：{name}",
                               after={"attachment": name, "file": stored})
    except BaseException:
        if stored:
            Attachment._meta.get_field("file").storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    """Remove an attachment of a draft (or returned) proposal; the stored file goes once the change is saved."""
    proposal = attachment.proposal
    _check_editable(actor, proposal, "attachment_remove", "删除附件")
    lock(proposal, None)
    _check_editable(actor, proposal, "attachment_remove", "删除附件")
    storage, stored, name = attachment.file.storage, attachment.file.name, attachment.name
    attachment.delete()
    common.record_move(proposal=proposal, actor=actor, move="attachment_remove", from_state=proposal.state,
                       to_state=proposal.state, remarks=f"删除附件：{name}", before={"attachment": name, "file": stored})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
