"""The score screens (履职得分): a member's own score on a phone, any member's for duty staff, and the committee's
ranking with its lists (grades, 年委员, below the minimum duties), each exportable to Excel."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can
from lvzhi.committees.models import ActivityGroup, Party, Sector, SpecialCommittee
from lvzhi.documents.excel import workbook_response
from lvzhi.duty.selectors import (
    LISTS,
    Ranking,
    get_score_membership_for_user,
    member_score,
    own_memberships,
    ranking,
)
from lvzhi.members.models import Membership
from lvzhi.web.requests import query_string, render_partial, year_of

PAGE_SIZE = 50
FILTERS = ("sector", "party", "group", "special_committee")
RANKING_REFUSAL = "只有履职考核工作人员和领导可以查看委员履职考核排名。"


def _score_page(request: HttpRequest, membership: Membership, *, heading: str, back: str) -> HttpResponse:
    year = year_of(request)
    view = member_score(membership, year)
    ctx: dict[str, Any] = {
        "title": heading, "heading": heading, "view": view, "year": year, "back": back, "nav_active": "duty_score",
        "years": [year - i for i in range(-1, 4)], "rules_url": f"{reverse('duty:rules')}?committee="
                                                         f"{membership.committee_id}&year={year}",
    }
    return render(request, "duty/score.html", ctx)


@login_required
@require_GET
def my_score(request: HttpRequest) -> HttpResponse:
    mine = own_memberships(request.user)
    if not mine:
        raise Http404("您的账号未关联委员，没有履职得分。")
    raw = request.GET.get("committee", "")
    chosen = next((m for m in mine if str(m.committee_id) == raw), None) or next(
        (m for m in mine if m.is_active), mine[0])
    response = _score_page(request, chosen, heading="我的履职得分", back="")
    return response


@login_required
@require_GET
def member_score_page(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_score_membership_for_user(request.user, pk)
    back = f"{reverse('duty:ranking')}?committee={membership.committee_id}&year={year_of(request)}" if can(
        request.user, Cap.DUTY_VIEW, membership.committee) else ""
    return _score_page(request, membership, heading=f"{membership.person.name}的履职得分（{membership.committee.name}）",
                       back=back)


def _filters(request: HttpRequest) -> dict[str, Any]:
    found: dict[str, Any] = {k: request.GET[k] for k in FILTERS if request.GET.get(k, "").isdigit()}
    if request.GET.get("grade"):
        found["grade"] = request.GET["grade"][:20]
    if request.GET.get("list") in LISTS:
        found["list"] = request.GET["list"]
    return found


def _export(result: Ranking, filters: dict[str, Any]) -> HttpResponse:
    headers = ["排名", "姓名", "界别", "党派", "活动小组", "专门委员会", "总分", "等次", "基本要求", "年委员"]
    rows = ([r.rank, r.membership.name, r.membership.sector, r.membership.party, r.membership.group,
             "、".join(r.membership.specials.values()), float(r.score.total), r.score.grade,
             "达到" if r.score.minimum_met else "未达到：" + "；".join(r.score.minimum_missed),
             "是" if r.score.only_plenary else ""] for r in result.rows)
    label = LISTS.get(filters.get("list", ""), f"{filters['grade']}名单" if filters.get("grade") else "履职考核排名")
    return workbook_response(f"{result.committee.name}{result.year}年{label}.xlsx", label, headers, rows)


@login_required
@require_GET
def ranking_page(request: HttpRequest) -> HttpResponse:
    committee = committee_from_query(request, Cap.DUTY_VIEW, RANKING_REFUSAL)
    year = year_of(request)
    filters = _filters(request)
    result = ranking(request.user, committee, year, filters)
    if request.GET.get("format") == "xlsx":
        return _export(result, filters)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    grades = list(result.ruleset.bands.order_by("-min_points").values_list("label", flat=True)) if result.ruleset else []
    ctx: dict[str, Any] = {
        "title": "履职考核排名", "nav_active": "duty_ranking", "committee": committee, "year": year, "result": result,
        "page": page, "filters": filters, "query": query_string(request), "lists": LISTS, "grades": grades,
        "years": [year - i for i in range(-1, 4)],
        "sectors": Sector.objects.filter(committee=committee).order_by("sort_order", "id"),
        "parties": Party.objects.order_by("sort_order", "id"),
        "groups": ActivityGroup.objects.filter(committee=committee).order_by("sort_order", "id"),
        "specials": SpecialCommittee.objects.filter(committee=committee).order_by("sort_order", "id"),
        "export_query": query_string(request, format="xlsx"),
        "can_manage": can(request.user, Cap.DUTY_MANAGE, committee),
    }
    return render_partial(request, "duty/ranking.html", ("ranking",), ctx)
