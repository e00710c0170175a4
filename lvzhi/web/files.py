"""Sending a stored upload (an attachment, a material, a reply letter, a speech) back as a download."""
from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_file_response(stored: FieldFile, filename: str, *, missing: str) -> FileResponse:
    """The file as a download under `filename` (a Chinese name is written as RFC 5987 filename*, with an ASCII
    fallback), never rendered by the browser nor kept in a cache; the 404 `missing` when the store has lost it."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
