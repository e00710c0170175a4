"""What the duty-report services share: text checks and the audit row."""
from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

TITLE_MAX = 200
BODY_MAX = 20_000
REASON_MAX = 500
PLACE_MAX = 100


def clean_text(value: str | None, label: str, *, max_length: int, errors: dict[str, str], field: str,
               required: bool = True, one_line: bool = False) -> str:
    """Trimmed text in NFC with Unix line ends; records an error for empty or over-long text."""
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        errors[field] = f"请填写{label}。"
    elif len(text) > max_length:
        errors[field] = f"{label}不能超过 {max_length} 个字（当前 {len(text)} 字）。"
    return text


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
