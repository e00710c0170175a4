"""The proposal figures page (cards and breakdown tables, updated by htmx) and its Excel export."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from lvzhi.accounts.access import committee_from_query
from lvzhi.accounts.permissions import Cap, can, committees_for, require
from lvzhi.actors import SignedInRequest
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee, Session
from lvzhi.documents.excel import workbook_response
from lvzhi.proposals.figures import HEADLINE, RATES, Period, ProposalFigures, Scope, proposal_figures

MODE_CHOICES = [("year", "按年度"), ("session", "自某次全会以来"), ("range", "按日期")]
_DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FiguresForm(forms.Form):
    """The period and scope of the figures; an invalid choice falls back to this year."""

    subtree = forms.BooleanField(label="含下级政协", required=False)
    mode = forms.ChoiceField(label="统计期间", choices=MODE_CHOICES, required=False)
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100, required=False)
    session = forms.ModelChoiceField(label="全体会议", queryset=Session.objects.none(), required=False,
                                     empty_label="请选择")
    start = forms.DateField(label="起始日期", required=False, **_DATE)
    end = forms.DateField(label="截止日期", required=False, **_DATE)

    def __init__(self, data: Any, *, committee: Committee) -> None:
        super().__init__(data)
        sessions = Session.objects.filter(term__committee=committee).select_related("term__committee")
        self.fields["session"].queryset = sessions.order_by("-start_date")  # type: ignore[attr-defined]
        self.fields["session"].label_from_instance = lambda s: s.label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("mode") or "year"
        if mode == "session" and not data.get("session"):
            self.add_error("session", "请选择一次全体会议。")
        if mode == "range" and data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data

    def period(self) -> Period:
        if not self.is_valid():
            return Period.for_year(timezone.localdate().year)
        data = self.cleaned_data
        mode = data.get("mode") or "year"
        if mode == "session":
            return Period.since_session(data["session"], end=data.get("end"))
        if mode == "range":
            return Period.between(data.get("start"), data.get("end"))
        return Period.for_year(data.get("year") or timezone.localdate().year)

    def include_subtree(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("subtree"))


def _committee(request: HttpRequest) -> Committee:
    return committee_from_query(request, Cap.PROPOSAL_VIEW_ALL, "您没有权限查看提案统计。")


def _subtree_readable(user: Any, committee: Committee) -> bool:
    below = Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk)
    return all(can(user, Cap.PROPOSAL_VIEW_ALL, c) for c in below)


def _figures(request: HttpRequest) -> tuple[Committee, FiguresForm, ProposalFigures, bool]:
    committee = _committee(request)
    form = FiguresForm(request.GET, committee=committee)
    subtree_ok = _subtree_readable(request.user, committee)
    subtree = form.include_subtree()
    if subtree and not subtree_ok:
        # Someone asking for committees below that they may not read: refuse, and record it.
        below = Committee.objects.filter(path__startswith=committee.path).exclude(pk=committee.pk)
        for c in below:
            require(request.user, Cap.PROPOSAL_VIEW_ALL, c)
    figures = proposal_figures(Scope(committee, include_subtree=subtree), form.period())
    return committee, form, figures, subtree_ok


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _query(request: HttpRequest, committee: Committee) -> str:
    params = request.GET.copy()
    params["committee"] = str(committee.pk)
    return params.urlencode()


def headline_rows(f: ProposalFigures) -> list[tuple[str, str, int]]:
    return [(code, label, getattr(f, code)) for code, label in HEADLINE]


def rate_rows(f: ProposalFigures) -> list[tuple[str, str, Any]]:
    return [(code, label, getattr(f, code)) for code, label in RATES]


@login_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    committee, form, figures, subtree_ok = _figures(request)
    page_url = _url("proposals:figures", request.path)
    ctx = {
        "title": "提案统计",
        "nav_active": "figures",
        "committee": committee,
        "committees": committees_for(request.user, Cap.PROPOSAL_VIEW_ALL),
        "form": form,
        "f": figures,
        "headline": headline_rows(figures),
        "rates": rate_rows(figures),
        "codes": [c.code for c in figures.classes if c.code],
        "subtree_ok": subtree_ok,
        "page_url": page_url,
        "export_url": f"{_url('proposals:figures_export', page_url.rstrip('/') + '/export.xlsx')}?"
                      f"{_query(request, committee)}",
    }
    htmx = getattr(request, "htmx", None)
    template = "proposals/figures.html"
    if htmx and not htmx.history_restore_request:
        template += "#results"
    response = render(request, template, ctx)
    patch_vary_headers(response, ("HX-Request",))
    return response


def export_rows(f: ProposalFigures) -> list[list[Any]]:
    """The page's figures as rows of one sheet: headline, rates, classes, then each breakdown with its header."""
    rows: list[list[Any]] = [["统计范围", f.scope.label, "", ""], ["统计期间", f.period.label, "", ""], []]
    rows += [[label, value, "", ""] for _, label, value in headline_rows(f)]
    rows.append([])
    rows.append(["比率", "百分比", "分子", "分母"])
    rows += [[label, _pct(r), r.numerator, r.denominator] for _, label, r in rate_rows(f)]
    rows.append([])
    rows.append(["答复分类", "件数", "占比", "说明"])
    rows += [[f"{c.code or ''}类" if c.code else c.name, c.count, _pct(c.share), c.name] for c in f.classes]
    for title, breakdown in (("按类别", f.by_category), ("按提案者类型", f.by_proposer_kind), ("按界别", f.by_sector)):
        rows.append([])
        rows.append([title, "收到", "立案", "立案率", "办结", "重点提案", "并案"])
        rows += [[r.label, r.received, r.filed, _pct(r.filing_rate), r.closed, r.key_count, r.merged]
                 for r in breakdown]
    codes = [c.code for c in f.classes if c.code]
    rows.append([])
    rows.append(["按承办单位", "交办", "答复件", "会办", "已答复", "答复率", "按期答复", "逾期答复", "超期未答复",
                 "见面沟通", *[f"{code}类" for code in codes], "评价", "满意率"])
    for u in f.by_unit:
        rows.append([u.name, u.assignments, u.answering, u.co, u.replied, _pct(u.reply_rate), u.on_time, u.late,
                     u.overdue, u.with_contact, *[u.classes.get(code, 0) for code in codes], u.evaluations,
                     _pct(u.satisfaction_rate)])
    return rows


def _pct(rate: Any) -> Any:
    """A percentage as a number Excel can sum, or the dash when there is nothing to divide."""
    return float(rate.percent) if rate.percent is not None else "—"


@login_required
@require_GET
def figures_export(request: SignedInRequest) -> HttpResponse:
    committee, _form, figures, _ok = _figures(request)
    audit_record(actor=request.user, action="proposal.figures_export", obj=committee, committee_id=committee.pk,
                 detail=f"{figures.scope.label} {figures.period.label}")
    filename = f"{committee.name}提案统计-{figures.period.label}-{timezone.localdate():%Y%m%d}.xlsx"
    return workbook_response(filename, "提案统计", ["项目", "数值", "", ""], export_rows(figures))

