"""Per-committee 社情民意 settings: the body length limit and the committee's publications (刊物)."""
from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from lvzhi.accounts.permissions import Cap, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee
from lvzhi.opinions.models import JournalIssue, OpinionSettings, Publication
from lvzhi.opinions.services import common

MIN_LENGTH, MAX_LENGTH = 200, 10_000
PUBLICATION_NAME_MAX = 40


@transaction.atomic
def opinion_settings_update(
    *, actor: Actor, committee: Committee, max_length: int, publications: Sequence[str],
    expected_version: int | None = None,
) -> OpinionSettings:
    """Set the length limit and the list of publications; a publication that has issues cannot be removed."""
    require(actor, Cap.OPINION_EDIT, committee)
    common.opinion_defaults(committee)
    row = OpinionSettings.objects.select_for_update().get(committee=committee)
    if expected_version is not None and row.version != expected_version:
        raise ValidationError("设置已被他人修改，请刷新后重试。")
    errors: dict[str, str] = {}
    if not MIN_LENGTH <= max_length <= MAX_LENGTH:
        errors["max_length"] = f"正文字数上限须在 {MIN_LENGTH} 至 {MAX_LENGTH} 字之间。"
    names: list[str] = []
    for raw in publications:
        name = common.clean_line(raw).strip("《》")
        if not name:
            continue
        if len(name) > PUBLICATION_NAME_MAX:
            errors["publications"] = f"刊物名称不能超过 {PUBLICATION_NAME_MAX} 个字：{name}"
        elif name in names:
            errors["publications"] = f"刊物“{name}”重复。"
        names.append(name)
    if not names:
        errors["publications"] = "至少需要一种刊物。"
    current = {p.name: p for p in Publication.objects.filter(committee=committee)}
    for name, publication in current.items():
        if name not in names and JournalIssue.objects.filter(publication=publication).exists():
            errors["publications"] = f"《{name}》已有刊期，不能删除。"
    if errors:
        raise ValidationError(errors)
    before = {"max_length": row.max_length, "publications": sorted(current)}
    for name, publication in current.items():
        if name not in names:
            publication.delete()
    for i, name in enumerate(names, start=1):
        Publication.objects.update_or_create(committee=committee, name=name, defaults={"sort_order": i * 10})
    row.max_length = max_length
    row.version += 1
    row.save(update_fields=["max_length", "version"])
    audit_record(actor=actor, action="opinions.settings_update", obj=row, committee_id=committee.pk, before=before,
                 after={"max_length": max_length, "publications": names})
    return row
