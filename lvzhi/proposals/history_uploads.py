"""The history import's uploaded files, kept between the upload (checked, previewed) and the confirmation; the
screen and the API share them, so a file is imported once whichever of them confirms it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.documents.uploads import UploadExpired, UploadMissing, UploadStore, UploadTaken
from lvzhi.members.importing import UPLOAD_TTL_SECONDS, ImportProblems, Problem
from lvzhi.proposals import history_import

# Kept apart from the roster import's files (same folder, same purge) by the prefix.
_STORE = UploadStore("history-", pending_ttl=UPLOAD_TTL_SECONDS, done_ttl=UPLOAD_TTL_SECONDS * 24)
_GONE = "未找到该导入文件，或已过期，请重新上传。"


class UploadGone(Exception):
    """No such upload for this user, or it has expired (we do not say whose it was)."""


class AlreadyImported(Exception):
    pass


class FileTooLarge(Exception):
    pass


@dataclass
class HistoryUpload:
    token: str
    state: str  # "pending", "working" (being imported), "done"
    user_id: int
    committee_id: int
    filename: str
    created_at: float
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    imported: int = 0


def history_upload_save(*, actor: Actor, committee: Committee, file: IO[bytes], filename: str,
                        size: int | None) -> tuple[str, history_import.ParsedHistory]:
    """Check the file (FileRefused, FileTooLarge) and keep its rows for the preview; the token names it."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    if (size or 0) > history_import.MAX_BYTES:
        raise FileTooLarge(f"文件超过 {history_import.MAX_BYTES // (1024 * 1024)} MB，请分批导入。")
    parsed = history_import.parse_history(file, filename=filename)
    token = _STORE.save(user=actor, committee=committee, filename=filename, rows=parsed.rows,
                        problems=[p.as_dict() for p in parsed.problems])
    audit_record(actor=actor, action="proposal.history_upload", obj=committee, committee_id=committee.pk,
                 detail=f"上传“{filename[:100]}”：{len(parsed.rows)} 行")
    return token, parsed


def history_upload_load(token: str, user: Any) -> HistoryUpload:
    try:
        stored = _STORE.load(token, user)
    except UploadMissing:
        raise UploadGone(_GONE) from None
    except UploadExpired:
        raise UploadGone("上传已超过 1 小时，请重新上传文件。") from None
    return HistoryUpload(
        token=token, state=stored.state, user_id=stored.user_id, committee_id=stored.committee_id,
        filename=stored.filename, created_at=stored.created_at, rows=stored.rows,
        problems=[Problem(**p) for p in stored.problems], imported=stored.imported,
    )


def history_upload_plan(upload: HistoryUpload, committee: Committee) -> history_import.HistoryPlan:
    """The preview: the file's own problems, or else what each row would become (and the rows' problems)."""
    if upload.problems:
        return history_import.HistoryPlan(committee=committee, problems=list(upload.problems))
    return history_import.plan_history(committee=committee, rows=upload.rows)


def history_upload_confirm(*, upload: HistoryUpload, actor: Actor,
                           committee: Committee) -> history_import.HistoryImportResult:
    """Import once: the pending file is claimed by an atomic rename, so a second confirmation finds it gone."""
    require(actor, Cap.PROPOSAL_MANAGE, committee)
    if upload.state != "pending":
        raise AlreadyImported(f"该文件已导入（{upload.imported} 件），请勿重复提交。" if upload.state == "done"
                              else "该文件正在导入，请勿重复提交。")
    if upload.problems:
        raise ImportProblems(upload.problems)
    try:
        _STORE.claim(upload.token)
    except UploadTaken:
        raise AlreadyImported("该文件已导入，请勿重复提交。") from None
    try:
        result = history_import.history_import_commit(actor=actor, committee=committee, rows=upload.rows,
                                                      filename=upload.filename)
    except BaseException:
        _STORE.release(upload.token)  # not imported: give the upload back so the problems can be shown, and a retry
        raise
    _STORE.finish(upload.token, result.total)
    return result
