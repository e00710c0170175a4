"""Finding a committee by the id a request or a form gives."""
from __future__ import annotations

from django.http import Http404

from lvzhi.committees.models import Committee


def get_committee_or_404(pk: int | str) -> Committee:
    """The committee with this id (a number, or the digits of one from a query), else the Chinese 404."""
    raw = str(pk)
    committee = Committee.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if committee is None:
        raise Http404("未找到该政协组织。")
    return committee
