"""The history import's uploaded files, kept between the upload (checked, previewed) and the confirmation; the
screen and the API share them, so a file is imported once whichever of them confirms it."""
from __future__ import annotations

from typing import IO, Any

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.imports import (
    AlreadyImported,
    FileTooLarge,
    ImportUploads,
    ParsedSheet,
    StoredUpload,
    UploadGone,
)
from lvzhi.proposals import history_import
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.services.history import proposal_import_historical

__all__ = ["AlreadyImported", "FileTooLarge", "HistoryUpload", "UploadGone"]

# Kept apart from the roster import's files (same folder, same purge) by the prefix.
UPLOADS = ImportUploads("history-", unit="件")
HistoryUpload = StoredUpload


def history_upload_save(*, actor: Actor, committee: Committee, file: IO[bytes], filename: str,
                        size: int | None) -> tuple[str, ParsedSheet]:
    """Check the file (FileRefused, FileTooLarge) and keep its rows for the preview; the token names it."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    history_import.SHEET.size_refusal(size)
    parsed = history_import.parse_history(file, filename=filename)
    token = UPLOADS.save(user=actor, committee=committee, filename=filename, parsed=parsed)
    audit_record(actor=actor, action="proposal.history_upload", obj=committee, committee_id=committee.pk,
                 detail=f"上传“{filename[:100]}”：{len(parsed.rows)} 行")
    return token, parsed


def history_upload_load(token: str, user: Any) -> StoredUpload:
    return UPLOADS.load(token, user)


def history_upload_plan(upload: StoredUpload, committee: Committee) -> history_import.HistoryPlan:
    """The preview: the file's own problems, or else what each row would become (and the rows' problems)."""
    if upload.problems:
        return history_import.HistoryPlan(committee=committee, problems=list(upload.problems))
    proposal_defaults(committee)
    return history_import.plan_history(committee=committee, rows=upload.rows)


def history_upload_confirm(*, upload: StoredUpload, actor: Actor,
                           committee: Committee) -> history_import.HistoryImportResult:
    """Import once, through the service: the pending file is claimed first, so a second confirmation is refused."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    return UPLOADS.confirm(
        upload, actor,
        lambda rows, filename: proposal_import_historical(actor=actor, committee=committee, rows=rows,
                                                          filename=filename),
        lambda result: result.total,
    )
