"""Masking of personal numbers in lists: phone and ID numbers shown only to roles that need them."""
from __future__ import annotations


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) >= 7:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) > 8:
        return value[:4] + "*" * (len(value) - 8) + value[-4:]
    return "*" * len(value)
