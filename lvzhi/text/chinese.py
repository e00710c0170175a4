"""Simplified and Traditional characters: convert, detect, normalise input text."""
from __future__ import annotations

import functools
import unicodedata

from opencc import OpenCC


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _s2t() -> OpenCC:
    return OpenCC("s2t")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def to_traditional(text: str) -> str:
    return _s2t().convert(text) if text else text


def traditional_chars(text: str) -> list[str]:
    """The characters of `text` that change when converted to Simplified."""
    simplified = to_simplified(text)
    if simplified == text or len(simplified) != len(text):
        return [c for c in text if to_simplified(c) != c]
    return [a for a, b in zip(text, simplified, strict=True) if a != b]


def normalise(text: str) -> str:
    """Unicode NFKC (full-width letters and digits to half-width) and trimmed whitespace."""
    return unicodedata.normalize("NFKC", text or "").strip()


def is_chinese_name(text: str) -> bool:
    """A personal name: 2–20 characters, Han characters and the middle dot used in minority names."""
    if not 2 <= len(text) <= 20:
        return False
    return all(("\u4e00" <= c <= "\u9fff") or ("\u3400" <= c <= "\u4dbf") or c == "·" for c in text)
