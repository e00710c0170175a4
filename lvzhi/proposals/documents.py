"""A proposal's Word documents (the proposal, the assignment letter) and its Excel lists (目录, 办理情况表)."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lvzhi.documents.excel import workbook_bytes
from lvzhi.documents.word import (
    add_heading,
    add_paragraph,
    add_table,
    add_text,
    add_title,
    document_bytes,
    new_document,
)
from lvzhi.proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CosignStatus,
    Proposal,
    ProposalKind,
    Proposer,
    ProposerRole,
    State,
)
from lvzhi.proposals.workflow import REVIEW_OUTCOMES


def _day(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


def _session_label(proposal: Proposal) -> str:
    return f"{proposal.session.label}（大会提案）" if proposal.session is not None else "平时提案"


def _proposers(proposal: Proposal) -> list[Proposer]:
    return [p for p in proposal.proposers.all() if p.status != CosignStatus.DECLINED]


def _assignments(proposal: Proposal) -> list[Assignment]:
    return [a for a in proposal.assignments.all() if a.state != AssignmentState.WITHDRAWN]


def proposer_names(proposal: Proposal) -> str:
    """提案人 as a list shows it: the 提案单位 for a collective proposal, else the signers in order."""
    if proposal.kind == ProposalKind.COLLECTIVE and proposal.collective_name:
        return proposal.collective_name
    return "、".join(p.person.name for p in _proposers(proposal))


def handling_mode(assignments: list[Assignment]) -> str:
    roles = {a.role for a in assignments}
    if AssignmentRole.LEAD in roles:
        return "主办会办"
    if AssignmentRole.SEPARATE in roles or len(assignments) > 1:
        return "分办"
    return "单办" if assignments else ""


def unit_summary(assignments: list[Assignment]) -> str:
    return "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in assignments)


def with_related(proposals: Iterable[Proposal]) -> list[Proposal]:
    """The proposals with what the documents read, fetched in a few queries."""
    related = ("committee", "term", "session__term", "category", "rejection_reason", "merged_into")
    prefetch = (
        Prefetch("proposers", queryset=Proposer.objects.select_related("person").order_by("order", "id")),
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "reply_class")
                 .prefetch_related("evaluations").order_by("id")),
    )
    if isinstance(proposals, QuerySet):
        return list(proposals.select_related(*related).prefetch_related(*prefetch))
    items = list(proposals)
    ids = [p.pk for p in items]
    fetched = Proposal.objects.select_related(*related).prefetch_related(*prefetch).in_bulk(ids)
    return [fetched[pk] for pk in ids if pk in fetched]


# --- Word ---------------------------------------------------------------------------------------------------------


def proposal_docx(proposal: Proposal) -> bytes:
    """The proposal in official layout: header, cover data, 案由, 情况/分析/建议, review outcome, assignment."""
    proposal = with_related([proposal])[0]
    document = new_document()
    add_title(document, f"{proposal.committee.name}提案")
    signers = _proposers(proposal)
    rows = [
        ("提案号", proposal.number or "（尚未编号）"),
        ("届次", f"{proposal.term.label}　{_session_label(proposal)}"),
        ("提案方式", proposal.get_kind_display()),
    ]
    if proposal.kind == ProposalKind.COLLECTIVE:
        rows.append(("提案单位", proposal.collective_name or ""))
        handlers = [p.person.name for p in signers]
        if handlers:
            rows.append(("经办人", "、".join(handlers)))
    else:
        first = [p.person.name for p in signers if p.role == ProposerRole.FIRST][:1]
        rows.append(("第一提案人", first[0] if first else ""))
        cosigners = [p.person.name for p in signers if p.role == ProposerRole.COSIGNER]
        if cosigners:
            rows.append(("联名提案人", "、".join(cosigners)))
    rows.append(("类别", proposal.category.name if proposal.category else ""))
    if proposal.submitted_at:
        rows.append(("提交时间", _day(proposal.submitted_at)))
    add_table(document, rows)
    add_paragraph(document, proposal.title, bold_label="案由：")
    for number, label, text in (("一", "情况", proposal.situation), ("二", "分析", proposal.analysis),
                                ("三", "建议", proposal.suggestions)):
        add_heading(document, f"{number}、{label}")
        if not add_text(document, text):
            add_paragraph(document, "（无）")
    reached = proposal.state in REVIEW_OUTCOMES or proposal.filed_at is not None
    if reached:
        add_heading(document, "四、审查意见")
        outcome = proposal.get_state_display() if proposal.state in REVIEW_OUTCOMES else "立案"
        details = [f"审查结论：{outcome}"]
        if proposal.category and outcome == "立案":
            details.append(f"类别：{proposal.category.name}")
        if proposal.filed_at:
            details.append(f"立案时间：{_day(proposal.filed_at)}")
        if proposal.state == State.NOT_FILED and proposal.rejection_reason:
            details.append(f"不予立案理由：{proposal.rejection_reason.name}")
        if proposal.state == State.MERGED and proposal.merged_into:
            details.append(f"并入：{proposal.merged_into}")
        add_paragraph(document, "；".join(details) + "。")
        if proposal.decision_note:
            add_text(document, proposal.decision_note)
    assignments = _assignments(proposal)
    if assignments:
        add_heading(document, f"{'五' if reached else '四'}、交办情况")
        add_paragraph(document, f"办理方式：{handling_mode(assignments)}；交办时间：{_day(proposal.assigned_at)}。")
        for a in assignments:
            line = f"{a.unit.name}（{a.get_role_display()}），答复期限{_day(a.due_date)}，{a.get_state_display()}"
            if a.replied_at:
                line += f"，{_day(a.replied_at)}答复"
            if a.reply_class:
                line += f"，{a.reply_class}"
            add_paragraph(document, line + "。")
    return document_bytes(document)


def assignment_letter_docx(proposal: Proposal) -> bytes:
    """提案交办通知 to the assigned unit(s): number, title, mode, each unit's role and deadlines."""
    proposal = with_related([proposal])[0]
    assignments = _assignments(proposal)
    document = new_document()
    add_title(document, "提案交办通知")
    add_paragraph(document, "、".join(a.unit.name for a in assignments) + "：" if assignments else "承办单位：",
                  indent=False)
    mode = handling_mode(assignments)
    # 长春市政协十五届三次会议提案 / 长春市政协第十五届平时提案: the session's label already names the term.
    when = proposal.session.label if proposal.session is not None else f"{proposal.term.label}平时"
    origin = f"{proposal.committee.name}{when}提案"
    # The number is written as the committee's number format made it ("15届平时第0035号"), once and unwrapped.
    add_paragraph(document, f"现将{origin}《{proposal.title}》（提案号：{proposal.number or '尚未编号'}；"
                            f"提案人：{proposer_names(proposal)}）交由你单位办理，办理方式为{mode}。")
    lead = [a for a in assignments if a.role == AssignmentRole.LEAD]
    co = [a for a in assignments if a.role == AssignmentRole.CO]
    if lead and co:
        add_paragraph(document, f"主办单位：{lead[0].unit.name}；会办单位：{'、'.join(a.unit.name for a in co)}。"
                                "会办单位请在期限内将会办意见送主办单位，由主办单位统一答复提案人。")
    for a in assignments:
        add_paragraph(document, f"{a.unit.name}（{a.get_role_display()}）：请于{_day(a.reassign_until)}前提出"
                                f"调整承办单位的申请（逾期视为接受），并于{_day(a.due_date)}前办理答复。")
    add_paragraph(document, "请与提案人做好办前、办中、办后沟通，答复函同时抄送本会提案委员会。特此通知。")
    add_paragraph(document, "")
    add_paragraph(document, proposal.committee.name, indent=False, align="right")
    add_paragraph(document, _day(proposal.assigned_at or timezone.now()), indent=False, align="right")
    return document_bytes(document)


# --- Excel -------------------------------------------------------------------------------------------------------

CATALOGUE_HEADERS = ["序号", "提案号", "案由", "提案人", "类别", "大会/平时", "状态", "承办单位"]
HANDLING_HEADERS = ["提案号", "案由", "承办单位", "承办方式", "交办日期", "答复期限", "答复日期", "答复分类", "满意度",
                    "是否超期"]


def catalogue_rows(proposals: Iterable[Proposal]) -> list[list[Any]]:
    return [
        [i, p.number, p.title, proposer_names(p), p.category.name if p.category else "",
         p.session.label if p.session is not None else "平时", p.get_state_display(), unit_summary(_assignments(p))]
        for i, p in enumerate(with_related(proposals), start=1)
    ]


def catalogue_xlsx(proposals: Iterable[Proposal]) -> bytes:
    """提案目录: one row per proposal, in the order given."""
    return workbook_bytes("提案目录", CATALOGUE_HEADERS, catalogue_rows(proposals))


def is_overdue(assignment: Assignment, today: datetime.date | None = None) -> bool:
    """Replied after the due date, or not replied and the due date has passed."""
    if assignment.replied_at is not None:
        return timezone.localdate(assignment.replied_at) > assignment.due_date
    if assignment.role == AssignmentRole.CO or assignment.state == AssignmentState.VIEW_SENT:
        return False  # co-units answer through the lead unit
    return (today or timezone.localdate()) > assignment.due_date


def handling_rows(proposals: Iterable[Proposal], today: datetime.date | None = None) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in with_related(proposals):
        assignments = _assignments(p)
        if not assignments:
            rows.append([p.number, p.title, "（未交办）", "", "", "", "", "", "", ""])
            continue
        for a in assignments:
            latest = max((e.round for e in a.evaluations.all()), default=None)
            ratings = "、".join(e.get_rating_display() for e in a.evaluations.all() if e.round == latest)
            rows.append([
                p.number, p.title, a.unit.name, a.get_role_display(), timezone.localdate(a.assigned_at), a.due_date,
                timezone.localdate(a.replied_at) if a.replied_at else None,
                a.reply_class.code if a.reply_class else "", ratings, "超期" if is_overdue(a, today) else "",
            ])
    return rows


def handling_table_xlsx(proposals: Iterable[Proposal], today: datetime.date | None = None) -> bytes:
    """办理情况表: one row per answering unit (withdrawn assignments left out)."""
    return workbook_bytes("办理情况表", HANDLING_HEADERS, handling_rows(proposals, today))


_UNSAFE_IN_FILENAMES = str.maketrans({c: "-" for c in '/\\:*?"<>|'})


def proposal_filename(proposal: Proposal, what: str = "提案") -> str:
    """The download's name: the number once filed, else the title and the state (提案_关于…的建议（审查中）.docx)."""
    if proposal.number:
        label = proposal.number
    else:
        title = proposal.title.strip() or "无标题"
        title = title if len(title) <= 40 else title[:40] + "…"
        label = f"{title}（{proposal.get_state_display()}）"
    return f"{what}_{label}.docx".translate(_UNSAFE_IN_FILENAMES)
