"""The editors' work on a received report: accept for editing, revise (every revision kept), merge, not use."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.actors import Actor
from lvzhi.opinions import workflow
from lvzhi.opinions.models import OpinionAuthor, OpinionReport, OpinionRevision, State
from lvzhi.opinions.services import common

EDITOR = workflow.Role.EDITOR


@transaction.atomic
def opinion_accept(
    *, actor: Actor, report: OpinionReport, remarks: str = "", expected_version: int | None = None,
) -> OpinionReport:
    """采编: the editors take the report on; the author can no longer withdraw it."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    workflow.check_move("accept", report.state, actor_role=EDITOR)
    errors: dict[str, str] = {}
    remarks = common.check_short(remarks, "说明", common.REMARKS_MAX, errors, "remarks", required=False)
    if errors:
        raise ValidationError(errors)
    from_state = report.state
    move = workflow.WORKFLOW.apply(report, "accept", actor_role=EDITOR)
    report.accepted_at = timezone.now()
    common.save_changed(report, ["state", "accepted_at"])
    common.record_move(report=report, actor=actor, move=move, from_state=from_state, to_state=report.state,
                       remarks=remarks)
    return report


@transaction.atomic
def opinion_revise(
    *, actor: User, report: OpinionReport, title: str, body: str, note: str = "", expected_version: int | None = None,
) -> OpinionRevision:
    """A staff edit of title and body by a signed-in user; the text as submitted stays in original_*, each revision
    in its own row."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    move = workflow.WORKFLOW.apply(report, "revise", actor_role=EDITOR)
    errors: dict[str, str] = {}
    title = common.check_title(title, errors)
    body = common.check_body(report.committee, body, errors)
    note = common.check_short(note, "修改说明", 200, errors, "note", required=False)
    if not errors and title == report.title and body == report.body:
        errors["body"] = "标题和正文都没有改动。"
    if errors:
        raise ValidationError(errors)
    revision = OpinionRevision.objects.create(
        report=report, editor=actor, title_before=report.title, body_before=report.body, title_after=title,
        body_after=body, note=note,
    )
    before = {"title": report.title, "length": len(report.body)}
    report.title, report.body = title, body
    common.save_changed(report, ["title", "body"])
    common.refresh_search(report)
    common.record_move(report=report, actor=actor, move=move, from_state=report.state, to_state=report.state,
                       remarks=note or "编辑修改标题和正文", before=before,
                       after={"title": title, "length": len(body), "revision": revision.pk})
    return revision


@transaction.atomic
def opinion_merge(
    *, actor: Actor, report: OpinionReport, into: OpinionReport | None, remarks: str = "",
    expected_version: int | None = None,
) -> OpinionReport:
    """Merge `report` into `into` (the lead); the merged report's authors are credited on the lead."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    workflow.check_move("merge", report.state, actor_role=EDITOR)
    common.refuse_if_in_issue(report)
    if into is None:
        raise ValidationError({"into": "请选择合并到的信息。"})
    into.refresh_from_db(from_queryset=OpinionReport.objects.select_for_update())
    if into.pk == report.pk:
        raise ValidationError({"into": "不能合并到自身。"})
    if into.committee_id != report.committee_id:
        raise ValidationError({"into": "只能合并到本政协组织的信息。"})
    if into.state != State.EDITING:
        # The lead must be the editors' own by now, so that its author can no longer withdraw it.
        raise ValidationError({"into": f"所选信息当前为“{into.get_state_display()}”，须先采编才能作为合并后的主稿。"})
    errors: dict[str, str] = {}
    remarks = common.check_short(remarks, "说明", common.REMARKS_MAX, errors, "remarks", required=False)
    if errors:
        raise ValidationError(errors)
    present = set(OpinionAuthor.objects.filter(report=into).values_list("person_id", flat=True))
    order = (OpinionAuthor.objects.filter(report=into).aggregate(m=Max("order"))["m"] or 0) + 1
    added = []
    for author in report.authors.select_related("person"):
        if author.person_id in present:
            continue
        OpinionAuthor.objects.create(report=into, person=author.person, order=order)
        order += 1
        added.append(author.person.name)
    from_state = report.state
    move = workflow.WORKFLOW.apply(report, "merge", actor_role=EDITOR)
    report.merged_into = into
    report.decision_note = remarks
    common.save_changed(report, ["state", "merged_into", "decision_note"])
    common.save_changed(into, [])
    common.refresh_search(into)
    common.record_move(report=report, actor=actor, move=move, from_state=from_state, to_state=report.state,
                       remarks=f"合并到《{into.title}》" + (f"。{remarks}" if remarks else ""),
                       after={"merged_into": into.pk})
    common.record_move(report=into, actor=actor, move="merge_in", from_state=into.state, to_state=into.state,
                       remarks=f"并入《{report.title}》" + (f"，增列作者：{'、'.join(added)}" if added else ""),
                       after={"merged": report.pk, "credited": added})
    if into.state != State.DRAFT:
        common.credit_submitted(into)
    return report


@transaction.atomic
def opinion_not_use(
    *, actor: Actor, report: OpinionReport, reason: str, expected_version: int | None = None,
) -> OpinionReport:
    """不予采用, with the reason the author sees. The author keeps the credit for having submitted it."""
    common.require_editor(actor, report)
    common.lock(report, expected_version)
    workflow.check_move("not_use", report.state, actor_role=EDITOR)
    common.refuse_if_in_issue(report)
    errors: dict[str, str] = {}
    reason = common.check_short(reason, "不予采用的理由", common.REMARKS_MAX, errors, "reason")
    if errors:
        raise ValidationError(errors)
    from_state = report.state
    move = workflow.WORKFLOW.apply(report, "not_use", actor_role=EDITOR)
    report.decision_note = reason
    common.save_changed(report, ["state", "decision_note"])
    common.record_move(report=report, actor=actor, move=move, from_state=from_state, to_state=report.state,
                       remarks=reason)
    return report
