"""The audit administrator's screens: search the trail and export it. Read only: nothing here changes an event."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from lvzhi.accounts.audit_selectors import (
    AuditFilters,
    CappedPaginator,
    action_choices,
    action_label,
    audit_anchors,
    audit_events,
    chain_verification,
    detail_label,
    diff_rows,
    object_type_choices,
    object_type_label,
)
from lvzhi.accounts.permissions import Cap
from lvzhi.actors import SignedInRequest
from lvzhi.audit import chain
from lvzhi.audit.models import AuditAnchor, AuditEvent, Outcome
from lvzhi.audit.services import audit_record
from lvzhi.committees.models import Committee

PAGE_SIZE = 50
EXPORT_LIMIT = 200_000


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label="账号", required=False, max_length=150)
    action = forms.CharField(label="操作", required=False, max_length=64)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *Outcome.choices])
    object_type = forms.CharField(label="对象类型", required=False, max_length=64)
    committee = forms.IntegerField(label="政协组织", required=False, min_value=1)
    ip = forms.RegexField(label="来源地址", required=False, max_length=45, regex=r"^[0-9A-Fa-f.:]+$",
                          error_messages={"invalid": "来源地址只能包含数字、字母 a–f、点和冒号。"})
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(
            date_from=data.get("date_from"), date_to=data.get("date_to"), actor=(data.get("actor") or "").strip(),
            action=data.get("action") or "", outcome=data.get("outcome") or "",
            object_type=data.get("object_type") or "", committee=data.get("committee"),
            ip=(data.get("ip") or "").strip(), q=(data.get("q") or "").strip(),
        )


def _query_without_page(params: QueryDict) -> str:
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilters()
    events = audit_events(request.user, filters)
    paginator = CappedPaginator(events, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        {"event": e, "label": action_label(e.action), "type_label": object_type_label(e.object_type),
         "detail": detail_label(e), "diff": diff_rows(e)}
        for e in page.object_list
    ]
    ctx = {
        "title": "审计日志", "nav_active": "audit", "form": form, "page": page, "paginator": paginator,
        "rows": rows, "query": _query_without_page(request.GET), "actions": action_choices(),
        "object_types": object_type_choices(), "committees": Committee.objects.order_by("path"),
        "filtered": not filters.is_empty(),
    }
    template = "audit/list.html#results" if getattr(request, "htmx", False) else "audit/list.html"
    return render(request, template, ctx)


HEADERS = ["时间", "账号", "来源地址", "操作", "操作代码", "对象类型", "对象编号", "对象", "政协组织编号", "结果",
           "说明", "修改前", "修改后"]
COLUMN_WIDTHS = [20, 14, 16, 16, 20, 14, 10, 30, 12, 8, 30, 40, 40]


def _text_cell(sheet: Worksheet, value: str) -> Cell:
    # Recorded text may come from anyone (a typed user name): keep it text, never a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


def _write_events(sheet: Worksheet, events: Iterable[AuditEvent]) -> int:
    outcome_labels = dict(Outcome.choices)
    for index, letter in enumerate("ABCDEFGHIJKLM"):
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS[index]
    sheet.append(HEADERS)
    count = 0
    for e in events:
        at = WriteOnlyCell(sheet, value=timezone.localtime(e.at).replace(tzinfo=None))
        at.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append([
            at,
            _text_cell(sheet, e.actor_name),
            _text_cell(sheet, e.ip or ""),
            _text_cell(sheet, action_label(e.action)),
            _text_cell(sheet, e.action),
            _text_cell(sheet, object_type_label(e.object_type)),
            _text_cell(sheet, e.object_id),
            _text_cell(sheet, e.object_repr),
            e.committee_id,
            _text_cell(sheet, outcome_labels.get(e.outcome, e.outcome)),
            _text_cell(sheet, e.detail),
            _text_cell(sheet, _json_text(e.before)),
            _text_cell(sheet, _json_text(e.after)),
        ])
        count += 1
    return count


@require_safe
@login_required
def event_export(request: SignedInRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilters()
    events = audit_events(request.user, filters, cap=Cap.AUDIT_EXPORT)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    sheet.freeze_panes = "A2"
    count = _write_events(sheet, events[:EXPORT_LIMIT].iterator(chunk_size=2000))
    truncated = count >= EXPORT_LIMIT
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.xlsx"'},
    )
    workbook.save(response)
    detail = f"导出 {count} 条{'（已达上限，请缩小范围）' if truncated else ''}；条件：{filters.describe()}"
    audit_record(actor=request.user, action="audit.export", object_type=AuditEvent._meta.label_lower,
                 object_repr="审计日志", detail=detail)
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_text(value: str) -> str:
    # A cell that starts like a formula would run in a spreadsheet (CSV injection): make it plain text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    outcome_labels = dict(Outcome.choices)
    yield "\ufeff" + writer.writerow(HEADERS)  # the BOM makes Excel read UTF-8
    for e in events:
        yield writer.writerow([
            f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", *(_csv_text(v) for v in (
                e.actor_name, e.ip or "", action_label(e.action), e.action, object_type_label(e.object_type),
                e.object_id, e.object_repr)),
            e.committee_id or "", outcome_labels.get(e.outcome, e.outcome),
            *(_csv_text(v) for v in (e.detail, _json_text(e.before), _json_text(e.after))),
        ])


@require_safe
@login_required
def event_export_csv(request: SignedInRequest) -> StreamingHttpResponse | HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilters()
    events = audit_events(request.user, filters, cap=Cap.AUDIT_EXPORT)
    selected = events[:EXPORT_LIMIT]
    # Recorded before streaming: the request's address is known only while the request is being handled.
    audit_record(actor=request.user, action="audit.export", object_type=AuditEvent._meta.label_lower,
                 object_repr="审计日志", detail=f"导出 CSV {selected.count()} 条；条件：{filters.describe()}")
    return StreamingHttpResponse(
        _csv_rows(selected.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'},
    )


@require_safe
@login_required
def chain_status(request: HttpRequest) -> HttpResponse:
    """The chain checked now (the first broken link, if any) and the anchors the administrator can export."""
    result = chain_verification(request.user)
    breaks = sorted(result.breaks, key=lambda b: b.seq)
    anchors = audit_anchors(request.user)[:50]
    return render(request, "audit/chain.html", {
        "title": "审计链校验", "nav_active": "audit", "result": result, "first": result.first_break,
        "others": breaks[1:20], "anchors": anchors, "anchor_count": audit_anchors(request.user).count(),
    })


def _anchor_json(anchor: AuditAnchor) -> dict[str, Any]:
    return {"seq": anchor.seq, "hash": anchor.hash, "at": anchor.at.isoformat(), "kind": anchor.kind,
            "mac": anchor.mac, "detail": anchor.detail}


@require_safe
@login_required
def anchor_export(request: SignedInRequest) -> HttpResponse:
    """Every anchor as JSON: kept off the server, it is what `verify_audit --anchors FILE` checks a chain against."""
    anchors = audit_anchors(request.user, cap=Cap.AUDIT_EXPORT)
    data = {"format": "lvzhi-audit-anchors/1", "exported": timezone.now().isoformat(),
            "head": dict(zip(("seq", "hash"), chain.end(), strict=True)),
            "anchors": [_anchor_json(a) for a in anchors]}
    audit_record(actor=request.user, action="audit.anchors_export", object_type=AuditAnchor._meta.label_lower,
                 object_repr="审计锚点", detail=f"导出锚点 {len(data['anchors'])} 个")
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-anchors-{timezone.localdate():%Y%m%d}.json"'},
    )
