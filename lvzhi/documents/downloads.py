"""Sending a generated Word or Excel file to the browser."""
from __future__ import annotations

from django.http import HttpResponse

from lvzhi.documents.excel import XLSX_CONTENT_TYPE, content_disposition
from lvzhi.documents.word import DOCX_CONTENT_TYPE


def file_response(data: bytes, filename: str) -> HttpResponse:
    """A download of a .docx or .xlsx made here, under its Chinese name; never cached (it may hold personal data)."""
    content_type = DOCX_CONTENT_TYPE if filename.endswith(".docx") else XLSX_CONTENT_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response
