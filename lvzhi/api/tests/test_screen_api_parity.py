"""Every action a screen can post has an API operation that does the same, so a committee can integrate and migrate.

The table below names, for each screen URL that takes a POST (and, for screens that dispatch several actions
from one URL, each action), the API operation that calls the same service. The test finds the screens' POST
URLs and actions itself: a new screen action without a row fails here until its API operation exists and is
named, and a row whose operation is not in the API schema fails too.

Out of scope: the sign-in pages and the three administrators' screens (accounts, grants, the security policy,
the audit trail), which are the deployment's own security and not a committee's data.
"""
from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from lvzhi.consultations import views as consultation_views
from lvzhi.consultations import views_plan as consultation_plan_views
from lvzhi.duty_reports import views as duty_report_views
from lvzhi.meetings import views as meeting_views
from lvzhi.merits import views as merits_views
from lvzhi.opinions import forms as opinion_forms
from lvzhi.opinions import views as opinion_views
from lvzhi.opinions import views_issues as opinion_issue_views
from lvzhi.proposals import views_detail as proposal_views
from lvzhi.supervision import views_matters as supervision_matter_views

AUDITED = ("committees", "members", "proposals", "opinions", "meetings", "consultations", "supervision", "duty",
           "duty_reports", "merits")

# The screen's POST (app:url name, or app:url name:action) -> the API operation(s) doing the same.
API_FOR_SCREEN: dict[str, str | tuple[str, ...]] = {
    # 组织机构与基础数据
    "committees:create": "POST /api/committees/",
    "committees:term_create": "POST /api/terms/",
    "committees:term_edit": "PATCH /api/terms/{id}/",
    "committees:session_create": "POST /api/sessions/",
    "committees:session_edit": "PATCH /api/sessions/{id}/",
    "committees:meeting_create": "POST /api/committee-meetings/",
    "committees:meeting_edit": "PATCH /api/committee-meetings/{id}/",
    # One screen for every list; each list has its own endpoint.
    "committees:config_list": ("POST /api/parties/", "POST /api/sectors/", "POST /api/special-committees/",
                               "POST /api/activity-groups/", "POST /api/handling-units/"),
    "committees:config_item_edit": ("PATCH /api/parties/{id}/", "PATCH /api/handling-units/{id}/"),
    "committees:config_item_active": ("PATCH /api/sectors/{id}/", "PATCH /api/special-committees/{id}/"),
    "committees:config_item_move": ("POST /api/activity-groups/{id}/move/", "POST /api/sectors/{id}/move/"),
    # 委员
    "members:create": "POST /api/members/",
    "members:edit": "PATCH /api/members/{id}/",
    "members:accounts": "POST /api/accounts/members/",
    "proposals:history_import": "POST /api/proposals/history-import/",
    "proposals:history_preview": "POST /api/proposals/history-import/{token}/confirm/",
    # The Excel import checks a workbook and then adds its rows: through the API, one call per member.
    "members:import": "POST /api/members/",
    "members:import_preview": "POST /api/members/",
    # 提案
    "proposals:create": "POST /api/proposals/",
    "proposals:edit": "PATCH /api/proposals/{id}/",
    "proposals:help": "POST /api/proposals/similar-text/",
    "proposals:attachment_upload": "POST /api/proposals/{id}/attachments/",
    "proposals:attachment_remove": "DELETE /api/proposals/{id}/attachments/{attachment_id}/",
    "proposals:action:submit": "POST /api/proposals/{id}/submit/",
    "proposals:action:withdraw": "POST /api/proposals/{id}/withdraw/",
    "proposals:action:confirm_cosign": "POST /api/proposals/{id}/cosign/",
    "proposals:action:decline_cosign": "POST /api/proposals/{id}/cosign/",
    "proposals:action:review": "POST /api/proposals/{id}/review/",
    "proposals:action:assign": "POST /api/proposals/{id}/assign/",
    "proposals:action:request_reassign": "POST /api/assignments/{id}/reassign-request/",
    "proposals:action:request_extension": "POST /api/assignments/{id}/extension-request/",
    "proposals:action:record_contact": "POST /api/assignments/{id}/contact/",
    "proposals:action:send_view": "POST /api/assignments/{id}/view/",
    "proposals:action:reply": "POST /api/assignments/{id}/reply/",
    "proposals:action:decide_reassign": "POST /api/assignments/{id}/reassign-decision/",
    "proposals:action:decide_extension": "POST /api/assignments/{id}/extension-decision/",
    "proposals:action:correct_class": "POST /api/assignments/{id}/class/",
    "proposals:action:evaluate": "POST /api/assignments/{id}/evaluate/",
    "proposals:action:order_rehandling": "POST /api/proposals/{id}/rehandle/",
    "proposals:action:close": "POST /api/proposals/{id}/close/",
    "proposals:action:record_result": "POST /api/evaluations/{id}/result/",
    "proposals:action:propose_key": "POST /api/proposals/{id}/key/",
    "proposals:action:confirm_key": "POST /api/proposals/{id}/key-confirm/",
    "proposals:action:record_supervision": "POST /api/proposals/{id}/supervision/",
    "proposals:settings": "PUT /api/proposal-settings/{id}/",
    "proposals:settings_stage_add": "POST /api/proposal-stages/",
    "proposals:settings_stage_update": "PATCH /api/proposal-stages/{id}/",
    "proposals:settings_stage_move": "POST /api/proposal-stages/{id}/move/",
    "proposals:settings_stage_remove": "DELETE /api/proposal-stages/{id}/",
    # 社情民意
    "opinions:create": "POST /api/opinions/",
    "opinions:edit": "PUT /api/opinions/{id}/",
    "opinions:action:submit": "POST /api/opinions/{id}/submit/",
    "opinions:action:withdraw": "POST /api/opinions/{id}/withdraw/",
    "opinions:action:accept": "POST /api/opinions/{id}/accept/",
    "opinions:action:revise": "POST /api/opinions/{id}/revise/",
    "opinions:action:merge": "POST /api/opinions/{id}/merge/",
    "opinions:action:not_use": "POST /api/opinions/{id}/not-use/",
    "opinions:action:send": "POST /api/opinions/{id}/send/",
    "opinions:action:adopt": "POST /api/opinions/{id}/adopt/",
    "opinions:action:instruct": "POST /api/opinions/{id}/instruct/",
    "opinions:action:feedback": "POST /api/opinions/{id}/feedback/",
    "opinions:issues": "POST /api/opinion-issues/",
    "opinions:issue_action:publish": "POST /api/opinion-issues/{id}/publish/",
    "opinions:issue_action:add_to_issue": "POST /api/opinion-issues/{id}/add/",
    "opinions:issue_action:remove_from_issue": "POST /api/opinion-issues/{id}/remove/",
    "opinions:settings": "PUT /api/opinion-settings/{id}/",
    # 会议与考勤
    "meetings:create": "POST /api/meeting-sheets/",
    "meetings:edit": "PATCH /api/meeting-sheets/{id}/",
    "meetings:sign_in": "POST /api/meeting-attendances/sign-in/",
    "meetings:request_leave": "POST /api/meeting-attendances/{id}/leave/",
    "meetings:speech_create": "POST /api/meeting-speeches/",
    "meetings:speech_remove": "DELETE /api/meeting-speeches/{id}/",
    "meetings:action:open": "POST /api/meeting-sheets/{id}/open/",
    "meetings:action:close": "POST /api/meeting-sheets/{id}/close/",
    "meetings:action:new_code": "POST /api/meeting-sheets/{id}/new-code/",
    "meetings:action:invite": "POST /api/meeting-sheets/{id}/invite/",
    "meetings:action:staff_sign_in": "POST /api/meeting-attendances/{id}/staff-sign-in/",
    "meetings:action:uninvite": "POST /api/meeting-attendances/{id}/uninvite/",
    "meetings:action:decide_leave": "POST /api/meeting-attendances/{id}/leave-decision/",
    "meetings:action:correct": "POST /api/meeting-attendances/{id}/correct/",
    # 协商
    "consultations:create": "POST /api/consultations/activities/",
    "consultations:edit": "PATCH /api/consultations/activities/{id}/",
    "consultations:action:hold": "POST /api/consultations/activities/{id}/hold/",
    "consultations:action:unhold": "POST /api/consultations/activities/{id}/unhold/",
    "consultations:action:close": "POST /api/consultations/activities/{id}/close/",
    "consultations:action:reopen": "POST /api/consultations/activities/{id}/reopen/",
    "consultations:action:participant_add": "POST /api/consultations/activities/{id}/participants/",
    "consultations:action:participant_update": "POST /api/consultations/activities/{id}/update-participant/",
    "consultations:action:participant_remove": "POST /api/consultations/activities/{id}/remove-participant/",
    "consultations:action:suggest": "POST /api/consultations/suggestions/",
    "consultations:material_upload": "POST /api/consultations/activities/{id}/materials/",
    "consultations:material_remove": "DELETE /api/consultations/activities/{id}/materials/{material_id}/",
    "consultations:suggestion_action:edit": "PATCH /api/consultations/suggestions/{id}/",
    "consultations:suggestion_action:send": "POST /api/consultations/suggestions/{id}/send/",
    "consultations:suggestion_action:adopt": "POST /api/consultations/suggestions/{id}/decide/",
    "consultations:suggestion_action:reject": "POST /api/consultations/suggestions/{id}/decide/",
    "consultations:suggestion_action:transform": "POST /api/consultations/suggestions/{id}/transform/",
    "consultations:suggestion_action:feed_back": "POST /api/consultations/suggestions/{id}/feed-back/",
    "consultations:suggestion_action:instruct": "POST /api/consultations/suggestions/{id}/instruct/",
    "consultations:suggestion_action:follow_up": "POST /api/consultations/suggestions/{id}/follow-up/",
    "consultations:suggestion_action:record_solved": "POST /api/consultations/suggestions/{id}/solved/",
    "consultations:plan_create": "POST /api/consultations/plans/",
    "consultations:plan_action:item_add": "POST /api/consultations/plans/{id}/items/",
    "consultations:plan_action:item_remove": "POST /api/consultations/plans/{id}/remove-item/",
    "consultations:plan_action:submit": "POST /api/consultations/plans/{id}/submit/",
    "consultations:plan_action:return": "POST /api/consultations/plans/{id}/return/",
    "consultations:plan_action:approve": "POST /api/consultations/plans/{id}/approve/",
    "consultations:plan_action:link": "POST /api/consultations/plans/{id}/link/",
    # 民主监督
    "supervision:plan_create": "POST /api/supervision-plans/",
    "supervision:plan_approve": "POST /api/supervision-plans/{id}/approve/",
    "supervision:group_create": "POST /api/supervision-groups/",
    "supervision:group_edit": "PATCH /api/supervision-groups/{id}/",
    "supervision:group": "POST /api/supervision-matters/",  # the group's page registers a matter
    "supervision:matter_move:edit": "PATCH /api/supervision-matters/{id}/",
    "supervision:matter_move:issue_opinions": "POST /api/supervision-matters/{id}/issue-opinions/",
    "supervision:matter_move:record_feedback": "POST /api/supervision-matters/{id}/record-feedback/",
    "supervision:matter_move:verify": "POST /api/supervision-matters/{id}/verify/",
    "supervision:matter_move:reject_effect": "POST /api/supervision-matters/{id}/reject-effect/",
    # The special supervisors' page appoints (form=appoint) and records batches (form=duty).
    "supervision:supervisors": ("POST /api/supervisor-appointments/", "POST /api/supervisor-duties/"),
    "supervision:appointment_end": "POST /api/supervisor-appointments/{id}/end/",
    "supervision:duty_delete": "DELETE /api/supervisor-duties/{id}/",
    "supervision:attendance": "POST /api/outside-attendances/",
    "supervision:attendance_delete": "DELETE /api/outside-attendances/{id}/",
    # 履职报告与述职
    "duty_reports:draft": "POST /api/duty-reports/",
    "duty_reports:edit": ("PATCH /api/duty-reports/{id}/", "POST /api/duty-reports/{id}/submit/"),
    "duty_reports:move:regenerate": "POST /api/duty-reports/{id}/regenerate/",
    "duty_reports:move:submit": "POST /api/duty-reports/{id}/submit/",
    "duty_reports:move:acknowledge": "POST /api/duty-reports/{id}/acknowledge/",
    "duty_reports:move:return": "POST /api/duty-reports/{id}/return/",
    "duty_reports:session_create": "POST /api/reporting-sessions/",
    "duty_reports:session_edit": "PATCH /api/reporting-sessions/{id}/",
    "duty_reports:session_delete": "DELETE /api/reporting-sessions/{id}/",
    # 履职活动申报与表彰
    "merits:activity_create": "POST /api/reported-activities/",
    "merits:activity_edit": "PATCH /api/reported-activities/{id}/",
    "merits:activity_move:submit": "POST /api/reported-activities/{id}/submit/",
    "merits:activity_move:withdraw": "POST /api/reported-activities/{id}/withdraw/",
    "merits:activity_move:approve": "POST /api/reported-activities/{id}/approve/",
    "merits:activity_move:return": "POST /api/reported-activities/{id}/return/",
    "merits:activity_move:revoke": "POST /api/reported-activities/{id}/revoke/",
    "merits:evidence_upload": "POST /api/reported-activities/{id}/evidence/",
    "merits:evidence_remove": "DELETE /api/reported-activities/{id}/evidence/{evidence_id}/",
    "merits:commendation_create": "POST /api/commendations/",
    "merits:commendation_add": "POST /api/commendations/{id}/people/",
    "merits:commendation_remove": "POST /api/commendations/{id}/remove-person/",
    "merits:commendation_delete": "DELETE /api/commendations/{id}/",
    # 履职考核规则
    "duty:ruleset_create": "POST /api/duty-rulesets/",
    "duty:ruleset_copy": "POST /api/duty-rulesets/{id}/copy/",
    "duty:ruleset_edit": "PATCH /api/duty-rulesets/{id}/",
    "duty:category_add": "POST /api/duty-categories/",
    "duty:category_edit": "PATCH /api/duty-categories/{id}/",
    "duty:category_delete": "DELETE /api/duty-categories/{id}/",
    "duty:rule_add": "POST /api/duty-rules/",
    "duty:rule_edit": "PATCH /api/duty-rules/{id}/",
    "duty:rule_delete": "DELETE /api/duty-rules/{id}/",
    "duty:band_add": "POST /api/duty-bands/",
    "duty:band_edit": "PATCH /api/duty-bands/{id}/",
    "duty:band_delete": "DELETE /api/duty-bands/{id}/",
    "duty:minimum_add": "POST /api/duty-minimums/",
    "duty:minimum_edit": "PATCH /api/duty-minimums/{id}/",
    "duty:minimum_delete": "DELETE /api/duty-minimums/{id}/",
}

# Screen actions whose API is being added on another branch; each row goes once that branch is merged, replaced
# by a row in API_FOR_SCREEN. Nothing else belongs here.
PENDING: dict[str, str] = {}

# Screens that dispatch several actions from one URL: where their actions are declared.
_QUOTED = re.compile(r'"([a-z_]+)"')


def _compared(function: Callable[..., Any]) -> set[str]:
    """The action names a dispatching function compares `action` with (== "x", in ("x", "y"))."""
    source = inspect.getsource(function)
    found: set[str] = set()
    for match in re.finditer(r'action\s*==\s*"([a-z_]+)"|action in \(([^)]*)\)', source):
        found |= {match.group(1)} if match.group(1) else set(_QUOTED.findall(match.group(2)))
    return found


DISPATCHERS: dict[str, Callable[[], set[str]]] = {
    "proposals:action": lambda: set(proposal_views.ACTIONS),
    "opinions:action": lambda: set(opinion_forms.ACTION_FORMS) | _compared(opinion_views.report_action),
    "opinions:issue_action": lambda: _compared(opinion_issue_views.issue_action),
    "meetings:action": lambda: _compared(meeting_views._do),
    "consultations:action": lambda: set(consultation_views.ACTIVITY_ACTIONS),
    "consultations:suggestion_action": lambda: _compared(consultation_views._suggestion_move),
    "consultations:plan_action": lambda: _compared(consultation_plan_views._plan_move),
    "supervision:matter_move": lambda: set(supervision_matter_views.SERVICES),
    "duty_reports:move": lambda: set(duty_report_views.MOVES),
    "merits:activity_move": lambda: set(merits_views.SERVICES),
}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, p.namespace or namespace)
        else:
            yield namespace, p


def _methods(view: Callable[..., Any]) -> set[str]:
    """The methods a screen accepts: from require_POST / require_http_methods where it has one, else GET, and
    POST if its body reads the request's POST."""
    function: Any = view
    while function is not None:
        for cell in function.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(v, str) and v.isupper() for v in value):
                return set(value)
        function = getattr(function, "__wrapped__", None)
    source = inspect.getsource(inspect.unwrap(view))
    return {"GET", "POST"} if "POST" in source else {"GET"}


def screen_actions() -> set[str]:
    found: set[str] = set()
    for namespace, pattern in _patterns(get_resolver().url_patterns):
        if namespace not in AUDITED or "POST" not in _methods(pattern.callback):
            continue
        name = f"{namespace}:{pattern.name}"
        if name in DISPATCHERS:
            found |= {f"{name}:{action}" for action in DISPATCHERS[name]() if action}
        else:
            found.add(name)
    return found


def api_operations() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}


def test_the_finder_sees_posts_and_dispatched_actions() -> None:
    found = screen_actions()
    assert {"supervision:plan_create", "committees:term_edit", "supervision:matter_move:verify",
            "meetings:action:decide_leave", "consultations:suggestion_action:record_solved"} <= found
    assert "supervision:index" not in found and "supervision:matter_move" not in found


def test_every_screen_action_has_an_api_operation() -> None:
    found = screen_actions()
    missing = sorted(found - set(API_FOR_SCREEN) - set(PENDING))
    assert not missing, f"这些页面操作还没有对应的 API（请增加接口并在 API_FOR_SCREEN 中登记）：{missing}"
    stale = sorted((set(API_FOR_SCREEN) | set(PENDING)) - found)
    assert not stale, f"表中这些页面操作已不存在：{stale}"
    assert not set(API_FOR_SCREEN) & set(PENDING), "已有 API 的页面操作不应再列为待补。"


@pytest.mark.django_db
def test_every_named_operation_is_in_the_api() -> None:
    operations = api_operations()
    named = {op for ops in API_FOR_SCREEN.values() for op in ((ops,) if isinstance(ops, str) else ops)}
    absent = sorted(named - operations)
    assert not absent, f"API_FOR_SCREEN 中这些接口在 API 中不存在：{absent}"
