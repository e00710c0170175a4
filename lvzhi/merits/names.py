"""A batch list of names (typed in a textarea or read from an Excel sheet) matched to a committee's serving members:
each name found once, or reported — not a member, or several members of that name — so a list is saved whole or
not at all. A name may carry a hint in brackets (张伟（经济界）, 张伟(市一中)) matched against the member's sector
and workplace, which is how two members of the same name are told apart."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO

from lvzhi.committees.models import Committee
from lvzhi.documents.imports import Column, FileRefused, ImportSheet, match_key
from lvzhi.members.models import Membership, Person

MAX_NAMES = 2000
_SPLIT = re.compile(r"[\n\r\t、,，;；/|]+|\s{2,}")
_HINTED = re.compile(r"^(?P<name>[^（(]+)[（(](?P<hint>[^）)]*)[）)]$")

SHEET = ImportSheet(
    name="受表彰委员", noun="委员", max_rows=MAX_NAMES, max_bytes=5 * 1024 * 1024,
    columns=(Column("name", "姓名", required=True, max_length=40),
             Column("hint", "界别或工作单位", max_length=100, aliases=("界别", "工作单位", "单位"))),
)

__all__ = ["SHEET", "FileRefused", "NameMatch", "match_names", "names_from_sheet", "split_names"]


@dataclass
class NameMatch:
    people: list[Person] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # names given more than once (counted once)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_names(text: str) -> list[str]:
    """One name a line, or separated by 、，; a single space inside a name is dropped (张 伟 is 张伟)."""
    parts = [p.strip() for p in _SPLIT.split(text or "")]
    return [re.sub(r"\s+", "", p) for p in parts if p.strip()]


def names_from_sheet(data: bytes | IO[bytes], filename: str) -> tuple[list[str], list[str]]:
    """The names of an .xlsx (姓名, and 界别或工作单位 as a hint) and the sheet's problems, in words."""
    parsed = SHEET.read(data, filename=filename)
    problems = [f"{p.where}：{p.message}" for p in parsed.problems]
    names = []
    for row in parsed.rows:
        name = str(row["values"].get("name") or "").strip()
        hint = str(row["values"].get("hint") or "").strip()
        if not name:
            problems.append(f"第 {row['row']} 行 姓名：不能为空")
            continue
        names.append(f"{name}（{hint}）" if hint else name)
    return names, problems


def match_names(committee: Committee, names: list[str]) -> NameMatch:
    """Each name to the one serving member of `committee` it names (Traditional characters and full-width
    brackets are read as Simplified and half-width)."""
    result = NameMatch()
    if len(names) > MAX_NAMES:
        result.problems.append(f"一次最多 {MAX_NAMES} 个姓名，请分批录入。")
        return result
    by_key: dict[str, list[Membership]] = defaultdict(list)
    rows = (Membership.objects.filter(committee=committee, is_active=True)
            .select_related("person", "sector").order_by("stroke_key", "id"))
    for m in rows:
        by_key[match_key(m.person.name)].append(m)
    seen: set[int] = set()
    for raw in names:
        hinted = _HINTED.match(raw)
        name, hint = (hinted.group("name"), hinted.group("hint").strip()) if hinted else (raw, "")
        found = by_key.get(match_key(name), [])
        if hint and len(found) > 1:
            key = match_key(hint)
            found = [m for m in found if key and (key in match_key(m.sector.name if m.sector else "")
                                                  or key in match_key(m.person.workplace))]
        if not found:
            result.problems.append(f"“{raw}”不是{committee.name}的在任委员，请核对姓名。")
        elif len(found) > 1:
            places = "、".join(f"{m.person.name}（{m.sector.name if m.sector else m.person.workplace or '未填界别'}）"
                              for m in found)
            result.problems.append(f"“{raw}”有 {len(found)} 位同名委员：{places}；请在姓名后用括号注明界别或工作单位。")
        elif found[0].person_id in seen:
            result.repeated.append(raw)
        else:
            seen.add(found[0].person_id)
            result.people.append(found[0].person)
    return result
