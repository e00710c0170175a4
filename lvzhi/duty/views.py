"""The duty record screens: a member's own record, and a member's record for staff who may see the roster."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lvzhi.documents.excel import workbook_response
from lvzhi.duty.models import DutyKind
from lvzhi.duty.selectors import duty_counts, duty_records, duty_years, get_member_record_for_user, source_urls
from lvzhi.members.models import Membership, Person
from lvzhi.web.requests import render_partial

PAGE_SIZE = 50


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    return int(raw) if raw.isdigit() else timezone.localdate().year


def _render(request: HttpRequest, person: Person, committee_id: int | None, heading: str, back: str) -> HttpResponse:
    year = _year(request)
    kind = request.GET.get("kind", "")
    records = duty_records(person, year=year, committee_id=committee_id).select_related("committee")
    if kind in DutyKind.values:
        records = records.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        rows = ([r.date, r.committee.name, r.get_kind_display(), r.title, r.role] for r in records)
        return workbook_response(f"{person.name}履职记录.xlsx", "履职记录", ["日期", "政协组织", "履职类型", "事项", "角色"],
                                 rows)
    counts = duty_counts(person, year=year, committee_id=committee_id)
    years = sorted(set(duty_years(person)) | {timezone.localdate().year}, reverse=True)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    links = source_urls(page.object_list)
    query = "&".join(f"{k}={v}" for k, v in (("year", request.GET.get("year", "")), ("kind", kind)) if v)
    ctx: dict[str, Any] = {
        "title": heading, "heading": heading, "person": person, "back": back, "nav_active": "duty",
        "counts": [(DutyKind(k).label, k, counts[k]) for k in DutyKind.values if counts.get(k)],
        "total": sum(counts.values()), "year": year, "years": years, "kind": kind, "kinds": DutyKind.choices,
        "page": page, "query": query,
        "rows": [(r, links.get(r.pk, "")) for r in page.object_list],
    }
    return render_partial(request, "duty/record.html", ("records",), ctx)


@login_required
@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("您的账号未关联委员，没有履职档案。")
    return _render(request, person, None, "我的履职档案", "")


@login_required
@require_GET
def member_record(request: HttpRequest, pk: int) -> HttpResponse:
    membership: Membership = get_member_record_for_user(request.user, pk,
                                                        export=request.GET.get("format") == "xlsx")
    return _render(request, membership.person, membership.committee_id,
                   f"{membership.person.name}的履职档案（{membership.committee.name}）",
                   reverse("members:detail", args=[membership.pk]))
