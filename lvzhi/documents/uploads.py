"""A parsed upload kept on disk between its preview and its confirmation, claimed once by an atomic rename."""
from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
SUFFIX_STATE = {".json": "pending", ".working": "working", ".done": "done"}
PENDING, WORKING, DONE = ".json", ".working", ".done"


class UploadMissing(Exception):
    """No such upload for this user (or someone else's: we do not say which).

    `vanished` is true when the token looked right but no file could be read (gone or expired).
    """

    def __init__(self, *, vanished: bool = False) -> None:
        super().__init__("upload missing")
        self.vanished = vanished


class UploadExpired(Exception):
    """The pending upload is older than the store's time limit; it has been removed."""


class UploadTaken(Exception):
    """The pending file was no longer there to claim: imported, or being imported, by another request."""


@dataclass
class StoredPayload:
    token: str
    state: str  # "pending", "working" (being imported), "done"
    data: dict[str, Any]

    @property
    def user_id(self) -> int:
        return self.data["user_id"]

    @property
    def committee_id(self) -> int:
        return self.data["committee_id"]

    @property
    def filename(self) -> str:
        return self.data.get("filename", "")

    @property
    def created_at(self) -> float:
        return self.data["created_at"]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.data.get("rows", [])

    @property
    def problems(self) -> list[dict[str, Any]]:
        return self.data.get("problems", [])

    @property
    def imported(self) -> int:
        return self.data.get("imported", 0)

    @property
    def imported_at(self) -> float | None:
        return self.data.get("imported_at")


class UploadStore:
    """Files `<prefix><token>.json|.working|.done` in MEDIA_ROOT/imports; they hold personal data, so they expire."""

    def __init__(self, prefix: str = "", *, pending_ttl: float = 3600, done_ttl: float = 24 * 3600,
                 folder: str = "imports") -> None:
        self.prefix = prefix
        self.pending_ttl = pending_ttl
        self.done_ttl = done_ttl
        self.folder = folder

    def directory(self) -> Path:
        path = Path(settings.MEDIA_ROOT) / self.folder
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def path(self, token: str, suffix: str) -> Path:
        return self.directory() / f"{self.prefix}{token}{suffix}"

    @staticmethod
    def _write(path: Path, payload: dict[str, Any]) -> None:
        tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
        os.replace(tmp, path)

    def purge(self) -> None:
        """Drop this store's files once past their time limit (the longer one for the 'already imported' note)."""
        now = time.time()
        for path in self.directory().iterdir():
            if not path.name.startswith(self.prefix):
                continue
            ttl = self.done_ttl if path.suffix == DONE else self.pending_ttl
            try:
                if now - path.stat().st_mtime > ttl:
                    path.unlink()
            except FileNotFoundError:
                pass

    def save(self, *, user: Any, committee: Any, filename: str, rows: list[dict[str, Any]],
             problems: list[dict[str, Any]], skipped: list[dict[str, Any]] | None = None) -> str:
        """Keep the parsed rows and problems (and the rows left out, to show them) for `user`; returns the token."""
        self.purge()
        token = secrets.token_urlsafe(32)
        self._write(self.path(token, PENDING), {
            "user_id": user.pk, "committee_id": committee.pk, "filename": filename[:200], "created_at": time.time(),
            "rows": rows, "problems": problems, "skipped": skipped or [],
        })
        return token

    def load(self, token: str, user: Any, *, pending_ttl: float | None = None) -> StoredPayload:
        """The upload behind `token`, only for the user who made it; an expired pending upload is removed."""
        if not TOKEN_RE.match(token or ""):
            raise UploadMissing()
        ttl = self.pending_ttl if pending_ttl is None else pending_ttl
        for _attempt in range(3):  # the file may be renamed between looking and reading
            for suffix, state in SUFFIX_STATE.items():
                try:
                    payload = json.loads(self.path(token, suffix).read_text(encoding="utf-8"))
                except FileNotFoundError:
                    continue
                if payload.get("user_id") != getattr(user, "pk", None):
                    raise UploadMissing()
                if state == "pending" and time.time() - payload["created_at"] > ttl:
                    self.path(token, suffix).unlink(missing_ok=True)
                    raise UploadExpired()
                return StoredPayload(token=token, state=state, data=payload)
        raise UploadMissing(vanished=True)

    def claim(self, token: str) -> None:
        """Atomically move the pending file to working; UploadTaken if another request got there first."""
        try:
            os.rename(self.path(token, PENDING), self.path(token, WORKING))
        except FileNotFoundError:
            raise UploadTaken() from None

    def release(self, token: str) -> None:
        """Not imported after all: give the upload back so its problems can be shown and it may be retried."""
        try:
            os.rename(self.path(token, WORKING), self.path(token, PENDING))
        except OSError:
            pass

    def finish(self, token: str, imported: int) -> None:
        """Imported: keep only a note (no rows, no personal data) to answer a repeated confirmation."""
        working = self.path(token, WORKING)
        payload = json.loads(working.read_text(encoding="utf-8"))
        self._write(self.path(token, DONE), {
            "user_id": payload["user_id"], "committee_id": payload["committee_id"],
            "filename": payload.get("filename", ""), "created_at": payload["created_at"],
            "imported": imported, "imported_at": time.time(),
        })
        working.unlink(missing_ok=True)
