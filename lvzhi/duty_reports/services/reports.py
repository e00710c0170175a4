"""The duty report's life: drafted from the record by the member, edited, figures regenerated, submitted;
acknowledged or returned by staff. Every move goes through the workflow table (lvzhi.duty_reports.workflow)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lvzhi import versioning
from lvzhi.accounts.permissions import Cap, deny, require
from lvzhi.actors import Actor
from lvzhi.audit.services import audit_record
from lvzhi.duty_reports import drafting
from lvzhi.duty_reports.models import DutyReport, DutyReportEvent, ReportState
from lvzhi.duty_reports.selectors import is_own_report
from lvzhi.duty_reports.services.common import BODY_MAX, REASON_MAX, TITLE_MAX, clean_text, raise_errors
from lvzhi.duty_reports.workflow import REPORT, Role
from lvzhi.members.models import Membership

OWN_ONLY = "履职报告只能由委员本人修改和提交。"


def _own(actor: Actor, report: DutyReport, detail: str) -> None:
    if not is_own_report(actor, report):
        deny(actor, detail=detail, committee=report.committee, obj=report, message=OWN_ONLY)


def _event(*, actor: Actor, report: DutyReport, action: str, before: str, remarks: str = "") -> None:
    DutyReportEvent.objects.create(report=report, actor=actor if getattr(actor, "is_authenticated", False) else None,
                                   action=action, from_state=before, to_state=report.state, remarks=remarks)


def _year_error(year: int) -> str:
    if not 2000 <= year <= 2100:
        return "请填写正确的年度。"
    if year > timezone.localdate().year:
        return "不能为以后的年度撰写履职报告。"
    return ""


@transaction.atomic
def duty_report_draft(*, actor: Actor, membership: Membership, year: int) -> DutyReport:
    """The member's report for the committee and year, drafted from the duty record: the figures and the items
    behind them, and the headings for the member to write under. One report per member, committee and year."""
    if membership.person.user_id is None or membership.person.user_id != getattr(actor, "pk", None):
        deny(actor, detail="duty_reports.report_draft", committee=membership.committee, obj=membership,
             message="履职报告只能由委员本人撰写。")
    exists = f"{year}年度的履职报告已经建立，请打开继续修改。"
    if error := _year_error(year):
        raise ValidationError({"year": error})
    if DutyReport.objects.filter(committee=membership.committee, person=membership.person, year=year).exists():
        raise ValidationError({"year": exists})
    now = timezone.now()
    try:
        with transaction.atomic():
            report = DutyReport.objects.create(
                committee=membership.committee, person=membership.person, membership=membership, year=year,
                kind=drafting.report_kind(membership), title=drafting.report_title(membership, year),
                body=drafting.initial_body(), figures=drafting.figures_snapshot(membership, year, now=now),
                figures_at=now)
    except IntegrityError:  # a double submit racing this one
        raise ValidationError({"year": exists}) from None
    _event(actor=actor, report=report, action="create", before="")
    audit_record(actor=actor, action="duty_reports.report_draft", obj=report,
                 after={"year": year, "kind": report.get_kind_display(), "title": report.title})
    return report


def _lock(report: DutyReport, expected_version: int | None) -> None:
    versioning.lock(report, expected_version)


@transaction.atomic
def duty_report_edit(*, actor: Actor, report: DutyReport, title: str, body: str,
                     expected_version: int | None = None) -> DutyReport:
    """The member changes the title and their own text (the generated figures are not theirs to edit)."""
    _own(actor, report, "duty_reports.report_edit")
    _lock(report, expected_version)
    REPORT.check("edit", report.state, actor_role=Role.MEMBER)
    errors: dict[str, str] = {}
    title = clean_text(title, "标题", max_length=TITLE_MAX, errors=errors, field="title", one_line=True)
    body = clean_text(body, "报告内容", max_length=BODY_MAX, errors=errors, field="body")
    raise_errors(errors)
    before = {"title": report.title, "body_length": len(report.body)}
    if (title, body) == (report.title, report.body.strip()):
        return report
    state = report.state
    REPORT.apply(report, "edit", actor_role=Role.MEMBER)
    report.title, report.body = title, body + "\n"
    versioning.save_changed(report, ["title", "body"])
    _event(actor=actor, report=report, action="edit", before=state)
    audit_record(actor=actor, action="duty_reports.report_edit", obj=report, before=before,
                 after={"title": title, "body_length": len(report.body)})
    return report


@transaction.atomic
def duty_report_regenerate(*, actor: Actor, report: DutyReport, expected_version: int | None = None) -> DutyReport:
    """Count the year again from the duty record; the member's own text stays as it is."""
    _own(actor, report, "duty_reports.report_regenerate")
    _lock(report, expected_version)
    state = report.state
    REPORT.apply(report, "regenerate", actor_role=Role.MEMBER)
    before = dict(report.figures.get("counts", {}))
    now = timezone.now()
    report.figures, report.figures_at = drafting.figures_snapshot(report.membership, report.year, now=now), now
    versioning.save_changed(report, ["figures", "figures_at"])
    _event(actor=actor, report=report, action="regenerate", before=state)
    audit_record(actor=actor, action="duty_reports.report_regenerate", obj=report, before={"counts": before},
                 after={"counts": report.figures["counts"]})
    return report


@transaction.atomic
def duty_report_submit(*, actor: Actor, report: DutyReport, expected_version: int | None = None) -> DutyReport:
    """The member hands the report in; a returned one comes back as 重新提交."""
    _own(actor, report, "duty_reports.report_submit")
    _lock(report, expected_version)
    REPORT.check("submit", report.state, actor_role=Role.MEMBER)
    if drafting.still_prompting(report.body):
        raise ValidationError({"body": "请先填写“五、存在的不足和今后努力方向”，并删去提示语，再提交。"})
    state = report.state
    target = ReportState.RESUBMITTED if state == ReportState.RETURNED else ReportState.SUBMITTED
    REPORT.apply(report, "submit", actor_role=Role.MEMBER, target=target)
    report.submitted_at = timezone.now()
    versioning.save_changed(report, ["state", "submitted_at"])
    _event(actor=actor, report=report, action="submit", before=state)
    audit_record(actor=actor, action="duty_reports.report_submit", obj=report, before={"state": state},
                 after={"state": report.state})
    return report


def _staff(actor: Actor, report: DutyReport) -> None:
    require(actor, Cap.DUTY_MANAGE, report.committee)


@transaction.atomic
def duty_report_acknowledge(*, actor: Actor, report: DutyReport, expected_version: int | None = None
                            ) -> DutyReport:
    """Staff have read the report and confirm it (已阅/确认)."""
    _staff(actor, report)
    _lock(report, expected_version)
    state = report.state
    REPORT.apply(report, "acknowledge", actor_role=Role.STAFF)
    report.acknowledged_at = timezone.now()
    report.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
    versioning.save_changed(report, ["state", "acknowledged_at", "acknowledged_by"])
    _event(actor=actor, report=report, action="acknowledge", before=state)
    audit_record(actor=actor, action="duty_reports.report_acknowledge", obj=report, before={"state": state},
                 after={"state": report.state})
    return report


@transaction.atomic
def duty_report_return(*, actor: Actor, report: DutyReport, reason: str, expected_version: int | None = None
                       ) -> DutyReport:
    """Staff send the report back to the member to revise, saying why."""
    _staff(actor, report)
    _lock(report, expected_version)
    REPORT.check("return", report.state, actor_role=Role.STAFF)
    errors: dict[str, str] = {}
    reason = clean_text(reason, "退回理由", max_length=REASON_MAX, errors=errors, field="reason")
    raise_errors(errors)
    state = report.state
    REPORT.apply(report, "return", actor_role=Role.STAFF)
    report.return_reason = reason
    versioning.save_changed(report, ["state", "return_reason"])
    _event(actor=actor, report=report, action="return", before=state, remarks=reason)
    audit_record(actor=actor, action="duty_reports.report_return", obj=report, before={"state": state},
                 after={"state": report.state, "reason": reason})
    return report


def audit_export(*, actor: Actor, report: DutyReport) -> None:
    """A report taken away as Word: recorded for every reader, the member included."""
    audit_record(actor=actor, action="duty_reports.report_export", obj=report, detail="导出Word")


MOVES: dict[str, Any] = {
    "regenerate": duty_report_regenerate, "submit": duty_report_submit, "acknowledge": duty_report_acknowledge,
}
